package dev.rectifier.cli;

import dev.rectifier.train.TrainingListener;
import dev.rectifier.train.TrainingRun;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Stops training at the next batch when asked (Ctrl-C, through a shutdown hook): it asks the
 * run to stop ({@link TrainingRun#requestStop}) and abandons the epoch in progress by throwing
 * {@link Interrupted} from the next batch callback, so the last complete checkpoint, written
 * at the previous epoch's end, is the one a resume continues from. A checkpoint being written
 * when the signal comes is finished first (the callbacks run between batches, never during a
 * save), and the hook waits for the training thread to say it has stopped.
 */
final class StopSignal implements TrainingListener {
    /** Thrown on the training thread once a stop was requested. */
    static final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Interrupted() {
            super("training interrupted");
        }
    }

    private volatile boolean requested;
    private volatile TrainingRun run;
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** Asks training to stop at the next batch (any thread). */
    void request() {
        requested = true;
        TrainingRun r = run;
        if (r != null) {
            r.requestStop("interrupted");
        }
    }

    boolean requested() {
        return requested;
    }

    /** Called by the training thread once it has left training for good. */
    void stopped() {
        stopped.countDown();
    }

    /** Waits (the shutdown hook) until the training thread has stopped, at most {@code seconds}. */
    boolean awaitStopped(long seconds) throws InterruptedException {
        return stopped.await(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void onTrainStart(TrainingRun run) {
        this.run = run;
        if (requested) {
            run.requestStop("interrupted");
            throw new Interrupted();
        }
    }

    @Override
    public void onEpochStart(TrainingRun run, int epoch) {
        if (requested) {
            throw new Interrupted();
        }
    }

    @Override
    public void onBatchEnd(TrainingRun run, BatchResult batch) {
        if (requested) {
            throw new Interrupted();
        }
    }
}
