package dev.rectifier.kernels.scalar;

/**
 * Reference loops for the logistic sigmoid, PyTorch 1.13's float operations in its order:
 * {@code y = 1 / (1 + exp(-x))} and, from the output, {@code dx = dy * (1 - y) * y}. Backward
 * from the input recomputes y exactly as forward does and then uses the same formula, so both
 * backward paths agree bit for bit.
 *
 * <p>Edge cases follow from the formula: y(-0.0) = 0.5; for x < -88.72 exp(-x) overflows and
 * y = +0.0 (not the subnormal e^x); y(+inf) = 1, y(-inf) = 0, and the gradient there is +-0.
 */
public final class ScalarSigmoid {
    private ScalarSigmoid() {}

    public static float sigmoid(float x) {
        return 1f / (1f + ScalarMath.exp(-x));
    }

    public static float gradFromOutput(float y, float dy) {
        return dy * (1f - y) * y;
    }

    public static float grad(float x, float dy) {
        return gradFromOutput(sigmoid(x), dy);
    }

    public static void forward(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = sigmoid(x[xOff + i]);
        }
    }

    public static void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] = grad(x[xOff + i], dy[dyOff + i]);
        }
    }

    public static void backwardFromOutput(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] = gradFromOutput(y[yOff + i], dy[dyOff + i]);
        }
    }
}
