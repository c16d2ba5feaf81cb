package dev.rectifier.kernels.scalar;

/**
 * Reference loops for softplus with float {@code beta} and {@code threshold}, PyTorch 1.13's
 * float operations in its order: with {@code z = x * beta},
 * {@code y = z > threshold ? x : log1p(exp(z)) / beta} and
 * {@code dx = z > threshold ? dy : dy * e / (e + 1)} where {@code e = exp(z)}.
 *
 * <p>Edge cases follow from the formula: y(-inf) = 0 and y(+inf) = +inf for beta > 0; at
 * {@code z == threshold} the smooth branch is taken (the kink is strictly above). If the
 * threshold is so large that exp(z) overflows below it, y = +inf there and dx = NaN
 * (inf / inf), exactly as PyTorch computes.
 */
public final class ScalarSoftplus {
    private ScalarSoftplus() {}

    public static float softplus(float x, float beta, float threshold) {
        float z = x * beta;
        return z > threshold ? x : ScalarMath.log1p(ScalarMath.exp(z)) / beta;
    }

    public static float grad(float x, float dy, float beta, float threshold) {
        float z = x * beta;
        if (z > threshold) {
            return dy;
        }
        float e = ScalarMath.exp(z);
        return dy * e / (e + 1f);
    }

    public static void forward(float[] x, int xOff, float[] y, int yOff, int n, float beta, float threshold) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = softplus(x[xOff + i], beta, threshold);
        }
    }

    public static void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n,
                                float beta, float threshold) {
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] = grad(x[xOff + i], dy[dyOff + i], beta, threshold);
        }
    }
}
