package dev.rectifier.cli.experiment;

import dev.rectifier.cli.report.Charts;
import dev.rectifier.cli.report.Figures;
import dev.rectifier.data.TrainingSet;
import dev.rectifier.diagnostics.DiagnosticsListener;
import dev.rectifier.nn.Sequential;
import dev.rectifier.tensor.Tensor;
import dev.rectifier.train.EpochMetrics;
import dev.rectifier.train.TrainingListener;
import dev.rectifier.train.TrainingRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The dying ReLU (Maas et al. 2013; Lu et al. 2019): a unit whose input is negative for every
 * sample outputs 0 and gets no gradient, so under relu it never comes back. Here units are
 * pushed there by a negative shift of the hidden biases at initialisation and a high learning
 * rate; the same network is trained with relu, leaky_relu, prelu and elu, and with relu and
 * revive (ReDo: {@link DiagnosticsListener} re-initialises the dead units it finds every
 * {@code probeEvery} steps). Every {@code probeEvery} steps a probe of training samples gives the
 * dead fraction and the fraction of units in the negative regime ({@link UnitProbe}), and the
 * training accuracy of the steps since; the test accuracy after each epoch.
 */
final class DyingReluExperiment implements Experiment {
    static final String NAME = "dying-relu";

    /** A configuration: a label, the activation, and whether dead units are revived. */
    record Config(String label, String activation, boolean revive) {}

    record Params(int[] hidden, List<Config> configs, double lr, double momentum, double biasShift, int batch, int epochs, int probeEvery,
                  int probeSize, List<Long> seeds, int trainLimit) {
        static List<Config> standardConfigs() {
            // PReLU with one slope per unit (He et al. 2015's channel-wise form): a single shared
            // slope sums the gradient of every unit in the negative regime and, at this learning
            // rate, swings until the loss diverges.
            return List.of(new Config("relu", "relu", false), new Config("leaky_relu", "leaky_relu", false),
                    new Config("prelu", "prelu(num_parameters=256)", false), new Config("elu", "elu", false),
                    new Config("relu + revive", "relu", true));
        }

        static Params full() {
            return new Params(new int[] {256, 256}, standardConfigs(), 0.07, 0.9, -2.0, 128, 10, 50, 2048, List.of(1L, 2L, 3L),
                    Integer.MAX_VALUE);
        }

        /** Three epochs, one seed. */
        static Params quick() {
            return new Params(new int[] {256, 256}, standardConfigs(), 0.07, 0.9, -2.0, 128, 3, 25, 2048, List.of(1L), Integer.MAX_VALUE);
        }
    }

    /** One run's time series, all at the same steps. */
    record Series(Config config, long seed, long[] steps, double[] dead, double[] negative, double[] diagnosticsDead,
                  double[] windowAccuracy, double[] testAccuracy, long revived, String failure) {}

    private final Params p;

    DyingReluExperiment(Params params) {
        this.p = params;
    }

    /** Measures the probe at step 0, every probeEvery steps and at each epoch's end; the accuracy of the steps in between. */
    private static final class Timeline implements TrainingListener {
        private final Tensor probe;
        private final int every;
        private final List<Long> steps = new ArrayList<>();
        private final List<Double> dead = new ArrayList<>(), negative = new ArrayList<>(), accuracy = new ArrayList<>(),
                test = new ArrayList<>();
        private long correct, seen, last = -1;

        Timeline(Tensor probe, int every) {
            this.probe = probe;
            this.every = every;
        }

        @Override
        public void onTrainStart(TrainingRun run) {
            measure(run, 0);
        }

        @Override
        public void onBatchEnd(TrainingRun run, BatchResult batch) {
            correct += Math.max(0, batch.correct());
            seen += batch.size();
            if (batch.globalStep() % every == 0 && batch.step() + 1 < batch.stepsInEpoch()) {
                measure(run, batch.globalStep());
            }
        }

        @Override
        public void onEpochEnd(TrainingRun run, EpochMetrics m) {
            if (last != run.globalStep()) {
                measure(run, run.globalStep());
            }
            test.add(m.validationAccuracy());
        }

        private void measure(TrainingRun run, long step) {
            UnitProbe.Measurement m = UnitProbe.measure(run.model(), probe, 256, run.parallelism());
            steps.add(step);
            dead.add(m.deadFraction());
            negative.add(m.negativeFraction());
            accuracy.add(seen == 0 ? Double.NaN : (double) correct / seen);
            correct = 0;
            seen = 0;
            last = step;
        }
    }

