package dev.rectifier.kernels.simd;

import dev.rectifier.kernels.scalar.ScalarIdentity;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API copy for the identity, bit for bit equal to {@link ScalarIdentity} (loads and
 * stores never touch a bit pattern, NaN payloads included).
 *
 * @see ScalarIdentity
 */
public final class VectorIdentity {
    private VectorIdentity() {}

    private static final VectorSpecies<Float> S = FloatSpecies.SPECIES;
    private static final int L = S.length();

    /** @see ScalarIdentity#copy */
    public static void copy(float[] from, int fromOff, float[] to, int toOff, int n) {
        if (from == to && fromOff == toOff) {
            return;
        }
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, from, fromOff + i).intoArray(to, toOff + i);
        }
        ScalarIdentity.copy(from, fromOff + i, to, toOff + i, n - i);
    }
}
