package dev.rectifier.kernels.simd;

import dev.rectifier.kernels.scalar.ScalarRelu6;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels for ReLU6, bit for bit equal to {@link ScalarRelu6}, which finishes every
 * tail. Blends, not {@code min(max(x, 0), 6)}: Java's max turns -0.0 into +0.0, PyTorch keeps it.
 *
 * @see ScalarRelu6
 */
public final class VectorRelu6 {
    private VectorRelu6() {}

    private static final VectorSpecies<Float> S = FloatSpecies.SPECIES;
    private static final int L = S.length();

    /** @see ScalarRelu6#forward */
    public static void forward(float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            v.blend(0f, v.lt(0f)).blend(6f, v.compare(VectorOperators.GT, 6f)).intoArray(y, yOff + i);
        }
        ScalarRelu6.forward(x, xOff + i, y, yOff + i, n - i);
    }

    /** @see ScalarRelu6#backward */
    public static void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            FloatVector d = FloatVector.fromArray(S, dy, dyOff + i);
            zero.blend(d, v.compare(VectorOperators.GT, 0f).and(v.lt(6f))).intoArray(dx, dxOff + i);
        }
        ScalarRelu6.backward(x, xOff + i, dy, dyOff + i, dx, dxOff + i, n - i);
    }
}
