package dev.rectifier.diagnostics;

import dev.rectifier.nn.Layer;
import dev.rectifier.nn.PReluLayer;
import dev.rectifier.nn.Parameter;
import dev.rectifier.optim.Gradients;
import dev.rectifier.tensor.Tensor;
import dev.rectifier.train.EpochMetrics;
import dev.rectifier.train.TrainingListener;
import dev.rectifier.train.TrainingRun;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The rectifier's weaknesses, measured in every training run. After each epoch (and every
 * {@code probeEvery} steps if set) an evaluation pass over a fixed probe of training samples
 * gives, per activation layer, the dead units (output 0 for every probe sample), the nearly dead
 * ones (more than 99% zeros), the sparsity, and the mean and standard deviation of the outputs
 * (zero-centredness); every {@code gradientEvery} steps the norm of each weighted layer's weight
 * gradient is sampled (vanishing or exploding gradients); PReLU slopes are read off. The figures
 * go into the epoch's metrics (names like {@code dead.L1_dense}, {@code grad_norm.L0_dense}), a
 * warning goes to the sink when a layer's dead fraction passes the threshold, and with revive on
 * the dead units are re-initialised (ReDo) after each measurement.
 *
 * <p>Cost: one forward pass over the probe per measurement plus one pass over the weight
 * gradients per sampled step; {@link #overheadSeconds()} reports the time spent here.
 */
public final class DiagnosticsListener implements TrainingListener {
    /** One measurement: the global step it was taken after and the per-layer figures. */
    public record Snapshot(long step, int epoch, List<UnitStats> layers, double[] gradientNorms, String revived) {
        /** Dead units over all activation layers, as a fraction of all their units. */
        public double deadFraction() {
            int dead = 0, units = 0;
            for (UnitStats u : layers) {
                dead += u.dead();
                units += u.units();
            }
            return units == 0 ? 0 : (double) dead / units;
        }
    }

    private final int probeSize;
    private final int probeEvery;
    private final int gradientEvery;
    private final double warnThreshold;
    private final boolean revive;
    private final Consumer<String> sink;
    private final SplittableRandom reviveRandom;
    private final List<Snapshot> snapshots = new ArrayList<>();
    private Tensor probe;
    private List<Layer> leaves;
    private List<Integer> weighted;
    private double[] gradientSums;
    private int gradientSamples;
    private double overheadNanos;
    private double latestDead = Double.NaN;
    private final boolean[] warned = new boolean[1024];

    /**
     * @param probeSize     training samples in the probe (2,048 is plenty; fewer for tiny sets)
     * @param probeEvery    steps between extra measurements within epochs (0: only at epoch ends)
     * @param gradientEvery steps between gradient-norm samples (0: none)
     * @param warnThreshold dead fraction of a layer that triggers a warning (e.g. 0.10)
     * @param revive        re-initialise dead units after each measurement (ReDo)
     * @param sink          receives warnings and revive reports, one line each
     */
    public DiagnosticsListener(int probeSize, int probeEvery, int gradientEvery, double warnThreshold, boolean revive,
                               long seed, Consumer<String> sink) {
        if (probeSize < 1 || probeEvery < 0 || gradientEvery < 0 || !(warnThreshold >= 0 && warnThreshold <= 1)) {
            throw new IllegalArgumentException("diagnostics need probe size >= 1, intervals >= 0 and a threshold in [0, 1], got "
                    + probeSize + ", " + probeEvery + ", " + gradientEvery + ", " + warnThreshold);
        }
        this.probeSize = probeSize;
        this.probeEvery = probeEvery;
        this.gradientEvery = gradientEvery;
        this.warnThreshold = warnThreshold;
        this.revive = revive;
        this.sink = sink == null ? line -> { } : sink;
        this.reviveRandom = new SplittableRandom(seed ^ 0x5DEECE66DL);
    }

    /** The defaults of every training run: 2,048 probe samples, per epoch, gradients every 10 steps, warn at 10%. */
    public static DiagnosticsListener standard(boolean revive, long seed, Consumer<String> sink) {
        return new DiagnosticsListener(2048, 0, 10, 0.10, revive, seed, sink);
    }

    @Override
    public void onTrainStart(TrainingRun run) {
        long start = System.nanoTime();
        int n = Math.min(probeSize, run.train().size());
        int[] first = new int[n];
        Arrays.setAll(first, i -> i);
        int[] sample = run.train().sampleShape();
        int[] shape = new int[sample.length + 1];
        shape[0] = n;
        System.arraycopy(sample, 0, shape, 1, sample.length);
        probe = Tensor.zeros(shape);
        run.train().features(first, 0, n, probe.data(), 0);
        leaves = run.model().leaves();
        weighted = new ArrayList<>();
        for (int i = 0; i < leaves.size(); i++) {
            if (weightOf(leaves.get(i)) != null) {
                weighted.add(i);
            }
        }
        gradientSums = new double[weighted.size()];
        overheadNanos += System.nanoTime() - start;
    }

    @Override
    public void onBatchEnd(TrainingRun run, BatchResult batch) {
        long start = System.nanoTime();
        // Every gradientEvery steps, and the epoch's last step so that every epoch has a sample.
        if (gradientEvery > 0 && (batch.globalStep() % gradientEvery == 0 || batch.step() + 1 == batch.stepsInEpoch())) {
            for (int k = 0; k < weighted.size(); k++) {
                gradientSums[k] += Gradients.norm(List.of(weightOf(leaves.get(weighted.get(k)))));
            }
            gradientSamples++;
        }
        if (probeEvery > 0 && batch.globalStep() % probeEvery == 0 && batch.step() + 1 < batch.stepsInEpoch()) {
            measure(run, batch.globalStep());
        }
        overheadNanos += System.nanoTime() - start;
    }

    @Override
    public void onEpochEnd(TrainingRun run, EpochMetrics m) {
        long start = System.nanoTime();
        Snapshot s = measure(run, run.globalStep());
        m.put("dead_fraction", s.deadFraction());
        for (UnitStats u : s.layers()) {
            String key = key(u.layer());
            m.put("dead." + key, u.deadFraction());
            m.put("nearly_dead." + key, u.nearlyDeadFraction());
            m.put("sparsity." + key, u.sparsity());
            m.put("mean." + key, u.mean());
            m.put("std." + key, u.std());
        }
        for (int k = 0; k < weighted.size(); k++) {
            m.put("grad_norm." + key(weighted.get(k)), gradientSamples == 0 ? Double.NaN : gradientSums[k] / gradientSamples);
        }
        Arrays.fill(gradientSums, 0);
        gradientSamples = 0;
        for (int i = 0; i < leaves.size(); i++) {
            if (leaves.get(i) instanceof PReluLayer p) {
                Tensor w = p.weight().value();
                double sum = 0;
                for (int c = 0; c < w.size(); c++) {
                    sum += w.at(c);
                }
                m.put("prelu_slope." + key(i), sum / w.size());
            }
        }
        overheadNanos += System.nanoTime() - start;
        m.put("diagnostics_seconds", overheadNanos / 1e9);
        overheadNanos = 0;
    }

    private Snapshot measure(TrainingRun run, long step) {
        List<UnitStats> stats = ActivationProbe.measure(run.model(), probe, 256, run.parallelism());
        double[] norms = new double[weighted.size()];
        for (int k = 0; k < weighted.size(); k++) {
            norms[k] = Gradients.norm(List.of(weightOf(leaves.get(weighted.get(k)))));
        }
        for (UnitStats u : stats) {
            int layer = u.layer();
            if (u.deadFraction() > warnThreshold && layer < warned.length && !warned[layer]) {
                warned[layer] = true;
                sink.accept(String.format("warning: %.1f%% of the units of layer %s are dead (output 0 for all %d probe samples)%s",
                        100 * u.deadFraction(), u.name(), u.samples(),
                        revive ? "" : "; try --revive, a lower learning rate, or leaky_relu/prelu/elu"));
            }
        }
        String revived = "";
        if (revive) {
            Revive.Result r = Revive.revive(run.model(), stats, run.optimizer(), reviveRandom);
            if (r.units() > 0) {
                revived = r.description();
                sink.accept("revive (ReDo) after step " + step + ": " + revived);
            }
        }
        Snapshot s = new Snapshot(step, run.epoch(), stats, norms, revived);
        snapshots.add(s);
        latestDead = s.deadFraction();
        return s;
    }

    private static Parameter weightOf(Layer layer) {
        for (Parameter p : layer.parameters()) {
            if (p.name().equals("weight") && p.value().rank() >= 2) {
                return p;
            }
        }
        return null;
    }

    private String key(int layer) {
        return "L" + layer + "_" + leaves.get(layer).type();
    }

    /** Every measurement so far, in order. */
    public List<Snapshot> snapshots() {
        return List.copyOf(snapshots);
    }

    /** The dead fraction of the latest measurement (NaN before the first): the progress line's figure. */
    public double latestDeadFraction() {
        return latestDead;
    }

    /** Seconds spent in this listener since the last epoch end. */
    public double overheadSeconds() {
        return overheadNanos / 1e9;
    }
}
