package dev.rectifier.cli;

import dev.rectifier.cli.report.Report;
import dev.rectifier.data.TrainingSet;
import dev.rectifier.io.Checkpoint;
import dev.rectifier.io.ModelFile;
import dev.rectifier.kernels.Parallelism;
import dev.rectifier.loss.MeanSquaredError;
import dev.rectifier.loss.SoftmaxCrossEntropy;
import dev.rectifier.nn.Context;
import dev.rectifier.nn.Sequential;
import dev.rectifier.tensor.Tensor;
import dev.rectifier.train.Evaluation;
import dev.rectifier.train.History;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The end of a training run: the test evaluation of the best model, {@code summary.json} (test
 * figures, timings), the report's content (settings, timings, test figures, sample predictions or
 * reconstructions) and the closing lines of output.
 */
final class Results {
    private final PrintWriter out;
    private final RunDirectory dir;
    private final TrainSettings settings;
    private final RunData.Raw raw;
    private final TrainingSession.Plan plan;
    private final RunData.Normalization normalization;
    private final Parallelism parallelism;

    Results(PrintWriter out, RunDirectory dir, TrainSettings settings, RunData.Raw raw, TrainingSession.Plan plan,
            RunData.Normalization normalization, Parallelism parallelism) {
        this.out = out;
        this.dir = dir;
        this.settings = settings;
        this.raw = raw;
        this.plan = plan;
        this.normalization = normalization;
        this.parallelism = parallelism;
    }

