package dev.rectifier.kernels;

import dev.rectifier.kernels.scalar.ScalarTanh;
import dev.rectifier.kernels.simd.VectorTanh;

/**
 * The hyperbolic tangent: {@code f(x) = tanh(x)}, {@code f'(x) = 1 - tanh(x)^2}. Spec:
 * {@code tanh}.
 *
 * <p>Float operations are PyTorch 1.13's x86 build ({@link ScalarTanh}): y is tanh rounded to
 * float and the gradient {@code dy * fma(-y, y, 1)}, the fused form its compiler produces.
 * Edge cases: f(-0.0) = -0.0, f(+-inf) = +-1 with gradient +-0, f(NaN) = NaN; for
 * |x| >= 9.01 y rounds to +-1 and the gradient to 0.
 *
 * <p>Accuracy: the vector path's tanh is within 1 ulp of the reference's (double, rounded once;
 * every float in [-1, 1] checked). The gradient cancels where |y| is near 1: a 1-ulp difference
 * in y moves {@code 1 - y^2} by about 2^-23, so dx is within {@code 2^-21 |dy|} (2^-22.4 measured)
 * or 2 ulp of the reference and of PyTorch.
 *
 * <p>Backward needs the input x ({@link #backward}, which recomputes y exactly as
 * {@link #forward} does) or the output y ({@link #backwardFromOutput}, PyTorch's own formula);
 * given the y that forward returned, the two agree bit for bit.
 */
public final class Tanh extends ElementwiseActivation implements BackwardFromOutput {
    static final String NAME = "tanh";
    // Compute-bound: see the measurement on EluFamily.GRAIN.
    private static final int GRAIN = EluFamily.GRAIN;

    /** Tanh using {@link Parallelism#defaults()}. */
    public Tanh() {
        this(Parallelism.defaults());
    }

    public Tanh(Parallelism parallelism) {
        super(parallelism, GRAIN, GRAIN);
    }

    static Tanh fromSpec(Spec spec) {
        spec.finish();
        return new Tanh();
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
    public Tanh withParallelism(Parallelism parallelism) {
        return new Tanh(parallelism);
    }

    @Override
    protected void forwardScalar(float[] x, int xOff, float[] y, int yOff, int n) {
        ScalarTanh.forward(x, xOff, y, yOff, n);
    }

    @Override
    protected void forwardVector(float[] x, int xOff, float[] y, int yOff, int n) {
        VectorTanh.forward(x, xOff, y, yOff, n);
    }

    @Override
    protected void backwardScalar(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        ScalarTanh.backward(x, xOff, dy, dyOff, dx, dxOff, n);
    }

    @Override
    protected void backwardVector(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        VectorTanh.backward(x, xOff, dy, dyOff, dx, dxOff, n);
    }

    /** {@code dx = dy * fma(-y, y, 1)}: bit for bit {@link #backward} from the x that gave this y. */
    @Override
    public void backwardFromOutput(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        Checks.range("y", y, yOff, n);
        Checks.range("dy", dy, dyOff, n);
        Checks.range("dx", dx, dxOff, n);
        split(n, EluFamily.FROM_OUTPUT_GRAIN, (from, to) -> {
            if (Simd.ENABLED) {
                VectorTanh.backwardFromOutput(y, yOff + from, dy, dyOff + from, dx, dxOff + from, to - from);
            } else {
                ScalarTanh.backwardFromOutput(y, yOff + from, dy, dyOff + from, dx, dxOff + from, to - from);
            }
        });
    }
}
