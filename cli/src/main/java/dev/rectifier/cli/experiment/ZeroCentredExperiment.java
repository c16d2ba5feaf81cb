package dev.rectifier.cli.experiment;

import dev.rectifier.cli.report.Charts;
import dev.rectifier.cli.report.Figures;
import dev.rectifier.diagnostics.ActivationProbe;
import dev.rectifier.diagnostics.DiagnosticsListener;
import dev.rectifier.diagnostics.UnitStats;
import dev.rectifier.nn.Sequential;
import dev.rectifier.tensor.Tensor;
import dev.rectifier.train.TrainingListener;
import dev.rectifier.train.TrainingRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Clevert, Unterthiner and Hochreiter (2015) argue that ELU learns faster than ReLU because its
 * negative part pushes mean activations towards zero: a layer whose inputs have a non-zero mean
 * shifts the next layer's bias (the "bias shift"), and the gradient moves further from the
 * natural gradient. Here a deeper MLP is trained with relu and with elu (He initialisation each,
 * the same SGD), and every {@code probeEvery} steps {@link DiagnosticsListener} measures each
 * hidden layer's mean and standard deviation of the outputs over a fixed probe of training
 * images; the steps to a training-accuracy target (as in {@link ConvergenceExperiment}) and the
 * loss curves say whether it trains faster.
 */
final class ZeroCentredExperiment implements Experiment {
    static final String NAME = "zero-centred";
    /** Steps in the window of the training accuracy that must reach the target, as in the convergence experiment. */
    static final int TARGET_WINDOW = 50;
    /**
     * The learning rate of both modes: at 0.05 (the convergence experiment's, with two hidden
     * layers) this five-layer elu network diverges within the first epoch, in PyTorch as well.
     */
    static final double LR = 0.02;

    record Params(int[] hidden, List<String> activations, double lr, double momentum, int batch, double target, int maxEpochs,
                  int probeEvery, int probeSize, int window, List<Long> seeds, int trainLimit) {
        static Params full() {
            return new Params(new int[] {256, 256, 256, 256, 256}, List.of("relu", "elu"), LR, 0.9, 128, 0.90, 10, 100, 2048, 50,
                    List.of(1L, 2L, 3L), Integer.MAX_VALUE);
        }

        /** Two epochs, two seeds, target 85%. */
        static Params quick() {
            return new Params(new int[] {256, 256, 256, 256, 256}, List.of("relu", "elu"), LR, 0.9, 128, 0.85, 2, 50, 2048, 25,
                    List.of(1L, 2L), Integer.MAX_VALUE);
        }

        Params withTarget(double t) {
            return new Params(hidden, activations, lr, momentum, batch, t, maxEpochs, probeEvery, probeSize, window, seeds, trainLimit);
        }

        Params withMaxEpochs(int e) {
            return new Params(hidden, activations, lr, momentum, batch, target, e, probeEvery, probeSize, window, seeds, trainLimit);
        }
    }

    /** One run: per measurement step, per hidden layer, the mean and std of the outputs; the steps to target; the loss curve. */
    record Run(String activation, long seed, long[] steps, double[][] mean, double[][] std, long stepsToTarget, int stepsTrained,
               double[] curveLoss, double finalAccuracy, String failure) {}

    private final Params p;

    ZeroCentredExperiment(Params params) {
        this.p = params;
    }

    @Override
    public Outcome run(ExperimentContext ctx) throws IOException {
        ExperimentData data = ctx.data().get();
        if (data.train().size() > p.trainLimit()) {
            data = data.limit(p.trainLimit(), Math.min(p.trainLimit(), data.test().size()), 1);
        }
        List<Long> seeds = ctx.seedsOr(p.seeds());
        ctx.log("data: " + data.description());
        ctx.log(String.format(Locale.ROOT, "setting: MLP %d-%s-%d, He initialisation, SGD lr %s momentum %s, batch %d, %d epochs;"
                        + " activation statistics every %d steps over %d training images; target %s; seeds %s", data.features(),
                ConvergenceExperiment.join(p.hidden()), data.classes(), p.lr(), p.momentum(), p.batch(), p.maxEpochs(), p.probeEvery(),
                Math.min(p.probeSize(), data.train().size()), Training.pct(p.target()), seeds));
        Tensor probe = UnitProbe.probe(data.train(), p.probeSize());
        List<Run> runs = new ArrayList<>();
        for (String act : p.activations()) {
            for (long seed : seeds) {
                Run r = train(ctx, data, probe, act, seed);
                runs.add(r);
                int end = r.steps().length - 1;
                ctx.log(String.format(Locale.ROOT, "%-5s seed %d: mean activation per layer %s at the start, %s at the end; %s%s",
                        r.activation(), seed, layers(r.mean()[0]), layers(r.mean()[end]), r.stepsToTarget() > 0
                                ? Training.pct(p.target()) + " at step " + Training.count(r.stepsToTarget())
                                : "target not reached in " + Training.count(r.stepsTrained()) + " steps",
                        r.failure() == null ? "" : "; " + r.failure()));
            }
        }
        return write(ctx, data, runs, seeds);
    }

