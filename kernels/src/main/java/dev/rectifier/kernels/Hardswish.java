package dev.rectifier.kernels;

import dev.rectifier.kernels.scalar.ScalarHardswish;
import dev.rectifier.kernels.simd.VectorHardswish;

/**
 * Hardswish: {@code f(x) = x * min(max(x + 3, 0), 6) / 6}, evaluated in float32 in that order
 * (the product first, then the division by 6); {@code f'(x) = 0} for x &lt; -3, {@code x / 3 + 0.5}
 * for -3 &lt;= x &lt; 3 and 1 for x &gt;= 3, applied as {@code dy * (x / 3 + 0.5)}. Spec:
 * {@code hardswish}.
 *
 * <p>Edge cases (PyTorch 1.13's vectorized CPU kernels, which handle all but a loop tail of a
 * few elements and which the golden vectors record): f(-0.0) = -0.0; f(-inf) = NaN (-inf * 0);
 * f(MAX_VALUE) = +inf (the product overflows before the division); f(NaN) = NaN; tiny
 * subnormals round to +-0. f'(-3) = -0.5 (x &lt; -3 is false), f'(3) = 1, and at a NaN input the
 * gradient is NaN. (PyTorch's scalar tail loop would give 1.5 * dy at x = 3 and dy at NaN.)
 *
 * <p>Backward needs the input x (hardswish is not invertible on [-3, 0]).
 */
public final class Hardswish extends ElementwiseActivation {
    static final String NAME = "hardswish";
    // Two divisions' worth of work per element (0.17 ns forward, 0.13 backward): two threads
    // beat one from n = 2^13 (0.119 vs 0.171 ns per element forward; at 2^12 they lose),
    // measured on a 2-core AMD EPYC (AVX-512, JDK 25), vector kernel whole vs split in two by
    // Parallelism.forRange, minimum of many runs: a part needs 2^12 elements.
    private static final int GRAIN = 1 << 12;

    /** Hardswish using {@link Parallelism#defaults()}. */
    public Hardswish() {
        this(Parallelism.defaults());
    }

    public Hardswish(Parallelism parallelism) {
        super(parallelism, GRAIN, GRAIN);
    }

    static Hardswish fromSpec(Spec spec) {
        spec.finish();
        return new Hardswish();
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
    public Hardswish withParallelism(Parallelism parallelism) {
        return new Hardswish(parallelism);
    }

    @Override
    protected void forwardScalar(float[] x, int xOff, float[] y, int yOff, int n) {
        ScalarHardswish.forward(x, xOff, y, yOff, n);
    }

    @Override
    protected void forwardVector(float[] x, int xOff, float[] y, int yOff, int n) {
        VectorHardswish.forward(x, xOff, y, yOff, n);
    }

    @Override
    protected void backwardScalar(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        ScalarHardswish.backward(x, xOff, dy, dyOff, dx, dxOff, n);
    }

    @Override
    protected void backwardVector(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        VectorHardswish.backward(x, xOff, dy, dyOff, dx, dxOff, n);
    }
}
