package dev.rectifier.kernels.simd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rectifier.kernels.scalar.ScalarMath;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The vector exp, log1p, tanh and erf against the nearly correctly rounded reference
 * ({@link ScalarMath}: double, rounded once), at most 1 ulp each, over two sweeps: a dense one
 * (every 127th float, fewer for narrow vectors) of the range where the function is not yet
 * constant, and a sparse one (every 16411th float) of the whole line, so that every binade from
 * the subnormals to MAX_VALUE is visited; and their special values. Every 13th float of those
 * ranges was checked once outside the suite, with the same bound. Runs at every vector width.
 */
@Tag("simd-width")
@Tag("vector-only") // not selected in the scalar-only run (rectifier.simd.bits=0), which has no vectors
class VectorMathTest {
    private static final int SPARSE = 16411;
    /** Narrow vectors are slower: sample less densely there. */
    private static final int DENSE = 127 * Math.max(1, 8 / FloatSpecies.LANES);

    @Test
    void expIsWithinOneUlpEverywhere() {
        assertThat(worstUlps(-110f, 110f, DENSE, Fn.EXP, ScalarMath::exp)).isLessThanOrEqualTo(1);
        assertThat(worstUlps(-Float.MAX_VALUE, Float.MAX_VALUE, SPARSE, Fn.EXP, ScalarMath::exp)).isLessThanOrEqualTo(1);
        assertThat(worstUlps(-VectorMath.NORMAL_LIMIT, VectorMath.NORMAL_LIMIT, DENSE, Fn.EXP_NORMAL, ScalarMath::exp))
                .isLessThanOrEqualTo(1);
        assertThat(apply(Fn.EXP, Float.NaN)).isNaN();
        assertThat(apply(Fn.EXP, Float.POSITIVE_INFINITY)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(apply(Fn.EXP, Float.NEGATIVE_INFINITY)).isEqualTo(0f);
        // The last float whose e^x is finite, and the first that overflows.
        assertThat(apply(Fn.EXP, 88.72283f)).isEqualTo(ScalarMath.exp(88.72283f)).isFinite();
        assertThat(apply(Fn.EXP, 88.72284f)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(apply(Fn.EXP, -103.27893f)).isEqualTo(ScalarMath.exp(-103.27893f)).isEqualTo(Float.MIN_VALUE);
        assertThat(apply(Fn.EXP, -103.9f)).isEqualTo(ScalarMath.exp(-103.9f));
        assertThat(apply(Fn.EXP, -104f)).isEqualTo(0f);
        assertThat(apply(Fn.EXP, -0f)).isEqualTo(1f);
        assertThat(apply(Fn.EXP, 88.72f)).isEqualTo(ScalarMath.exp(88.72f));
        assertThat(apply(Fn.EXP, 88.73f)).isEqualTo(Float.POSITIVE_INFINITY);
        // The lean exp gives the same bits as the full one on its range.
        float[] xs = {1f, -86.9f, 0.5f, 87f, -87f, 3f, 2f, -1e-30f, 30f, -30f, 0f, -0f};
        float[] full = special(Fn.EXP, xs), lean = special(Fn.EXP_NORMAL, xs);
        for (int i = 0; i < xs.length; i++) {
            assertThat(Float.floatToRawIntBits(lean[i])).as("lean exp(%s)", xs[i]).isEqualTo(Float.floatToRawIntBits(full[i]));
        }
    }

    @Test
    void nonPositiveExpGivesTheFullExpsBitsOnItsRange() {
        assertThat(worstUlps(-110f, 0f, DENSE, Fn.EXP_NON_POSITIVE, ScalarMath::exp)).isLessThanOrEqualTo(1);
        assertThat(worstUlps(-Float.MAX_VALUE, 0f, SPARSE, Fn.EXP_NON_POSITIVE, ScalarMath::exp)).isLessThanOrEqualTo(1);
        float[] xs = {-0f, 0f, -1e-30f, -Float.MIN_VALUE, -0.5f, -1f, -30f, -86.9f, -87.33654f, -87.34f, -90f, -100f,
            -103.27893f, -103.9f, -104f, -1e4f, -Float.MAX_VALUE, Float.NEGATIVE_INFINITY, Float.NaN};
        float[] full = special(Fn.EXP, xs), lean = special(Fn.EXP_NON_POSITIVE, xs);
        for (int i = 0; i < xs.length; i++) {
            assertThat(Float.floatToRawIntBits(lean[i])).as("exp(%s) without its upper range", xs[i])
                    .isEqualTo(Float.floatToRawIntBits(full[i]));
        }
        // Every float from the last normal result down to the first zero, both functions.
        float[] run = new float[1 << 16];
        for (float x = -87f; x >= -104.5f; ) {
            int count = 0;
            for (; count < run.length && x >= -104.5f; count++, x = Math.nextDown(x)) {
                run[count] = x;
            }
            float[] xsRun = Arrays.copyOf(run, count);
            float[] f = special(Fn.EXP, xsRun), l = special(Fn.EXP_NON_POSITIVE, xsRun);
            for (int i = 0; i < count; i++) {
                if (Float.floatToRawIntBits(f[i]) != Float.floatToRawIntBits(l[i])) {
                    assertThat(l[i]).as("exp(%s) without its upper range", xsRun[i]).isEqualTo(f[i]);
                }
            }
        }
    }

    @Test
    void log1pIsWithinOneUlpOnItsDomain() {
        assertThat(worstUlps(0f, Float.MAX_VALUE, SPARSE, Fn.LOG1P, ScalarMath::log1p)).isLessThanOrEqualTo(1);
        assertThat(worstUlps(0f, 1e9f, DENSE, Fn.LOG1P, ScalarMath::log1p)).isLessThanOrEqualTo(1);
        assertThat(apply(Fn.LOG1P, Float.NaN)).isNaN();
        assertThat(apply(Fn.LOG1P, Float.POSITIVE_INFINITY)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(apply(Fn.LOG1P, 0f)).isEqualTo(0f);
        assertThat(apply(Fn.LOG1P, Float.MIN_VALUE)).isEqualTo(Float.MIN_VALUE);
        assertThat(apply(Fn.LOG1P, Float.MAX_VALUE)).isEqualTo(ScalarMath.log1p(Float.MAX_VALUE));
    }

    @Test
    void tanhIsWithinOneUlpAndKeepsTheSignOfZero() {
        assertThat(worstUlps(-20f, 20f, DENSE, Fn.TANH, ScalarMath::tanh)).isLessThanOrEqualTo(1);
        assertThat(worstUlps(-Float.MAX_VALUE, Float.MAX_VALUE, SPARSE, Fn.TANH, ScalarMath::tanh)).isLessThanOrEqualTo(1);
        float[] t = special(Fn.TANH, -0f, 0f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN,
                -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE);
        assertThat(Float.floatToRawIntBits(t[0])).isEqualTo(Float.floatToRawIntBits(-0f));
        assertThat(Float.floatToRawIntBits(t[1])).isZero();
        assertThat(t).containsExactly(-0f, 0f, -1f, 1f, Float.NaN, -Float.MIN_VALUE, 1f, -1f);
    }

    @Test
    void erfIsWithinOneUlpAndKeepsTheSignOfZero() {
        assertThat(worstUlps(-8f, 8f, DENSE, Fn.ERF, ScalarMath::erf)).isLessThanOrEqualTo(1);
        assertThat(worstUlps(-Float.MAX_VALUE, Float.MAX_VALUE, SPARSE, Fn.ERF, ScalarMath::erf)).isLessThanOrEqualTo(1);
        float[] e = special(Fn.ERF, -0f, 0f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN, Float.MAX_VALUE,
                -Float.MIN_VALUE);
        assertThat(Float.floatToRawIntBits(e[0])).isEqualTo(Float.floatToRawIntBits(-0f));
        assertThat(Float.floatToRawIntBits(e[1])).isZero();
        assertThat(e).containsExactly(-0f, 0f, -1f, 1f, Float.NaN, 1f, ScalarMath.erf(-Float.MIN_VALUE));
    }

    /**
     * The functions under test, called through a switch rather than a lambda so that C2 inlines
     * them and keeps the vectors in registers.
     */
    enum Fn {
        EXP, EXP_NORMAL, EXP_NON_POSITIVE, LOG1P, TANH, ERF;

        FloatVector apply(FloatVector v) {
            return switch (this) {
                case EXP -> VectorMath.exp(v);
                case EXP_NORMAL -> VectorMath.expNormal(v);
                case EXP_NON_POSITIVE -> VectorMath.expNonPositive(v);
                case LOG1P -> VectorMath.log1p(v);
                case TANH -> VectorMath.tanh(v);
                case ERF -> VectorMath.erf(v);
            };
        }
    }

    /** A float function without boxing. */
    interface Reference {
        float apply(float x);
    }

    private static float apply(Fn f, float x) {
        return f.apply(FloatVector.broadcast(FloatSpecies.SPECIES, x)).lane(0);
    }

    /** f of each value, the values placed together in whole vectors (the rest of the lanes 0). */
    private static float[] special(Fn f, float... x) {
        int lanes = FloatSpecies.LANES;
        float[] in = new float[(x.length + lanes - 1) / lanes * lanes], out = new float[in.length];
        System.arraycopy(x, 0, in, 0, x.length);
        for (int i = 0; i < in.length; i += lanes) {
            f.apply(FloatVector.fromArray(FloatSpecies.SPECIES, in, i)).intoArray(out, i);
        }
        return Arrays.copyOf(out, x.length);
    }

    /** Largest ulp distance over every stride-th float of [lo, hi], both signs; prints where. */
    private static long worstUlps(float lo, float hi, int stride, Fn f, Reference reference) {
        int lanes = FloatSpecies.LANES;
        float[] in = new float[lanes * 1024], out = new float[in.length];
        long[] worst = {0};
        float[] worstAt = {0};
        int k = 0;
        for (int sign = 0; sign < 2; sign++) {
            float a = sign == 0 ? Math.max(lo, 0f) : Math.max(-hi, 0f);
            float b = sign == 0 ? hi : -lo;
            if (b < a) {
                continue;
            }
            for (long bits = Float.floatToRawIntBits(a); bits <= Float.floatToRawIntBits(b); bits += stride) {
                float v = Float.intBitsToFloat((int) bits);
                in[k++] = sign == 0 ? v : -v;
                if (k == in.length) {
                    check(in, out, k, f, reference, worst, worstAt);
                    k = 0;
                }
            }
        }
        for (; k % lanes != 0; k++) {
            in[k] = 0f;
        }
        check(in, out, k, f, reference, worst, worstAt);
        if (worst[0] > 1) {
            System.out.printf("%s: worst %d ulp at %s (%08x)%n", f, worst[0], worstAt[0], Float.floatToRawIntBits(worstAt[0]));
        }
        return worst[0];
    }

    private static void check(float[] in, float[] out, int k, Fn f, Reference reference, long[] worst, float[] worstAt) {
        for (int i = 0; i < k; i += FloatSpecies.LANES) {
            f.apply(FloatVector.fromArray(FloatSpecies.SPECIES, in, i)).intoArray(out, i);
        }
        for (int i = 0; i < k; i++) {
            float e = reference.apply(in[i]), a = out[i];
            long d = Float.isNaN(e) || Float.isNaN(a) ? (Float.isNaN(e) && Float.isNaN(a) ? 0 : Long.MAX_VALUE)
                    : Math.abs((long) ordered(e) - ordered(a));
            if (d > worst[0]) {
                worst[0] = d;
                worstAt[0] = in[i];
            }
        }
    }

    private static int ordered(float f) {
        int bits = Float.floatToRawIntBits(f);
        return bits >= 0 ? bits : Integer.MIN_VALUE - bits;
    }
}
