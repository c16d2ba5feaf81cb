package dev.rectifier.kernels;

import dev.rectifier.kernels.scalar.ScalarElu;
import dev.rectifier.kernels.simd.VectorElu;

/**
 * CELU, the continuously differentiable ELU: {@code f(x) = x} for x > 0 and
 * {@code alpha * (exp(x / alpha) - 1)} otherwise; {@code f'(x) = 1} for x > 0 and
 * {@code exp(x / alpha)} otherwise. Spec: {@code celu(alpha=1.0)} (PyTorch's default).
 *
 * <p>As in PyTorch, this is the ELU kernel ({@link ScalarElu}) with negcoef = alpha,
 * poscoef = 1 and negiptcoef = 1 / alpha, the reciprocal taken in double and then rounded to
 * float, so the exponent is {@code x * (1/alpha)}, not {@code x / alpha}, and the gradient is
 * {@code dy * (1/alpha) * alpha * exp(x * (1/alpha))}. alpha = 0 is refused, as PyTorch refuses
 * it; a negative alpha is accepted (the exponent then grows with -x and may overflow to -inf
 * times alpha). Edge cases as for {@link Elu}: f(-0.0) = +0.0, f(-inf) = -alpha for alpha > 0,
 * f'(0) = 1 (up to the rounding of 1/alpha), NaN gives NaN forward and backward.
 *
 * <p>Accuracy as for {@link Elu}: vector path and PyTorch within {@code 2^-23 |alpha|} absolutely
 * forward ({@code 2^-22 |alpha|} for alpha < 0, where exp(x / alpha) >= 1 has ulps of 2^-23),
 * 2 ulp backward.
 *
 * <p>Backward needs the input x, or, when alpha > 0, the output y ({@link #backwardFromOutput},
 * PyTorch's in-place formula {@code y > 0 ? dy : dy * (1/alpha) * (y + alpha)}, within
 * {@code 2^-21 |dy|} of backward from the input).
 */
public final class Celu extends ElementwiseActivation implements BackwardFromOutput {
    static final String NAME = "celu";
    /** PyTorch's default alpha. */
    public static final double DEFAULT_ALPHA = 1.0;

    private final double alpha;
    private final float negcoef;
    private final float negiptcoef;

    /** CELU with the given alpha, using {@link Parallelism#defaults()}. */
    public Celu(double alpha) {
        this(alpha, Parallelism.defaults());
    }

    /**
     * @throws IllegalArgumentException if alpha is 0, NaN, infinite, beyond float range or so
     *                                  small that 1/alpha is beyond it
     */
    public Celu(double alpha, Parallelism parallelism) {
        super(parallelism, EluFamily.GRAIN, EluFamily.GRAIN);
        if (alpha == 0) {
            throw new IllegalArgumentException("celu alpha=" + alpha
                    + " but it must be non-zero (celu divides by alpha; any other finite value is accepted)");
        }
        this.negcoef = Checks.floatParameter("celu alpha", alpha);
        this.negiptcoef = Checks.floatParameter("celu 1/alpha", 1.0 / alpha);
        this.alpha = alpha;
    }

    static Celu fromSpec(Spec spec) {
        double alpha = spec.floatNumber("alpha", DEFAULT_ALPHA);
        spec.finish();
        if (alpha == 0) {
            throw spec.illegal("alpha", alpha, "must be non-zero (celu divides by alpha; any other finite value is accepted)");
        }
        if (Math.abs(1.0 / alpha) > Float.MAX_VALUE) {
            throw spec.illegal("alpha", alpha, "is too close to 0: 1/alpha is beyond float range (|alpha| >= "
                    + (float) (1.0 / Float.MAX_VALUE) + " is accepted)");
        }
        return new Celu(alpha);
    }

    /** The alpha this CELU was made with. */
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
    public Celu withParallelism(Parallelism parallelism) {
        return new Celu(alpha, parallelism);
    }

    @Override
    protected void forwardScalar(float[] x, int xOff, float[] y, int yOff, int n) {
        ScalarElu.forward(x, xOff, y, yOff, n, negcoef, 1f, negiptcoef);
    }

    @Override
    protected void forwardVector(float[] x, int xOff, float[] y, int yOff, int n) {
        VectorElu.forward(x, xOff, y, yOff, n, negcoef, 1f, negiptcoef);
    }

    @Override
    protected void backwardScalar(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        ScalarElu.backward(x, xOff, dy, dyOff, dx, dxOff, n, negcoef, 1f, negiptcoef);
    }

    @Override
    protected void backwardVector(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        VectorElu.backward(x, xOff, dy, dyOff, dx, dxOff, n, negcoef, 1f, negiptcoef);
    }

    /**
     * From y, valid when alpha > 0 (PyTorch refuses an in-place CELU backward with a negative
     * alpha). Within {@code 2^-21 |dy|} of {@link #backward} from the input.
     *
     * @throws IllegalStateException if alpha < 0
     */
    @Override
    public void backwardFromOutput(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        if (negcoef < 0f) {
            throw new IllegalStateException("celu with alpha=" + alpha
                    + " < 0 cannot take its gradient from the output; keep the input and call backward");
        }
        EluFamily.backwardFromOutput(this, y, yOff, dy, dyOff, dx, dxOff, n, negcoef, 1f, negiptcoef);
    }
}