    @Override
    public Outcome run(ExperimentContext ctx) throws IOException {
        ExperimentData data = ctx.data().get();
        if (data.train().size() > p.trainLimit()) {
            data = data.limit(p.trainLimit(), Math.min(data.test().size(), 10000), 1);
        }
        List<Long> seeds = ctx.seedsOr(p.seeds());
        TrainingSet train = data.train();
        ctx.log("data: " + data.description());
        ctx.log(String.format(Locale.ROOT, "setting: MLP %d-%s-%d, He initialisation, hidden biases shifted to %s, SGD lr %s momentum %s,"
                        + " batch %d, %d epochs; probe of %d training images every %d steps; seeds %s", data.features(),
                ConvergenceExperiment.join(p.hidden()), data.classes(), p.biasShift(), p.lr(), p.momentum(), p.batch(), p.epochs(),
                Math.min(p.probeSize(), train.size()), p.probeEvery(), seeds));
        Tensor probe = UnitProbe.probe(train, p.probeSize());
        List<Series> all = new ArrayList<>();
        for (Config c : p.configs()) {
            for (long seed : seeds) {
                Series s = train(ctx, data, probe, c, seed);
                all.add(s);
                int end = s.steps().length - 1;
                ctx.log(String.format(Locale.ROOT, "%-13s seed %d: dead %s at the start, %s at the end (negative regime %s); test accuracy %s%s%s",
                        c.label(), seed, Training.pct(s.dead()[0]), Training.pct(s.dead()[end]), Training.pct(s.negative()[end]),
                        Training.pct(last(s.testAccuracy())), c.revive() ? "; " + s.revived() + " units revived" : "",
                        s.failure() == null ? "" : "; " + s.failure()));
            }
        }
        return write(ctx, data, all, seeds);
    }

    private Series train(ExperimentContext ctx, ExperimentData data, Tensor probe, Config c, long seed) {
        Sequential model = Training.mlp(data.features(), p.hidden(), data.classes(), c.activation(), Training.properInit(c.activation()), seed);
        Training.shiftHiddenBiases(model, (float) p.biasShift());
        Timeline timeline = new Timeline(probe, p.probeEvery());
        long[] revived = {0};
        // Measures (and with revive, re-initialises) on the same schedule as the timeline, after it:
        // the timeline sees the units that died since the last revive.
        DiagnosticsListener diagnostics = new DiagnosticsListener(p.probeSize(), p.probeEvery(), 0, 1.0, c.revive(), seed, line -> {
            revived[0] += revivedUnits(line);
        });
        String failure = null;
        try {
            Training.fit(model, Training.sgd(model, p.lr(), p.momentum()), data.train(), data.test(), p.epochs(), p.batch(), seed,
                    ctx.parallelism(), List.of(timeline, diagnostics));
        } catch (ArithmeticException e) {
            failure = "diverged: " + e.getMessage();
        }
        List<DiagnosticsListener.Snapshot> snaps = diagnostics.snapshots();
        long[] steps = timeline.steps.stream().mapToLong(Long::longValue).toArray();
        double[] diag = new double[steps.length];
        for (int i = 0; i < steps.length; i++) {
            diag[i] = Double.NaN;
            for (DiagnosticsListener.Snapshot s : snaps) {
                if (s.step() == steps[i] && !s.layers().isEmpty()) {
                    diag[i] = s.deadFraction();
                }
            }
        }
        return new Series(c, seed, steps, doubles(timeline.dead), doubles(timeline.negative), diag, doubles(timeline.accuracy),
                doubles(timeline.test), revived[0], failure);
    }

    /** Units a revive report line counts: "revive (ReDo) after step 50: re-initialised 12 in 0:dense(relu), 3 in 1:dense(relu)". */
    static long revivedUnits(String line) {
        if (!line.startsWith("revive")) {
            return 0;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) in ").matcher(line.substring(line.indexOf(':') + 1));
        long n = 0;
        while (m.find()) {
            n += Long.parseLong(m.group(1));
        }
        return n;
    }