    /**
     * Evaluates the best model (or the final one, when none was saved) on the test set, writes
     * summary.json and the report, and prints the test figures and where the report is.
     */
    int write(TrainingSet test, MetricsFiles metrics, CheckpointWriter checkpoints, History history, Checkpoint.Loaded resumedFrom,
              long wallStart) throws IOException {
        RunDirectory dir = this.dir;
        TrainSettings s = settings;
        boolean fromBest = Files.exists(dir.best().resolve(ModelFile.ARCHITECTURE_FILE));
        Sequential model = fromBest ? RunDirectory.loadModel(dir.best()).model() : plan.model();
        long evalStart = System.nanoTime();
        Evaluation e = Evaluation.of(model, test, plan.classification() ? new SoftmaxCrossEntropy() : new MeanSquaredError(),
                s.batchSize(), parallelism);
        double evalSeconds = (System.nanoTime() - evalStart) / 1e9;
        List<Map<String, Double>> rows = metrics.rows().isEmpty() ? MetricsFiles.read(dir.path()) : metrics.rows();
        String which = fromBest ? "the best model (" + checkpoints.monitor() + " " + format(checkpoints.monitor(), checkpoints.best())
                + " at epoch " + checkpoints.bestEpoch() + ")" : "the final model";

        Map<String, Object> summary = new LinkedHashMap<>();
        Map<String, String> testFigures = new LinkedHashMap<>();
        summary.put("test_loss", e.loss());
        testFigures.put(plan.classification() ? "test loss (cross-entropy)" : "test loss (mean squared error)", fmt(e.loss(), 5));
        if (plan.classification()) {
            long correct = 0;
            for (int k = 0; k < e.confusion().length; k++) {
                correct += e.confusion()[k][k];
            }
            summary.put("test_accuracy", e.accuracy());
            summary.put("test_correct", correct);
            summary.put("confusion", e.confusion());
            testFigures.put("test accuracy", String.format(Locale.ROOT, "%.2f%% (%d of %d)", 100 * e.accuracy(), correct, test.size()));
            List<String> names = raw.train().classNames();
            if (names.size() <= 20) {
                for (int k = 0; k < names.size(); k++) {
                    int total = Arrays.stream(e.confusion()[k]).sum();
                    testFigures.put("accuracy on " + names.get(k), total == 0 ? "no samples"
                            : String.format(Locale.ROOT, "%.1f%% of %d", 100.0 * e.confusion()[k][k] / total, total));
                }
            }
        }
        testFigures.put("model evaluated", which);
        summary.put("model_evaluated", fromBest ? "best" : "final");
        summary.put("monitor", checkpoints.monitor());
        summary.put("best_epoch", checkpoints.bestEpoch());

        double trainSeconds = 0, samples = 0;
        for (Map<String, Double> r : rows) {
            double sec = r.getOrDefault("seconds", Double.NaN);
            if (Double.isFinite(sec)) {
                trainSeconds += sec;
                samples += sec * r.getOrDefault("samples_per_second", 0.0);
            }
        }
        double wall = (System.nanoTime() - wallStart) / 1e9;
        summary.put("epochs_completed", rows.size());
        summary.put("train_seconds", trainSeconds);
        summary.put("samples_per_second", trainSeconds > 0 ? samples / trainSeconds : Double.NaN);
        summary.put("evaluation_seconds", evalSeconds);
        summary.put("session_wall_seconds", wall);
        summary.put("resumed_after_epoch", resumedFrom == null ? null : resumedFrom.progress().epoch());
        dir.writeSummary(sanitise(summary));

        Map<String, String> timings = new LinkedHashMap<>();
        timings.put("training (all epochs)", String.format(Locale.ROOT, "%.1f s over %d epoch%s (%.1f s per epoch on average)",
                trainSeconds, rows.size(), rows.size() == 1 ? "" : "s", rows.isEmpty() ? 0 : trainSeconds / rows.size()));
        timings.put("throughput", String.format(Locale.ROOT, "%.0f samples/s", trainSeconds > 0 ? samples / trainSeconds : 0));
        timings.put("test evaluation", String.format(Locale.ROOT, "%.1f s", evalSeconds));
        timings.put("this session, wall clock", String.format(Locale.ROOT, "%.1f s (data, training, validation, checkpoints, evaluation)", wall));
        timings.put("threads", Integer.toString(s.threads()));

        List<String> notes = new ArrayList<>();
        if (resumedFrom != null) {
            notes.add("Resumed after epoch " + resumedFrom.progress().epoch() + "; the earlier epochs' figures come from the metrics files.");
        }
        if (history != null && history.stoppedEarly()) {
            notes.add("Stopped early after epoch " + history.last().epoch() + ".");
        }
        Report.Content content = new Report.Content("Rectifier run " + dir.path().getFileName(), reportSettings(s, raw, plan, dir),
                rows, plan.classification(), testFigures, plan.classification() ? e.confusion() : null, raw.train().classNames(),
                samples(raw, test, e, plan), reconstructions(raw, test, model, plan, normalization, parallelism), timings, notes);
        Path page = Report.write(dir.path(), content);

        out.println(plan.classification()
                ? String.format(Locale.ROOT, "test accuracy %.2f%%, loss %.4f, with %s", 100 * e.accuracy(), e.loss(), which)
                : String.format(Locale.ROOT, "test loss (mean squared error) %.5f, with %s", e.loss(), which));
        out.println(String.format(Locale.ROOT, "time: %.1f s training (%.0f samples/s), %.1f s in all", trainSeconds,
                trainSeconds > 0 ? samples / trainSeconds : 0, wall));
        out.println("report: " + page);
        out.flush();
        return 0;
    }

