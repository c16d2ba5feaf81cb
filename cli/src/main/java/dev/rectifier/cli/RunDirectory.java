package dev.rectifier.cli;

import dev.rectifier.io.Checkpoint;
import dev.rectifier.io.Json;
import dev.rectifier.io.ModelFile;
import dev.rectifier.nn.Sequential;
import dev.rectifier.optim.Optimizer;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A run directory, and the one place where the command line saves and loads models:
 * <pre>
 * RUN/settings.json          the settings (what --resume reads back)
 * RUN/metrics.csv, .jsonl    one row per epoch
 * RUN/checkpoints/           epoch-NNNN/ checkpoints and the "latest" pointer (see Checkpoint)
 * RUN/best/                  the best model so far (model.json + model.safetensors)
 * RUN/summary.json           the final test figures and timings
 * RUN/report.html, report/   the report and its figures
 * </pre>
 * Every file is written to a temporary name and renamed (see {@link dev.rectifier.io.AtomicFiles}),
 * so an interruption leaves the last complete version of each.
 */
final class RunDirectory {
    static final String SETTINGS = "settings.json";
    static final String SUMMARY = "summary.json";
    static final String CHECKPOINTS = "checkpoints";
    static final String BEST = "best";

    private final Path path;
    private final boolean created;

    private RunDirectory(Path path, boolean created) {
        this.path = path;
        this.created = created;
    }

    /**
     * A new run directory, created (with its parents) and checked to be writable.
     *
     * @throws CliException if it cannot be created or written, or already holds a run
     */
    static RunDirectory create(Path path) {
        if (Files.exists(path.resolve(SETTINGS))) {
            throw CliException.usage(path + " already holds a run; continue it with --resume " + path + ", or choose another --out");
        }
        if (Files.isDirectory(path)) {
            try (var entries = Files.list(path)) {
                if (entries.findAny().isPresent()) {
                    throw CliException.usage(path + " exists and is not empty; give train a new --out directory (it creates it)");
                }
            } catch (IOException e) {
                throw CliException.failure("cannot read " + path + " (" + reason(e) + "); choose another --out directory", e);
            }
        }
        boolean created = !Files.exists(path);
        try {
            Files.createDirectories(path);
            Path probe = Files.createTempFile(path, ".write-test", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw CliException.failure("cannot write to " + path + " (" + reason(e) + "); choose another --out directory", e);
        }
        return new RunDirectory(path, created);
    }

    /**
     * An existing run directory, for --resume.
     *
     * @throws CliException if it holds no run
     */
    static RunDirectory existing(Path path) {
        if (!Files.isDirectory(path)) {
            throw CliException.failure("--resume " + path + ": no such directory; give the directory of the run to continue");
        }
        if (!Files.exists(path.resolve(SETTINGS))) {
            throw CliException.failure("--resume " + path + ": not a run directory (it has no " + SETTINGS
                    + "); give the directory that train --out created");
        }
        return new RunDirectory(path, false);
    }

    /** Removes the directory if this run created it and left nothing in it (a run that failed before it began). */
    void removeIfUnused() {
        if (created) {
            try {
                Files.deleteIfExists(path); // fails, as it should, when anything is inside
            } catch (IOException e) {
                // Not empty or not removable: leave it.
            }
        }
    }

    Path path() {
        return path;
    }

    Path checkpoints() {
        return path.resolve(CHECKPOINTS);
    }

    Path best() {
        return path.resolve(BEST);
    }

    /** Records the settings and how the data were prepared. */
    void writeSettings(TrainSettings settings, Map<String, Object> extra) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>(settings.toMap());
        doc.putAll(extra);
        Json.write(path.resolve(SETTINGS), doc);
    }

    /** The recorded settings. */
    TrainSettings readSettings() {
        Path file = path.resolve(SETTINGS);
        try {
            return TrainSettings.fromMap(Json.readObject(file));
        } catch (IOException e) {
            throw CliException.failure(file + ": " + reason(e) + "; the run's settings are unreadable, so it cannot be resumed", e);
        } catch (IllegalArgumentException e) {
            throw CliException.failure(file + ": " + e.getMessage() + "; the run's settings are damaged, so it cannot be resumed", e);
        }
    }

    /** The latest complete checkpoint, or empty when the run never completed an epoch. */
    Optional<Checkpoint.Loaded> latestCheckpoint() {
        try {
            return Checkpoint.loadLatest(checkpoints());
        } catch (IOException e) {
            throw CliException.failure("cannot read the latest checkpoint in " + checkpoints() + ": " + reason(e), e);
        }
    }

    /** Saves a checkpoint after {@code progress.epoch()}, keeping the two newest. */
    void saveCheckpoint(Sequential model, int[] inputShape, Map<String, Object> metadata, Optimizer optimizer,
                        Checkpoint.Progress progress) throws IOException {
        Checkpoint.save(checkpoints(), model, inputShape, metadata, optimizer, progress, 2);
    }

    /** Saves the best model. */
    void saveBest(Sequential model, int[] inputShape, Map<String, Object> metadata, String monitor, double value, int epoch)
            throws IOException {
        Checkpoint.saveBest(path, model, inputShape, metadata, monitor, value, epoch);
    }

    /** Writes the summary (test figures, timings). */
    void writeSummary(Map<String, Object> summary) throws IOException {
        Json.write(path.resolve(SUMMARY), summary);
    }

    /**
     * The model in {@code path}: a model directory (model.json + model.safetensors), a model.json
     * file, or a run directory (its best model, else its latest checkpoint's).
     *
     * @throws CliException naming the file and the problem
     */
    static ModelFile.Loaded loadModel(Path path) {
        Path target = path;
        if (Files.isDirectory(path) && !Files.exists(path.resolve(ModelFile.ARCHITECTURE_FILE))) {
            if (Files.exists(path.resolve(BEST).resolve(ModelFile.ARCHITECTURE_FILE))) {
                target = path.resolve(BEST);
            } else if (Files.exists(path.resolve(CHECKPOINTS).resolve(Checkpoint.LATEST))) {
                try {
                    return Checkpoint.loadLatest(path.resolve(CHECKPOINTS)).orElseThrow().model();
                } catch (IOException e) {
                    throw CliException.failure("cannot load a model from " + path + ": " + reason(e), e);
                }
            } else {
                throw CliException.failure(path + " holds no model: expected a model directory (" + ModelFile.ARCHITECTURE_FILE
                        + " and " + ModelFile.WEIGHTS_FILE + ") or a run directory (with " + BEST + "/)");
            }
        } else if (!Files.exists(path)) {
            throw CliException.failure(path + ": no such file or directory; give a run directory or a model directory");
        }
        try {
            return ModelFile.load(target);
        } catch (IOException e) {
            throw CliException.failure("cannot load the model in " + target + ": " + reason(e), e);
        }
    }

    /** An I/O problem in words: the exception's own message where it has one that names the file. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException n) {
            return n.getFile() + ": no such file" + (n.getReason() == null ? "" : " (" + n.getReason() + ")");
        }
        if (e instanceof AccessDeniedException a) {
            return a.getFile() + ": permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return (f.getFile() == null ? "" : f.getFile() + ": ") + f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
