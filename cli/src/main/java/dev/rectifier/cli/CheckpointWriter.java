package dev.rectifier.cli;

import dev.rectifier.io.Checkpoint;
import dev.rectifier.train.EpochMetrics;
import dev.rectifier.train.TrainingListener;
import dev.rectifier.train.TrainingRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * After every epoch: saves the best model when the monitored figure improves (validation
 * accuracy for classifiers, validation loss for autoencoders; the training figure when there is
 * no validation set), then a checkpoint, which a resumed run continues from. A failed save stops
 * training with an {@link UncheckedIOException} naming the file.
 */
final class CheckpointWriter implements TrainingListener {
    private final RunDirectory dir;
    private final int[] inputShape;
    private final Map<String, Object> metadata;
    private final long seed;
    private final String monitor;
    private final Map<String, Object> settings;
    private double best = Double.NaN;
    private int bestEpoch;

    CheckpointWriter(RunDirectory dir, int[] inputShape, Map<String, Object> metadata, long seed, String monitor,
                     Map<String, Object> settings) {
        this.dir = dir;
        this.inputShape = inputShape.clone();
        this.metadata = metadata;
        this.seed = seed;
        this.monitor = monitor;
        this.settings = settings;
    }

    /** The monitored figure: {@code val_accuracy}, {@code val_loss}, {@code train_accuracy} or {@code train_loss}. */
    static String monitor(boolean classification, boolean validation) {
        return (validation ? "val_" : "train_") + (classification ? "accuracy" : "loss");
    }

    /** Continues from a checkpoint's best value, so that only a real improvement replaces the best model. */
    CheckpointWriter resumeFrom(Checkpoint.Progress progress) {
        best = progress.bestMetric();
        bestEpoch = progress.bestEpoch();
        return this;
    }

    String monitor() {
        return monitor;
    }

    double best() {
        return best;
    }

    int bestEpoch() {
        return bestEpoch;
    }

    @Override
    public void onEpochEnd(TrainingRun run, EpochMetrics m) {
        double value = m.all().getOrDefault(monitor, Double.NaN);
        try {
            if (!Double.isNaN(value) && (Double.isNaN(best) || (monitor.endsWith("loss") ? value < best : value > best))) {
                best = value;
                bestEpoch = m.epoch();
                dir.saveBest(run.model(), inputShape, metadata, monitor, value, m.epoch());
            }
            dir.saveCheckpoint(run.model(), inputShape, metadata, run.optimizer(),
                    new Checkpoint.Progress(m.epoch(), run.globalStep(), seed, monitor, best, bestEpoch, settings));
        } catch (IOException e) {
            throw new UncheckedIOException("saving the checkpoint of epoch " + m.epoch() + " in " + dir.path() + " failed: "
                    + RunDirectory.reason(e), e);
        }
    }
}
