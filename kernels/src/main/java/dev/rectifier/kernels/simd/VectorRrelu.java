package dev.rectifier.kernels.simd;

import dev.rectifier.kernels.scalar.ScalarRrelu;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels for RReLU in training mode, bit for bit equal to {@link ScalarRrelu}. The
 * slopes are drawn by the scalar reference (one draw per element with x &lt;= 0, in order: the
 * generator is sequential); the products run in vectors. (Evaluation mode runs
 * {@link VectorLeakyRelu}.)
 *
 * @see ScalarRrelu
 */
public final class VectorRrelu {
    private VectorRrelu() {}

    private static final VectorSpecies<Float> S = FloatSpecies.SPECIES;
    private static final int L = S.length();

    /** @see ScalarRrelu#forwardTraining */
    public static void forwardTraining(float[] x, int xOff, float[] y, int yOff, float[] noise, int noiseOff, int n,
                                       SplittableRandom random, double lower, double upper) {
        ScalarRrelu.noise(x, xOff, noise, noiseOff, n, random, lower, upper);
        multiply(x, xOff, noise, noiseOff, y, yOff, n);
    }

    /** @see ScalarRrelu#multiply */
    public static void multiply(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, a, aOff + i).mul(FloatVector.fromArray(S, b, bOff + i)).intoArray(out, outOff + i);
        }
        ScalarRrelu.multiply(a, aOff + i, b, bOff + i, out, outOff + i, n - i);
    }
}