    private Run train(ExperimentContext ctx, ExperimentData data, Tensor probe, String act, long seed) {
        Sequential model = Training.mlp(data.features(), p.hidden(), data.classes(), act, Training.properInit(act), seed);
        StepRecorder rec = new StepRecorder(p.target(), TARGET_WINDOW, false);
        List<UnitStats> atStart = new ArrayList<>();
        TrainingListener start = new TrainingListener() {
            @Override
            public void onTrainStart(TrainingRun run) {
                atStart.addAll(ActivationProbe.measure(run.model(), probe, 256, run.parallelism()));
            }
        };
        DiagnosticsListener diagnostics = new DiagnosticsListener(p.probeSize(), p.probeEvery(), 0, 1.0, false, seed, null);
        String failure = null;
        try {
            Training.fit(model, Training.sgd(model, p.lr(), p.momentum()), data.train(), null, p.maxEpochs(), p.batch(), seed,
                    ctx.parallelism(), List.of(rec, start, diagnostics));
        } catch (ArithmeticException e) {
            failure = "diverged: " + e.getMessage();
        }
        List<DiagnosticsListener.Snapshot> snaps = diagnostics.snapshots();
        int n = snaps.size() + 1;
        long[] steps = new long[n];
        double[][] mean = new double[n][], std = new double[n][];
        mean[0] = atStart.stream().mapToDouble(UnitStats::mean).toArray();
        std[0] = atStart.stream().mapToDouble(UnitStats::std).toArray();
        for (int i = 1; i < n; i++) {
            DiagnosticsListener.Snapshot s = snaps.get(i - 1);
            steps[i] = s.step();
            mean[i] = s.layers().stream().mapToDouble(UnitStats::mean).toArray();
            std[i] = s.layers().stream().mapToDouble(UnitStats::std).toArray();
        }
        double acc = rec.epochs().isEmpty() ? Double.NaN : rec.epochs().getLast().trainAccuracy();
        return new Run(Training.name(act), seed, steps, mean, std, rec.reachedWindowStep(), rec.steps(),
                Stats.windowMeans(rec.losses(), p.window()), acc, failure);
    }