    private Outcome write(ExperimentContext ctx, ExperimentData data, List<Series> all, List<Long> seeds) throws IOException {
        Path out = ctx.out();
        List<Path> files = new ArrayList<>();
        Csv csv = new Csv("config", "activation", "revive", "seed", "step", "dead_fraction", "negative_regime_fraction",
                "diagnostics_dead_fraction", "train_accuracy_since_last");
        for (Series s : all) {
            for (int i = 0; i < s.steps().length; i++) {
                csv.row(s.config().label(), s.config().activation(), s.config().revive(), s.seed(), s.steps()[i], s.dead()[i], s.negative()[i],
                        s.diagnosticsDead()[i], s.windowAccuracy()[i]);
            }
        }
        csv.write(out.resolve("results.csv"));
        files.add(out.resolve("results.csv"));
        Csv epochs = new Csv("config", "seed", "epoch", "test_accuracy", "units_revived_in_run");
        for (Series s : all) {
            for (int e = 0; e < s.testAccuracy().length; e++) {
                epochs.row(s.config().label(), s.seed(), e + 1, s.testAccuracy()[e], s.revived());
            }
        }
        epochs.write(out.resolve("test-accuracy.csv"));
        files.add(out.resolve("test-accuracy.csv"));

        List<Charts.Line> deadLines = new ArrayList<>(), negLines = new ArrayList<>(), accLines = new ArrayList<>();
        List<Config> configs = p.configs();
        for (int k = 0; k < configs.size(); k++) {
            List<Series> rs = of(all, configs.get(k));
            double[] x = rs.getFirst().steps().length == 0 ? new double[0]
                    : java.util.Arrays.stream(shortest(rs).steps()).asDoubleStream().toArray();
            String label = configs.get(k).label();
            double[][] d = Stats.meanMinMax(rs.stream().map(s -> scaled(s.dead())).toArray(double[][]::new));
            double[][] n = Stats.meanMinMax(rs.stream().map(s -> scaled(s.negative())).toArray(double[][]::new));
            double[][] a = Stats.meanMinMax(rs.stream().map(s -> scaled(s.windowAccuracy())).toArray(double[][]::new));
            deadLines.add(new Charts.Line(label, x, d[0], d[1], d[2], k, false));
            negLines.add(new Charts.Line(label, x, n[0], n[1], n[2], k, false));
            accLines.add(new Charts.Line(label, x, a[0], a[1], a[2], k, false));
        }
        String over = seeds.size() > 1 ? " (mean of " + seeds.size() + " seeds, shaded: range)" : "";
        List<String> deadFig = Figures.save(out, "dead-fraction", Charts.lines("Dead units: output 0 on every probe image" + over,
                "optimiser step", "dead units (% of hidden units)", deadLines, false));
        List<String> negFig = Figures.save(out, "negative-regime", Charts.lines("Units in the negative regime: output <= 0 on every probe image"
                + over, "optimiser step", "units (% of hidden units)", negLines, false));
        List<String> accFig = Figures.save(out, "accuracy", Charts.lines("Training accuracy over the steps since the previous point" + over,
                "optimiser step", "training accuracy (%)", accLines, false));
        for (List<String> f : List.of(deadFig, negFig, accFig)) {
            f.forEach(name -> files.add(out.resolve(name)));
        }

        List<String> headline = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (Config c : configs) {
            List<Series> rs = of(all, c);
            double start = Stats.mean(rs.stream().mapToDouble(s -> s.dead()[0]).toArray());
            double[] end = rs.stream().mapToDouble(s -> s.dead()[s.dead().length - 1]).toArray();
            double[] peak = rs.stream().mapToDouble(s -> Stats.max(s.dead())).toArray();
            double[] neg = rs.stream().mapToDouble(s -> s.negative()[s.negative().length - 1]).toArray();
            double[] test = rs.stream().mapToDouble(s -> last(s.testAccuracy())).toArray();
            double[] firstTest = rs.stream().mapToDouble(s -> s.testAccuracy().length == 0 ? Double.NaN : s.testAccuracy()[0]).toArray();
            long revived = rs.stream().mapToLong(Series::revived).sum();
            rows.add(List.of(c.label(), Training.pct(start), Training.pct(Stats.mean(peak)), range(end), range(neg), range(firstTest), range(test),
                    c.revive() ? Training.count(revived / rs.size()) : "-"));
            headline.add(String.format(Locale.ROOT, "%s: dead %s at the end (%s at the start, peak %s), negative regime %s; test accuracy %s%s",
                    c.label(), range(end), Training.pct(start), Training.pct(Stats.mean(peak)), range(neg), range(test),
                    c.revive() ? "; " + Training.count(revived / rs.size()) + " units revived per run, the dead fraction being measured"
                            + " before each revive" : ""));
        }
        String claim = claim(all);
        if (claim != null) {
            headline.add(claim);
        }
        Summary summary = new Summary("Dying ReLU: dead units over training");
        summary.bullets(headline);
        summary.heading("Setting");
        summary.paragraph("Data: " + data.description() + ", standardised. Network: MLP " + data.features() + "-"
                + ConvergenceExperiment.join(p.hidden()) + "-" + data.classes() + " (prelu: one learned slope per unit, starting at 0.25)."
                + " Weights: He normal (gain sqrt 2); the hidden layers' biases start at " + p.biasShift() + " instead of 0, which puts"
                + " most units' inputs below 0 at the start. SGD lr " + p.lr() + " (high for this network), momentum " + p.momentum()
                + ", batch " + p.batch() + ", " + p.epochs() + " epochs over " + data.train().size() + " training images; seeds " + seeds + ".");
        summary.paragraph("Every " + p.probeEvery() + " steps (and at each epoch's end) the first " + Math.min(p.probeSize(),
                data.train().size()) + " training images go through the network in evaluation mode: a unit is dead when its output is"
                + " exactly 0 for all of them (the diagnostics' definition; under relu it then gets no gradient and cannot recover), in"
                + " the negative regime when its output is at most 0 for all (under leaky_relu, prelu and elu such a unit still passes"
                + " a gradient). With revive, rectifier's DiagnosticsListener (probeEvery " + p.probeEvery() + ") re-initialises the dead"
                + " units right after each measurement (ReDo, Sokar et al. 2023): fresh incoming weights, bias 0, outgoing weights 0;"
                + " its dead fraction is the share that died since the previous measurement. results.csv also holds the"
                + " DiagnosticsListener's own dead fraction at the same steps (for prelu, that of its PReLU layers), as a"
                + " cross-check.");
        summary.heading("Figures per configuration");
        summary.table(List.of("configuration", "dead at start", "dead at peak", "dead at end", "negative regime at end",
                "test accuracy after epoch 1", "test accuracy at end", "units revived per run"), rows);
        summary.heading("Charts");
        summary.figure("Dead units over training (leaky_relu, prelu and elu lie on 0: their outputs are never exactly 0)", deadFig);
        summary.figure("Units in the negative regime over training", negFig);
        summary.figure("Training accuracy over training", accFig);
        summary.paragraph("Raw figures: results.csv (every measurement of every run), test-accuracy.csv (per epoch).");
        files.addAll(summary.write(out));
        return new Outcome(headline, files);
    }

