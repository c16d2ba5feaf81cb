package dev.rectifier.kernels;

import dev.rectifier.kernels.scalar.ScalarRelu;
import dev.rectifier.kernels.simd.VectorRelu;

/**
 * ReLU, the rectified linear unit: {@code f(x) = max(0, x)}, {@code f'(x) = 1} for {@code x > 0} and 0
 * for {@code x <= 0}. Spec: {@code relu}.
 *
 * <p>Edge cases (PyTorch's): f(-0.0) = -0.0, f(NaN) = NaN, f(+-inf) = +inf / +0; f'(0) = 0; at a
 * NaN input backward passes dy through (PyTorch derives the gradient from the output as
 * {@code y <= 0 ? 0 : dy}); a blocked gradient is +0.0 whatever the sign of dy.
 *
 * <p>Backward needs one of: the input x ({@link #backward}), the output y
 * ({@link #backwardFromOutput}, since {@code y <= 0} exactly where {@code x <= 0}), or one bit per element
 * ({@link #forwardMask} / {@link #backwardMask}), which is what the training engine keeps.
 */
public final class Relu extends ElementwiseActivation implements BitMaskActivation, BackwardFromOutput {
    static final String NAME = "relu";
    // Memory-bound, but each core has its own L2: two threads beat one from n = 2^16, as for
    // relu6 and prelu. JMH at 64K floats, 2 threads (bench/README): forward 104 -> 154-177 GB/s,
    // backward 97-105 -> 160-190 GB/s against a grain of 2^17 (which kept 64K on one thread).
    private static final int GRAIN = 1 << 15;

    /** ReLU using {@link Parallelism#defaults()}. */
    public Relu() {
        this(Parallelism.defaults());
    }

    public Relu(Parallelism parallelism) {
        super(parallelism, GRAIN, GRAIN);
    }

    static Relu fromSpec(Spec spec) {
        spec.finish();
        return new Relu();
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
    public Relu withParallelism(Parallelism parallelism) {
        return new Relu(parallelism);
    }

    @Override
    protected void forwardScalar(float[] x, int xOff, float[] y, int yOff, int n) {
        ScalarRelu.forward(x, xOff, y, yOff, n);
    }

    @Override
    protected void forwardVector(float[] x, int xOff, float[] y, int yOff, int n) {
        VectorRelu.forward(x, xOff, y, yOff, n);
    }

    @Override
    protected void backwardScalar(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        ScalarRelu.backward(x, xOff, dy, dyOff, dx, dxOff, n);
    }

    @Override
    protected void backwardVector(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        VectorRelu.backward(x, xOff, dy, dyOff, dx, dxOff, n);
    }

    /** From y: relu's output is <= 0 exactly where its input is, so this is backward with x := y. */
    @Override
    public void backwardFromOutput(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        backward(y, yOff, dy, dyOff, dx, dxOff, n);
    }

    @Override
    public void forwardMask(float[] x, int xOff, float[] y, int yOff, long[] mask, int maskOff, int n) {
        Checks.range("x", x, xOff, n);
        Checks.range("y", y, yOff, n);
        Checks.mask(mask, maskOff, n);
        split(n, forwardGrain(), (from, to) -> {
            int count = to - from;
            if (Simd.ENABLED) {
                VectorRelu.forwardMask(x, xOff + from, y, yOff + from, mask, maskOff + (from >>> 6), count);
            } else {
                ScalarRelu.forwardMask(x, xOff + from, y, yOff + from, mask, maskOff + (from >>> 6), count);
            }
        });
    }

    @Override
    public void mask(float[] x, int xOff, long[] mask, int maskOff, int n) {
        Checks.range("x", x, xOff, n);
        Checks.mask(mask, maskOff, n);
        split(n, forwardGrain(), (from, to) -> {
            if (Simd.ENABLED) {
                VectorRelu.mask(x, xOff + from, mask, maskOff + (from >>> 6), to - from);
            } else {
                ScalarRelu.mask(x, xOff + from, mask, maskOff + (from >>> 6), to - from);
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
                VectorRelu.backwardMask(mask, maskOff + (from >>> 6), dy, dyOff + from, dx, dxOff + from, to - from);
            } else {
                ScalarRelu.backwardMask(mask, maskOff + (from >>> 6), dy, dyOff + from, dx, dxOff + from, to - from);
            }
        });
    }
}
