package dev.rectifier.kernels.simd;

import dev.rectifier.kernels.scalar.ScalarThreshold;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels for Threshold, bit for bit equal to {@link ScalarThreshold}, which finishes
 * every tail.
 *
 * @see ScalarThreshold
 */
public final class VectorThreshold {
    private VectorThreshold() {}

    private static final VectorSpecies<Float> S = FloatSpecies.SPECIES;
    private static final int L = S.length();

    /** @see ScalarThreshold#forward */
    public static void forward(float[] x, int xOff, float[] y, int yOff, int n, float threshold, float value) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            v.blend(value, v.compare(VectorOperators.LE, threshold)).intoArray(y, yOff + i);
        }
        ScalarThreshold.forward(x, xOff + i, y, yOff + i, n - i, threshold, value);
    }

    /** @see ScalarThreshold#backward */
    public static void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n, float threshold) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            FloatVector d = FloatVector.fromArray(S, dy, dyOff + i);
            d.blend(0f, v.compare(VectorOperators.LE, threshold)).intoArray(dx, dxOff + i);
        }
        ScalarThreshold.backward(x, xOff + i, dy, dyOff + i, dx, dxOff + i, n - i, threshold);
    }
}