    /**
     * Whether relu's final dead fraction is well above leaky_relu's, prelu's and elu's (at least
     * 5 points, and 5 times the largest), and revive keeps it lower without costing accuracy.
     */
    private String claim(List<Series> all) {
        Config relu = find("relu", false), revive = find("relu", true);
        if (relu == null) {
            return null;
        }
        double reluDead = finalMean(all, relu, true);
        double others = 0;
        for (Config c : p.configs()) {
            if (!c.activation().equals("relu")) {
                others = Math.max(others, finalMean(all, c, true));
            }
        }
        boolean above = reluDead >= others + 0.05 && reluDead >= 5 * others;
        StringBuilder s = new StringBuilder("claim: relu's dead fraction at the end well above leaky_relu's, prelu's and elu's"
                + " (at least 5 points and 5 times theirs): ")
                .append(above ? "holds" : "does not hold").append(" (").append(Training.pct(reluDead)).append(" against at most ")
                .append(Training.pct(others)).append(")");
        if (revive != null) {
            double reviveDead = finalMean(all, revive, true);
            double reluAcc = finalMean(all, relu, false), reviveAcc = finalMean(all, revive, false);
            boolean better = reviveDead < reluDead && reviveAcc >= reluAcc;
            s.append("; revive lowers it while accuracy recovers: ").append(better ? "holds" : "does not hold").append(" (dead ")
                    .append(Training.pct(reviveDead)).append(" against ").append(Training.pct(reluDead)).append(", test accuracy ")
                    .append(Training.pct(reviveAcc)).append(" against ").append(Training.pct(reluAcc)).append(")");
        }
        return s.toString();
    }

    private Config find(String activation, boolean revive) {
        return p.configs().stream().filter(c -> c.activation().equals(activation) && c.revive() == revive).findFirst().orElse(null);
    }

    private static double finalMean(List<Series> all, Config c, boolean dead) {
        return Stats.mean(of(all, c).stream().mapToDouble(s -> dead ? s.dead()[s.dead().length - 1] : last(s.testAccuracy())).toArray());
    }

    private static List<Series> of(List<Series> all, Config c) {
        return all.stream().filter(s -> s.config().equals(c)).toList();
    }

    private static Series shortest(List<Series> rs) {
        Series best = rs.getFirst();
        for (Series s : rs) {
            if (s.steps().length < best.steps().length) {
                best = s;
            }
        }
        return best;
    }

    /** "12.3%" for one value, "12.3% (10.1 to 14.2%)" for several. */
    static String range(double[] v) {
        if (Stats.finiteCount(v) <= 1) {
            return Training.pct(Stats.mean(v));
        }
        return Training.pct(Stats.mean(v)) + " (" + Training.pct(Stats.min(v)).replace("%", "") + " to " + Training.pct(Stats.max(v)) + ")";
    }

    private static double last(double[] v) {
        return v.length == 0 ? Double.NaN : v[v.length - 1];
    }

    private static double[] scaled(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = 100 * v[i];
        }
        return out;
    }

    private static double[] doubles(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
