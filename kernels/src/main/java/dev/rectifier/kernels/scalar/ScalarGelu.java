package dev.rectifier.kernels.scalar;

/**
 * Reference loops for GELU, both of PyTorch's forms, written as PyTorch 1.13's float32 CPU
 * kernels write them, operation for operation, so that the only difference left is the accuracy
 * of erf, exp and tanh themselves (here computed in double and rounded to float: nearly correctly
 * rounded; PyTorch uses polynomial approximations a few ulps off).
 *
 * <p>Exact GELU, {@code approximate='none'}, with h = 0.5f * x, e = erf(x * (float) sqrt(1/2))
 * and kBeta = (float) (2/sqrt(pi) * sqrt(1/2) / 2) = 1/sqrt(2 pi):
 * <pre>
 *   y  = h * e + h                                          (one rounding: Math.fma)
 *   dx = dy * (0.5f * e + (0.5f + x * (kBeta * exp(x * x * -0.5f))))      (the outer + fused)
 * </pre>
 * This is the arithmetic of oneDNN's gelu_erf ({@code S + S * erf}, and {@code P + 0.5 * erf}
 * with P = T + 0.5 for the gradient), which PyTorch 1.13 runs for every contiguous float tensor
 * of more than one element; ATen's GeluKernelImpl ({@code x * 0.5 * (1 + erf)} and
 * {@code dy * (0.5 * (1 + erf) + x * pdf)}) runs only for a single element or with oneDNN
 * disabled. The pdf term T = x * kBeta * exp(-x^2 / 2) is ATen's. The two arrangements round
 * the same real numbers; the fused one skips the rounding of 1 + e, which would turn a 1-ulp
 * change of e into an ulp of 1, and it gives PyTorch's zeros: y = +0.0 for x = -0.0, for tiny
 * negative x and wherever e rounds to -1 (x <= -5.54 and -MAX); y(-inf) = NaN (-inf + inf),
 * dx NaN at +-inf (inf * 0), dx = dy * +0.0 where e = -1.
 *
 * <p>Tanh GELU, {@code approximate='tanh'}, kBeta = (float) (sqrt(2) * 2/sqrt(pi) / 2),
 * kKappa = 0.044715f, t = tanh(kBeta * (x + kKappa * (x * x * x))):
 * <pre>
 *   y  = 0.5f * x * (1 + t)
 *   dx = dy * (0.5f * (1 + t) + 0.5f * x * (1 - t * t) * (kBeta * (1 + 3f * kKappa * (x * x))))
 * </pre>
 * as ATen's GeluKernelImpl / GeluBackwardKernelImpl (PyTorch 1.13 runs no oneDNN kernel for this
 * form). Edge cases: y(-0.0) = -0.0, y = -0.0 where t rounds to -1 (x <= -5.16), y(+inf) = +inf,
 * y(-inf) = NaN; dx is NaN at +-inf and for |x| >= 2^64, where x * x overflows and
 * 0.5x (1 - t^2) u' becomes 0 * inf; dx = dy for large positive x.
 */
public final class ScalarGelu {
    private ScalarGelu() {}

    /** (float) M_SQRT1_2, the factor of x inside erf. */
    public static final float SQRT1_2 = (float) 0.70710678118654752440;
    /** (float) (M_2_SQRTPI * M_SQRT1_2 * 0.5) = 1/sqrt(2 pi), the factor of the normal pdf. */
    public static final float PDF_SCALE = (float) (1.12837916709551257390 * 0.70710678118654752440 * 0.5);
    /** (float) (M_SQRT2 * M_2_SQRTPI * 0.5) = sqrt(2/pi), tanh form. */
    public static final float TANH_BETA = (float) (1.41421356237309504880 * 1.12837916709551257390 * 0.5);
    /** (float) 0.044715, tanh form. */
    public static final float TANH_KAPPA = (float) 0.044715;

    /** Exact GELU of one element. */
    public static float gelu(float x) {
        float h = x * 0.5f;
        return Math.fma(h, ScalarMath.erf(x * SQRT1_2), h);
    }

    /** dy * GELU'(x), exact form. */
    public static float grad(float x, float dy) {
        float pdf = PDF_SCALE * ScalarMath.exp(x * x * -0.5f);
        return dy * Math.fma(0.5f, ScalarMath.erf(x * SQRT1_2), 0.5f + x * pdf);
    }

    /** Tanh-approximated GELU of one element. */
    public static float geluTanh(float x) {
        float cube = x * x * x;
        float inner = TANH_BETA * (x + TANH_KAPPA * cube);
        return 0.5f * x * (1f + ScalarMath.tanh(inner));
    }

    /** dy * GELU'(x), tanh form. */
    public static float gradTanh(float x, float dy) {
        float square = x * x;
        float cube = square * x;
        float inner = TANH_BETA * (x + TANH_KAPPA * cube);
        float t = ScalarMath.tanh(inner);
        float left = 0.5f * x;
        float right = 1f + t;
        float leftDerivative = 0.5f * right;
        float tanhDerivative = 1f - t * t;
        float innerDerivative = TANH_BETA * (1f + 3f * TANH_KAPPA * square);
        float rightDerivative = left * tanhDerivative * innerDerivative;
        return dy * (leftDerivative + rightDerivative);
    }

    public static void forward(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = gelu(x[xOff + i]);
        }
    }

    public static void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] = grad(x[xOff + i], dy[dyOff + i]);
        }
    }

    public static void forwardTanh(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = geluTanh(x[xOff + i]);
        }
    }

    public static void backwardTanh(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] = gradTanh(x[xOff + i], dy[dyOff + i]);
        }
    }
}
