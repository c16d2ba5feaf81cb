package dev.rectifier.kernels.simd;

import dev.rectifier.kernels.scalar.ScalarElu;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels for the ELU family (elu, celu, selu), with {@link ScalarElu}'s float
 * operations in the same order and {@link VectorMath#expNormal}/{@link VectorMath#exp} for the
 * exponential (within 1 ulp of the reference's); the reference finishes every tail.
 *
 * <p>Forward with negiptcoef > 0 clamps the exponent at -87: below it exp(z) - 1 rounds to -1
 * whatever exp(z) is, so the fast exp without the subnormal range is exact enough. Backward needs
 * e^z itself, subnormals included, and takes the wide exp only for the rare vectors that reach
 * below -87.
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
        int i = 0;
        int bound = S.loopBound(n);
        if (negiptcoef > 0f) {
            for (; i < bound; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, xOff + i);
                VectorMask<Float> pos = VectorMath.positive(v);
                FloatVector z = v.mul(negiptcoef);
                // Lanes with x > 0 give z > 0 and an unspecified exp; they are blended away.
                z = z.blend(CLAMP, z.compare(VectorOperators.LT, CLAMP));
                FloatVector e = VectorMath.expNormal(z);
                e.sub(1f).mul(negcoef).blend(v.mul(poscoef), pos).intoArray(y, yOff + i);
            }
        } else {
            for (; i < bound; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, xOff + i);
                VectorMask<Float> pos = VectorMath.positive(v);
                FloatVector e = VectorMath.exp(v.mul(negiptcoef));
                e.sub(1f).mul(negcoef).blend(v.mul(poscoef), pos).intoArray(y, yOff + i);
            }
        }
        ScalarElu.forward(x, xOff + i, y, yOff + i, n - i, negcoef, poscoef, negiptcoef);
    }

    /** @see ScalarElu#backward */
    public static void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n,
                                float negcoef, float poscoef, float negiptcoef) {
        int i = 0;
        int bound = S.loopBound(n);
        if (negiptcoef > 0f) {
            for (; i < bound; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, xOff + i);
                FloatVector d = FloatVector.fromArray(S, dy, dyOff + i);
                VectorMask<Float> pos = VectorMath.positive(v);
                FloatVector z = v.mul(negiptcoef);
                // Lanes with x > 0 may have any z > 0: their exp is blended away, so only
                // a lane below -87 needs the wide exp.
                FloatVector e = z.compare(VectorOperators.LT, CLAMP).anyTrue()
                        ? VectorMath.expWide(z) : VectorMath.expNormal(z);
                d.mul(negiptcoef).mul(negcoef).mul(e).blend(d.mul(poscoef), pos).intoArray(dx, dxOff + i);
            }
        } else {
            for (; i < bound; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, xOff + i);
                FloatVector d = FloatVector.fromArray(S, dy, dyOff + i);
                VectorMask<Float> pos = VectorMath.positive(v);
                FloatVector e = VectorMath.exp(v.mul(negiptcoef));
                d.mul(negiptcoef).mul(negcoef).mul(e).blend(d.mul(poscoef), pos).intoArray(dx, dxOff + i);
            }
        }
        ScalarElu.backward(x, xOff + i, dy, dyOff + i, dx, dxOff + i, n - i, negcoef, poscoef, negiptcoef);
    }

    /** @see ScalarElu#backwardFromOutput */
    public static void backwardFromOutput(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n,
                                          float negcoef, float poscoef, float negiptcoef) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, y, yOff + i);
            FloatVector d = FloatVector.fromArray(S, dy, dyOff + i);
            d.mul(negiptcoef).mul(v.add(negcoef)).blend(d.mul(poscoef), VectorMath.positive(v))
                    .intoArray(dx, dxOff + i);
        }
        ScalarElu.backwardFromOutput(y, yOff + i, dy, dyOff + i, dx, dxOff + i, n - i, negcoef, poscoef, negiptcoef);
    }
}
