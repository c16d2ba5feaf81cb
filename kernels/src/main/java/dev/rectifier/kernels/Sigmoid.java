package dev.rectifier.kernels;

import dev.rectifier.kernels.scalar.ScalarSigmoid;
import dev.rectifier.kernels.simd.VectorSigmoid;

/**
 * The logistic sigmoid: {@code f(x) = 1 / (1 + exp(-x))}, {@code f'(x) = f(x) (1 - f(x))}.
 * Spec: {@code sigmoid}.
 *
 * <p>Float operations are PyTorch 1.13's ({@link ScalarSigmoid}): {@code 1 / (1 + exp(-x))} and
 * {@code dy * (1 - y) * y}. Edge cases: f(+-0) = 0.5, f(+inf) = 1, f(-inf) = +0.0 and the
 * gradient there is +-0; f(NaN) = NaN; for x < -88.72 exp(-x) overflows and f(x) = +0.0 rather
 * than the subnormal e^x, as in PyTorch; for x > 16.6 f(x) rounds to 1 and the gradient to 0.
 *
 * <p>Accuracy: the vector path's exp is within 1 ulp of the reference's (double, rounded once),
 * so y is within 4 ulp (4 where 1 + e^-x rounds across a power of two; 3 against PyTorch). The
 * gradient {@code (1 - y) y} cancels where y is near 1: there a 1-ulp difference in y (2^-24)
 * moves dx by {@code 2^-24 |dy|}; the bound tested is {@code 2^-22 |dy|} or 4 ulp.
 *
 * <p>Backward needs the input x ({@link #backward}, which recomputes y exactly as
 * {@link #forward} does) or the output y ({@link #backwardFromOutput}, PyTorch's own formula);
 * given the y that forward returned, the two agree bit for bit.
 */
public final class Sigmoid extends ElementwiseActivation implements BackwardFromOutput {
    static final String NAME = "sigmoid";
    // Forward and backward from the input are compute-bound (exp and a division): see the
    // measurement on EluFamily.GRAIN.
    private static final int GRAIN = EluFamily.GRAIN;

    /** Sigmoid using {@link Parallelism#defaults()}. */
    public Sigmoid() {
        this(Parallelism.defaults());
    }

    public Sigmoid(Parallelism parallelism) {
        super(parallelism, GRAIN, GRAIN);
    }

    static Sigmoid fromSpec(Spec spec) {
        spec.finish();
        return new Sigmoid();
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
    public Sigmoid withParallelism(Parallelism parallelism) {
        return new Sigmoid(parallelism);
    }

    @Override
    protected void forwardScalar(float[] x, int xOff, float[] y, int yOff, int n) {
        ScalarSigmoid.forward(x, xOff, y, yOff, n);
    }

    @Override
    protected void forwardVector(float[] x, int xOff, float[] y, int yOff, int n) {
        VectorSigmoid.forward(x, xOff, y, yOff, n);
    }

    @Override
    protected void backwardScalar(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        ScalarSigmoid.backward(x, xOff, dy, dyOff, dx, dxOff, n);
    }

    @Override
    protected void backwardVector(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        VectorSigmoid.backward(x, xOff, dy, dyOff, dx, dxOff, n);
    }

    /** {@code dx = dy * (1 - y) * y}: bit for bit {@link #backward} from the x that gave this y. */
    @Override
    public void backwardFromOutput(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        Checks.range("y", y, yOff, n);
        Checks.range("dy", dy, dyOff, n);
        Checks.range("dx", dx, dxOff, n);
        split(n, EluFamily.FROM_OUTPUT_GRAIN, (from, to) -> {
            if (Simd.ENABLED) {
                VectorSigmoid.backwardFromOutput(y, yOff + from, dy, dyOff + from, dx, dxOff + from, to - from);
            } else {
                ScalarSigmoid.backwardFromOutput(y, yOff + from, dy, dyOff + from, dx, dxOff + from, to - from);
            }
        });
    }
}
