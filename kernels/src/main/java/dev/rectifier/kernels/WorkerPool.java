package dev.rectifier.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Daemon worker threads for {@link Parallelism}. One job at a time: the caller publishes it
 * through the volatile {@code current}, runs part 0 itself and waits for the workers' parts.
 * Workers spin for {@link #SPIN_NANOS} after a job before parking, which keeps the hand-off to
 * well under a microsecond when kernels are called back to back.
 */
final class WorkerPool {
    private static final long SPIN_NANOS = 200_000;

    /** One published job; immutable but for its completion count and first failure. */
    private static final class Job {
        final Parallelism.IndexTask task;
        final int parts;
        final AtomicInteger remaining;
        volatile Throwable failure;

        Job(Parallelism.IndexTask task, int parts) {
            this.task = task;
            this.parts = parts;
            this.remaining = new AtomicInteger(parts - 1);
        }
    }

    private final Worker[] workers;
    private final AtomicBoolean inUse = new AtomicBoolean();
    private volatile Job current;
    private volatile boolean stopped;

    WorkerPool(int count) {
        workers = new Worker[count];
        for (int i = 0; i < count; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].start();
        }
    }

    /** Runs {@code task.run(p)} for p in [0, parts): part 0 on the caller, the rest on workers. */
    void execute(int parts, Parallelism.IndexTask task) {
        if (parts > workers.length + 1) {
            throw new IllegalArgumentException("parts=" + parts + " but the pool has " + (workers.length + 1) + " threads");
        }
        if (stopped || !inUse.compareAndSet(false, true)) {
            // Busy (another caller, or a nested call from one of our tasks) or closed: run here.
            for (int p = 0; p < parts; p++) {
                task.run(p);
            }
            return;
        }
        try {
            Job job = new Job(task, parts);
            current = job;
            for (int w = 0; w < parts - 1; w++) {
                if (workers[w].parked) {
                    LockSupport.unpark(workers[w]);
                }
            }
            Throwable own = null;
            try {
                task.run(0);
            } catch (Throwable t) {
                own = t;
            }
            long spins = 0;
            while (job.remaining.get() > 0) {
                if (++spins < 1 << 16) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            rethrow(own != null ? own : job.failure);
        } finally {
            inUse.set(false);
        }
    }

    private static void rethrow(Throwable failed) {
        if (failed instanceof RuntimeException e) {
            throw e;
        }
        if (failed instanceof Error e) {
            throw e;
        }
        if (failed != null) {
            throw new IllegalStateException("a parallel kernel task failed", failed);
        }
    }

    void shutdown() {
        stopped = true;
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
    }

    private final class Worker extends Thread {
        private final int part;
        volatile boolean parked;

        Worker(int part) {
            super("rectifier-worker-" + part);
            this.part = part;
            setDaemon(true);
        }

        @Override
        public void run() {
            // Not "seen = current": a worker that starts late (a loaded machine) would take the
            // first job, already published and waiting for it, for one it has done, and hang the
            // caller. No job exists before the pool does, so every published job is new.
            Job seen = null;
            while (!stopped) {
                Job job = awaitJob(seen);
                if (job == seen) {
                    continue; // stopped
                }
                seen = job;
                if (part < job.parts) {
                    try {
                        job.task.run(part);
                    } catch (Throwable t) {
                        job.failure = t;
                    } finally {
                        job.remaining.decrementAndGet();
                    }
                }
            }
        }

        private Job awaitJob(Job seen) {
            long start = System.nanoTime();
            Job job;
            while ((job = current) == seen && !stopped) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    parked = true;
                    // Dekker with the caller: it writes current then reads parked; we write
                    // parked then read current, so one of us sees the other.
                    if (current == seen && !stopped) {
                        LockSupport.park(this);
                    }
                    parked = false;
                    start = System.nanoTime();
                }
            }
            return job;
        }
    }
}
