package dev.rectifier.kernels.scalar;

/**
 * Reference loops for tanh: {@code y = tanh(x)} rounded to float, and from the output
 * {@code dx = dy * fma(-y, y, 1)}. The fused {@code 1 - y * y} is what PyTorch 1.13's x86
 * build computes (its compiler contracts the vectorized {@code 1 - y * y} into one FMA; the
 * golden vectors match it bit for bit and a separate multiply and subtract by up to 1232 ulp
 * near |y| = 1). Backward from the input recomputes y as forward does, so both backward paths
 * agree bit for bit.
 *
 * <p>Edge cases: tanh(-0.0) = -0.0, tanh(+-inf) = +-1 with gradient +-0, NaN stays NaN; for
 * |x| >= 9.01 y rounds to +-1 and the gradient is 0.
 */
public final class ScalarTanh {
    private ScalarTanh() {}

    public static float tanh(float x) {
        return ScalarMath.tanh(x);
    }

    public static float gradFromOutput(float y, float dy) {
        return dy * Math.fma(-y, y, 1f);
    }

    public static float grad(float x, float dy) {
        return gradFromOutput(tanh(x), dy);
    }

    public static void forward(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = tanh(x[xOff + i]);
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
