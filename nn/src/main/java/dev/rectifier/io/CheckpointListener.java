package dev.rectifier.io;

import dev.rectifier.train.EpochMetrics;
import dev.rectifier.train.TrainingListener;
import dev.rectifier.train.TrainingRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Saves a {@link Checkpoint} every {@code every} epochs (and after the last epoch or a requested
 * stop), and the best model whenever the monitored metric improves: lower is better for a
 * metric whose name ends in {@code loss}, higher for any other ({@code val_accuracy}). A NaN
 * metric (no validation data) never counts as an improvement. A failed save stops training with
 * an {@link UncheckedIOException} naming the file, rather than training on without a checkpoint.
 */
public final class CheckpointListener implements TrainingListener {
    private final Path root;
    private final int[] inputShape;
    private final Map<String, Object> modelMetadata;
    private final long seed;
    private final int every;
    private final int keep;
    private final String monitor;
    private final Map<String, Object> settings;
    private double best = Double.NaN;
    private int bestEpoch;

    /**
     * @param root          the checkpoint root (see {@link Checkpoint})
     * @param inputShape    the model's per-sample input shape
     * @param modelMetadata free metadata for each saved model.json (may be null)
     * @param seed          the trainer's seed, recorded for the resume
     * @param every         save a checkpoint every this many epochs (>= 1)
     * @param keep          checkpoints kept (>= 1)
     * @param monitor       a name in {@link EpochMetrics#all()} ({@code val_loss}), or null for no best model
     * @param settings      free values recorded in each checkpoint's progress (may be null)
     */
    public CheckpointListener(Path root, int[] inputShape, Map<String, Object> modelMetadata, long seed, int every, int keep,
                              String monitor, Map<String, Object> settings) {
        if (every < 1 || keep < 1) {
            throw new IllegalArgumentException("every=" + every + ", keep=" + keep + " must both be >= 1");
        }
        this.root = Objects.requireNonNull(root, "root is null");
        this.inputShape = inputShape.clone();
        this.modelMetadata = modelMetadata;
        this.seed = seed;
        this.every = every;
        this.keep = keep;
        this.monitor = monitor;
        this.settings = settings;
    }

    /** Continues from a resumed checkpoint's best metric, so that only a real improvement replaces the best model. */
    public CheckpointListener resumeFrom(Checkpoint.Progress progress) {
        this.best = progress.bestMetric();
        this.bestEpoch = progress.bestEpoch();
        return this;
    }

    /** The best monitored value so far, or NaN. */
    public double best() {
        return best;
    }

    /** The epoch of {@link #best()}, or 0. */
    public int bestEpoch() {
        return bestEpoch;
    }

    @Override
    public void onEpochEnd(TrainingRun run, EpochMetrics metrics) {
        try {
            if (monitor != null) {
                Double value = metrics.all().get(monitor);
                if (value == null) {
                    throw new IllegalArgumentException("the monitored metric '" + monitor + "' is not among " + metrics.all().keySet());
                }
                if (improves(value)) {
                    best = value;
                    bestEpoch = metrics.epoch();
                    Checkpoint.saveBest(root, run.model(), inputShape, modelMetadata, monitor, value, metrics.epoch());
                }
            }
            if (metrics.epoch() % every == 0 || metrics.epoch() >= run.epochs() || run.stopRequested()) {
                Checkpoint.save(root, run.model(), inputShape, modelMetadata, run.optimizer(),
                        new Checkpoint.Progress(metrics.epoch(), run.globalStep(), seed, monitor, best, bestEpoch, settings), keep);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("saving a checkpoint after epoch " + metrics.epoch() + " failed: " + e.getMessage(), e);
        }
    }

    private boolean improves(double value) {
        if (Double.isNaN(value)) {
            return false;
        }
        if (Double.isNaN(best)) {
            return true;
        }
        return monitor.endsWith("loss") ? value < best : value > best;
    }
}
