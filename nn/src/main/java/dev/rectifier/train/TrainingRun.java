package dev.rectifier.train;

import dev.rectifier.kernels.Parallelism;
import dev.rectifier.nn.Sequential;
import dev.rectifier.optim.Optimizer;

/** What listeners see of a running {@link Trainer#fit}: the model, optimiser, progress, and a stop switch. */
public final class TrainingRun {
    private final Sequential model;
    private final Optimizer optimizer;
    private final Dataset train;
    private final Dataset validation;
    private final Parallelism parallelism;
    private final int epochs;
    private final int stepsPerEpoch;
    private volatile boolean stopRequested;
    private String stopReason = "";
    int epoch;
    long globalStep;

    TrainingRun(Sequential model, Optimizer optimizer, Dataset train, Dataset validation, Parallelism parallelism,
                int epochs, int stepsPerEpoch) {
        this.model = model;
        this.optimizer = optimizer;
        this.train = train;
        this.validation = validation;
        this.parallelism = parallelism;
        this.epochs = epochs;
        this.stepsPerEpoch = stepsPerEpoch;
    }

    public Sequential model() {
        return model;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public Dataset train() {
        return train;
    }

    /** The validation set, or null. */
    public Dataset validation() {
        return validation;
    }

    public Parallelism parallelism() {
        return parallelism;
    }

    /** The last epoch the run will reach (1-based). */
    public int epochs() {
        return epochs;
    }

    public int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    /** The current epoch, 1-based. */
    public int epoch() {
        return epoch;
    }

    /** Optimiser steps taken in this run so far. */
    public long globalStep() {
        return globalStep;
    }

    /** Asks the run to stop after the current epoch (early stopping, Ctrl-C). */
    public void requestStop(String reason) {
        stopReason = reason;
        stopRequested = true;
    }

    public boolean stopRequested() {
        return stopRequested;
    }

    public String stopReason() {
        return stopReason;
    }
}
