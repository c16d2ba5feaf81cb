package dev.rectifier.cli.experiment;

import dev.rectifier.train.EpochMetrics;
import dev.rectifier.train.TrainingListener;
import dev.rectifier.train.TrainingRun;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Records every optimiser step of a run (the batch's loss, its correct predictions and size, the
 * seconds since training started) and each epoch's figures, and finds the steps at which the
 * training accuracy first reaches a target, measured two ways:
 * <ul>
 *   <li>over a window: the accuracy of the last {@code window} steps' batches (correct / seen,
 *       across epoch boundaries), once that many steps were taken ({@link #windowStepsToTarget});</li>
 *   <li>as the PyTorch peer ({@code bench/peer/torch_training.py --what convergence}) measured it
 *       first: the running accuracy of the current epoch, correct / seen over the epoch's batches so
 *       far ({@link #stepsToTarget}). Early in an epoch this rests on a batch or two and is noisy:
 *       once the model is near the target it tends to hit in the epoch's first steps.</li>
 * </ul>
 * Optionally asks the run to stop once both have reached the target; the trainer then finishes
 * that epoch, as the peer does.
 */
final class StepRecorder implements TrainingListener {
    private final double target;
    private final int window;
    private final boolean stopAtTarget;
    private double[] loss = new double[1024];
    private int[] correct = new int[1024];
    private int[] size = new int[1024];
    private double[] seconds = new double[1024];
    private int steps;
    private long start;
    private long epochCorrect;
    private long epochSeen;
    private long windowCorrect;
    private long windowSeen;
    private long reachedStep = -1;
    private double reachedSeconds = Double.NaN;
    private long reachedWindowStep = -1;
    private double reachedWindowSeconds = Double.NaN;
    private final List<EpochMetrics> epochs = new ArrayList<>();

    /**
     * @param target       the training accuracy to reach, in (0, 1], or NaN for none
     * @param window       steps in the window of the windowed measure (at least 1)
     * @param stopAtTarget whether to stop the run (after the epoch) once both measures reached it
     */
    StepRecorder(double target, int window, boolean stopAtTarget) {
        if (!Double.isNaN(target) && !(target > 0 && target <= 1)) {
            throw new IllegalArgumentException("target accuracy=" + target + " but it must be in (0, 1]");
        }
        if (window < 1) {
            throw new IllegalArgumentException("window=" + window + " but it must be at least 1");
        }
        this.target = target;
        this.window = window;
        this.stopAtTarget = stopAtTarget;
    }

    @Override
    public void onTrainStart(TrainingRun run) {
        start = System.nanoTime();
    }

    @Override
    public void onEpochStart(TrainingRun run, int epoch) {
        epochCorrect = 0;
        epochSeen = 0;
    }

    @Override
    public void onBatchEnd(TrainingRun run, BatchResult batch) {
        if (steps == loss.length) {
            int n = 2 * steps;
            loss = Arrays.copyOf(loss, n);
            correct = Arrays.copyOf(correct, n);
            size = Arrays.copyOf(size, n);
            seconds = Arrays.copyOf(seconds, n);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        loss[steps] = batch.loss();
        correct[steps] = batch.correct();
        size[steps] = batch.size();
        seconds[steps] = elapsed;
        steps++;
        epochCorrect += Math.max(0, batch.correct());
        epochSeen += batch.size();
        windowCorrect += Math.max(0, batch.correct());
        windowSeen += batch.size();
        if (steps > window) {
            windowCorrect -= Math.max(0, correct[steps - 1 - window]);
            windowSeen -= size[steps - 1 - window];
        }
        if (Double.isNaN(target) || batch.correct() < 0) {
            return;
        }
        if (reachedStep < 0 && (double) epochCorrect / epochSeen >= target) {
            reachedStep = batch.globalStep();
            reachedSeconds = elapsed;
        }
        if (reachedWindowStep < 0 && steps >= window && (double) windowCorrect / windowSeen >= target) {
            reachedWindowStep = batch.globalStep();
            reachedWindowSeconds = elapsed;
        }
        if (stopAtTarget && reachedStep > 0 && reachedWindowStep > 0 && !run.stopRequested()) {
            run.requestStop("training accuracy reached " + target);
        }
    }

    @Override
    public void onEpochEnd(TrainingRun run, EpochMetrics metrics) {
        epochs.add(metrics);
    }

    /**
     * The 1-based step at which the running accuracy of an epoch first reaches {@code target}:
     * after step s (global, 1-based) of an epoch whose steps so far are the k steps s - k + 1 .. s,
     * the running accuracy is (sum of their correct) / (sum of their sizes). Returns -1 when it
     * never does. This is the peer's definition: early in an epoch the running accuracy rests on
     * few batches and is noisy, so the step tends to fall soon after an epoch starts once the
     * model's accuracy is near the target.
     *
     * @param stepsPerEpoch steps in every epoch (the last batch of an epoch may be smaller)
     */
    static long stepsToTarget(int[] correct, int[] sizes, int steps, int stepsPerEpoch, double target) {
        if (stepsPerEpoch < 1) {
            throw new IllegalArgumentException("stepsPerEpoch=" + stepsPerEpoch + " but it must be at least 1");
        }
        long c = 0, seen = 0;
        for (int s = 0; s < steps; s++) {
            if (s % stepsPerEpoch == 0) {
                c = 0;
                seen = 0;
            }
            c += correct[s];
            seen += sizes[s];
            if ((double) c / seen >= target) {
                return s + 1;
            }
        }
        return -1;
    }

    /**
     * The 1-based step after which the accuracy over the last {@code window} steps (sum of their
     * correct over the sum of their sizes, across epoch boundaries) first reaches {@code target},
     * counting only steps with a full window behind them; -1 when it never does.
     */
    static long windowStepsToTarget(int[] correct, int[] sizes, int steps, int window, double target) {
        if (window < 1) {
            throw new IllegalArgumentException("window=" + window + " but it must be at least 1");
        }
        long c = 0, seen = 0;
        for (int s = 0; s < steps; s++) {
            c += correct[s];
            seen += sizes[s];
            if (s >= window) {
                c -= correct[s - window];
                seen -= sizes[s - window];
            }
            if (s + 1 >= window && (double) c / seen >= target) {
                return s + 1;
            }
        }
        return -1;
    }

    /** The global step (1-based) at which the windowed accuracy reached the target, or -1. */
    long reachedWindowStep() {
        return reachedWindowStep;
    }

    /** Seconds from the start of training to that step, NaN if never reached. */
    double reachedWindowSeconds() {
        return reachedWindowSeconds;
    }

    /** The global step (1-based) at which the epoch's running accuracy reached the target (the peer's first measure), or -1. */
    long reachedStep() {
        return reachedStep;
    }

    /** Seconds from the start of training to that step, NaN if never reached. */
    double reachedSeconds() {
        return reachedSeconds;
    }

    int steps() {
        return steps;
    }

    /** Each step's batch loss. */
    double[] losses() {
        return Arrays.copyOf(loss, steps);
    }

    /** Each step's batch accuracy, correct / size (NaN without labels). */
    double[] accuracies() {
        double[] a = new double[steps];
        for (int i = 0; i < steps; i++) {
            a[i] = correct[i] < 0 ? Double.NaN : (double) correct[i] / size[i];
        }
        return a;
    }

    int[] correct() {
        return Arrays.copyOf(correct, steps);
    }

    int[] sizes() {
        return Arrays.copyOf(size, steps);
    }

    /** Seconds since training started, after each step. */
    double[] seconds() {
        return Arrays.copyOf(seconds, steps);
    }

    List<EpochMetrics> epochs() {
        return List.copyOf(epochs);
    }
}