    private static Map<String, String> reportSettings(TrainSettings s, RunData.Raw raw, TrainingSession.Plan plan, RunDirectory dir) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("model", s.model() + ": " + TrainingSession.describe(plan.model(), plan.inputShape()));
        m.put("parameters", Long.toString(TrainingSession.parameterCount(plan.model())));
        m.put("activation", s.builtIn() ? s.activation() : "as in the model file");
        m.put("loss", plan.classification() ? "softmax cross-entropy" : "mean squared error (reconstruction)");
        m.put("optimizer", s.optimizer());
        m.put("schedule", s.schedule());
        m.put("epochs", Integer.toString(s.epochs()));
        m.put("batch size", Integer.toString(s.batchSize()));
        m.put("seed", Long.toString(s.seed()));
        m.put("threads", Integer.toString(s.threads()));
        m.put("data", raw.description());
        m.put("validation", s.validation() == 0 ? "none" : fmt(100 * s.validation(), 3) + "% of the training data, stratified, seeded");
        m.put("normalisation", plan.classification() ? "standardised with the training split's mean and standard deviation"
                : "min-max scaled to [0, 1] on the training split");
        m.put("run directory", dir.path().toString());
        return m;
    }

    private static Report.Samples samples(RunData.Raw raw, TrainingSet test, Evaluation e, TrainingSession.Plan plan) {
        int[] shape = raw.test().sampleShape();
        if (!plan.classification() || shape.length != 3 || shape[0] != 1 || test.size() == 0) {
            return null;
        }
        // The first 24 test images as they come, then the next mistakes, so that some always show.
        List<Integer> chosen = new ArrayList<>();
        int right = 0;
        for (int i = 0; i < test.size() && chosen.size() < 24; i++) {
            chosen.add(i);
            right += e.predictions()[i] == raw.test().label(i) ? 1 : 0;
        }
        int first = chosen.size();
        for (int i = first; i < test.size() && chosen.size() < 32; i++) {
            if (e.predictions()[i] != raw.test().label(i)) {
                chosen.add(i);
            }
        }
        String title = "The first " + first + " test images (" + right + " right), then the next " + (chosen.size() - first)
                + " mistakes; mistakes in red with the true class";
        int n = chosen.size(), size = raw.test().featureCount();
        float[][] pixels = new float[n][size];
        int[] predicted = new int[n], actual = new int[n];
        for (int k = 0; k < n; k++) {
            int i = chosen.get(k);
            raw.test().copySample(i, pixels[k], 0);
            predicted[k] = e.predictions()[i];
            actual[k] = raw.test().label(i);
        }
        return new Report.Samples(title, pixels, shape[1], shape[2], predicted, actual);
    }

    /** The first test images and their reconstructions, mapped back from the normalised scale to pixels. */
    private static Report.Reconstructions reconstructions(RunData.Raw raw, TrainingSet test, Sequential model, TrainingSession.Plan plan,
                                                          RunData.Normalization norm, Parallelism parallelism) {
        int[] shape = raw.test().sampleShape();
        if (plan.classification() || shape.length != 3 || shape[0] != 1 || test.size() == 0) {
            return null;
        }
        int n = Math.min(20, test.size()), size = test.sampleSize();
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        int[] batchShape = new int[plan.inputShape().length + 1];
        batchShape[0] = n;
        System.arraycopy(plan.inputShape(), 0, batchShape, 1, plan.inputShape().length);
        Tensor x = Tensor.zeros(batchShape);
        test.features(all, 0, n, x.data(), 0);
        Tensor y = model.forward(x, Context.eval(parallelism));
        float[][] originals = new float[n][size], reconstructed = new float[n][size];
        double[] errors = new double[n];
        float[] out = y.data();
        for (int i = 0; i < n; i++) {
            raw.test().copySample(i, originals[i], 0);
            double sum = 0;
            for (int j = 0; j < size; j++) {
                float target = x.data()[i * size + j];
                float predicted = out[y.offset() + i * size + j];
                sum += (double) (predicted - target) * (predicted - target);
                reconstructed[i][j] = predicted * norm.scale()[norm.scale().length == 1 ? 0 : j]
                        + norm.shift()[norm.shift().length == 1 ? 0 : j];
            }
            errors[i] = sum / size;
        }
        return new Report.Reconstructions(originals, reconstructed, shape[1], shape[2], errors);
    }

    private static String fmt(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "g", v);
    }

    private static String format(String monitor, double v) {
        return monitor.endsWith("accuracy") ? String.format(Locale.ROOT, "%.2f%%", 100 * v) : String.format(Locale.ROOT, "%.5f", v);
    }

    /** The summary with NaN figures as null (JSON has no NaN). */
    private static Map<String, Object> sanitise(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v instanceof Double d && !Double.isFinite(d) ? null : v));
        return out;
    }
}
