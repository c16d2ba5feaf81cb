package dev.rectifier.kernels.simd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rectifier.kernels.scalar.Erf;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The lane-wise exp, tanh and erf within 1 ulp of the double functions rounded to float, over a
 * dense sample of every binade (every 127th float, fewer for narrow vectors; every float was
 * checked once outside the suite), and their
 * special values. Runs at every vector width.
 */
@Tag("simd-width")
@Tag("vector-only") // not selected in the scalar-only run (rectifier.simd.bits=0), which has no vectors
class VectorMathTest {
    private static void check(String name, UnaryOperator<FloatVector> f, DoubleUnaryOperator ref, float limit) {
        VectorSpecies<Float> s = FloatSpecies.SPECIES;
        int chunk = 1 << 14;
        float[] x = new float[chunk], y = new float[chunk];
        int top = Float.floatToRawIntBits(limit);
        int stride = 127 * Math.max(1, 8 / s.length()); // narrow vectors are slower: sample less densely
        long worst = 0;
        float worstX = 0;
        for (int sign = 0; sign < 2; sign++) {
            for (int b = 0; b <= top; ) {
                int m = 0;
                for (; m < chunk; m++, b = b <= top - stride ? b + stride : top) {
                    x[m] = Float.intBitsToFloat(b | sign << 31);
                }
                for (int i = 0; i < chunk; i += s.length()) {
                    f.apply(FloatVector.fromArray(s, x, i)).intoArray(y, i);
                }
                for (int i = 0; i < chunk; i++) {
                    long d = ulps((float) ref.applyAsDouble(x[i]), y[i]);
                    if (d > worst) {
                        worst = d;
                        worstX = x[i];
                    }
                }
                if (b == top) {
                    break;
                }
            }
        }
        assertThat(worst).as("%s: largest distance at x=%s", name, worstX).isLessThanOrEqualTo(1);
    }

    private static long ulps(float a, float b) {
        if (Float.isNaN(a) || Float.isNaN(b)) {
            return Float.isNaN(a) && Float.isNaN(b) ? 0 : Long.MAX_VALUE;
        }
        int ia = Float.floatToRawIntBits(a), ib = Float.floatToRawIntBits(b);
        ia = ia < 0 ? Integer.MIN_VALUE - ia : ia;
        ib = ib < 0 ? Integer.MIN_VALUE - ib : ib;
        return Math.abs((long) ia - ib);
    }

    private static float[] special(UnaryOperator<FloatVector> f, float... x) {
        int lanes = FloatSpecies.LANES;
        float[] in = new float[Math.max(lanes, x.length + lanes - x.length % lanes)], out = new float[in.length];
        System.arraycopy(x, 0, in, 0, x.length);
        for (int i = 0; i < in.length; i += lanes) {
            f.apply(FloatVector.fromArray(FloatSpecies.SPECIES, in, i)).intoArray(out, i);
        }
        return java.util.Arrays.copyOf(out, x.length);
    }

    @Test
    void expWithinOneUlp() {
        check("exp", VectorMath::exp, StrictMath::exp, 110f);
        float[] e = special(VectorMath::exp, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN, 88.72f, 88.73f, -103.9f, -104f);
        assertThat(e).containsExactly(0f, Float.POSITIVE_INFINITY, Float.NaN, (float) Math.exp(88.72f), Float.POSITIVE_INFINITY,
                (float) Math.exp(-103.9f), 0f);
    }

    @Test
    void tanhWithinOneUlp() {
        check("tanh", VectorMath::tanh, StrictMath::tanh, 20f);
        float[] t = special(VectorMath::tanh, -0f, 0f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN);
        assertThat(Float.floatToRawIntBits(t[0])).isEqualTo(Float.floatToRawIntBits(-0f));
        assertThat(t).containsExactly(-0f, 0f, -1f, 1f, Float.NaN);
    }

    @Test
    void erfWithinOneUlp() {
        check("erf", VectorMath::erf, Erf::erf, 8f);
        float[] e = special(VectorMath::erf, -0f, 0f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN, Float.MAX_VALUE);
        assertThat(Float.floatToRawIntBits(e[0])).isEqualTo(Float.floatToRawIntBits(-0f));
        assertThat(e).containsExactly(-0f, 0f, -1f, 1f, Float.NaN, 1f);
    }
}
