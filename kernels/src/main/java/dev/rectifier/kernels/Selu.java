package dev.rectifier.kernels;

import dev.rectifier.kernels.scalar.ScalarElu;
import dev.rectifier.kernels.simd.VectorElu;

/**
 * SELU, the scaled ELU: {@code f(x) = scale * x} for x > 0 and
 * {@code scale * alpha * (exp(x) - 1)} otherwise, with PyTorch's constants
 * alpha = 1.6732632423543772848170429916717 and scale = 1.0507009873554804934193349852946;
 * {@code f'(x) = scale} for x > 0 and {@code scale * alpha * exp(x)} otherwise. Spec: {@code selu}
 * (no parameters).
 *
 * <p>As in PyTorch, the ELU kernel ({@link ScalarElu}) with poscoef = (float) scale,
 * negiptcoef = 1 and negcoef = (float) alpha * (float) scale as a float product (1.7580993).
 * Edge cases: f(-0.0) = +0.0, f(-inf) = -1.7580993, f(MAX_VALUE) = +inf (scale * x overflows),
 * f'(0) = 1.7580993 (x = 0 takes the exponential side), NaN gives NaN forward and backward.
 *
 * <p>Accuracy as for {@link Elu}: vector path and PyTorch within {@code 2^-23 * 1.76} absolutely
 * forward, 2 ulp backward.
 *
 * <p>Backward needs the input x, or the output y ({@link #backwardFromOutput}, PyTorch's in-place
 * formula {@code y > 0 ? dy * scale : dy * (y + scale * alpha)}, within
 * {@code 2^-21 * 1.76 |dy|} of backward from the input).
 */
public final class Selu extends ElementwiseActivation implements BackwardFromOutput {
    static final String NAME = "selu";
    /** PyTorch's SELU_ALPHA. */
    public static final double ALPHA = 1.6732632423543772848170429916717;
    /** PyTorch's SELU_SCALE. */
    public static final double SCALE = 1.0507009873554804934193349852946;

    private static final float NEGCOEF = (float) ALPHA * (float) SCALE;
    private static final float POSCOEF = (float) SCALE;

    /** SELU using {@link Parallelism#defaults()}. */
    public Selu() {
        this(Parallelism.defaults());
    }

    public Selu(Parallelism parallelism) {
        super(parallelism, EluFamily.GRAIN, EluFamily.GRAIN);
    }

    static Selu fromSpec(Spec spec) {
        spec.finish();
        return new Selu();
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
    public Selu withParallelism(Parallelism parallelism) {
        return new Selu(parallelism);
    }

    @Override
    protected void forwardScalar(float[] x, int xOff, float[] y, int yOff, int n) {
        ScalarElu.forward(x, xOff, y, yOff, n, NEGCOEF, POSCOEF, 1f);
    }

    @Override
    protected void forwardVector(float[] x, int xOff, float[] y, int yOff, int n) {
        VectorElu.forward(x, xOff, y, yOff, n, NEGCOEF, POSCOEF, 1f);
    }

    @Override
    protected void backwardScalar(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        ScalarElu.backward(x, xOff, dy, dyOff, dx, dxOff, n, NEGCOEF, POSCOEF, 1f);
    }

    @Override
    protected void backwardVector(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        VectorElu.backward(x, xOff, dy, dyOff, dx, dxOff, n, NEGCOEF, POSCOEF, 1f);
    }

    /** From y. Within {@code 2^-21 * 1.76 |dy|} of {@link #backward} from the input. */
    @Override
    public void backwardFromOutput(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        EluFamily.backwardFromOutput(this, y, yOff, dy, dyOff, dx, dxOff, n, NEGCOEF, POSCOEF, 1f);
    }
}
