package dev.rectifier.kernels;

import dev.rectifier.kernels.scalar.ScalarMish;
import dev.rectifier.kernels.simd.VectorMish;

/**
 * Mish: {@code f(x) = x * tanh(softplus(x))}, softplus(x) = log(1 + exp(x));
 * {@code f'(x) = t + x s (1 - t^2)} with t = tanh(softplus(x)) and s = sigmoid(x). Spec:
 * {@code mish}.
 *
 * <p>The float operations and edge cases are PyTorch 1.13's, spelled out in {@link ScalarMish}:
 * f(-0.0) = -0.0, f(x) = x from x = 88.73 on (exp overflows, t = 1), f(+inf) = +inf,
 * f(-inf) = NaN, f'(+-inf) = NaN, f'(0) = 0.6.
 *
 * <p>Accuracy: the vector kernels stay within 2 ulps of the scalar reference, except where the
 * result hangs on exp(x) below the smallest normal float (x < -87.34): there t is a subnormal
 * known only to about 2^-149 absolute, which bounds the difference by |x| 2^-149 (and PyTorch,
 * which flushes such exponentials to 0, by |x| 2^-126). f' crosses zero at x = -1.1924, where the
 * bound is 2 ulps of the magnitude of the terms that cancel.
 *
 * <p>Backward needs the input x.
 */
public final class Mish extends ElementwiseActivation {
    static final String NAME = "mish";
    // Measured on the 2-core test machine: 2 threads beat 1 from ~32K elements.
    private static final int GRAIN = 1 << 15;

    /** Mish using {@link Parallelism#defaults()}. */
    public Mish() {
        this(Parallelism.defaults());
    }

    public Mish(Parallelism parallelism) {
        super(parallelism, GRAIN, GRAIN);
    }

    static Mish fromSpec(Spec spec) {
        spec.finish();
        return new Mish();
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
    public Mish withParallelism(Parallelism parallelism) {
        return new Mish(parallelism);
    }

    @Override
    protected void forwardScalar(float[] x, int xOff, float[] y, int yOff, int n) {
        ScalarMish.forward(x, xOff, y, yOff, n);
    }

    @Override
    protected void forwardVector(float[] x, int xOff, float[] y, int yOff, int n) {
        VectorMish.forward(x, xOff, y, yOff, n);
    }

    @Override
    protected void backwardScalar(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        ScalarMish.backward(x, xOff, dy, dyOff, dx, dxOff, n);
    }

    @Override
    protected void backwardVector(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        VectorMish.backward(x, xOff, dy, dyOff, dx, dxOff, n);
    }
}
