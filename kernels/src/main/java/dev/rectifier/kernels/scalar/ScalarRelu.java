package dev.rectifier.kernels.scalar;

/**
 * Reference loops for ReLU: the executable specification that the vector kernels are tested
 * against. PyTorch's semantics: {@code relu(x) = x < 0 ? +0 : x}, so -0.0 stays -0.0 and NaN
 * stays NaN; {@code relu'(x) = x <= 0 ? 0 : 1}, so the gradient at 0 is 0 and a NaN input passes
 * dy through (PyTorch computes it as {@code y <= 0 ? 0 : dy}); a zero gradient is +0.0, never
 * -0.0 (it is selected, not multiplied).
 */
public final class ScalarRelu {
    private ScalarRelu() {}

    /** max(0, x), keeping -0.0 and NaN. */
    public static float relu(float x) {
        return x < 0f ? 0f : x;
    }

    /** dy * relu'(x): dy when x > 0 or x is NaN, else +0.0. */
    public static float grad(float x, float dy) {
        return x <= 0f ? 0f : dy;
    }

    /** The mask bit: 1 exactly where {@link #grad} passes dy, i.e. !(x <= 0). */
    public static boolean bit(float x) {
        return !(x <= 0f);
    }

    public static void forward(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = relu(x[xOff + i]);
        }
    }

    /** From the input x, or equally from the output y: y <= 0 exactly where x <= 0. */
    public static void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] = grad(x[xOff + i], dy[dyOff + i]);
        }
    }

    public static void forwardMask(float[] x, int xOff, float[] y, int yOff, long[] mask, int maskOff, int n) {
        forward(x, xOff, y, yOff, n);
        mask(x, xOff, mask, maskOff, n);
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

    public static void backwardMask(long[] mask, int maskOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        for (int i = 0; i < n; i++) {
            boolean pass = (mask[maskOff + (i >>> 6)] >>> (i & 63) & 1L) != 0;
            dx[dxOff + i] = pass ? dy[dyOff + i] : 0f;
        }
    }
}
