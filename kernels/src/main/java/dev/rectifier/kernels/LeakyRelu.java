package dev.rectifier.kernels;

import dev.rectifier.kernels.scalar.ScalarLeakyRelu;
import dev.rectifier.kernels.simd.VectorLeakyRelu;

/**
 * Leaky ReLU: {@code f(x) = x} for {@code x > 0} and {@code negative_slope * x} otherwise;
 * {@code f'(x) = 1} for {@code x > 0} and {@code negative_slope} otherwise. Spec:
 * {@code leaky_relu(negative_slope=0.01)} (PyTorch's default slope).
 *
 * <p>Edge cases (PyTorch's): f'(0) = negative_slope; f(NaN) = NaN and at a NaN input backward
 * gives {@code negative_slope * dy}; f(-0.0) = -0.0; a negative subnormal input may give -0.0
 * (float multiplication, no flush to zero). The slope is held as a float, as PyTorch's float
 * kernel converts it.
 *
 * <p>Backward needs the input x, or the output y when {@code negative_slope >= 0} (then {@code y > 0} exactly
 * where {@code x > 0}), or one bit per element ({@link #forwardMask}/{@link #backwardMask}).
 */
public final class LeakyRelu extends ElementwiseActivation implements BitMaskActivation, BackwardFromOutput {
    static final String NAME = "leaky_relu";
    /** PyTorch's default negative_slope. */
    public static final double DEFAULT_NEGATIVE_SLOPE = 0.01;
    // As Relu's: two threads from n = 2^16 (JMH, 64K, 2 threads: forward 106 -> 175 GB/s,
    // backward 99 -> 166 GB/s against a grain of 2^17).
    private static final int GRAIN = 1 << 15;

    private final float negativeSlope;

    /** Leaky ReLU with slope {@code negativeSlope}, using {@link Parallelism#defaults()}. */
    public LeakyRelu(double negativeSlope) {
        this(negativeSlope, Parallelism.defaults());
    }

    public LeakyRelu(double negativeSlope, Parallelism parallelism) {
        super(parallelism, GRAIN, GRAIN);
        this.negativeSlope = (float) Checks.finite("leaky_relu negative_slope", negativeSlope);
    }

    static LeakyRelu fromSpec(Spec spec) {
        double slope = spec.number("negative_slope", DEFAULT_NEGATIVE_SLOPE);
        spec.finish();
        return new LeakyRelu(slope);
    }

    /** The slope for x <= 0, as the float the kernels use. */
    public float negativeSlope() {
        return negativeSlope;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String spec() {
        return NAME + "(negative_slope=" + Spec.format(negativeSlope) + ")";
    }

    @Override
    public LeakyRelu withParallelism(Parallelism parallelism) {
        return new LeakyRelu(negativeSlope, parallelism);
    }

    @Override
    protected void forwardScalar(float[] x, int xOff, float[] y, int yOff, int n) {
        ScalarLeakyRelu.forward(x, xOff, y, yOff, n, negativeSlope);
    }

    @Override
    protected void forwardVector(float[] x, int xOff, float[] y, int yOff, int n) {
        VectorLeakyRelu.forward(x, xOff, y, yOff, n, negativeSlope);
    }

    @Override
    protected void backwardScalar(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        ScalarLeakyRelu.backward(x, xOff, dy, dyOff, dx, dxOff, n, negativeSlope);
    }

    @Override
    protected void backwardVector(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        VectorLeakyRelu.backward(x, xOff, dy, dyOff, dx, dxOff, n, negativeSlope);
    }

    /** True when negative_slope >= 0: then y > 0 exactly where x > 0. */
    @Override
    public boolean supportsBackwardFromOutput() {
        return negativeSlope >= 0f;
    }

    /**
     * From y, valid when {@code negative_slope >= 0} (as in PyTorch, which refuses an in-place leaky
     * ReLU backward with a negative slope).
     *
     * @throws IllegalStateException if {@code negative_slope < 0}
     */
    @Override
    public void backwardFromOutput(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        if (!supportsBackwardFromOutput()) {
            throw new IllegalStateException("leaky_relu with negative_slope=" + negativeSlope
                    + " < 0 cannot take its gradient from the output; keep the input and call backward");
        }
        backward(y, yOff, dy, dyOff, dx, dxOff, n);
    }

    @Override
    public void forwardMask(float[] x, int xOff, float[] y, int yOff, long[] mask, int maskOff, int n) {
        Checks.range("x", x, xOff, n);
        Checks.range("y", y, yOff, n);
        Checks.mask(mask, maskOff, n);
        split(n, forwardGrain(), (from, to) -> {
            if (Simd.ENABLED) {
                VectorLeakyRelu.forwardMask(x, xOff + from, y, yOff + from, mask, maskOff + (from >>> 6), to - from, negativeSlope);
            } else {
                ScalarLeakyRelu.forwardMask(x, xOff + from, y, yOff + from, mask, maskOff + (from >>> 6), to - from, negativeSlope);
            }
        });
    }

    @Override
    public void mask(float[] x, int xOff, long[] mask, int maskOff, int n) {
        Checks.range("x", x, xOff, n);
        Checks.mask(mask, maskOff, n);
        split(n, forwardGrain(), (from, to) -> {
            if (Simd.ENABLED) {
                VectorLeakyRelu.mask(x, xOff + from, mask, maskOff + (from >>> 6), to - from);
            } else {
                ScalarLeakyRelu.mask(x, xOff + from, mask, maskOff + (from >>> 6), to - from);
            }
        });
    }

    @Override
    public void backwardMask(long[] mask, int maskOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        Checks.mask(mask, maskOff, n);
        Checks.range("dy", dy, dyOff, n);
        Checks.range("dx", dx, dxOff, n);
        split(n, backwardGrain(), (from, to) -> {
            if (Simd.ENABLED) {
                VectorLeakyRelu.backwardMask(mask, maskOff + (from >>> 6), dy, dyOff + from, dx, dxOff + from, to - from, negativeSlope);
            } else {
                ScalarLeakyRelu.backwardMask(mask, maskOff + (from >>> 6), dy, dyOff + from, dx, dxOff + from, to - from, negativeSlope);
            }
        });
    }
}
