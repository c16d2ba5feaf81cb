package dev.rectifier.kernels.scalar;

/**
 * Reference loops for PReLU on a tensor of shape (batch, channels, inner), row-major, with one
 * slope per channel: {@code y = x > 0 ? x : w[c] * x}, {@code dx = x > 0 ? dy : w[c] * dy} and
 * {@code dw[c] = sum over batch and inner of (x > 0 ? 0 : x * dy)}, the product rounded to float
 * as in PyTorch, the sum accumulated in double in row-major order and rounded to float once.
 * Edge cases are leaky ReLU's ({@link ScalarLeakyRelu}): a NaN input gives y = NaN,
 * dx = w * dy and makes dw[c] NaN.
 *
 * <p>Ranges may start anywhere in the tensor: {@code first} is the flat index of the range's
 * first element, from which its channel follows as {@code (first / inner) % channels}.
 */
public final class ScalarPrelu {
    private ScalarPrelu() {}

    /** y over elements {@code [first, first + n)} of the tensor. */
    public static void forward(float[] x, int xOff, float[] y, int yOff, int n,
                               float[] w, int wOff, int channels, int inner, int first) {
        int c = (first / inner) % channels;
        int pos = first % inner;
        for (int i = 0; i < n; i++) {
            y[yOff + i] = ScalarLeakyRelu.leakyRelu(x[xOff + i], w[wOff + c]);
            if (++pos == inner) {
                pos = 0;
                if (++c == channels) {
                    c = 0;
                }
            }
        }
    }

    /** dx over elements {@code [first, first + n)} of the tensor. */
    public static void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n,
                                float[] w, int wOff, int channels, int inner, int first) {
        int c = (first / inner) % channels;
        int pos = first % inner;
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] = ScalarLeakyRelu.grad(x[xOff + i], dy[dyOff + i], w[wOff + c]);
            if (++pos == inner) {
                pos = 0;
                if (++c == channels) {
                    c = 0;
                }
            }
        }
    }

    /** One element's share of dw: {@code x > 0 ? 0 : x * dy}, the product in float. */
    public static float slopeTerm(float x, float dy) {
        return x > 0f ? 0f : x * dy;
    }

    /**
     * The whole slope gradient, sequentially: {@code dw[dwOff + c]} for every channel, each a
     * double sum of {@link #slopeTerm} over batch then inner, element by element, rounded to float.
     */
    public static void slopeGradient(float[] x, int xOff, float[] dy, int dyOff, float[] dw, int dwOff,
                                     int batch, int channels, int inner) {
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (int b = 0; b < batch; b++) {
                int at = (b * channels + c) * inner;
                for (int i = 0; i < inner; i++) {
                    sum += slopeTerm(x[xOff + at + i], dy[dyOff + at + i]);
                }
            }
            dw[dwOff + c] = (float) sum;
        }
    }

    /**
     * Backward over one segment of {@code n} elements sharing {@code slope}: writes dx and returns
     * the double sum of the slope terms, element by element.
     */
    public static double backwardSegment(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n,
                                         float slope) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i], d = dy[dyOff + i];
            sum += slopeTerm(v, d);
            dx[dxOff + i] = ScalarLeakyRelu.grad(v, d, slope);
        }
        return sum;
    }

    /**
     * Backward over {@code rows} rows of {@code channels} elements (the inner = 1 layout),
     * channels {@code [c0, c1)} only: writes dx and adds each slope term to
     * {@code acc[accOff + c]}, row by row.
     */
    public static void backwardRows(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff,
                                    int rows, int channels, float[] w, int wOff,
                                    double[] acc, int accOff, int c0, int c1) {
        for (int r = 0; r < rows; r++) {
            int base = r * channels;
            for (int c = c0; c < c1; c++) {
                float v = x[xOff + base + c], d = dy[dyOff + base + c];
                acc[accOff + c] += slopeTerm(v, d);
                dx[dxOff + base + c] = ScalarLeakyRelu.grad(v, d, w[wOff + c]);
            }
        }
    }

    /**
     * Backward over {@code n} elements with one slope each, {@code slopes[slopesOff + i]}:
     * writes dx and adds each slope term to {@code acc[accOff + i]} (the grouped small-layout
     * kernel's per-position sums).
     */
    public static void backwardPositions(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n,
                                         float[] slopes, int slopesOff, double[] acc, int accOff) {
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i], d = dy[dyOff + i];
            acc[accOff + i] += slopeTerm(v, d);
            dx[dxOff + i] = ScalarLeakyRelu.grad(v, d, slopes[slopesOff + i]);
        }
    }
}
