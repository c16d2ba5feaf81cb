package dev.rectifier.train;

/**
 * Callbacks from {@link Trainer#fit}: the hook for progress bars, metrics files, checkpoints,
 * early stopping and diagnostics. Every method has an empty default. Listeners run on the
 * training thread, in the order they were added.
 */
public interface TrainingListener {
    /** Before the first epoch (also after a resume). */
    default void onTrainStart(TrainingRun run) {}

    /** Before each epoch's first batch; {@code epoch} is 1-based. */
    default void onEpochStart(TrainingRun run, int epoch) {}

    /** After each optimiser step. */
    default void onBatchEnd(TrainingRun run, BatchResult batch) {}

    /** After the epoch's validation; listeners may add figures with {@link EpochMetrics#put}. */
    default void onEpochEnd(TrainingRun run, EpochMetrics metrics) {}

    /** After the last epoch, or after a stop was requested. */
    default void onTrainEnd(TrainingRun run, History history) {}

    /**
     * One optimiser step: its index in the epoch (0-based) of {@code stepsInEpoch}, the global
     * step count, the batch's size, loss and correct predictions (-1 without labels), and the
     * epoch's running means.
     */
    record BatchResult(int epoch, int step, int stepsInEpoch, long globalStep, int size, double loss, int correct,
                       double runningLoss, double runningAccuracy, double samplesPerSecond) {}
}
