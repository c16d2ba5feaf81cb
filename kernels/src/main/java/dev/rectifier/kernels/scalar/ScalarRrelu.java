package dev.rectifier.kernels.scalar;

import java.util.SplittableRandom;

/**
 * Reference loops for RReLU in training mode, PyTorch's {@code rrelu_with_noise}: where
 * {@code x <= 0} a slope {@code r ~ U(lower, upper)} is drawn, {@code noise = r} and
 * {@code y = x * r}; elsewhere (x &gt; 0 and NaN) {@code noise = 1} and {@code y = x}. Backward is
 * {@code dx = dy * noise}. (Evaluation mode is a leaky ReLU: see {@link ScalarLeakyRelu}.)
 *
 * <p>A slope is drawn in double, {@code lower + u * (upper - lower)} with {@code u} uniform in
 * [0, 1) (capped at {@code upper} against rounding), and rounded to float, as PyTorch draws a
 * double and converts it; one value of {@code random} is used per element with {@code x <= 0},
 * in element order.
 */
public final class ScalarRrelu {
    private ScalarRrelu() {}

    /** One slope in [(float) lower, (float) upper]. */
    public static float draw(SplittableRandom random, double lower, double upper) {
        return (float) Math.min(lower + random.nextDouble() * (upper - lower), upper);
    }

    /** noise[i] = x &lt;= 0 ? a fresh slope : 1, drawing in element order. */
    public static void noise(float[] x, int xOff, float[] noise, int noiseOff, int n,
                             SplittableRandom random, double lower, double upper) {
        for (int i = 0; i < n; i++) {
            noise[noiseOff + i] = x[xOff + i] <= 0f ? draw(random, lower, upper) : 1f;
        }
    }

    /**
     * Training forward over one block: draws the noise, then {@code y = x * noise} (x * 1 is x,
     * so this equals PyTorch's {@code x <= 0 ? x * r : x} bit for bit; a NaN input stays NaN).
     */
    public static void forwardTraining(float[] x, int xOff, float[] y, int yOff, float[] noise, int noiseOff, int n,
                                       SplittableRandom random, double lower, double upper) {
        noise(x, xOff, noise, noiseOff, n, random, lower, upper);
        multiply(x, xOff, noise, noiseOff, y, yOff, n);
    }

    /** {@code out[i] = a[i] * b[i]}: the training forward's product and the training backward. */
    public static void multiply(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] * b[bOff + i];
        }
    }
}
