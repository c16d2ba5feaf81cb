package dev.rectifier.io;

import dev.rectifier.nn.Sequential;
import dev.rectifier.optim.Optimizer;
import dev.rectifier.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Training checkpoints for {@code --resume}: everything needed to continue a run so that it
 * ends with the weights the uninterrupted run would have had.
 *
 * <p>A checkpoint is a directory {@code epoch-NNNN} under a root, holding the model
 * ({@link ModelFile}: {@code model.json}, {@code model.safetensors}), the optimiser's state
 * ({@value #OPTIMIZER_FILE}: {@link Optimizer#state()}, with the optimiser's spec in its
 * metadata) and the progress ({@value #PROGRESS_FILE}: epoch completed, global step, seed,
 * monitored metric and its best value and epoch, the exact learning rate, free settings). No
 * random generator state is needed: the trainer derives each epoch's shuffle from (seed, epoch).
 *
 * <p>Crash safety, by a pointer file: a checkpoint is written completely into a temporary
 * directory ({@code .epoch-NNNN.tmp-RANDOM}), every file synced; the directory is renamed to
 * its final, new name; only then is the small file {@value #LATEST}, which names the current
 * checkpoint, replaced atomically ({@link AtomicFiles}); old checkpoints are pruned last. The
 * replacement of {@value #LATEST} is the single commit point, so an interruption anywhere
 * leaves {@value #LATEST} naming a complete checkpoint: the previous one before the commit, the
 * new one after it. Leftover temporary directories are never read and are removed by the next
 * save. One writer per root is assumed.
 *
 * <p>The best model (when the monitored metric improves) is a separate {@link ModelFile} in
 * {@code ROOT/best}; see {@link #saveBest}.
 */
public final class Checkpoint {
    private Checkpoint() {}

    public static final String FORMAT = "rectifier-checkpoint";
    public static final int VERSION = 1;
    /** The pointer file naming the current checkpoint directory. */
    public static final String LATEST = "latest";
    /** The directory of the best model. */
    public static final String BEST = "best";
    public static final String OPTIMIZER_FILE = "optimizer.safetensors";
    public static final String PROGRESS_FILE = "progress.json";

    private static final Pattern NAME = Pattern.compile("epoch-(\\d+)(?:\\.(\\d+))?");

    /**
     * Where a run stands after an epoch.
     *
     * @param epoch      the last completed epoch (1-based); a resumed run starts at epoch + 1
     * @param globalStep optimiser steps taken so far
     * @param seed       the trainer's seed (with the epoch, it fixes the shuffle)
     * @param monitor    the metric that decides the best model ({@code val_loss}), or null
     * @param bestMetric its best value so far, or NaN when none yet
     * @param bestEpoch  the epoch of that value, or 0
     * @param settings   free JSON-compatible values (the run's command-line settings, the base
     *                   learning rate and schedule a resumed run must reuse), or empty
     */
    public record Progress(int epoch, long globalStep, long seed, String monitor, double bestMetric, int bestEpoch,
                           Map<String, Object> settings) {
        public Progress {
            if (epoch < 0 || globalStep < 0 || bestEpoch < 0) {
                throw new IllegalArgumentException("epoch=" + epoch + ", globalStep=" + globalStep + ", bestEpoch=" + bestEpoch
                        + " must all be >= 0");
            }
            settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        }
    }

    /**
     * A loaded checkpoint.
     *
     * @param optimizerSpec the optimiser's spec when saved (its {@code lr} is the rate then, after
     *                      any schedule; the base rate belongs in the settings)
     * @param learningRate  the optimiser's exact rate when saved (its state keeps it as a float)
     */
    public record Loaded(Path directory, ModelFile.Loaded model, String optimizerSpec, double learningRate,
                         Map<String, Tensor> optimizerState, Progress progress) {

        /**
         * Restores the saved state into {@code optimizer}, which must be built over
         * {@code model().model().parameters()} with the same kind and settings.
         *
         * @throws FileFormatException naming the optimiser file if the state does not fit
         */
        public void restore(Optimizer optimizer) throws FileFormatException {
            try {
                optimizer.loadState(optimizerState);
            } catch (IllegalArgumentException e) {
                throw new FileFormatException(directory.resolve(OPTIMIZER_FILE), e.getMessage() + " (saved by " + optimizerSpec
                        + ", restoring into " + optimizer.spec() + ")", e);
            }
            optimizer.setLearningRate(learningRate);
        }

        /** A new optimiser from the saved spec over the loaded model's parameters, with the saved state. */
        public Optimizer optimizer() throws FileFormatException {
            Optimizer o;
            try {
                o = Optimizer.parse(optimizerSpec, model.model().parameters());
            } catch (IllegalArgumentException e) {
                throw new FileFormatException(directory.resolve(OPTIMIZER_FILE), "optimizer spec: " + e.getMessage(), e);
            }
            restore(o);
            return o;
        }
    }

    /**
     * Saves a checkpoint under {@code root} and makes it the latest, then keeps only the
     * {@code keep} newest checkpoints (the latest always among them).
     *
     * @param inputShape    per-sample input shape of the model
     * @param modelMetadata free metadata for model.json (may be null)
     * @return the new checkpoint's directory
     */
    public static Path save(Path root, Sequential model, int[] inputShape, Map<String, Object> modelMetadata, Optimizer optimizer,
                            Progress progress, int keep) throws IOException {
        Objects.requireNonNull(optimizer, "optimizer is null");
        Objects.requireNonNull(progress, "progress is null");
        if (keep < 1) {
            throw new IllegalArgumentException("keep=" + keep + " but at least the latest checkpoint must be kept");
        }
        Map<String, Object> doc = progressDocument(optimizer, progress);
        Json.writePretty(doc); // refuses unwritable settings before anything is written
        Files.createDirectories(root);
        String name = freeName(root, String.format("epoch-%04d", progress.epoch()));
        Path tmp = AtomicFiles.temporarySibling(root.toAbsolutePath(), name);
        try {
            Files.createDirectory(tmp);
            ModelFile.save(tmp, model, inputShape, modelMetadata);
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("optimizer", optimizer.spec());
            SafeTensors.write(tmp.resolve(OPTIMIZER_FILE), optimizer.state(), meta);
            Json.write(tmp.resolve(PROGRESS_FILE), doc);
            AtomicFiles.syncDirectory(tmp);
            Files.move(tmp, root.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException | Error e) {
            try {
                deleteTree(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        AtomicFiles.syncDirectory(root.toAbsolutePath());
        AtomicFiles.write(root.resolve(LATEST), out -> out.write((name + "\n").getBytes(StandardCharsets.UTF_8)));
        prune(root, name, keep);
        return root.resolve(name);
    }

    private static Map<String, Object> progressDocument(Optimizer optimizer, Progress p) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", FORMAT);
        doc.put("version", VERSION);
        doc.put("epoch", p.epoch());
        doc.put("global_step", p.globalStep());
        doc.put("seed", p.seed());
        doc.put("monitor", p.monitor());
        doc.put("best_metric", Double.isFinite(p.bestMetric()) ? p.bestMetric() : null);
        doc.put("best_epoch", p.bestEpoch());
        Map<String, Object> opt = new LinkedHashMap<>();
        opt.put("spec", optimizer.spec());
        opt.put("learning_rate", optimizer.learningRate());
        opt.put("steps", optimizer.steps());
        opt.put("file", OPTIMIZER_FILE);
        doc.put("optimizer", opt);
        doc.put("settings", p.settings());
        return doc;
    }

    /**
     * The checkpoint {@value #LATEST} names under {@code root}, or empty when there is none (no
     * root, or no checkpoint was ever completed there).
     *
     * @throws FileFormatException if the pointer or the checkpoint it names is unusable
     */
    public static Optional<Loaded> loadLatest(Path root) throws IOException {
        Path pointer = root.resolve(LATEST);
        if (!Files.exists(pointer)) {
            return Optional.empty();
        }
        String name = Json.decodeUtf8(Files.readAllBytes(pointer), pointer).strip();
        if (!NAME.matcher(name).matches()) {
            throw new FileFormatException(pointer, "holds \"" + name + "\", not a checkpoint directory name such as epoch-0007");
        }
        Path dir = root.resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new FileFormatException(pointer, "names " + name + ", which does not exist in " + root);
        }
        return Optional.of(load(dir));
    }

    /**
     * Loads the checkpoint in {@code directory}.
     *
     * @throws FileFormatException naming the file and the problem
     */
    public static Loaded load(Path directory) throws IOException {
        ModelFile.Loaded model = ModelFile.load(directory);
        Path progressFile = directory.resolve(PROGRESS_FILE);
        Map<String, Object> doc = Json.readObject(progressFile);
        if (!FORMAT.equals(doc.get("format"))) {
            throw new FileFormatException(progressFile, "format is not \"" + FORMAT + "\": not a Rectifier checkpoint");
        }
        long version = Fields.integer(doc, "version", progressFile);
        if (version < 1 || version > VERSION) {
            throw new FileFormatException(progressFile, "version " + version + " is not one this Rectifier reads (1 to " + VERSION + ")");
        }
        Map<String, Object> opt = Fields.object(doc, "optimizer", progressFile);
        Object monitor = doc.get("monitor");
        Map<String, Object> settings = doc.get("settings") == null ? Map.of() : Fields.object(doc, "settings", progressFile);
        Progress progress;
        try {
            progress = new Progress(Math.toIntExact(Fields.integer(doc, "epoch", progressFile)),
                    Fields.integer(doc, "global_step", progressFile), Fields.integer(doc, "seed", progressFile),
                    monitor instanceof String s ? s : null, Fields.number(doc, "best_metric", progressFile),
                    Math.toIntExact(Fields.integer(doc, "best_epoch", progressFile)), settings);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new FileFormatException(progressFile, e.getMessage(), e);
        }
        Path optimizerFile = directory.resolve(OPTIMIZER_FILE);
        SafeTensors.Contents state = SafeTensors.read(optimizerFile);
        String spec = Fields.string(opt, "spec", progressFile);
        if (!spec.equals(state.metadata().get("optimizer"))) {
            throw new FileFormatException(optimizerFile, "was saved by " + state.metadata().get("optimizer") + " but " + PROGRESS_FILE
                    + " records " + spec + ": the files are not from the same checkpoint");
        }
        double lr = Fields.number(opt, "learning_rate", progressFile);
        return new Loaded(directory, model, spec, lr, state.tensors(), progress);
    }

    /**
     * Saves {@code model} as the best model, {@code ROOT/best} (a {@link ModelFile}), recording
     * the metric and epoch in its metadata under {@code best}.
     */
    public static Path saveBest(Path root, Sequential model, int[] inputShape, Map<String, Object> metadata, String monitor,
                                double value, int epoch) throws IOException {
        Map<String, Object> meta = metadata == null ? new LinkedHashMap<>() : new LinkedHashMap<>(metadata);
        Map<String, Object> best = new LinkedHashMap<>();
        best.put("monitor", monitor);
        best.put("value", value);
        best.put("epoch", epoch);
        meta.put("best", best);
        Path dir = root.resolve(BEST);
        ModelFile.save(dir, model, inputShape, meta);
        return dir;
    }

    /** {@code base}, or {@code base.1}, {@code base.2}, ... if taken (a run resumed from an older epoch). */
    private static String freeName(Path root, String base) {
        String name = base;
        for (int i = 1; Files.exists(root.resolve(name)); i++) {
            name = base + "." + i;
        }
        return name;
    }

    /** Deletes all but the {@code keep} newest checkpoints (never {@code latest}) and stale temporary directories. */
    private static void prune(Path root, String latest, int keep) throws IOException {
        List<Path> checkpoints = new ArrayList<>();
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path p : entries) {
                String n = p.getFileName().toString();
                if (NAME.matcher(n).matches() && !n.equals(latest) && Files.isDirectory(p)) {
                    checkpoints.add(p);
                } else if (n.startsWith(".epoch-") && n.contains(".tmp-")) {
                    stale.add(p);
                }
            }
        }
        // Newest by when they were written (a resumed run may write a lower epoch than an abandoned one).
        Map<Path, Long> written = new LinkedHashMap<>();
        for (Path c : checkpoints) {
            written.put(c, Files.getLastModifiedTime(c).toMillis());
        }
        checkpoints.sort(Comparator.comparing((Path c) -> written.get(c)).thenComparing(Checkpoint::order).reversed());
        for (int i = keep - 1; i < checkpoints.size(); i++) {
            deleteTree(checkpoints.get(i));
        }
        for (Path p : stale) {
            deleteTree(p);
        }
    }

    private static long order(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (!m.matches()) {
            return -1;
        }
        long epoch = Long.parseLong(m.group(1));
        long copy = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
        return epoch * 1_000_000 + copy;
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(q);
                } catch (NoSuchFileException e) {
                    // Already gone: the goal.
                }
            }
        }
    }
}
