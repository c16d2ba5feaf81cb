package dev.rectifier.kernels.scalar;

/**
 * Reference loops for the ELU family (elu, celu, selu), in PyTorch's form with three float
 * coefficients: {@code y = x > 0 ? x * poscoef : (exp(x * negiptcoef) - 1) * negcoef}, where
 * elu has (negcoef, poscoef, negiptcoef) = (alpha, 1, 1), celu (alpha, 1, 1/alpha) and selu
 * (alpha * scale, scale, 1), each coefficient rounded to float first and negcoef the float
 * product of the rounded alpha and scale.
 *
 * <p>The float operations are PyTorch 1.13's, in its order: {@code exp(x) - 1}, not expm1, so
 * that results near 0 cancel exactly as PyTorch's do (elu(-1e-7) = -1.1920929e-7, elu(-0.0) and
 * elu(-MIN_VALUE) = +0.0). The comparison is {@code x > 0}, as in PyTorch's vectorized kernel,
 * so a NaN input takes the negative branch: forward gives NaN and backward gives NaN.
 *
 * <ul>
 *   <li>backward from the input: {@code dx = x > 0 ? dy * poscoef
 *       : dy * negiptcoef * negcoef * exp(x * negiptcoef)} (so elu'(0) = alpha);</li>
 *   <li>backward from the output (PyTorch's formula for in-place elu, valid for negcoef >= 0
 *       and negiptcoef > 0): {@code dx = y > 0 ? dy * poscoef : dy * negiptcoef * (y + negcoef)}.</li>
 * </ul>
 */
public final class ScalarElu {
    private ScalarElu() {}

    public static float elu(float x, float negcoef, float poscoef, float negiptcoef) {
        return x > 0f ? x * poscoef : (ScalarMath.exp(x * negiptcoef) - 1f) * negcoef;
    }

    public static float grad(float x, float dy, float negcoef, float poscoef, float negiptcoef) {
        return x > 0f ? dy * poscoef : dy * negiptcoef * negcoef * ScalarMath.exp(x * negiptcoef);
    }

    public static float gradFromOutput(float y, float dy, float negcoef, float poscoef, float negiptcoef) {
        return y > 0f ? dy * poscoef : dy * negiptcoef * (y + negcoef);
    }

    public static void forward(float[] x, int xOff, float[] y, int yOff, int n,
                               float negcoef, float poscoef, float negiptcoef) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = elu(x[xOff + i], negcoef, poscoef, negiptcoef);
        }
    }

    public static void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n,
                                float negcoef, float poscoef, float negiptcoef) {
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] = grad(x[xOff + i], dy[dyOff + i], negcoef, poscoef, negiptcoef);
        }
    }

    public static void backwardFromOutput(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n,
                                          float negcoef, float poscoef, float negiptcoef) {
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] = gradFromOutput(y[yOff + i], dy[dyOff + i], negcoef, poscoef, negiptcoef);
        }
    }
}
