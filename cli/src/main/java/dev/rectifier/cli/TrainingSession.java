package dev.rectifier.cli;

import dev.rectifier.cli.report.Report;
import dev.rectifier.data.TrainingSet;
import dev.rectifier.io.Checkpoint;
import dev.rectifier.io.Json;
import dev.rectifier.io.ModelFile;
import dev.rectifier.kernels.Parallelism;
import dev.rectifier.loss.Loss;
import dev.rectifier.loss.MeanSquaredError;
import dev.rectifier.loss.SoftmaxCrossEntropy;
import dev.rectifier.nn.Context;
import dev.rectifier.nn.Layer;
import dev.rectifier.nn.Parameter;
import dev.rectifier.nn.Sequential;
import dev.rectifier.optim.Optimizer;
import dev.rectifier.optim.Schedule;
import dev.rectifier.tensor.Tensor;
import dev.rectifier.train.Evaluation;
import dev.rectifier.train.History;
import dev.rectifier.train.Trainer;
import dev.rectifier.train.TrainingListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The machinery behind {@code train}, {@code --resume} and {@code quickstart}: data, model,
 * trainer with its listeners (extra ones first, then progress, metrics files, checkpoints),
 * Ctrl-C handling, the final test evaluation with the best model, the summary and the report.
 */
final class TrainingSession {
    /** Exit code of an interrupted run (128 + SIGINT, as shells report it). */
    static final int INTERRUPTED = 130;

    private final CliEnvironment env;
    private final PrintWriter out;
    private final PrintWriter err;
    private final List<TrainingListener> extraListeners;
    private final StopSignal stop;

    /**
     * @param extraListeners listeners run before the session's own, so that figures they add to
     *                       the epoch metrics reach the metrics files and the report
     */
    TrainingSession(CliEnvironment env, PrintWriter out, PrintWriter err, List<TrainingListener> extraListeners) {
        this(env, out, err, extraListeners, new StopSignal());
    }

