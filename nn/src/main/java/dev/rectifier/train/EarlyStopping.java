package dev.rectifier.train;

/**
 * Stops training when the validation loss (or, without validation data, the training loss) has
 * not improved by more than {@code minDelta} for {@code patience} epochs, as Keras's
 * EarlyStopping(monitor="val_loss").
 */
public final class EarlyStopping implements TrainingListener {
    private final int patience;
    private final double minDelta;
    private double best = Double.POSITIVE_INFINITY;
    private int bestEpoch;
    private int waited;

    public EarlyStopping(int patience, double minDelta) {
        if (patience < 1 || !(minDelta >= 0)) {
            throw new IllegalArgumentException("early stopping needs patience >= 1 and min_delta >= 0, got " + patience + ", " + minDelta);
        }
        this.patience = patience;
        this.minDelta = minDelta;
    }

    @Override
    public void onEpochEnd(TrainingRun run, EpochMetrics m) {
        double value = Double.isNaN(m.validationLoss()) ? m.trainLoss() : m.validationLoss();
        if (value < best - minDelta) {
            best = value;
            bestEpoch = m.epoch();
            waited = 0;
        } else if (++waited >= patience) {
            run.requestStop("early stopping: no improvement for " + patience + " epochs (best " + String.format("%.4f", best)
                    + " at epoch " + bestEpoch + ")");
        }
    }

    /** The epoch with the best monitored loss so far. */
    public int bestEpoch() {
        return bestEpoch;
    }
}
