package dev.rectifier.kernels.simd;

import dev.rectifier.kernels.scalar.ScalarSilu;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels for SiLU: the float operations of {@link ScalarSilu} in the same order,
 * with {@link VectorMath#exp} (within 1 ulp) in place of the reference's double exp. The
 * reference finishes every tail.
 *
 * @see ScalarSilu
 */
public final class VectorSilu {
    private VectorSilu() {}

    private static final VectorSpecies<Float> S = FloatSpecies.SPECIES;
    private static final int L = S.length();

    /** @see ScalarSilu#forward */
    public static void forward(float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            v.div(VectorMath.exp(v.neg()).add(1f)).intoArray(y, yOff + i);
        }
        ScalarSilu.forward(x, xOff + i, y, yOff + i, n - i);
    }

    /** @see ScalarSilu#backward */
    public static void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int i = 0;
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            FloatVector d = FloatVector.fromArray(S, dy, dyOff + i);
            FloatVector sigmoid = one.div(VectorMath.exp(v.neg()).add(1f));
            d.mul(sigmoid).mul(one.sub(sigmoid).mul(v).add(1f)).intoArray(dx, dxOff + i);
        }
        ScalarSilu.backward(x, xOff + i, dy, dyOff + i, dx, dxOff + i, n - i);
    }
}