    private Outcome write(ExperimentContext ctx, ExperimentData data, List<Run> runs, List<Long> seeds) throws IOException {
        Path out = ctx.out();
        List<Path> files = new ArrayList<>();
        Csv csv = new Csv("activation", "seed", "step", "layer", "mean", "std");
        for (Run r : runs) {
            for (int i = 0; i < r.steps().length; i++) {
                for (int l = 0; l < r.mean()[i].length; l++) {
                    csv.row(r.activation(), r.seed(), r.steps()[i], l + 1, r.mean()[i][l], r.std()[i][l]);
                }
            }
        }
        csv.write(out.resolve("activations.csv"));
        files.add(out.resolve("activations.csv"));
        Csv conv = new Csv("activation", "seed", "target", "steps_to_target", "steps_trained", "last_epoch_train_accuracy");
        for (Run r : runs) {
            conv.row(r.activation(), r.seed(), p.target(), r.stepsToTarget() > 0 ? r.stepsToTarget() : null, r.stepsTrained(), r.finalAccuracy());
        }
        conv.write(out.resolve("convergence.csv"));
        files.add(out.resolve("convergence.csv"));

        List<String> acts = p.activations().stream().map(Training::name).toList();
        int layers = p.hidden().length;
        List<Charts.Line> meanLines = new ArrayList<>(), stdLines = new ArrayList<>(), lossLines = new ArrayList<>();
        for (int a = 0; a < acts.size(); a++) {
            List<Run> rs = of(runs, acts.get(a));
            int n = rs.stream().mapToInt(r -> r.steps().length).min().orElse(0);
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = rs.getFirst().steps()[i];
            }
            for (int l = 0; l < layers; l++) {
                int layer = l;
                double[][] m = Stats.meanMinMax(rs.stream().map(r -> column(r.mean(), layer)).toArray(double[][]::new));
                double[][] s = Stats.meanMinMax(rs.stream().map(r -> column(r.std(), layer)).toArray(double[][]::new));
                meanLines.add(new Charts.Line(acts.get(a) + " L" + (l + 1), x, m[0], null, null, l, a > 0));
                stdLines.add(new Charts.Line(acts.get(a) + " L" + (l + 1), x, s[0], null, null, l, a > 0));
            }
            double[][] loss = Stats.meanMinMax(rs.stream().map(Run::curveLoss).toArray(double[][]::new));
            lossLines.add(new Charts.Line(acts.get(a), Stats.windowEnds(loss[0].length * p.window(), p.window()), loss[0], loss[1], loss[2], a,
                    false));
        }
        meanLines.add(new Charts.Line("0", new double[] {0, maxStep(runs)}, new double[] {0, 0}, null, null, 7, false));
        String style = acts.size() == 2 ? " (solid: " + acts.get(0) + ", dashed: " + acts.get(1) + "; colour: hidden layer)" : "";
        List<String> meanFig = Figures.save(out, "mean-activation", Charts.lines("Mean activation per hidden layer" + style,
                "optimiser step", "mean output over the probe", meanLines, false));
        List<String> stdFig = Figures.save(out, "std-activation", Charts.lines("Standard deviation of the activations per hidden layer" + style,
                "optimiser step", "standard deviation over the probe", stdLines, false));
        List<String> lossFig = Figures.save(out, "loss-curves", Charts.lines("Training loss (mean over " + p.window() + "-step windows"
                + (seeds.size() > 1 ? "; mean of " + seeds.size() + " seeds, shaded: range" : "") + ")", "optimiser step",
                "cross-entropy loss", lossLines, true));
        for (List<String> f : List.of(meanFig, stdFig, lossFig)) {
            f.forEach(name -> files.add(out.resolve(name)));
        }

