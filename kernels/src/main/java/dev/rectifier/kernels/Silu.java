package dev.rectifier.kernels;

import dev.rectifier.kernels.scalar.ScalarSilu;
import dev.rectifier.kernels.simd.VectorSilu;

/**
 * SiLU (swish): {@code f(x) = x * sigmoid(x) = x / (1 + exp(-x))},
 * {@code f'(x) = s (1 + x (1 - s))} with s = sigmoid(x). Spec: {@code silu}.
 *
 * <p>The float operations and edge cases are PyTorch 1.13's, spelled out in {@link ScalarSilu}:
 * f(-0.0) = -0.0, f(x) = -0.0 below x = -88.72 (exp(-x) overflows), f(+inf) = +inf,
 * f(-inf) = NaN, f'(+-inf) = NaN, f'(0) = 0.5.
 *
 * <p>Accuracy: the vector kernels stay within 2 ulps of the scalar reference for f; for f', which
 * crosses zero at x = -1.2785 where 1 + x (1 - s) cancels, within 2 ulps of the magnitude of the
 * terms that cancel, dy * s * (1 + |x (1 - s)|).
 *
 * <p>Backward needs the input x (the output does not determine it: f is not monotonic).
 */
public final class Silu extends ElementwiseActivation {
    static final String NAME = "silu";
    // One exp and a division per element (~1 ns): measured on the 2-core test machine, 2 threads
    // beat 1 from ~32K elements.
    private static final int GRAIN = 1 << 15;

    /** SiLU using {@link Parallelism#defaults()}. */
    public Silu() {
        this(Parallelism.defaults());
    }

    public Silu(Parallelism parallelism) {
        super(parallelism, GRAIN, GRAIN);
    }

    static Silu fromSpec(Spec spec) {
        spec.finish();
        return new Silu();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String spec() {
        return NAME;
    }

    @Override
    public Silu withParallelism(Parallelism parallelism) {
        return new Silu(parallelism);
    }

    @Override
    protected void forwardScalar(float[] x, int xOff, float[] y, int yOff, int n) {
        ScalarSilu.forward(x, xOff, y, yOff, n);
    }

    @Override
    protected void forwardVector(float[] x, int xOff, float[] y, int yOff, int n) {
        VectorSilu.forward(x, xOff, y, yOff, n);
    }

    @Override
    protected void backwardScalar(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        ScalarSilu.backward(x, xOff, dy, dyOff, dx, dxOff, n);
    }

    @Override
    protected void backwardVector(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        VectorSilu.backward(x, xOff, dy, dyOff, dx, dxOff, n);
    }
}
