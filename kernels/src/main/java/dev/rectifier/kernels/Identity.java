package dev.rectifier.kernels;

import dev.rectifier.kernels.scalar.ScalarIdentity;
import dev.rectifier.kernels.simd.VectorIdentity;

/**
 * The identity, PyTorch's {@code nn.Identity}: {@code f(x) = x}, {@code f'(x) = 1}, so
 * {@code dx = dy}. Spec: {@code identity}. Useful as "no activation", e.g. on an output layer.
 *
 * <p>Edge cases: none; every bit pattern is copied unchanged (NaN payloads, -0.0, subnormals).
 * In place it does nothing.
 *
 * <p>Backward needs nothing saved: {@link #backward} ignores x and {@link #backwardFromOutput}
 * ignores y.
 */
public final class Identity extends ElementwiseActivation implements BackwardFromOutput {
    static final String NAME = "identity";
    // A copy at 0.075 ns per element, like relu6: two threads beat one from n = 2^16,
    // measured on a 2-core AMD EPYC (AVX-512, JDK 25), vector kernel whole vs split in two by
    // Parallelism.forRange, minimum of many runs: a part needs 2^15 elements.
    private static final int GRAIN = 1 << 15;

    /** The identity using {@link Parallelism#defaults()}. */
    public Identity() {
        this(Parallelism.defaults());
    }

    public Identity(Parallelism parallelism) {
        super(parallelism, GRAIN, GRAIN);
    }

    static Identity fromSpec(Spec spec) {
        spec.finish();
        return new Identity();
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
    public Identity withParallelism(Parallelism parallelism) {
        return new Identity(parallelism);
    }

    @Override
    protected void forwardScalar(float[] x, int xOff, float[] y, int yOff, int n) {
        ScalarIdentity.copy(x, xOff, y, yOff, n);
    }

    @Override
    protected void forwardVector(float[] x, int xOff, float[] y, int yOff, int n) {
        VectorIdentity.copy(x, xOff, y, yOff, n);
    }

    @Override
    protected void backwardScalar(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        ScalarIdentity.copy(dy, dyOff, dx, dxOff, n);
    }

    @Override
    protected void backwardVector(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        VectorIdentity.copy(dy, dyOff, dx, dxOff, n);
    }

    /** dx = dy; y is only range-checked. */
    @Override
    public void backwardFromOutput(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        backward(y, yOff, dy, dyOff, dx, dxOff, n);
    }
}
