package dev.rectifier.kernels.scalar;

/**
 * Reference loops for Leaky ReLU with slope {@code a}: {@code y = x > 0 ? x : a * x} and
 * {@code dx = x > 0 ? dy : a * dy}. PyTorch's edge cases: at x = 0 the gradient is the slope;
 * a NaN input gives y = NaN and dx = a * dy; -0.0 gives a * -0.0 = -0.0; a negative subnormal
 * times the slope may round to -0.0 (no flush to zero). Also the reference for PReLU and RReLU
 * in evaluation mode, which are leaky ReLUs with other slopes.
 */
public final class ScalarLeakyRelu {
    private ScalarLeakyRelu() {}

    public static float leakyRelu(float x, float slope) {
        return x > 0f ? x : x * slope;
    }

    public static float grad(float x, float dy, float slope) {
        return x > 0f ? dy : dy * slope;
    }

    /** The mask bit: 1 exactly where {@link #grad} passes dy unscaled, i.e. x > 0. */
    public static boolean bit(float x) {
        return x > 0f;
    }

    public static void forward(float[] x, int xOff, float[] y, int yOff, int n, float slope) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = leakyRelu(x[xOff + i], slope);
        }
    }

    public static void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n, float slope) {
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] = grad(x[xOff + i], dy[dyOff + i], slope);
        }
    }

    /** The bits are taken before y is written: in place with a negative slope, y > 0 where x < 0. */
    public static void forwardMask(float[] x, int xOff, float[] y, int yOff, long[] mask, int maskOff, int n, float slope) {
        mask(x, xOff, mask, maskOff, n);
        forward(x, xOff, y, yOff, n, slope);
    }

    public static void mask(float[] x, int xOff, long[] mask, int maskOff, int n) {
        for (int base = 0; base < n; base += 64) {
            int count = Math.min(64, n - base);
            long word = 0;
            for (int j = 0; j < count; j++) {
                if (bit(x[xOff + base + j])) {
                    word |= 1L << j;
                }
            }
            mask[maskOff + (base >>> 6)] = word;
        }
    }

    public static void backwardMask(long[] mask, int maskOff, float[] dy, int dyOff, float[] dx, int dxOff, int n, float slope) {
        for (int i = 0; i < n; i++) {
            boolean pass = (mask[maskOff + (i >>> 6)] >>> (i & 63) & 1L) != 0;
            float d = dy[dyOff + i];
            dx[dxOff + i] = pass ? d : d * slope;
        }
    }
}
