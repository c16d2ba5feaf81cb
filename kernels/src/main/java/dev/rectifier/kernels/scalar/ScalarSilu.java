package dev.rectifier.kernels.scalar;

/**
 * Reference loops for SiLU (swish), written as PyTorch 1.13's float32 CPU kernels write them,
 * operation for operation, with exp computed in double and rounded to float:
 * <pre>
 *   y  = x / (1 + exp(-x))
 *   s  = 1 / (1 + exp(-x))
 *   dx = dy * s * (1 + x * (1 - s))
 * </pre>
 * Edge cases (PyTorch's): y(-0.0) = -0.0; for x < -88.72 exp(-x) overflows and y = x / inf =
 * -0.0, dx = dy * 0 * ... = +-0; y(+inf) = +inf, y(-inf) = NaN (-inf / inf), dx is NaN at both
 * infinities (inf * 0); subnormal x gives y = x / 2.
 */
public final class ScalarSilu {
    private ScalarSilu() {}

    public static float silu(float x) {
        return x / (1f + ScalarMath.exp(-x));
    }

    public static float grad(float x, float dy) {
        float sigmoid = 1f / (1f + ScalarMath.exp(-x));
        return dy * sigmoid * (1f + x * (1f - sigmoid));
    }

    public static void forward(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = silu(x[xOff + i]);
        }
    }

    public static void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] = grad(x[xOff + i], dy[dyOff + i]);
        }
    }
}
