package dev.rectifier.kernels;

import java.util.Objects;

/**
 * The shared body of every element-wise activation: checks the arguments once, splits large
 * calls over the threads of its {@link Parallelism}, and hands each range to the subclass's
 * {@code forwardRange}/{@code backwardRange}, which pick the vector or scalar kernel.
 *
 * <p>The thread grains are per function: a cheap function (relu) is memory-bound and only pays
 * for a second thread on arrays far beyond L2, an expensive one (gelu) on much smaller arrays.
 * Each subclass passes the grains measured with {@code ./rectifier bench kernels}.
 *
 * <p>Equality and hashing follow {@link #spec()}, so two activations with the same parameters
 * are equal whatever their thread counts.
 */
public abstract class ElementwiseActivation implements Activation {
    /** Parallel splits fall on multiples of this many elements: every vector length and 64 bits. */
    protected static final int ALIGN = 64;

    private final Parallelism parallelism;
    private final int forwardGrain;
    private final int backwardGrain;

    /**
     * @param forwardGrain  fewest elements worth a thread of their own in forward
     * @param backwardGrain the same for backward
     */
    protected ElementwiseActivation(Parallelism parallelism, int forwardGrain, int backwardGrain) {
        this.parallelism = Objects.requireNonNull(parallelism, "parallelism is null");
        this.forwardGrain = forwardGrain;
        this.backwardGrain = backwardGrain;
    }

    @Override
    public final Parallelism parallelism() {
        return parallelism;
    }

    @Override
    public final void forward(float[] x, int xOff, float[] y, int yOff, int n) {
        Checks.range("x", x, xOff, n);
        Checks.range("y", y, yOff, n);
        if (n < 2 * forwardGrain || parallelism.threads() == 1) {
            forwardRange(x, xOff, y, yOff, n);
        } else {
            parallelism.forRange(n, forwardGrain, ALIGN,
                    (from, to) -> forwardRange(x, xOff + from, y, yOff + from, to - from));
        }
    }

    @Override
    public final void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        Checks.range("x", x, xOff, n);
        Checks.range("dy", dy, dyOff, n);
        Checks.range("dx", dx, dxOff, n);
        if (n < 2 * backwardGrain || parallelism.threads() == 1) {
            backwardRange(x, xOff, dy, dyOff, dx, dxOff, n);
        } else {
            parallelism.forRange(n, backwardGrain, ALIGN,
                    (from, to) -> backwardRange(x, xOff + from, dy, dyOff + from, dx, dxOff + from, to - from));
        }
    }

    /**
     * Runs {@code task} over {@code [0, n)}: on the caller when {@code n < 2 * grain} or there is
     * one thread, else split over the threads at multiples of {@link #ALIGN}. For subclasses'
     * extra entry points (bit masks, backward from the output).
     */
    protected final void split(int n, int grain, Parallelism.RangeTask task) {
        if (n < 2 * grain || parallelism.threads() == 1) {
            task.run(0, n);
        } else {
            parallelism.forRange(n, grain, ALIGN, task);
        }
    }

    /** Fewest elements worth a thread in forward (for subclasses with extra entry points). */
    protected final int forwardGrain() {
        return forwardGrain;
    }

    /** Fewest elements worth a thread in backward. */
    protected final int backwardGrain() {
        return backwardGrain;
    }

    /**
     * The scalar reference over {@code [0, n)}, on the calling thread, without vectors: the
     * executable specification that the fast paths are tested against. Same contract as
     * {@link #forward}.
     */
    public final void forwardReference(float[] x, int xOff, float[] y, int yOff, int n) {
        Checks.range("x", x, xOff, n);
        Checks.range("y", y, yOff, n);
        forwardScalar(x, xOff, y, yOff, n);
    }

    /** The scalar reference of {@link #backward}, on the calling thread, without vectors. */
    public final void backwardReference(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        Checks.range("x", x, xOff, n);
        Checks.range("dy", dy, dyOff, n);
        Checks.range("dx", dx, dxOff, n);
        backwardScalar(x, xOff, dy, dyOff, dx, dxOff, n);
    }

    /** Forward over one checked range: the vector kernel when {@link Simd#ENABLED}, else the reference. */
    protected void forwardRange(float[] x, int xOff, float[] y, int yOff, int n) {
        if (Simd.ENABLED) {
            forwardVector(x, xOff, y, yOff, n);
        } else {
            forwardScalar(x, xOff, y, yOff, n);
        }
    }

    /** Backward over one checked range: the vector kernel when {@link Simd#ENABLED}, else the reference. */
    protected void backwardRange(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        if (Simd.ENABLED) {
            backwardVector(x, xOff, dy, dyOff, dx, dxOff, n);
        } else {
            backwardScalar(x, xOff, dy, dyOff, dx, dxOff, n);
        }
    }

    /** The reference loop of forward (a {@code dev.rectifier.kernels.scalar} class). */
    protected abstract void forwardScalar(float[] x, int xOff, float[] y, int yOff, int n);

    /** The vector kernel of forward (a {@code dev.rectifier.kernels.simd} class); only called when {@link Simd#ENABLED}. */
    protected abstract void forwardVector(float[] x, int xOff, float[] y, int yOff, int n);

    /** The reference loop of backward. */
    protected abstract void backwardScalar(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n);

    /** The vector kernel of backward; only called when {@link Simd#ENABLED}. */
    protected abstract void backwardVector(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n);

    @Override
    public boolean equals(Object o) {
        return o instanceof Activation a && a.getClass() == getClass() && a.spec().equals(spec());
    }

    @Override
    public int hashCode() {
        return spec().hashCode();
    }

    @Override
    public String toString() {
        return spec();
    }
}
