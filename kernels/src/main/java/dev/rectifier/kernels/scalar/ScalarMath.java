package dev.rectifier.kernels.scalar;

/**
 * The transcendental functions of the smooth activations' references, in float: each computed
 * in double ({@link StrictMath}, or {@link Erf} for erf) and rounded once to float, so nearly
 * correctly rounded (the double result is within 1 ulp of double, 2^-29 of a float ulp) and the
 * same on every JVM.
 *
 * <p>PyTorch's CPU kernels use SLEEF's 1-ulp float functions instead; the references keep
 * PyTorch's float operation order around these calls, so that the only difference left is the
 * accuracy of these functions themselves.
 */
public final class ScalarMath {
    private ScalarMath() {}

    /** e^x, rounded to float: +inf above 88.72, subnormal below -87.34, 0 below -103.97. */
    public static float exp(float x) {
        return (float) StrictMath.exp(x);
    }

    /** log(1 + x), rounded to float. */
    public static float log1p(float x) {
        return (float) StrictMath.log1p(x);
    }

    /** tanh(x), rounded to float. */
    public static float tanh(float x) {
        return (float) StrictMath.tanh(x);
    }

    /** erf(x), rounded to float (from {@link Erf#erf}, relative error below 1e-15). */
    public static float erf(float x) {
        return (float) Erf.erf(x);
    }
}
