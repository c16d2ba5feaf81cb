package dev.rectifier.cli;

import dev.rectifier.diagnostics.DiagnosticsListener;
import dev.rectifier.data.TrainingSet;
import dev.rectifier.io.Checkpoint;
import dev.rectifier.io.ModelFile;
import dev.rectifier.kernels.Parallelism;
import dev.rectifier.loss.Loss;
import dev.rectifier.loss.MeanSquaredError;
import dev.rectifier.loss.SoftmaxCrossEntropy;
import dev.rectifier.nn.Layer;
import dev.rectifier.nn.Parameter;
import dev.rectifier.nn.Sequential;
import dev.rectifier.optim.Optimizer;
import dev.rectifier.optim.Schedule;
import dev.rectifier.train.History;
import dev.rectifier.train.Trainer;
import dev.rectifier.train.TrainingListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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
    record Plan(Sequential model, int[] inputShape, boolean classification) {}

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
        DiagnosticsListener diagnostics = s.diagnostics()
                ? DiagnosticsListener.standard(s.revive(), s.seed(), line -> {
                    out.println(line);
                    out.flush();
                })
                : null;
        ProgressListener progress = new ProgressListener(out, env.terminal(), plan.classification(),
                diagnostics == null ? () -> Double.NaN : diagnostics::latestDeadFraction);
        Thread hook = null;
        try (Parallelism parallelism = Parallelism.threads(s.threads())) {
            Optimizer optimizer = Optimizer.parse(s.optimizer(), plan.model().parameters());
            Trainer.Builder builder = Trainer.builder().epochs(s.epochs()).batchSize(s.batchSize()).seed(s.seed())
                    .parallelism(parallelism).loss(loss(plan.classification())).optimizer(optimizer)
                    .schedule(Schedule.parse(s.schedule())).listener(stop);
            extraListeners.forEach(builder::listener);
            if (diagnostics != null) {
                builder.listener(diagnostics); // before the metrics files, which then hold its figures
            }
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
            return new Results(out, dir, s, raw, plan, data.normalization(), parallelism).write(test, metrics, checkpoints, history,
                    checkpoint, wallStart);
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

}
