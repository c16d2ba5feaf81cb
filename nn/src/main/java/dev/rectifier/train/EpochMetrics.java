package dev.rectifier.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one epoch measured: training loss and accuracy (means over the epoch's batches, as the
 * model was changing), validation loss and accuracy (after the epoch; NaN without validation
 * data or labels), wall time, throughput, learning rate, and any extra figures listeners add
 * (diagnostics: dead-unit fractions, activation means, gradient norms).
 */
public final class EpochMetrics {
    private final int epoch;
    private final double trainLoss;
    private final double trainAccuracy;
    private final double validationLoss;
    private final double validationAccuracy;
    private final double seconds;
    private final double samplesPerSecond;
    private final double learningRate;
    private final Map<String, Double> extra = new LinkedHashMap<>();

    public EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double validationLoss, double validationAccuracy,
                        double seconds, double samplesPerSecond, double learningRate) {
        this.epoch = epoch;
        this.trainLoss = trainLoss;
        this.trainAccuracy = trainAccuracy;
        this.validationLoss = validationLoss;
        this.validationAccuracy = validationAccuracy;
        this.seconds = seconds;
        this.samplesPerSecond = samplesPerSecond;
        this.learningRate = learningRate;
    }

    /** 1-based epoch number. */
    public int epoch() {
        return epoch;
    }

    public double trainLoss() {
        return trainLoss;
    }

    public double trainAccuracy() {
        return trainAccuracy;
    }

    public double validationLoss() {
        return validationLoss;
    }

    public double validationAccuracy() {
        return validationAccuracy;
    }

    /** Wall time of the epoch's training steps (validation excluded). */
    public double seconds() {
        return seconds;
    }

    public double samplesPerSecond() {
        return samplesPerSecond;
    }

    /** The learning rate at the epoch's last step. */
    public double learningRate() {
        return learningRate;
    }

    /** Adds an extra figure (listeners); names like {@code dead_fraction.layer1}. */
    public void put(String name, double value) {
        extra.put(name, value);
    }

    /** The extra figures, in insertion order. */
    public Map<String, Double> extra() {
        return Collections.unmodifiableMap(extra);
    }

    /** Every figure by name, standard ones first: what the metrics files hold. */
    public Map<String, Double> all() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("epoch", (double) epoch);
        m.put("train_loss", trainLoss);
        m.put("train_accuracy", trainAccuracy);
        m.put("val_loss", validationLoss);
        m.put("val_accuracy", validationAccuracy);
        m.put("seconds", seconds);
        m.put("samples_per_second", samplesPerSecond);
        m.put("lr", learningRate);
        m.putAll(extra);
        return m;
    }

    @Override
    public String toString() {
        return String.format("epoch %d: loss %.4f, acc %.4f, val_loss %.4f, val_acc %.4f, %.2f s",
                epoch, trainLoss, trainAccuracy, validationLoss, validationAccuracy, seconds);
    }
}
