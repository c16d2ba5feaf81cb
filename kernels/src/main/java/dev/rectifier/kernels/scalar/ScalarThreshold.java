package dev.rectifier.kernels.scalar;

/**
 * Reference loops for Threshold: {@code y = x <= threshold ? value : x} and
 * {@code dx = x <= threshold ? +0 : dy}, PyTorch's comparison (not {@code x > threshold}), so a
 * NaN input gives y = NaN and passes dy through. Threshold and value are floats, as PyTorch's
 * float kernel converts them.
 */
public final class ScalarThreshold {
    private ScalarThreshold() {}

    public static float threshold(float x, float threshold, float value) {
        return x <= threshold ? value : x;
    }

    public static float grad(float x, float dy, float threshold) {
        return x <= threshold ? 0f : dy;
    }

    public static void forward(float[] x, int xOff, float[] y, int yOff, int n, float threshold, float value) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = threshold(x[xOff + i], threshold, value);
        }
    }

    public static void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n, float threshold) {
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] = grad(x[xOff + i], dy[dyOff + i], threshold);
        }
    }
}
