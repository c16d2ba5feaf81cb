package dev.rectifier.cli.experiment;

import dev.rectifier.cli.report.Charts;
import dev.rectifier.cli.report.Figures;
import dev.rectifier.data.TrainingSet;
import dev.rectifier.init.Init;
import dev.rectifier.nn.Dense;
import dev.rectifier.nn.Sequential;
import dev.rectifier.optim.Gradients;
import dev.rectifier.train.TrainingListener;
import dev.rectifier.train.TrainingRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Why deep sigmoid and tanh networks were hard to train and deep rectifier networks are not
 * (Glorot and Bengio 2010; He et al. 2015): plain MLPs of {@code depth} hidden layers of
 * {@code width} units, with sigmoid, tanh and relu, each with its proper initialisation, and
 * relu with two bad ones; the norm of each Dense layer's weight gradient (Frobenius, over one
 * batch) at initialisation (the first step's gradient, before any update) and after
 * {@code steps} SGD steps (the mean of the last ten steps' norms). Through a sigmoid every layer
 * multiplies the backward signal by at most 1/4 times the weights, so the input-side layers
 * receive gradients orders of magnitude smaller than the output side; relu with He's
 * initialisation keeps the norm about level; relu with weights too small (N(0, 0.01), or Xavier's
 * variance without the gain sqrt 2) shrinks the forward signal and the gradients with it.
 */
final class VanishingGradientExperiment implements Experiment {
    static final String NAME = "vanishing-gradient";

    /** One network configuration: a label, the activation and the initialisation of every layer. */
    record Config(String label, String activation, String init) {}

    /**
     * @param average the last steps whose gradient norms are averaged for "after training starts"
     */
    record Params(int[] depths, int width, List<Config> configs, int steps, int average, int batch, double lr, double momentum,
                  List<Long> seeds) {
        static List<Config> standardConfigs() {
            return List.of(new Config("sigmoid, Xavier", "sigmoid", "xavier_normal(gain=1)"),
                    new Config("tanh, Xavier (gain 5/3)", "tanh", "xavier_normal(gain=" + Init.gain("tanh", 0) + ")"),
                    new Config("relu, He", "relu", "kaiming_normal(mode=fan_in,nonlinearity=relu)"),
                    new Config("relu, N(0, 0.01)", "relu", "normal(std=0.01)"),
                    new Config("relu, Xavier (gain 1)", "relu", "xavier_normal(gain=1)"));
        }

        static Params full() {
            return new Params(new int[] {10, 30}, 128, standardConfigs(), 100, 10, 128, 0.01, 0.9, List.of(1L, 2L, 3L));
        }

        static Params quick() {
            return new Params(new int[] {10, 30}, 128, standardConfigs(), 100, 10, 128, 0.01, 0.9, List.of(1L));
        }
    }

    /** Per-step weight-gradient norm of every Dense layer, and the batch accuracy. */
    static final class GradientRecorder implements TrainingListener {
        private final List<double[]> norms = new ArrayList<>();
        private final List<Double> accuracy = new ArrayList<>();
        private final List<Double> loss = new ArrayList<>();
        private List<Dense> layers;

        @Override
        public void onTrainStart(TrainingRun run) {
            layers = Training.denseLayers(run.model());
        }

        @Override
        public void onBatchEnd(TrainingRun run, BatchResult batch) {
            // After the step the gradients are still those of this batch: the next step zeroes them first.
            double[] n = new double[layers.size()];
            for (int i = 0; i < n.length; i++) {
                n[i] = Gradients.norm(List.of(layers.get(i).weight()));
            }
            norms.add(n);
            accuracy.add((double) batch.correct() / batch.size());
            loss.add(batch.loss());
        }

        /** Norms of step {@code step} (0-based), one per layer, input side first. */
        double[] at(int step) {
            return norms.get(step);
        }

        int steps() {
            return norms.size();
        }

        /** Mean norm per layer over the last {@code k} steps recorded. */
        double[] meanOfLast(int k) {
            int n = layers.size();
            double[] m = new double[n];
            int from = Math.max(0, norms.size() - k);
            for (int s = from; s < norms.size(); s++) {
                for (int i = 0; i < n; i++) {
                    m[i] += norms.get(s)[i] / (norms.size() - from);
                }
            }
            return m;
        }

        double meanAccuracyOfLast(int k) {
            return accuracy.subList(Math.max(0, accuracy.size() - k), accuracy.size()).stream().mapToDouble(Double::doubleValue).average()
                    .orElse(Double.NaN);
        }

        double meanLossOfLast(int k) {
            return loss.subList(Math.max(0, loss.size() - k), loss.size()).stream().mapToDouble(Double::doubleValue).average()
                    .orElse(Double.NaN);
        }
    }

    /** One depth and configuration, geometric means over seeds. */
    record Result(int depth, Config config, double[] atInit, double[] after, int stepsDone, double accuracyAfter, double lossAfter,
                  String note) {}

    private final Params p;

    VanishingGradientExperiment(Params params) {
        this.p = params;
    }

    @Override
    public Outcome run(ExperimentContext ctx) throws IOException {
        ExperimentData data = ctx.data().get();
        List<Long> seeds = ctx.seedsOr(p.seeds());
        int n = Math.min(data.train().size(), p.steps() * p.batch());
        TrainingSet train = TrainingSet.of(data.train().data().slice(0, n)).reshaped(data.features());
        int steps = (n + p.batch() - 1) / p.batch();
        ctx.log("data: " + data.description() + "; the first " + n + " training images, " + steps + " steps of batch " + p.batch());
        List<Result> results = new ArrayList<>();
        Csv csv = new Csv("depth", "config", "activation", "init", "seed", "layer", "grad_norm_init", "grad_norm_after",
                "steps", "train_accuracy_after", "train_loss_after");
        for (int depth : p.depths()) {
            int[] hidden = new int[depth];
            Arrays.fill(hidden, p.width());
            for (Config c : p.configs()) {
                List<double[]> inits = new ArrayList<>(), afters = new ArrayList<>();
                double acc = 0, loss = 0;
                int done = Integer.MAX_VALUE;
                String note = "";
                for (long seed : seeds) {
                    Sequential model = Training.mlp(data.features(), hidden, data.classes(), c.activation(), Init.parse(c.init()), seed);
                    GradientRecorder rec = new GradientRecorder();
                    try {
                        Training.fit(model, Training.sgd(model, p.lr(), p.momentum()), train, null, 1, p.batch(), seed, ctx.parallelism(),
                                List.of(rec));
                    } catch (ArithmeticException e) {
                        note = "diverged (seed " + seed + ", step " + (rec.steps() + 1) + ")";
                    }
                    done = Math.min(done, rec.steps());
                    double[] init = rec.steps() > 0 ? rec.at(0) : nan(depth + 1);
                    double[] after = rec.steps() == steps ? rec.meanOfLast(p.average()) : nan(depth + 1);
                    inits.add(init);
                    afters.add(after);
                    acc += rec.meanAccuracyOfLast(p.average()) / seeds.size();
                    loss += rec.meanLossOfLast(p.average()) / seeds.size();
                    for (int l = 0; l < depth + 1; l++) {
                        csv.row(depth, c.label(), c.activation(), c.init(), seed, l + 1, init[l], after[l], rec.steps(),
                                rec.meanAccuracyOfLast(p.average()), rec.meanLossOfLast(p.average()));
                    }
                }
                Result r = new Result(depth, c, geometricMean(inits), geometricMean(afters), done, acc, loss, note);
                results.add(r);
                ctx.log(String.format(Locale.ROOT, "depth %d, %-24s layer 1 / layer %d gradient norm: %s at init, %s after %d steps;"
                                + " accuracy of the last %d batches %s%s", depth, c.label(), depth + 1, Training.sci(ratio(r.atInit())),
                        Training.sci(ratio(r.after())), steps, p.average(), Training.pct(acc), note.isEmpty() ? "" : "; " + note));
            }
        }
        Path out = ctx.out();
        List<Path> files = new ArrayList<>();
        csv.write(out.resolve("results.csv"));
        files.add(out.resolve("results.csv"));
        Summary summary = new Summary("Vanishing gradients: weight-gradient norm per layer");
        List<String> headline = new ArrayList<>();
        List<List<String>> figures = new ArrayList<>();
        for (int depth : p.depths()) {
            List<Charts.Line> lines = new ArrayList<>();
            List<Result> rs = results.stream().filter(r -> r.depth() == depth).toList();
            double[] x = new double[depth + 1];
            Arrays.setAll(x, i -> i + 1);
            for (int k = 0; k < rs.size(); k++) {
                Result r = rs.get(k);
                lines.add(new Charts.Line(r.config().label() + ", init", x, log10(r.atInit()), null, null, k, false));
                lines.add(new Charts.Line(r.config().label() + ", after " + steps, x, log10(r.after()), null, null, k, true));
            }
            // log10 on a linear axis: a logarithmic axis over 30 decades labels every one of them.
            figures.add(Figures.save(out, "gradient-norms-depth-" + depth, Charts.lines("Weight-gradient norm per layer, " + depth
                    + " hidden layers of " + p.width(), "layer (1 = next to the input, " + (depth + 1) + " = output)",
                    "log10 of the gradient norm", lines, false)));
            StringBuilder h = new StringBuilder("depth " + depth + ", layer 1 / layer " + (depth + 1) + " gradient norm at initialisation: ");
            StringBuilder a = new StringBuilder("depth " + depth + ", layer 1 gradient norm at initialisation and after " + steps + " steps: ");
            for (int k = 0; k < rs.size(); k++) {
                h.append(k == 0 ? "" : "; ").append(rs.get(k).config().label()).append(" ").append(Training.sci(ratio(rs.get(k).atInit())));
                a.append(k == 0 ? "" : "; ").append(rs.get(k).config().label()).append(" ").append(Training.sci(rs.get(k).atInit()[0]))
                        .append(", ").append(Training.sci(rs.get(k).after()[0]));
            }
            headline.add(h.toString());
            headline.add(a.toString());
        }
        figures.forEach(f -> f.forEach(name -> files.add(out.resolve(name))));
        Result sig = find(results, p.depths()[p.depths().length - 1], "sigmoid");
        Result he = find(results, p.depths()[p.depths().length - 1], "relu, He");
        if (sig != null && he != null) {
            headline.add(String.format(Locale.ROOT, "claim: the input side of a deep sigmoid network gets vanishing gradients, relu with He's"
                            + " initialisation does not: %s (depth %d: ratio %s for sigmoid against %s for relu, He)",
                    ratio(sig.atInit()) < 1e-3 && ratio(he.atInit()) > 0.1 && ratio(he.atInit()) < 10 ? "holds" : "does not hold",
                    sig.depth(), Training.sci(ratio(sig.atInit())), Training.sci(ratio(he.atInit()))));
        }
        summary.bullets(headline);
        summary.heading("Protocol");
        summary.paragraph("Data: " + data.description() + ", standardised; the first " + n + " training images. Networks: plain MLPs "
                + data.features() + " -> " + Arrays.toString(p.depths()) + " hidden layers of " + p.width() + " -> " + data.classes()
                + ", the activation after each hidden layer, every layer (the output layer too) initialised as named, biases 0; no"
                + " normalisation, no skip connections. SGD lr " + p.lr() + ", momentum " + p.momentum() + ", batch " + p.batch() + ", "
                + steps + " steps; seeds " + seeds + ". Gradient norm: the Frobenius norm of a Dense layer's weight gradient over one batch"
                + " (mean cross-entropy). At initialisation: the first step's gradient, before any update. After training starts: the mean"
                + " of the last " + p.average() + " steps' norms. Figures are geometric means over the seeds.");
        summary.heading("First layer against last");
        List<List<String>> rows = new ArrayList<>();
        for (Result r : results) {
            rows.add(List.of(Integer.toString(r.depth()), r.config().label(), Training.sci(r.atInit()[0]),
                    Training.sci(r.atInit()[r.atInit().length - 1]), Training.sci(ratio(r.atInit())), Training.sci(ratio(r.after())),
                    Training.pct(r.accuracyAfter()), Training.f2(r.lossAfter()) + (r.note().isEmpty() ? "" : " (" + r.note() + ")")));
        }
        summary.table(List.of("depth", "configuration", "layer 1 norm, init", "last layer norm, init", "layer 1 / last, init",
                "layer 1 / last, after " + steps + " steps", "accuracy, last " + p.average() + " batches", "loss, last " + p.average()
                        + " batches"), rows);
        summary.heading("Charts");
        for (int i = 0; i < p.depths().length; i++) {
            summary.figure("Weight-gradient norm per layer, " + p.depths()[i] + " hidden layers (log10; solid: at initialisation,"
                    + " dashed: after " + steps + " steps; a missing point is a norm of exactly 0)", figures.get(i));
        }
        summary.paragraph("Raw figures: results.csv (one row per depth, configuration, seed and layer).");
        files.addAll(summary.write(out));
        return new Outcome(headline, files);
    }

    private static Result find(List<Result> results, int depth, String labelStart) {
        return results.stream().filter(r -> r.depth() == depth && r.config().label().startsWith(labelStart)).findFirst().orElse(null);
    }

    /** First layer's norm over the last layer's. */
    static double ratio(double[] norms) {
        return norms[0] / norms[norms.length - 1];
    }

    /** Per layer, the geometric mean over runs (0 if any run's norm is 0, NaN if any is NaN). */
    static double[] geometricMean(List<double[]> runs) {
        int n = runs.getFirst().length;
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            double logSum = 0;
            for (double[] r : runs) {
                logSum += Math.log(r[i]);
            }
            g[i] = Math.exp(logSum / runs.size());
        }
        return g;
    }

    private static double[] log10(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] > 0 ? Math.log10(v[i]) : Double.NaN;
        }
        return out;
    }

    private static double[] nan(int n) {
        double[] v = new double[n];
        Arrays.fill(v, Double.NaN);
        return v;
    }
}
