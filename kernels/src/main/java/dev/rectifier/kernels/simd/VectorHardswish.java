package dev.rectifier.kernels.simd;

import dev.rectifier.kernels.scalar.ScalarHardswish;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels for Hardswish, bit for bit equal to {@link ScalarHardswish} (the same
 * IEEE operations in the same order: lane-wise min, max, multiply and a true division), which
 * finishes every tail.
 *
 * @see ScalarHardswish
 */
public final class VectorHardswish {
    private VectorHardswish() {}

    private static final VectorSpecies<Float> S = FloatSpecies.SPECIES;
    private static final int L = S.length();

    /** @see ScalarHardswish#forward */
    public static void forward(float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            v.mul(v.add(3f).max(0f).min(6f)).div(6f).intoArray(y, yOff + i);
        }
        ScalarHardswish.forward(x, xOff + i, y, yOff + i, n - i);
    }

    /** @see ScalarHardswish#backward */
    public static void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            FloatVector d = FloatVector.fromArray(S, dy, dyOff + i);
            d.mul(v.div(3f).add(0.5f))
                    .blend(d, v.compare(VectorOperators.GE, 3f))
                    .blend(0f, v.lt(-3f))
                    .intoArray(dx, dxOff + i);
        }
        ScalarHardswish.backward(x, xOff + i, dy, dyOff + i, dx, dxOff + i, n - i);
    }
}
