package dev.rectifier.kernels.scalar;

/**
 * Reference loops for ReLU6, {@code y = min(max(x, 0), 6)} with PyTorch's float32 CPU
 * semantics (it computes relu6 as hardtanh(x, 0, 6)): {@code x < 0 ? +0 : x > 6 ? 6 : x}, so
 * -0.0 stays -0.0 and NaN stays NaN. The gradient is {@code 0 < x && x < 6 ? dy : +0}: zero at
 * both kinks and at NaN (the rule of PyTorch's vectorized hardtanh backward, which covers every
 * element but the few of a loop tail), selected, never multiplied, so a blocked gradient is +0.0.
 */
public final class ScalarRelu6 {
    private ScalarRelu6() {}

    public static float relu6(float x) {
        return x < 0f ? 0f : x > 6f ? 6f : x;
    }

    /** dy where 0 &lt; x &lt; 6, else +0.0 (also at NaN). */
    public static float grad(float x, float dy) {
        return x > 0f && x < 6f ? dy : 0f;
    }

    public static void forward(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = relu6(x[xOff + i]);
        }
    }

    /** From the input x, or equally from the output y: 0 &lt; y &lt; 6 exactly where 0 &lt; x &lt; 6. */
    public static void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] = grad(x[xOff + i], dy[dyOff + i]);
        }
    }
}