        List<String> headline = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        double[][] endMean = new double[acts.size()][layers];
        for (int a = 0; a < acts.size(); a++) {
            List<Run> rs = of(runs, acts.get(a));
            double[] startMeans = new double[layers], endMeans = new double[layers];
            for (int l = 0; l < layers; l++) {
                int layer = l;
                startMeans[l] = Stats.mean(rs.stream().mapToDouble(r -> r.mean()[0][layer]).toArray());
                endMeans[l] = Stats.mean(rs.stream().mapToDouble(r -> r.mean()[r.mean().length - 1][layer]).toArray());
                double endStd = Stats.mean(rs.stream().mapToDouble(r -> r.std()[r.std().length - 1][layer]).toArray());
                rows.add(List.of(acts.get(a), "L" + (l + 1), Training.f2(startMeans[l]), Training.f2(endMeans[l]), Training.f2(endStd)));
            }
            endMean[a] = endMeans;
            headline.add(acts.get(a) + ": mean activation per hidden layer " + layers(startMeans) + " at the start, " + layers(endMeans)
                    + " after " + Training.count(maxStep(rs)) + " steps");
        }
        double[] base = steps(runs, acts.getFirst());
        long cap = maxStep(runs);
        for (int a = 0; a < acts.size(); a++) {
            double[] s = steps(runs, acts.get(a));
            double[] loss = of(runs, acts.get(a)).stream().mapToDouble(r -> r.curveLoss().length == 0 ? Double.NaN
                    : r.curveLoss()[r.curveLoss().length - 1]).toArray();
            headline.add(acts.get(a) + ": " + Training.pct(p.target()) + " training accuracy " + (Stats.finiteCount(s) == 0 ? "not reached"
                    : "after " + Training.count(Math.round(Stats.mean(s))) + " steps (mean of " + Stats.finiteCount(s) + " of " + s.length
                    + " seeds" + (Stats.finiteCount(s) > 1 ? ", " + Training.count((long) Stats.min(s)) + " to " + Training.count((long) Stats.max(s)) : "")
                    + ")") + (a == 0 ? "" : ", " + acts.get(a) + "/" + acts.getFirst() + " = " + Stats.ratio(s, base, cap).describe())
                    + "; final window loss " + Training.f2(Stats.mean(loss)));
        }
        if (acts.size() == 2 && acts.contains("relu") && acts.contains("elu")) {
            int relu = acts.indexOf("relu"), elu = acts.indexOf("elu");
            int closer = 0;
            for (int l = 0; l < layers; l++) {
                if (Math.abs(endMean[elu][l]) < Math.abs(endMean[relu][l])) {
                    closer++;
                }
            }
            double sr = Stats.mean(steps(runs, "relu")), se = Stats.mean(steps(runs, "elu"));
            boolean reached = Stats.finiteCount(steps(runs, "relu")) == seeds.size() && Stats.finiteCount(steps(runs, "elu")) == seeds.size();
            headline.add("claim (Clevert et al. 2015): elu's mean activations are closer to zero: " + (closer == layers ? "holds" : "holds in "
                    + closer + " of " + layers + " layers") + "; and elu reaches the target in fewer steps: " + (!reached ? "not measured"
                    + " (not every run reached the target)" : se < sr ? "holds" : "does not hold") + " on this network and optimiser");
        }
        Summary summary = new Summary("Zero-centred activations: relu against elu");
        summary.bullets(headline);
        summary.heading("Setting");
        summary.paragraph("Data: " + data.description() + ", standardised. Network: MLP " + data.features() + "-"
                + ConvergenceExperiment.join(p.hidden()) + "-" + data.classes() + ", He normal initialisation, biases 0. SGD lr " + p.lr()
                + ", momentum " + p.momentum() + ", batch " + p.batch() + ", " + p.maxEpochs() + " epochs; seeds " + seeds + ". Every "
                + p.probeEvery() + " steps and at each epoch's end, rectifier's DiagnosticsListener runs the first " + Math.min(p.probeSize(),
                data.train().size()) + " training images through the network in evaluation mode and gives each hidden layer's mean and"
                + " standard deviation over all its outputs; the figures at step 0 come from the same probe before training. Steps to"
                + " target as in the convergence experiment: the first step after which the training accuracy over the last "
                + TARGET_WINDOW + " steps is at least " + Training.pct(p.target()) + "; training goes on to the end either way."
                + (p.lr() == LR ? " The learning rate is lower than the convergence experiment's 0.05, at which this five-layer elu"
                        + " network diverges in its first epoch (PyTorch's too)." : ""));
        summary.heading("Mean and standard deviation per hidden layer (mean over seeds)");
        summary.table(List.of("activation", "layer", "mean at start", "mean at end", "std at end"), rows);
        summary.heading("Charts");
        summary.figure("Mean activation per hidden layer over training", meanFig);
        summary.figure("Standard deviation of the activations per hidden layer over training", stdFig);
        summary.figure("Training loss (log scale)", lossFig);
        summary.paragraph("Raw figures: activations.csv (every measurement: step, layer, mean, std), convergence.csv (steps to target per run).");
        files.addAll(summary.write(out));
        return new Outcome(headline, files);
    }

    private static List<Run> of(List<Run> runs, String act) {
        return runs.stream().filter(r -> r.activation().equals(act)).toList();
    }

    private static double[] steps(List<Run> runs, String act) {
        return of(runs, act).stream().mapToDouble(r -> r.stepsToTarget() > 0 ? r.stepsToTarget() : Double.NaN).toArray();
    }

    private static long maxStep(List<Run> runs) {
        return runs.stream().mapToLong(r -> r.stepsTrained()).max().orElse(0);
    }

    private static double[] column(double[][] rows, int j) {
        double[] c = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            c[i] = j < rows[i].length ? rows[i][j] : Double.NaN;
        }
        return c;
    }

    /** "[0.52, 0.61, 0.70]" */
    private static String layers(double[] v) {
        List<String> s = new ArrayList<>();
        for (double x : v) {
            s.add(Training.f2(x));
        }
        return "[" + String.join(", ", s) + "]";
    }
}
