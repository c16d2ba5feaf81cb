package dev.rectifier.kernels;

import dev.rectifier.kernels.scalar.ScalarRelu6;
import dev.rectifier.kernels.simd.VectorRelu6;

/**
 * ReLU6: {@code f(x) = min(max(0, x), 6)}, {@code f'(x) = 1} for 0 &lt; x &lt; 6 and 0 elsewhere.
 * Spec: {@code relu6}.
 *
 * <p>Edge cases (PyTorch's, which computes it as hardtanh(x, 0, 6)): f(-0.0) = -0.0,
 * f(NaN) = NaN, f(+inf) = 6, f(-inf) = +0; f'(0) = f'(6) = 0 and at a NaN input the gradient
 * is 0 (the rule of PyTorch's vectorized kernel, which handles all but a loop tail of a few
 * elements; its scalar tail would pass dy at NaN); a blocked gradient is +0.0 whatever the sign
 * of dy.
 *
 * <p>Backward needs the input x ({@link #backward}) or the output y
 * ({@link #backwardFromOutput}: 0 &lt; y &lt; 6 exactly where 0 &lt; x &lt; 6, NaN included, and dx is
 * selected, not computed, so both give the same bits).
 */
public final class Relu6 extends ElementwiseActivation implements BackwardFromOutput {
    static final String NAME = "relu6";
    // Two threads beat one from n = 2^16 (0.070 against 0.097 ns per element; at 2^14 they
    // lose, 0.105 against 0.086: the 0.6 us hand-off dominates), measured on a 2-core AMD EPYC
    // (AVX-512, JDK 25), vector kernel whole vs split in two by Parallelism.forRange, minimum
    // of many runs: a part needs 2^15 elements.
    private static final int GRAIN = 1 << 15;

    /** ReLU6 using {@link Parallelism#defaults()}. */
    public Relu6() {
        this(Parallelism.defaults());
    }

    public Relu6(Parallelism parallelism) {
        super(parallelism, GRAIN, GRAIN);
    }

    static Relu6 fromSpec(Spec spec) {
        spec.finish();
        return new Relu6();
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
    public Relu6 withParallelism(Parallelism parallelism) {
        return new Relu6(parallelism);
    }

    @Override
    protected void forwardScalar(float[] x, int xOff, float[] y, int yOff, int n) {
        ScalarRelu6.forward(x, xOff, y, yOff, n);
    }

    @Override
    protected void forwardVector(float[] x, int xOff, float[] y, int yOff, int n) {
        VectorRelu6.forward(x, xOff, y, yOff, n);
    }

    @Override
    protected void backwardScalar(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        ScalarRelu6.backward(x, xOff, dy, dyOff, dx, dxOff, n);
    }

    @Override
    protected void backwardVector(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        VectorRelu6.backward(x, xOff, dy, dyOff, dx, dxOff, n);
    }

    /** From y: 0 &lt; y &lt; 6 exactly where 0 &lt; x &lt; 6, so this is backward with x := y. */
    @Override
    public void backwardFromOutput(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        backward(y, yOff, dy, dyOff, dx, dxOff, n);
    }
}
