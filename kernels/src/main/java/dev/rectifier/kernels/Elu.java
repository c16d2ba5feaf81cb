package dev.rectifier.kernels;

import dev.rectifier.kernels.scalar.ScalarElu;
import dev.rectifier.kernels.simd.VectorElu;

/**
 * ELU, the exponential linear unit: {@code f(x) = x} for x > 0 and
 * {@code alpha * (exp(x) - 1)} otherwise; {@code f'(x) = 1} for x > 0 and
 * {@code alpha * exp(x)} otherwise. Spec: {@code elu(alpha=1.0)} (PyTorch's default).
 *
 * <p>Float operations are PyTorch 1.13's ({@link ScalarElu}, with negcoef = alpha and
 * poscoef = negiptcoef = 1): {@code (exp(x) - 1) * alpha}, not expm1, so results near 0 cancel
 * as PyTorch's do. Edge cases (PyTorch's): f(-0.0) = +0.0 and f(-MIN_VALUE) = +0.0;
 * f(-1e-7) = -1.1920929e-7; f(-inf) = -alpha; f(NaN) = NaN; f'(0) = alpha (x = 0 takes the
 * exponential side); at a NaN input the gradient is NaN; f'(-inf) = 0 and e^x is subnormal for
 * x < -87.3, so dx may be subnormal. Any finite alpha within float range is accepted, negative
 * and zero included, as in PyTorch.
 *
 * <p>Accuracy: the scalar reference computes exp in double, rounded once to float. The vector
 * path's exp is within 1 ulp of it, so forward differs by at most one ulp of exp near 1 times
 * alpha: {@code 2^-24 |alpha|} measured, {@code 2^-23 |alpha|} tested (ulps mean nothing where
 * exp(x) - 1 cancels near 0, in PyTorch too); backward is within 2 ulp, or a few MIN_VALUE
 * times {@code |dy * alpha|} where e^x is subnormal. Against PyTorch (SLEEF's exp, also within
 * 1 ulp) the same bounds hold.
 *
 * <p>Backward needs the input x ({@link #backward}), or, when alpha >= 0, the output y
 * ({@link #backwardFromOutput}: PyTorch's in-place formula {@code y > 0 ? dy : dy * (y + alpha)}),
 * which differs from backward from the input by at most {@code 2^-21 |dy * alpha|} because
 * y + alpha rounds where alpha * exp(x) does not.
 */
public final class Elu extends ElementwiseActivation implements BackwardFromOutput {
    static final String NAME = "elu";
    /** PyTorch's default alpha. */
    public static final double DEFAULT_ALPHA = 1.0;
    // Compute-bound: see the measurement on EluFamily.GRAIN.
    private static final int GRAIN = EluFamily.GRAIN;

    private final double alpha;
    private final float negcoef;

    /** ELU with the given alpha, using {@link Parallelism#defaults()}. */
    public Elu(double alpha) {
        this(alpha, Parallelism.defaults());
    }

    /**
     * @throws IllegalArgumentException if alpha is NaN, infinite or beyond float range
     */
    public Elu(double alpha, Parallelism parallelism) {
        super(parallelism, GRAIN, GRAIN);
        this.negcoef = Checks.floatParameter("elu alpha", alpha);
        this.alpha = alpha;
    }

    static Elu fromSpec(Spec spec) {
        double alpha = spec.floatNumber("alpha", DEFAULT_ALPHA);
        spec.finish();
        return new Elu(alpha);
    }

    /** The alpha this ELU was made with; the kernels use it rounded to float. */
    public double alpha() {
        return alpha;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String spec() {
        return NAME + "(alpha=" + Spec.format(alpha) + ")";
    }

    @Override
    public Elu withParallelism(Parallelism parallelism) {
        return new Elu(alpha, parallelism);
    }

    @Override
    protected void forwardScalar(float[] x, int xOff, float[] y, int yOff, int n) {
        ScalarElu.forward(x, xOff, y, yOff, n, negcoef, 1f, 1f);
    }

    @Override
    protected void forwardVector(float[] x, int xOff, float[] y, int yOff, int n) {
        VectorElu.forward(x, xOff, y, yOff, n, negcoef, 1f, 1f);
    }

    @Override
    protected void backwardScalar(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        ScalarElu.backward(x, xOff, dy, dyOff, dx, dxOff, n, negcoef, 1f, 1f);
    }

    @Override
    protected void backwardVector(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        VectorElu.backward(x, xOff, dy, dyOff, dx, dxOff, n, negcoef, 1f, 1f);
    }

    /**
     * From y, valid when alpha >= 0 (PyTorch refuses an in-place ELU backward with a negative
     * alpha). Within {@code 2^-21 |dy * alpha|} of {@link #backward} from the input.
     *
     * @throws IllegalStateException if alpha < 0
     */
    @Override
    public void backwardFromOutput(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        if (negcoef < 0f) {
            throw new IllegalStateException("elu with alpha=" + alpha
                    + " < 0 cannot take its gradient from the output; keep the input and call backward");
        }
        EluFamily.backwardFromOutput(this, y, yOff, dy, dyOff, dx, dxOff, n, negcoef, 1f, 1f);
    }
}
