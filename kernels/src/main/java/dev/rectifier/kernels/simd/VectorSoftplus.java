package dev.rectifier.kernels.simd;

import dev.rectifier.kernels.scalar.ScalarSoftplus;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels for softplus, {@link ScalarSoftplus}'s float operations in the same order
 * with {@link VectorMath}'s exp and log1p; the reference finishes every tail.
 *
 * @see ScalarSoftplus
 */
public final class VectorSoftplus {
    private VectorSoftplus() {}

    private static final VectorSpecies<Float> S = FloatSpecies.SPECIES;
    private static final int L = S.length();

    /** @see ScalarSoftplus#forward */
    public static void forward(float[] x, int xOff, float[] y, int yOff, int n, float beta, float threshold) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            FloatVector z = v.mul(beta);
            VectorMask<Float> linear = z.compare(VectorOperators.GT, threshold);
            FloatVector smooth = VectorMath.log1p(VectorMath.exp(z)).div(beta);
            smooth.blend(v, linear).intoArray(y, yOff + i);
        }
        ScalarSoftplus.forward(x, xOff + i, y, yOff + i, n - i, beta, threshold);
    }

    /** @see ScalarSoftplus#backward */
    public static void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n,
                                float beta, float threshold) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            FloatVector d = FloatVector.fromArray(S, dy, dyOff + i);
            FloatVector z = v.mul(beta);
            FloatVector e = VectorMath.exp(z);
            d.mul(e).div(e.add(1f)).blend(d, z.compare(VectorOperators.GT, threshold)).intoArray(dx, dxOff + i);
        }
        ScalarSoftplus.backward(x, xOff + i, dy, dyOff + i, dx, dxOff + i, n - i, beta, threshold);
    }
}
