package dev.rectifier.kernels.simd;

import dev.rectifier.kernels.scalar.ScalarElu;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels for the ELU family (elu, celu, selu), with {@link ScalarElu}'s float
 * operations in the same order and {@link VectorMath}'s exp for the exponential (within 1 ulp of
 * the reference's); the reference finishes every tail.
 *
 * <p>Forward with negiptcoef > 0 clamps the exponent at -87: below it exp(z) - 1 rounds to -1
 * whatever exp(z) is, so the lean exp without the subnormal range is exact enough. Backward needs
 * e^z itself, subnormals included: with negiptcoef > 0 the exponent is <= 0 wherever e^z is used,
 * so {@link VectorMath#expNonPositive} (the full exp's bits there, without its upper clamp and
 * split scaling) serves; with negiptcoef < 0 it takes the full exp. {@code x > 0} selects the linear
 * side, so NaN takes the exponential one, as in PyTorch's vectorized kernel.
 *
 * @see ScalarElu
 */
public final class VectorElu {
    private VectorElu() {}

    private static final VectorSpecies<Float> S = FloatSpecies.SPECIES;
    private static final int L = S.length();
    private static final float CLAMP = -VectorMath.NORMAL_LIMIT;

    /** @see ScalarElu#forward */
    public static void forward(float[] x, int xOff, float[] y, int yOff, int n,
                               float negcoef, float poscoef, float negiptcoef) {
        int done = S.loopBound(n);
        if (negiptcoef == 1f && poscoef == 1f && negcoef == 1f) {
            forwardUnitElu(x, xOff, y, yOff, done);
        } else if (negiptcoef == 1f && poscoef == 1f) {
            forwardElu(x, xOff, y, yOff, done, negcoef);
        } else if (negiptcoef > 0f) {
            forwardPositive(x, xOff, y, yOff, done, negcoef, poscoef, negiptcoef);
        } else {
            forwardGeneral(x, xOff, y, yOff, done, negcoef, poscoef, negiptcoef);
        }
        ScalarElu.forward(x, xOff + done, y, yOff + done, n - done, negcoef, poscoef, negiptcoef);
    }

    // One method per case, so that each loop is compiled on its own, small enough for C2 to
    // inline all of VectorMath into it, and so that elu's multiplications by 1 are not made.

