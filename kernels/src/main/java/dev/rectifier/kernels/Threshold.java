package dev.rectifier.kernels;

import dev.rectifier.kernels.scalar.ScalarThreshold;
import dev.rectifier.kernels.simd.VectorThreshold;

/**
 * Threshold, PyTorch's {@code nn.Threshold(threshold, value)}:
 * {@code f(x) = x <= threshold ? value : x}, {@code f'(x) = 0} for x &lt;= threshold and 1
 * otherwise. Spec: {@code threshold(threshold=0.1,value=20.0)}; both parameters are required,
 * as in PyTorch.
 *
 * <p>Edge cases (PyTorch's): the test is {@code x <= threshold}, so at x == threshold the
 * output is {@code value} and the gradient +0.0; a NaN input is not &lt;= anything, so
 * f(NaN) = NaN and the gradient passes dy through; -0.0 and +0.0 compare equal. Threshold and
 * value are held as floats, as PyTorch's float kernel converts them.
 *
 * <p>Backward needs the input x (the output cannot tell x &lt;= threshold apart from x = value
 * when value &gt; threshold).
 */
public final class Threshold extends ElementwiseActivation {
    static final String NAME = "threshold";
    // Costs what relu6 costs per element (0.08 ns), so the same break-even, n = 2^16,
    // measured on a 2-core AMD EPYC (AVX-512, JDK 25), vector kernel whole vs split in two by
    // Parallelism.forRange, minimum of many runs: a part needs 2^15 elements.
    private static final int GRAIN = 1 << 15;

    private final float threshold;
    private final float value;

    /** Threshold using {@link Parallelism#defaults()}. */
    public Threshold(double threshold, double value) {
        this(threshold, value, Parallelism.defaults());
    }

    /** @throws IllegalArgumentException if threshold or value is NaN or infinite */
    public Threshold(double threshold, double value, Parallelism parallelism) {
        super(parallelism, GRAIN, GRAIN);
        this.threshold = (float) Checks.finite("threshold threshold", threshold);
        this.value = (float) Checks.finite("threshold value", value);
    }

    static Threshold fromSpec(Spec spec) {
        double threshold = spec.requiredNumber("threshold");
        double value = spec.requiredNumber("value");
        spec.finish();
        return new Threshold(threshold, value);
    }

    /** The threshold, as the float the kernels compare with. */
    public float threshold() {
        return threshold;
    }

    /** The value that replaces x &lt;= threshold. */
    public float value() {
        return value;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String spec() {
        return NAME + "(threshold=" + Spec.format(threshold) + ",value=" + Spec.format(value) + ")";
    }

    @Override
    public Threshold withParallelism(Parallelism parallelism) {
        return new Threshold(threshold, value, parallelism);
    }

    @Override
    protected void forwardScalar(float[] x, int xOff, float[] y, int yOff, int n) {
        ScalarThreshold.forward(x, xOff, y, yOff, n, threshold, value);
    }

    @Override
    protected void forwardVector(float[] x, int xOff, float[] y, int yOff, int n) {
        VectorThreshold.forward(x, xOff, y, yOff, n, threshold, value);
    }

    @Override
    protected void backwardScalar(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        ScalarThreshold.backward(x, xOff, dy, dyOff, dx, dxOff, n, threshold);
    }

    @Override
    protected void backwardVector(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        VectorThreshold.backward(x, xOff, dy, dyOff, dx, dxOff, n, threshold);
    }
}
