package dev.rectifier.kernels.scalar;

/**
 * Reference loops for Hardswish in PyTorch's float32 operation order:
 * {@code y = (x * min(max(x + 3, 0), 6)) / 6} (multiply first, then divide: hardswish(MAX_VALUE)
 * is +inf, hardswish(-inf) is NaN as -inf * 0), and
 * {@code dx = x < -3 ? +0 : x >= 3 ? dy : dy * (x / 3 + 0.5)} (a true division by 3, then the
 * addition, then the product). These are the rules of PyTorch's vectorized kernels, which cover
 * every element but the few of a loop tail: the gradient at x = 3 is dy and at NaN it is NaN
 * (PyTorch's scalar tail loop would give 1.5 * dy and dy).
 */
public final class ScalarHardswish {
    private ScalarHardswish() {}

    public static float hardswish(float x) {
        return x * Math.min(Math.max(x + 3f, 0f), 6f) / 6f;
    }

    public static float grad(float x, float dy) {
        if (x < -3f) {
            return 0f;
        }
        return x >= 3f ? dy : dy * (x / 3f + 0.5f);
    }

    public static void forward(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = hardswish(x[xOff + i]);
        }
    }

    public static void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] = grad(x[xOff + i], dy[dyOff + i]);
        }
    }
}