    /** elu with alpha = 1 (the default): e^x - 1 where x <= 0, the multiplication by 1 left out; n is a multiple of the vector length. */
    private static void forwardUnitElu(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            FloatVector z = v.blend(CLAMP, v.compare(VectorOperators.LT, CLAMP));
            FloatVector e = VectorMath.expNormal(z);
            e.sub(1f).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, yOff + i);
        }
    }

    /** elu: negiptcoef = poscoef = 1; n is a multiple of the vector length. */
    private static void forwardElu(float[] x, int xOff, float[] y, int yOff, int n, float negcoef) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            // Lanes with x > 0 give an unspecified exp; they are blended away.
            FloatVector z = v.blend(CLAMP, v.compare(VectorOperators.LT, CLAMP));
            FloatVector e = VectorMath.expNormal(z);
            e.sub(1f).mul(negcoef).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, yOff + i);
        }
    }

    /** negiptcoef > 0 (selu, celu with alpha > 0); n is a multiple of the vector length. */
    private static void forwardPositive(float[] x, int xOff, float[] y, int yOff, int n,
                                        float negcoef, float poscoef, float negiptcoef) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            FloatVector z = v.mul(negiptcoef);
            z = z.blend(CLAMP, z.compare(VectorOperators.LT, CLAMP));
            FloatVector e = VectorMath.expNormal(z);
            e.sub(1f).mul(negcoef).blend(v.mul(poscoef), v.compare(VectorOperators.GT, 0f)).intoArray(y, yOff + i);
        }
    }

    /** negiptcoef < 0 (celu with alpha < 0): exp(z) may overflow; n is a multiple of the vector length. */
    private static void forwardGeneral(float[] x, int xOff, float[] y, int yOff, int n,
                                       float negcoef, float poscoef, float negiptcoef) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            FloatVector e = VectorMath.exp(v.mul(negiptcoef));
            e.sub(1f).mul(negcoef).blend(v.mul(poscoef), v.compare(VectorOperators.GT, 0f)).intoArray(y, yOff + i);
        }
    }

    /** @see ScalarElu#backward */
    public static void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n,
                                float negcoef, float poscoef, float negiptcoef) {
        int done = S.loopBound(n);
        if (negiptcoef == 1f && poscoef == 1f && negcoef == 1f) {
            backwardUnitElu(x, xOff, dy, dyOff, dx, dxOff, done);
        } else if (negiptcoef == 1f && poscoef == 1f) {
            backwardElu(x, xOff, dy, dyOff, dx, dxOff, done, negcoef);
        } else if (negiptcoef > 0f) {
            backwardPositive(x, xOff, dy, dyOff, dx, dxOff, done, negcoef, poscoef, negiptcoef);
        } else {
            backwardScaled(x, xOff, dy, dyOff, dx, dxOff, done, negcoef, poscoef, negiptcoef);
        }
        ScalarElu.backward(x, xOff + done, dy, dyOff + done, dx, dxOff + done, n - done, negcoef, poscoef, negiptcoef);
    }

    /** elu with alpha = 1 (the default): dy * e^x where x <= 0, the multiplication by 1 left out; n is a multiple of the vector length. */
    private static void backwardUnitElu(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            FloatVector d = FloatVector.fromArray(S, dy, dyOff + i);
            FloatVector e = VectorMath.expNonPositive(v);
            d.mul(e).blend(d, v.compare(VectorOperators.GT, 0f)).intoArray(dx, dxOff + i);
        }
    }

    /** elu: dy * negcoef * e^x where x <= 0; n is a multiple of the vector length. */
    private static void backwardElu(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n,
                                    float negcoef) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            FloatVector d = FloatVector.fromArray(S, dy, dyOff + i);
            // e^x itself, subnormal included: dx = dy * alpha * e^x keeps it.
            FloatVector e = VectorMath.expNonPositive(v);
            d.mul(negcoef).mul(e).blend(d, v.compare(VectorOperators.GT, 0f)).intoArray(dx, dxOff + i);
        }
    }

    /** negiptcoef > 0 (selu, celu with alpha > 0): z = x * negiptcoef <= 0 where it is used; n is a multiple of the vector length. */
    private static void backwardPositive(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n,
                                         float negcoef, float poscoef, float negiptcoef) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            FloatVector d = FloatVector.fromArray(S, dy, dyOff + i);
            FloatVector e = VectorMath.expNonPositive(v.mul(negiptcoef));
            d.mul(negiptcoef).mul(negcoef).mul(e).blend(d.mul(poscoef), v.compare(VectorOperators.GT, 0f))
                    .intoArray(dx, dxOff + i);
        }
    }

    /** Any coefficients (celu with alpha < 0: e^z may overflow); n is a multiple of the vector length. */
    private static void backwardScaled(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n,
                                       float negcoef, float poscoef, float negiptcoef) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            FloatVector d = FloatVector.fromArray(S, dy, dyOff + i);
            FloatVector z = v.mul(negiptcoef);
            FloatVector e = VectorMath.exp(z);
            d.mul(negiptcoef).mul(negcoef).mul(e).blend(d.mul(poscoef), v.compare(VectorOperators.GT, 0f))
                    .intoArray(dx, dxOff + i);
        }
    }

    /** @see ScalarElu#backwardFromOutput */
    public static void backwardFromOutput(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n,
                                          float negcoef, float poscoef, float negiptcoef) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, y, yOff + i);
            FloatVector d = FloatVector.fromArray(S, dy, dyOff + i);
            d.mul(negiptcoef).mul(v.add(negcoef)).blend(d.mul(poscoef), v.compare(VectorOperators.GT, 0f))
                    .intoArray(dx, dxOff + i);
        }
        ScalarElu.backwardFromOutput(y, yOff + i, dy, dyOff + i, dx, dxOff + i, n - i, negcoef, poscoef, negiptcoef);
    }
}
