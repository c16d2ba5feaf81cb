package dev.rectifier.kernels;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many threads a kernel may use, and the workers that run the extra ones.
 *
 * <p>A kernel splits its work into at most {@link #threads()} parts; the calling thread runs the
 * first part and the pool's workers the others (the caller also runs any part that no worker has
 * started by the time it is done, so a descheduled worker costs nothing), so {@code threads(2)}
 * starts one worker. Workers
 * spin briefly after each job (a training step calls kernels back to back) and then park. A
 * parallel call made while the pool is busy, from another thread or from inside one of its own
 * tasks, runs on the calling thread alone: nesting never deadlocks.
 *
 * <p>Results never depend on the number of threads: {@link #forRange} splits at multiples of the
 * caller's alignment, so every element takes the same code path (vector body or scalar tail) as in
 * a single-threaded run, and kernels that reduce do so over fixed blocks.
 *
 * <p>Create one instance per thread count and keep it; {@link #defaults()} is a shared one using
 * every available processor. Workers are daemon threads; {@link #close()} stops them early.
 */
public final class Parallelism implements AutoCloseable {
    /** A contiguous range of elements, {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    /** One index of a parallel loop. */
    @FunctionalInterface
    public interface IndexTask {
        void run(int index);
    }

    private static final Parallelism SERIAL = new Parallelism(1);

    private static final class DefaultHolder {
        static final Parallelism DEFAULT = new Parallelism(defaultThreads());
    }

    private final int threads;
    private final WorkerPool pool;

    private Parallelism(int threads) {
        this.threads = threads;
        this.pool = threads > 1 ? new WorkerPool(threads - 1) : null;
    }

    /** One thread: every kernel runs on the caller. */
    public static Parallelism serial() {
        return SERIAL;
    }

    /**
     * Up to {@code threads} threads (the caller and {@code threads - 1} workers).
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static Parallelism threads(int threads) {
        Checks.positive("threads", threads);
        return threads == 1 ? SERIAL : new Parallelism(threads);
    }

    /**
     * The shared instance: system property {@code rectifier.threads} if set, else every
     * available processor.
     */
    public static Parallelism defaults() {
        return DefaultHolder.DEFAULT;
    }

    private static int defaultThreads() {
        String property = System.getProperty("rectifier.threads");
        if (property == null || property.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            return Checks.positive("rectifier.threads", Integer.parseInt(property.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("rectifier.threads=" + property + " but it must be a whole number >= 1");
        }
    }

    /** The most threads a call may use. */
    public int threads() {
        return threads;
    }

    /**
     * Runs {@code task} over {@code [0, n)} split into at most {@link #threads()} contiguous
     * parts of at least {@code grain} elements each; every boundary but {@code n} is a multiple
     * of {@code align}. With one part the task runs once, on the caller, over {@code [0, n)}.
     *
     * @param grain the fewest elements worth a thread of their own (chosen by measurement)
     * @param align boundaries are multiples of this (a vector length, or 64 for bit masks)
     */
    public void forRange(int n, int grain, int align, RangeTask task) {
        int parts = pool == null ? 1 : Math.min(threads, n / Math.max(1, grain));
        if (parts <= 1) {
            task.run(0, n);
            return;
        }
        int blocks = n / align; // whole aligned blocks, shared out as evenly as possible
        pool.execute(parts, part -> {
            int from = (int) ((long) blocks * part / parts) * align;
            int to = part == parts - 1 ? n : (int) ((long) blocks * (part + 1) / parts) * align;
            if (from < to) {
                task.run(from, to);
            }
        });
    }

    /**
     * Runs {@code task} once for each index in {@code [0, count)}, handing indices out to the
     * threads as they become free (for uneven work such as GEMM tiles). Each index must write
     * its own outputs: the order of indices across threads is not fixed.
     */
    public void forEachIndex(int count, IndexTask task) {
        int parts = pool == null ? 1 : Math.min(threads, count);
        if (parts <= 1) {
            for (int i = 0; i < count; i++) {
                task.run(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        pool.execute(parts, part -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                task.run(i);
            }
        });
    }

    /** Stops the workers; later parallel calls run on the caller. Never needed for correctness. */
    @Override
    public void close() {
        if (pool != null && this != DefaultHolder.DEFAULT) {
            pool.shutdown();
        }
    }

    @Override
    public String toString() {
        return "Parallelism(threads=" + threads + ")";
    }
}
