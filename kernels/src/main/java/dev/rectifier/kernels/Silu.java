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
 * <p>Accuracy: the vector kernels use their own exp (within 1 ulp); through the formulas that
 * becomes up to 4 ulps from the scalar reference for f (1 + exp(-x) re-rounds a 1-ulp change of
 * exp), and for f' up to 4 ulps of the magnitude |dy| s (1 + |x|) of the terms that cancel (1 - s
 * for large x, 1 + x (1 - s) at f' = 0, x = -1.2785), plus 2^-149 (1 + |x|)(1 + |dy|) where s or
 * dy s is subnormal. Against PyTorch's golden vectors: 2 ulps.
 *
 * <p>Backward needs the input x (the output does not determine it: f is not monotonic).
 */
public final class Silu extends ElementwiseActivation {
    static final String NAME = "silu";
    // About 1-4 ns per element on one core, so a second thread should pay from about 32K
    // elements each (a worker wake-up costs ~10-30 us). Not confirmed: on the shared 2-core test
    // machine (load average 12-14) 2 threads did not beat 1 at any size up to 256K.
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
