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
 * <p>Accuracy: the vector kernels compute tanh(softplus(x)) with one exponential (see
 * {@link VectorMish}): up to 6 ulps from the scalar reference forward and 5 backward, measured
 * over 78M inputs. Where the result hangs on exp(x) below the smallest normal float
 * (x < -87.34), t is a subnormal known to 2^-149, so the bound is in units of |x| 2^-149 there
 * (PyTorch flushes e^x to 0 from about x = -103.3). f' crosses zero at x = -1.1924; there the
 * bound is in ulps of the magnitude of the terms that cancel. Against PyTorch's golden vectors:
 * 2 ulps.
 *
 * <p>Backward needs the input x.
 */
public final class Mish extends ElementwiseActivation {
    static final String NAME = "mish";
    // About 1-4 ns per element on one core, so a second thread should pay from about 32K
    // elements each (a worker wake-up costs ~10-30 us). Not confirmed: on the shared 2-core test
    // machine (load average 12-14) 2 threads did not beat 1 at any size up to 256K.
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
