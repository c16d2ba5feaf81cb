package dev.rectifier.kernels.scalar;

/**
 * Reference loops for Mish, written as PyTorch 1.13's float32 CPU kernels write them, operation
 * for operation, with exp, log1p and tanh each computed in double and rounded to float:
 * <pre>
 *   t  = tanh(log1p(exp(x)))          (tanh of softplus)
 *   y  = x * t
 *   s  = 1 / (1 + exp(-x))
 *   dx = dy * (t + x * s * (1 - t * t))
 * </pre>
 * Edge cases (PyTorch's): y(-0.0) = -0.0; y(+inf) = +inf, y(-inf) = NaN (-inf * 0), dx NaN at
 * both infinities; from x > 88.72 exp(x) is inf and t = 1, so y = x and dx = dy. Below
 * x = -87.34 exp(x) is subnormal, so t carries an absolute error up to 2^-150 (here it is
 * rounded gradually; PyTorch's Sleef exp flushes it to 0 from about -103.3, giving y = -0.0).
 */
public final class ScalarMish {
    private ScalarMish() {}

    /** tanh(softplus(x)) with PyTorch's three float roundings. */
    public static float tanhSoftplus(float x) {
        float e = ScalarMath.exp(x);
        float softplus = ScalarMath.log1p(e);
        return ScalarMath.tanh(softplus);
    }

    public static float mish(float x) {
        return x * tanhSoftplus(x);
    }

    public static float grad(float x, float dy) {
        float sigmoid = 1f / (1f + ScalarMath.exp(-x));
        float t = tanhSoftplus(x);
        return dy * (t + x * sigmoid * (1f - t * t));
    }

    public static void forward(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = mish(x[xOff + i]);
        }
    }

    public static void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] = grad(x[xOff + i], dy[dyOff + i]);
        }
    }
}
