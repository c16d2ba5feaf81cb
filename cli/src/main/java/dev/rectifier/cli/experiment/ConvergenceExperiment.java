package dev.rectifier.cli.experiment;

import dev.rectifier.cli.report.Charts;
import dev.rectifier.cli.report.Figures;
import dev.rectifier.data.TrainingSet;
import dev.rectifier.nn.Sequential;
import dev.rectifier.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How fast each activation trains the same network: the MLP 784-256-256-10 with relu,
 * leaky_relu, prelu, elu, tanh and sigmoid, each with its proper initialisation
 * ({@link Training#properInit}), SGD lr 0.05 with momentum 0.9, batch 128, on all training
 * images; for several seeds, the optimiser steps (and seconds) until the running training
 * accuracy of an epoch first reaches the target (90%), as the PyTorch peer measures it
 * ({@link StepRecorder#stepsToTarget}), at most {@code maxEpochs} epochs. The peer runs the same
 * protocol when python3 with torch is there, and its figures go beside ours.
 *
 * <p>Glorot and Bengio (2010) and Krizhevsky et al. (2012) report rectifier networks training
 * several times faster than saturating ones; the claim checked here is the ordering relu &lt; tanh
 * &lt; sigmoid in steps, with the ratios to relu and their spread over seeds.
 */
final class ConvergenceExperiment implements Experiment {
    static final String NAME = "convergence";

    /**
     * @param window      steps per point of the learning curves (mean batch accuracy over the window)
     * @param peer        whether to run the PyTorch peer (when the context names a Python)
     * @param trainLimit  at most this many training samples (tests shrink it; the peer only runs on full directories)
     */
    record Params(List<String> activations, int[] hidden, int batch, double lr, double momentum, double target, int targetWindow,
                  int maxEpochs, List<Long> seeds, int window, boolean peer, int trainLimit) {
        static Params full() {
            return new Params(List.of("relu", "leaky_relu", "prelu", "elu", "tanh", "sigmoid"), new int[] {256, 256}, 128, 0.05, 0.9,
                    0.90, 50, 20, List.of(1L, 2L, 3L), 50, true, Integer.MAX_VALUE);
        }

        /** About two minutes on two cores with the peer: target 85%, at most 4 epochs, two seeds. */
        static Params quick() {
            return new Params(full().activations(), new int[] {256, 256}, 128, 0.05, 0.9, 0.85, 50, 4, List.of(1L, 2L), 25, true,
                    Integer.MAX_VALUE);
        }

        Params withSeeds(List<Long> s) {
            return new Params(activations, hidden, batch, lr, momentum, target, targetWindow, maxEpochs, s, window, peer, trainLimit);
        }

        Params withTarget(double t) {
            return new Params(activations, hidden, batch, lr, momentum, t, targetWindow, maxEpochs, seeds, window, peer, trainLimit);
        }

        Params withMaxEpochs(int e) {
            return new Params(activations, hidden, batch, lr, momentum, target, targetWindow, e, seeds, window, peer, trainLimit);
        }

        Params withPeer(boolean p) {
            return new Params(activations, hidden, batch, lr, momentum, target, targetWindow, maxEpochs, seeds, window, p, trainLimit);
        }
    }

    /**
     * One run: steps to target by the windowed accuracy (-1: not reached) and seconds to it, the
     * same by the epoch's running accuracy (the peer's first measure), steps trained, the
     * learning curve.
     */
    record Run(String framework, String activation, long seed, long steps, double seconds, long epochSteps, double epochSeconds,
               int stepsTrained, double lastEpochAccuracy, double[] curveAccuracy, double[] curveLoss, int threads, String failure) {}

    private final Params p;

    ConvergenceExperiment(Params params) {
        this.p = params;
    }

    @Override
    public Outcome run(ExperimentContext ctx) throws IOException {
        ExperimentData data = ctx.data().get();
        if (data.train().size() > p.trainLimit()) {
            data = data.limit(p.trainLimit(), p.trainLimit(), 1);
        }
        TrainingSet train = data.train();
        int stepsPerEpoch = (train.size() + p.batch() - 1) / p.batch();
        long cap = (long) p.maxEpochs() * stepsPerEpoch;
        ctx.log("data: " + data.description());
        ctx.log(String.format(Locale.ROOT, "protocol: MLP %d-%s-%d, SGD lr %s momentum %s, batch %d, %d steps per epoch;"
                        + " steps until the training accuracy over the last %d steps reaches %s (and until an epoch's running"
                        + " accuracy does), at most %d epochs; seeds %s",
                data.features(), join(p.hidden()), data.classes(), p.lr(), p.momentum(), p.batch(), stepsPerEpoch,
                p.targetWindow(), Training.pct(p.target()), p.maxEpochs(), p.seeds()));
        warmUp(ctx, train);
        List<Run> runs = new ArrayList<>();
        for (String act : p.activations()) {
            for (long seed : p.seeds()) {
                Run r = train(ctx, data, act, seed);
                runs.add(r);
                ctx.log(String.format(Locale.ROOT, "%-10s seed %d: %s", Training.name(act), seed, r.steps() > 0
                        ? String.format(Locale.ROOT, "%s at step %s (epoch %d), %.1f s; epoch's running accuracy: step %s",
                                Training.pct(p.target()), Training.count(r.steps()), (r.steps() - 1) / stepsPerEpoch + 1, r.seconds(),
                                r.epochSteps() > 0 ? Training.count(r.epochSteps()) : "not reached")
                        : r.failure() != null ? r.failure() : "not reached in " + Training.count(r.stepsTrained()) + " steps (last epoch "
                                + Training.pct(r.lastEpochAccuracy()) + ")"));
            }
        }
        TorchPeer.Outcome peer = null;
        if (p.peer() && ctx.python() != null) {
            ctx.log("PyTorch peer: the same protocol (bench/peer/torch_training.py --what convergence, 1 thread)...");
            peer = TorchPeer.convergence(ctx.python(), data.directory(), p.activations().stream().map(Training::name).toList(),
                    p.seeds(), p.target(), p.targetWindow(), p.maxEpochs(), p.lr(), p.momentum(), p.batch(), 1, ctx::log);
            for (TorchPeer.Convergence c : peer.runs()) {
                runs.add(peerRun(c, train.size(), stepsPerEpoch));
            }
            if (!peer.ran()) {
                ctx.log("PyTorch peer: " + peer.failure());
            }
        }
        return write(ctx, data, runs, peer, stepsPerEpoch, cap);
    }

    /** A few steps per activation first, so that the timed runs do not pay for the JIT compiling the kernels. */
    private void warmUp(ExperimentContext ctx, TrainingSet train) {
        int n = Math.min(train.size(), 20 * p.batch());
        TrainingSet few = TrainingSet.of(train.data().slice(0, n)).reshaped(train.sampleSize());
        for (String act : p.activations()) {
            Sequential model = Training.mlp(train.sampleSize(), p.hidden(), train.classes(), act, Training.properInit(act), 0);
            Training.fit(model, Training.sgd(model, p.lr(), p.momentum()), few, null, 1, p.batch(), 0, ctx.parallelism(), List.of());
        }
    }

    private Run train(ExperimentContext ctx, ExperimentData data, String act, long seed) {
        TrainingSet train = data.train();
        Sequential model = Training.mlp(train.sampleSize(), p.hidden(), train.classes(), act, Training.properInit(act), seed);
        Optimizer opt = Training.sgd(model, p.lr(), p.momentum());
        StepRecorder rec = new StepRecorder(p.target(), p.targetWindow(), true);
        String failure = null;
        try {
            Training.fit(model, opt, train, null, p.maxEpochs(), p.batch(), seed, ctx.parallelism(), List.of(rec));
        } catch (ArithmeticException e) {
            failure = "diverged at step " + (rec.steps() + 1);
            ctx.log(Training.name(act) + " seed " + seed + ": " + e.getMessage());
        }
        double last = rec.epochs().isEmpty() ? Double.NaN : rec.epochs().getLast().trainAccuracy();
        return new Run("rectifier", Training.name(act), seed, rec.reachedWindowStep(), rec.reachedWindowSeconds(), rec.reachedStep(),
                rec.reachedSeconds(), rec.steps(), last,
                Stats.windowMeans(rec.accuracies(), p.window()), Stats.windowMeans(rec.losses(), p.window()),
                ctx.parallelism().threads(), failure);
    }

    private Run peerRun(TorchPeer.Convergence c, int trainSize, int stepsPerEpoch) {
        int[] correct = c.batchCorrect();
        double[] acc = new double[correct.length];
        for (int i = 0; i < acc.length; i++) {
            acc[i] = (double) correct[i] / batchSize(i, trainSize, stepsPerEpoch);
        }
        double last = Double.NaN;
        if (correct.length > 0) {
            int from = (correct.length - 1) / stepsPerEpoch * stepsPerEpoch;
            long right = 0, seen = 0;
            for (int i = from; i < correct.length; i++) {
                right += correct[i];
                seen += batchSize(i, trainSize, stepsPerEpoch);
            }
            last = (double) right / seen;
        }
        double[] nan = new double[Stats.windowMeans(acc, p.window()).length];
        Arrays.fill(nan, Double.NaN);
        return new Run("pytorch", c.activation(), c.seed(), c.windowSteps(), c.windowSeconds(), c.steps(), c.seconds(), correct.length, last,
                Stats.windowMeans(acc, p.window()), nan, c.threads(), null);
    }

    private int batchSize(int step, int trainSize, int stepsPerEpoch) {
        int inEpoch = step % stepsPerEpoch;
        return Math.min(p.batch(), trainSize - inEpoch * p.batch());
    }

    /**
     * Steps to target (windowed measure) per seed for one framework and activation, in seed
     * order: infinite when not reached, NaN when the run diverged.
     */
    private double[] steps(List<Run> runs, String framework, String act) {
        return runs.stream().filter(r -> r.framework().equals(framework) && r.activation().equals(act))
                .mapToDouble(r -> r.failure() != null ? Double.NaN : r.steps() > 0 ? r.steps() : Double.POSITIVE_INFINITY).toArray();
    }

    /** The same by the epoch's running accuracy. */
    private double[] epochSteps(List<Run> runs, String framework, String act) {
        return runs.stream().filter(r -> r.framework().equals(framework) && r.activation().equals(act))
                .mapToDouble(r -> r.failure() != null ? Double.NaN : r.epochSteps() > 0 ? r.epochSteps() : Double.POSITIVE_INFINITY).toArray();
    }

    private double[] seconds(List<Run> runs, String framework, String act) {
        return runs.stream().filter(r -> r.framework().equals(framework) && r.activation().equals(act))
                .mapToDouble(Run::seconds).toArray();
    }

    private Outcome write(ExperimentContext ctx, ExperimentData data, List<Run> runs, TorchPeer.Outcome peer, int stepsPerEpoch, long cap)
            throws IOException {
        Path out = ctx.out();
        List<Path> files = new ArrayList<>();
        List<String> acts = p.activations().stream().map(Training::name).toList();
        boolean peerRan = peer != null && peer.ran() && !peer.runs().isEmpty();

        Csv results = new Csv("framework", "activation", "init", "seed", "target", "window", "steps_to_target", "epoch_of_target",
                "seconds_to_target", "steps_to_target_epoch_running", "seconds_to_target_epoch_running", "steps_trained",
                "last_epoch_train_accuracy", "threads", "failure");
        for (Run r : runs) {
            results.row(r.framework(), r.activation(), Training.properInit(r.activation()).spec(), r.seed(), p.target(), p.targetWindow(),
                    r.steps() > 0 ? r.steps() : null, r.steps() > 0 ? (r.steps() - 1) / stepsPerEpoch + 1 : null, r.seconds(),
                    r.epochSteps() > 0 ? r.epochSteps() : null, r.epochSeconds(), r.stepsTrained(), r.lastEpochAccuracy(), r.threads(),
                    r.failure());
        }
        results.write(out.resolve("results.csv"));
        files.add(out.resolve("results.csv"));
        Csv curves = new Csv("framework", "activation", "seed", "step", "window_accuracy", "window_loss");
        for (Run r : runs) {
            double[] x = Stats.windowEnds(r.stepsTrained(), p.window());
            for (int k = 0; k < r.curveAccuracy().length; k++) {
                curves.row(r.framework(), r.activation(), r.seed(), (long) x[k], r.curveAccuracy()[k], r.curveLoss()[k]);
            }
        }
        curves.write(out.resolve("curves.csv"));
        files.add(out.resolve("curves.csv"));

        // Learning curves: mean over seeds, shaded from the lowest to the highest seed.
        List<Charts.Line> accLines = new ArrayList<>();
        List<Charts.Line> lossLines = new ArrayList<>();
        for (int k = 0; k < acts.size(); k++) {
            String act = acts.get(k);
            for (String fw : peerRan ? List.of("rectifier", "pytorch") : List.of("rectifier")) {
                double[][] acc = curvesOf(runs, fw, act, true);
                double[][] mm = Stats.meanMinMax(acc);
                double[] x = Stats.windowEnds(mm[0].length * p.window(), p.window());
                boolean ours = fw.equals("rectifier");
                accLines.add(new Charts.Line(act + (ours ? "" : " (PyTorch)"), x, scale(mm[0], 100), ours ? scale(mm[1], 100) : null,
                        ours ? scale(mm[2], 100) : null, k, !ours));
                if (ours) {
                    double[][] lmm = Stats.meanMinMax(curvesOf(runs, fw, act, false));
                    lossLines.add(new Charts.Line(act, x, lmm[0], lmm[1], lmm[2], k, false));
                }
            }
        }
        double maxStep = accLines.stream().mapToDouble(l -> l.x().length == 0 ? 0 : l.x()[l.x().length - 1]).max().orElse(1);
        double lowest = accLines.stream().flatMapToDouble(l -> java.util.Arrays.stream(l.y())).filter(Double::isFinite).min().orElse(0);
        accLines.add(new Charts.Line("target " + Training.pct(p.target()), new double[] {0, maxStep},
                new double[] {100 * p.target(), 100 * p.target()}, null, null, 7, true));
        String seedsNote = "mean of " + p.seeds().size() + " seeds, shaded: range";
        List<String> accFig = Figures.save(out, "learning-curves", Charts.lines("Training accuracy (mean over " + p.window()
                + "-step windows; " + seedsNote + ")", "optimiser step", "training accuracy (%)", accLines, false,
                // From 20 points below the target: the first windows, far below, would squeeze the part that matters.
                Math.max(Math.floor(lowest) - 1, 100 * p.target() - 20), Double.NaN));
        List<String> lossFig = Figures.save(out, "loss-curves", Charts.lines("Training loss (mean over " + p.window()
                + "-step windows; " + seedsNote + ")", "optimiser step", "cross-entropy loss", lossLines, true));
        Map<String, double[]> bars = new LinkedHashMap<>();
        bars.put("Rectifier", acts.stream().mapToDouble(a -> Stats.mean(steps(runs, "rectifier", a))).toArray());
        if (peerRan) {
            bars.put("PyTorch", acts.stream().mapToDouble(a -> Stats.mean(steps(runs, "pytorch", a))).toArray());
        }
        List<String> barFig = Figures.save(out, "steps-to-target", Charts.bars("Steps to " + Training.pct(p.target())
                + " training accuracy (mean over the seeds that reached it; no bar: none did in " + p.maxEpochs() + " epochs)",
                "optimiser steps", acts, bars, false));
        for (List<String> f : List.of(accFig, lossFig, barFig)) {
            f.forEach(name -> files.add(out.resolve(name)));
        }

        // The numbers.
        String base = acts.contains("relu") ? "relu" : acts.getFirst();
        double[] baseSteps = steps(runs, "rectifier", base);
        List<String> headline = new ArrayList<>();
        headline.add("Rectifier, " + Training.pct(p.target()) + " training accuracy over the last " + p.targetWindow() + " steps: "
                + describe(base, baseSteps, seconds(runs, "rectifier", base), cap));
        for (String act : acts) {
            if (!act.equals(base)) {
                double[] s = steps(runs, "rectifier", act);
                headline.add(describe(act, s, seconds(runs, "rectifier", act), cap) + "; " + act + "/" + base + " = "
                        + Stats.ratio(s, baseSteps, cap).describe());
            }
        }
        String verdict = verdict(runs, "rectifier", base);
        if (verdict != null) {
            headline.add(verdict);
        }
        if (peerRan) {
            headline.add("PyTorch, same protocol: " + ratios(runs, "pytorch", acts, base, cap, false));
            headline.add("by the epoch's running accuracy (the peer's first measure): Rectifier " + ratios(runs, "rectifier", acts, base, cap, true)
                    + "; PyTorch " + ratios(runs, "pytorch", acts, base, cap, true));
        } else {
            headline.add("by the epoch's running accuracy (the peer's first measure): " + ratios(runs, "rectifier", acts, base, cap, true));
            headline.add("PyTorch peer: " + (!p.peer() ? "not run (--no-peer)" : ctx.python() == null ? "not run (no Python given)"
                    : peer == null ? "not run" : peer.failure() != null ? "not available: " + peer.failure() : "no results"));
        }

        Summary summary = new Summary("Convergence: optimiser steps to " + Training.pct(p.target()) + " training accuracy");
        summary.bullets(headline);
        summary.heading("Protocol");
        summary.paragraph("Data: " + data.description() + ". Network: MLP " + data.features() + "-" + join(p.hidden()) + "-" + data.classes()
                + " with the activation after each hidden layer; weights from each activation's proper initialisation (He normal,"
                + " gain sqrt 2, for relu, leaky_relu, prelu and elu; Xavier normal with gain 5/3 for tanh and 1 for sigmoid; the output"
                + " layer too), biases 0; prelu has one learned slope per layer, starting at 0.25 (torch.nn.PReLU()). SGD, learning rate "
                + p.lr() + ", momentum " + p.momentum() + ", batch " + p.batch() + ", " + stepsPerEpoch + " steps per epoch over all "
                + data.train().size() + " training images, reshuffled each epoch (seeded).");
        summary.paragraph("Steps to target: the first optimiser step after which the training accuracy over the last " + p.targetWindow()
                + " steps' batches (" + p.targetWindow() * p.batch() + " images, as the model changes, across epoch boundaries) is at least "
                + Training.pct(p.target()) + "; at most " + p.maxEpochs() + " epochs (" + Training.count(cap) + " steps). The peer's"
                + " first measure, the running accuracy of the current epoch (correct / seen since the epoch began), is also reported:"
                + " it rests on a batch or two early in each epoch, so once the model is near the target it often hits in an epoch's"
                + " first steps, and its counts bunch just after epoch boundaries (multiples of " + stepsPerEpoch + "); the windowed"
                + " measure does not depend on where epochs begin. bench/peer/torch_training.py --what convergence --window "
                + p.targetWindow() + " computes both. Each run stops at the end of the epoch in which both measures reached the"
                + " target. Seconds: training time to that step, " + ctx.parallelism().threads() + " thread(s), on a machine shared"
                + " with other work (noisy). Ratios pair the runs of the same seed; a ratio with a run that did not reach the target"
                + " counts that run at the cap and is a lower bound.");
        summary.heading("Steps to target per activation");
        List<List<String>> rows = new ArrayList<>();
        for (String act : acts) {
            double[] s = steps(runs, "rectifier", act);
            List<String> row = new ArrayList<>(List.of(act, perSeed(s), stepsText(s, cap),
                    Training.f1(Stats.mean(seconds(runs, "rectifier", act))), act.equals(base) ? "1" : Stats.ratio(s, baseSteps, cap).describe(),
                    perSeed(epochSteps(runs, "rectifier", act))));
            if (peerRan) {
                double[] t = steps(runs, "pytorch", act);
                row.addAll(List.of(perSeed(t), act.equals(base) ? "1" : Stats.ratio(t, steps(runs, "pytorch", base), cap).describe(),
                        perSeed(epochSteps(runs, "pytorch", act))));
            }
            rows.add(row);
        }
        List<String> header = new ArrayList<>(List.of("activation", "steps per seed " + p.seeds(), "mean (range)", "seconds (mean)",
                "ratio to " + base, "epoch's running accuracy: steps per seed"));
        if (peerRan) {
            header.addAll(List.of("PyTorch steps per seed", "PyTorch ratio to " + base, "PyTorch, epoch's running accuracy"));
        }
        summary.table(header, rows);
        summary.paragraph("Per seed, separated by semicolons; a dash: not reached within " + p.maxEpochs() + " epochs; diverged: the"
                + " loss became NaN (the run is left out of means and ratios).");
        if (peerRan) {
            summary.paragraph("PyTorch peer: " + peer.version() + "; the same data, network, initialisation, optimiser and target (its"
                    + " shuffles and initial weights are its own draws). Its seconds are in results.csv (1 thread, as OpenMP threads"
                    + " contend on a shared machine).");
        }
        summary.heading("Charts");
        summary.figure("Training accuracy per window of " + p.window() + " steps, mean over seeds (shaded: lowest to highest seed)"
                + (peerRan ? "; dashed: PyTorch, mean over seeds" : ""), accFig);
        summary.figure("Training loss per window of " + p.window() + " steps (log scale)", lossFig);
        summary.figure("Steps to the target, mean over seeds", barFig);
        summary.paragraph("Raw figures: results.csv (one row per run), curves.csv (the windowed curves per run).");
        files.addAll(summary.write(out));
        return new Outcome(headline, files);
    }

    /** "relu 2,871 steps (...); tanh/relu = 1.32 (...); ..." for one framework and measure. */
    private String ratios(List<Run> runs, String framework, List<String> acts, String base, long cap, boolean epochMeasure) {
        double[] b = epochMeasure ? epochSteps(runs, framework, base) : steps(runs, framework, base);
        StringBuilder s = new StringBuilder(base + " " + stepsText(b, cap));
        for (String act : acts) {
            if (!act.equals(base)) {
                double[] a = epochMeasure ? epochSteps(runs, framework, act) : steps(runs, framework, act);
                s.append("; ").append(act).append("/").append(base).append(" = ").append(Stats.ratio(a, b, cap).describe());
            }
        }
        return s.toString();
    }

    /** Whether relu needs fewer steps than tanh, and tanh fewer than sigmoid (a run not reaching counts as infinitely many). */
    private String verdict(List<Run> runs, String framework, String base) {
        List<String> acts = p.activations().stream().map(Training::name).toList();
        if (!base.equals("relu") || !acts.contains("tanh") || !acts.contains("sigmoid")) {
            return null;
        }
        double relu = meanOrInfinity(steps(runs, framework, "relu"));
        double tanh = meanOrInfinity(steps(runs, framework, "tanh"));
        double sigmoid = meanOrInfinity(steps(runs, framework, "sigmoid"));
        boolean holds = relu < tanh && tanh < sigmoid;
        boolean perSeed = true;
        double[] r = steps(runs, framework, "relu"), t = steps(runs, framework, "tanh");
        for (int i = 0; i < r.length; i++) {
            perSeed &= Double.isNaN(r[i]) || Double.isNaN(t[i]) || r[i] < t[i];
        }
        return "claim: relu reaches the target in fewer steps than tanh, and sigmoid slower still: " + (holds ? "holds" : "does not hold")
                + " (on the means; relu " + (perSeed ? "before tanh in every seed" : "not before tanh in every seed") + ")";
    }

    private static double meanOrInfinity(double[] steps) {
        for (double s : steps) {
            if (Double.isInfinite(s)) {
                return Double.POSITIVE_INFINITY;
            }
        }
        return Stats.mean(steps);
    }

    private String describe(String act, double[] steps, double[] seconds, long cap) {
        return act + ": " + stepsText(steps, cap) + (Stats.finiteCount(steps) > 0 ? ", " + Training.f1(Stats.mean(seconds)) + " s" : "");
    }

    private String stepsText(double[] steps, long cap) {
        int reached = Stats.finiteCount(steps);
        int diverged = Stats.nanCount(steps);
        String failed = diverged == 0 ? "" : ", " + diverged + " of " + steps.length + " diverged";
        if (reached == 0) {
            return "not reached within " + p.maxEpochs() + " epochs (" + Training.count(cap) + " steps) in any seed" + failed;
        }
        String s = Training.count(Math.round(Stats.mean(steps))) + " steps";
        if (steps.length > 1) {
            s += " (mean of " + (reached == steps.length ? reached + " seeds" : reached + " of " + steps.length + " seeds, those that reached it")
                    + (reached > 1 ? ", " + Training.count((long) Stats.min(steps)) + " to " + Training.count((long) Stats.max(steps)) : "")
                    + failed + ")";
        }
        return s;
    }

    /** "1,527, 1,459, -" with "-" for not reached and "diverged". */
    private static String perSeed(double[] steps) {
        List<String> s = new ArrayList<>();
        for (double v : steps) {
            s.add(Double.isNaN(v) ? "diverged" : Double.isInfinite(v) ? "-" : Training.count((long) v));
        }
        return String.join("; ", s);
    }

    private double[][] curvesOf(List<Run> runs, String framework, String act, boolean accuracy) {
        // A diverged run's curve stops early and would cut the others short: it is left out.
        return runs.stream().filter(r -> r.framework().equals(framework) && r.activation().equals(act) && r.failure() == null)
                .map(r -> accuracy ? r.curveAccuracy() : r.curveLoss()).toArray(double[][]::new);
    }

    private static double[] scale(double[] v, double f) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * f;
        }
        return out;
    }

    static String join(int[] v) {
        StringBuilder s = new StringBuilder();
        for (int x : v) {
            s.append(s.isEmpty() ? "" : "-").append(x);
        }
        return s.toString();
    }
}