    /** As above, with the stop signal that Ctrl-C (or a test) raises. */
    TrainingSession(CliEnvironment env, PrintWriter out, PrintWriter err, List<TrainingListener> extraListeners, StopSignal stop) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.extraListeners = List.copyOf(extraListeners);
        this.stop = stop;
    }

    /** Trains a new run into {@code runDir}. */
    int start(TrainSettings settings, Path runDir) throws IOException {
        RunDirectory dir = RunDirectory.create(runDir);
        try {
            return execute(dir, settings, null);
        } catch (RuntimeException | IOException | Error e) {
            dir.removeIfUnused();
            throw e;
        }
    }

    /** Continues the run in {@code runDir} from its last complete checkpoint, with its recorded settings. */
    int resume(Path runDir) throws IOException {
        RunDirectory dir = RunDirectory.existing(runDir);
        TrainSettings settings = dir.readSettings();
        Checkpoint.Loaded checkpoint = dir.latestCheckpoint().orElse(null);
        if (checkpoint == null) {
            out.println("no complete checkpoint in " + runDir + " yet: training again from epoch 1 with the recorded settings");
        }
        return execute(dir, settings, checkpoint);
    }

    /** A model, the per-sample input shape it takes, whether it classifies, and its architecture description. */
    private record Plan(Sequential model, int[] inputShape, boolean classification) {}

    private int execute(RunDirectory dir, TrainSettings s, Checkpoint.Loaded checkpoint) throws IOException {
        long wallStart = System.nanoTime();
        out.println("run directory: " + dir.path());
        RunData.Raw raw = RunData.raw(s.data(), s.label(), s.testData(), s.seed(), env.systemDataDir());
        out.println("data: " + raw.description());
        Plan plan = checkpoint == null ? plan(s, raw) : resumedPlan(checkpoint, raw);
        RunData.Prepared data = RunData.prepare(raw, s, !plan.classification());
        if (checkpoint != null) {
            Object recorded = checkpoint.model().metadata().get("data");
            if (recorded != null && !recorded.equals(raw.description())) {
                throw CliException.failure("the data differ from those the run started with (" + recorded + ", now "
                        + raw.description() + "); resume with the same data, e.g. --data as recorded in " + dir.path().resolve(RunDirectory.SETTINGS));
            }
        }
        TrainingSet train = view(data.train(), plan.inputShape());
        TrainingSet validation = data.validation() == null ? null : view(data.validation(), plan.inputShape());
        TrainingSet test = view(data.test(), plan.inputShape());
        Map<String, Object> metadata = metadata(s, raw, data, plan);
        out.println("model: " + s.model() + " " + describe(plan.model(), plan.inputShape()) + ", " + parameterCount(plan.model())
                + " parameters" + (s.builtIn() ? ", activation " + s.activation() : ""));
        out.println("training: " + s.epochs() + (s.epochs() == 1 ? " epoch" : " epochs") + ", batch size " + s.batchSize() + ", " + s.optimizer() + ", schedule "
                + s.schedule() + ", seed " + s.seed() + ", " + s.threads() + " thread" + (s.threads() == 1 ? "" : "s") + "; "
                + train.size() + " training, " + (validation == null ? 0 : validation.size()) + " validation, " + test.size() + " test samples");
        if (checkpoint == null) {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("data_description", raw.description());
            extra.put("normalization", data.normalization().toMap());
            extra.put("started", env.clock().instant().toString());
            dir.writeSettings(s, extra);
        }

        int firstEpoch = checkpoint == null ? 1 : checkpoint.progress().epoch() + 1;
        String monitor = CheckpointWriter.monitor(plan.classification(), validation != null);
        CheckpointWriter checkpoints = new CheckpointWriter(dir, plan.inputShape(), metadata, s.seed(), monitor, s.toMap());
        MetricsFiles metrics = checkpoint == null ? MetricsFiles.create(dir.path()) : MetricsFiles.resume(dir.path(), firstEpoch - 1);
        if (checkpoint != null) {
            checkpoints.resumeFrom(checkpoint.progress());
            out.println("resuming after epoch " + checkpoint.progress().epoch() + " of " + s.epochs() + " (checkpoint "
                    + checkpoint.directory().getFileName() + ")");
        }
        ProgressListener progress = new ProgressListener(out, env.terminal(), plan.classification());
        Thread hook = null;
        try (Parallelism parallelism = Parallelism.threads(s.threads())) {
            Optimizer optimizer = Optimizer.parse(s.optimizer(), plan.model().parameters());
            Trainer.Builder builder = Trainer.builder().epochs(s.epochs()).batchSize(s.batchSize()).seed(s.seed())
                    .parallelism(parallelism).loss(loss(plan.classification())).optimizer(optimizer)
                    .schedule(Schedule.parse(s.schedule())).listener(stop);
            extraListeners.forEach(builder::listener);
            Trainer trainer = builder.listener(progress).listener(metrics).listener(checkpoints).build();
            if (checkpoint != null) {
                checkpoint.restore(optimizer); // after build(): the trainer keeps the base rate, the checkpoint sets the current one
            }
            if (env.interruptible()) {
                hook = new Thread(() -> {
                    stop.request();
                    try {
                        stop.awaitStopped(60);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "rectifier-stop");
                Runtime.getRuntime().addShutdownHook(hook);
            }
            History history = null;
            if (firstEpoch <= s.epochs()) {
                try {
                    history = trainer.fit(plan.model(), train, validation, firstEpoch);
                } catch (RuntimeException e) {
                    progress.closeBar();
                    if (!(e instanceof StopSignal.Interrupted) && !stop.requested()) {
                        if (e instanceof ArithmeticException) {
                            throw CliException.failure(e.getMessage() + "; the last good checkpoint is in " + dir.checkpoints(), e);
                        }
                        throw e instanceof UncheckedIOException ? CliException.failure(e.getMessage(), e) : e;
                    }
                    // Once Ctrl-C has come the JVM is shutting down, and a failure now is part of
                    // the interruption rather than a fault of its own.
                }
                if (stop.requested()) {
                    // Also when the signal came after the epoch's last batch: fit then ends normally.
                    int done = lastCheckpointEpoch(dir);
                    err.println("interrupted: " + (done == 0 ? "no epoch was completed, so there is no checkpoint yet"
                            : "epoch " + done + " is the last complete checkpoint") + "; continue with: rectifier train --resume "
                            + dir.path());
                    err.flush();
                    return INTERRUPTED;
                }
            } else {
                out.println("all " + s.epochs() + " epochs were already done; evaluating and writing the report again");
            }
            return finish(dir, s, raw, test, plan, data.normalization(), metrics, checkpoints, parallelism, history, checkpoint,
                    wallStart);
        } finally {
            stop.stopped();
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // The JVM is exiting: the hook is running and waits for stopped(), signalled above.
                }
            }
        }
    }

    private static int lastCheckpointEpoch(RunDirectory dir) {
        try {
            return Checkpoint.loadLatest(dir.checkpoints()).map(c -> c.progress().epoch()).orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }

    private int finish(RunDirectory dir, TrainSettings s, RunData.Raw raw, TrainingSet test, Plan plan,
                       RunData.Normalization normalization, MetricsFiles metrics,
                       CheckpointWriter checkpoints, Parallelism parallelism, History history, Checkpoint.Loaded resumedFrom,
                       long wallStart) throws IOException {
        boolean fromBest = Files.exists(dir.best().resolve(ModelFile.ARCHITECTURE_FILE));
        Sequential model = fromBest ? RunDirectory.loadModel(dir.best()).model() : plan.model();
        long evalStart = System.nanoTime();
        Evaluation e = Evaluation.of(model, test, loss(plan.classification()), s.batchSize(), parallelism);
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

    private Plan plan(TrainSettings s, RunData.Raw raw) {
        SplittableRandom random = new SplittableRandom(s.seed());
        int classes = raw.train().classCount();
        int features = raw.train().featureCount();
        int[] shape = raw.train().sampleShape();
        List<Map<String, Object>> layers;
        int[] input;
        boolean classification = true;
        switch (s.model()) {
            case "mlp" -> {
                layers = Models.mlp(features, s.hidden(), classes, s.activation(), random);
                input = new int[] {features};
            }
            case "cnn" -> {
                if (!Arrays.equals(shape, new int[] {1, 28, 28})) {
                    throw CliException.usage("the cnn model takes 28x28 grey images but the data has samples of shape "
                            + Arrays.toString(shape) + "; use --model mlp for tabular data");
                }
                layers = Models.cnn(classes, s.activation(), random);
                input = shape;
            }
            case "autoencoder" -> {
                layers = Models.autoencoder(features, s.hidden(), s.activation(), random);
                input = new int[] {features};
                classification = false;
            }
            default -> {
                Architecture a = Architecture.read(Path.of(s.model()));
                layers = a.layers();
                input = a.inputShape();
                Sequential model = build(s, layers, random);
                int[] output = outputShape(model, input, s.model());
                if (size(input) != features) {
                    throw CliException.usage(s.model() + " takes input " + Arrays.toString(input) + " but the data has samples of "
                            + features + " values " + Arrays.toString(shape) + "; use a model for this data");
                }
                if (output.length == 1 && output[0] == classes) {
                    classification = true;
                } else if (size(output) == features) {
                    classification = false;
                } else {
                    throw CliException.usage(s.model() + " outputs " + Arrays.toString(output) + " per sample, which is neither one score per class ("
                            + classes + ") nor a reconstruction of the input (" + features + " values)");
                }
                return new Plan(model, input, classification);
            }
        }
        return new Plan(build(s, layers, random), input, classification);
    }

    private static Sequential build(TrainSettings s, List<Map<String, Object>> layers, SplittableRandom random) {
        try {
            return Models.build(layers, random);
        } catch (IllegalArgumentException e) {
            throw CliException.failure("cannot build the " + s.model() + " model: " + e.getMessage(), e);
        }
    }

    private static int[] outputShape(Sequential model, int[] input, String name) {
        try {
            return model.outputShape(input);
        } catch (IllegalArgumentException e) {
            throw CliException.failure(name + ": the layers do not fit together: " + e.getMessage(), e);
        }
    }

    private static Plan resumedPlan(Checkpoint.Loaded checkpoint, RunData.Raw raw) {
        ModelFile.Loaded m = checkpoint.model();
        boolean classification = !"reconstruction".equals(m.metadata().get("task"));
        return new Plan(m.model(), m.inputShape(), classification);
    }

    private static TrainingSet view(dev.rectifier.data.Dataset d, int[] shape) {
        try {
            return TrainingSet.of(d).reshaped(shape);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("the model takes input " + Arrays.toString(shape) + " but the data has samples of shape "
                    + Arrays.toString(d.sampleShape()) + "; use a model for this data");
        }
    }

    private static Loss loss(boolean classification) {
        return classification ? new SoftmaxCrossEntropy() : new MeanSquaredError();
    }

    private static Map<String, Object> metadata(TrainSettings s, RunData.Raw raw, RunData.Prepared data, Plan plan) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", plan.classification() ? "classification" : "reconstruction");
        m.put("model", s.builtIn() ? s.model() : "file " + s.model());
        m.put("activation", s.builtIn() ? s.activation() : null);
        m.put("class_names", raw.train().classNames());
        m.put("input", data.kind() == RunData.Kind.IMAGES ? "images" : "table");
        m.put("sample_shape", raw.train().sampleShape());
        if (!raw.train().featureNames().isEmpty()) {
            m.put("feature_names", raw.train().featureNames());
        }
        m.put("normalization", data.normalization().toMap());
        m.put("data", raw.description());
        m.put("settings", s.toMap());
        return m;
    }

    private static Map<String, String> reportSettings(TrainSettings s, RunData.Raw raw, Plan plan, RunDirectory dir) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("model", s.model() + ": " + describe(plan.model(), plan.inputShape()));
        m.put("parameters", Long.toString(parameterCount(plan.model())));
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

    private static Report.Samples samples(RunData.Raw raw, TrainingSet test, Evaluation e, Plan plan) {
        int[] shape = raw.test().sampleShape();
        if (!plan.classification() || shape.length != 3 || shape[0] != 1 || test.size() == 0) {
            return null;
        }
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < test.size() && chosen.size() < 24; i++) {
            chosen.add(i);
        }
        for (int i = chosen.size(); i < test.size() && chosen.size() < 32; i++) {
            if (e.predictions()[i] != raw.test().label(i)) {
                chosen.add(i);
            }
        }
        int n = chosen.size(), size = raw.test().featureCount();
        float[][] pixels = new float[n][size];
        int[] predicted = new int[n], actual = new int[n];
        for (int k = 0; k < n; k++) {
            int i = chosen.get(k);
            raw.test().copySample(i, pixels[k], 0);
            predicted[k] = e.predictions()[i];
            actual[k] = raw.test().label(i);
        }
        return new Report.Samples(pixels, shape[1], shape[2], predicted, actual);
    }

    /** The first test images and their reconstructions, mapped back from the normalised scale to pixels. */
    private static Report.Reconstructions reconstructions(RunData.Raw raw, TrainingSet test, Sequential model, Plan plan,
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

    /** "[784] dense [256] dense [256] dense [10]": each leaf layer's type and output shape. */
    static String describe(Sequential model, int[] inputShape) {
        StringBuilder s = new StringBuilder(Arrays.toString(inputShape));
        int[] shape = inputShape;
        for (Layer l : model.leaves()) {
            shape = l.outputShape(shape);
            s.append(" -> ").append(l.type()).append(' ').append(Arrays.toString(shape));
        }
        return s.toString();
    }

    static long parameterCount(Sequential model) {
        long n = 0;
        for (Parameter p : model.parameters()) {
            n += p.size();
        }
        return n;
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
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
