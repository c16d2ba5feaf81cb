package dev.rectifier.kernels;

import dev.rectifier.kernels.scalar.ScalarSoftplus;
import dev.rectifier.kernels.simd.VectorSoftplus;

/**
 * Softplus: {@code f(x) = log(1 + exp(beta * x)) / beta}, reverting to {@code f(x) = x} where
 * {@code beta * x > threshold}; {@code f'(x) = exp(beta x) / (exp(beta x) + 1)} (the logistic
 * sigmoid of beta x), and 1 above the threshold. Spec: {@code softplus(beta=1.0,threshold=20.0)}
 * (PyTorch's defaults).
 *
 * <p>Float operations are PyTorch 1.13's ({@link ScalarSoftplus}): beta and threshold rounded
 * to float, {@code z = x * beta}, {@code log1p(exp(z)) / beta} and
 * {@code dy * e / (e + 1)}. Edge cases (PyTorch's): the kink is strictly above the threshold, so
 * at {@code beta * x == threshold} the smooth branch is taken (f(20) = 20 from log1p(e^20) for
 * the defaults, f'(20) = 1 - 2e-9 rounded); f(-inf) = 0, f(+inf) = +inf, f(NaN) = NaN;
 * f(0) = log(2) / beta; for very negative x the result is e^(beta x) / beta down to the subnormal
 * range. beta = 0 is refused (the function would divide by it); a negative beta and any threshold
 * within float range are accepted, as in PyTorch.
 *
 * <p>Accuracy: the vector path's exp and log1p are each within 1 ulp of the reference's
 * (double, rounded once); their errors add, so forward is within 3 ulp of the reference and
 * backward within 4 (measured over 4M inputs, betas 1, 2 and -1.5). Against PyTorch (SLEEF):
 * within 3 ulp.
 *
 * <p>Backward needs the input x (PyTorch's softplus_backward takes the input; the output alone
 * would do mathematically, 1 - exp(-beta y), but would not give PyTorch's numbers).
 */
public final class Softplus extends ElementwiseActivation {
    static final String NAME = "softplus";
    /** PyTorch's default beta. */
    public static final double DEFAULT_BETA = 1.0;
    /** PyTorch's default threshold. */
    public static final double DEFAULT_THRESHOLD = 20.0;
    // Compute-bound (exp and log1p per element): see the measurement on EluFamily.GRAIN; softplus
    // costs more per element than elu, so the elu grain is on the safe side.
    private static final int GRAIN = EluFamily.GRAIN;

    private final double beta;
    private final double threshold;
    private final float betaF;
    private final float thresholdF;

    /** Softplus with PyTorch's defaults (beta 1, threshold 20), using {@link Parallelism#defaults()}. */
    public Softplus() {
        this(DEFAULT_BETA, DEFAULT_THRESHOLD);
    }

    /** Softplus with the given beta and threshold, using {@link Parallelism#defaults()}. */
    public Softplus(double beta, double threshold) {
        this(beta, threshold, Parallelism.defaults());
    }

    /**
     * @throws IllegalArgumentException if beta is 0, or beta or threshold is NaN, infinite or
     *                                  beyond float range
     */
    public Softplus(double beta, double threshold, Parallelism parallelism) {
        super(parallelism, GRAIN, GRAIN);
        this.betaF = Checks.floatParameter("softplus beta", beta);
        this.thresholdF = Checks.floatParameter("softplus threshold", threshold);
        if (betaF == 0f) {
            throw new IllegalArgumentException("softplus beta=" + beta + " but it must be non-zero as a float"
                    + " (softplus divides by it; any finite beta that does not round to 0 is accepted)");
        }
        this.beta = beta;
        this.threshold = threshold;
    }

    static Softplus fromSpec(Spec spec) {
        double beta = spec.floatNumber("beta", DEFAULT_BETA);
        double threshold = spec.floatNumber("threshold", DEFAULT_THRESHOLD);
        spec.finish();
        if ((float) beta == 0f) {
            throw spec.illegal("beta", beta,
                    "must be non-zero as a float (softplus divides by it; any finite beta that does not round to 0 is accepted)");
        }
        return new Softplus(beta, threshold);
    }

    /** The beta this softplus was made with; the kernels use it rounded to float. */
    public double beta() {
        return beta;
    }

    /** The threshold this softplus was made with; the kernels use it rounded to float. */
    public double threshold() {
        return threshold;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String spec() {
        return NAME + "(beta=" + Spec.format(beta) + ",threshold=" + Spec.format(threshold) + ")";
    }

    @Override
    public Softplus withParallelism(Parallelism parallelism) {
        return new Softplus(beta, threshold, parallelism);
    }

    @Override
    protected void forwardScalar(float[] x, int xOff, float[] y, int yOff, int n) {
        ScalarSoftplus.forward(x, xOff, y, yOff, n, betaF, thresholdF);
    }

    @Override
    protected void forwardVector(float[] x, int xOff, float[] y, int yOff, int n) {
        VectorSoftplus.forward(x, xOff, y, yOff, n, betaF, thresholdF);
    }

    @Override
    protected void backwardScalar(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        ScalarSoftplus.backward(x, xOff, dy, dyOff, dx, dxOff, n, betaF, thresholdF);
    }

    @Override
    protected void backwardVector(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        VectorSoftplus.backward(x, xOff, dy, dyOff, dx, dxOff, n, betaF, thresholdF);
    }
}
