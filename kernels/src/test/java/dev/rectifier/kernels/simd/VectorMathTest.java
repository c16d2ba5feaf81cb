package dev.rectifier.kernels.simd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rectifier.kernels.Simd;
import dev.rectifier.kernels.scalar.ScalarMath;
import java.util.function.UnaryOperator;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The vector exp, log1p and tanh against the correctly rounded reference ({@link ScalarMath}),
 * over a sweep of floats spread evenly in bit pattern (every STRIDE-th float, so every binade
 * from the subnormals to the overflow threshold is visited): at most 1 ulp for each. An
 * exhaustive run (stride 13 over all floats, and every float in [-1, 1] for tanh) found the same
 * bound; this test keeps it in seconds.
 */
@Tag("simd-width")
class VectorMathTest {
    private static final int STRIDE = 16411;

    @BeforeEach
    void vectorsOn() {
        assumeTrue(Simd.ENABLED, "vector paths are off at this width");
    }

    @Test
    void expIsWithinOneUlpEverywhere() {
        assertThat(worstUlps(-Float.MAX_VALUE, Float.MAX_VALUE, Fn.EXP, ScalarMath::exp)).isLessThanOrEqualTo(1);
        assertThat(worstUlps(-Float.MAX_VALUE, Float.MAX_VALUE, Fn.EXP_WIDE, ScalarMath::exp)).isLessThanOrEqualTo(1);
        assertThat(worstUlps(-VectorMath.NORMAL_LIMIT, VectorMath.NORMAL_LIMIT, Fn.EXP_NORMAL, ScalarMath::exp))
                .isLessThanOrEqualTo(1);
        assertThat(apply(Fn.EXP, Float.NaN)).isNaN();
        assertThat(apply(Fn.EXP, Float.POSITIVE_INFINITY)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(apply(Fn.EXP, Float.NEGATIVE_INFINITY)).isEqualTo(0f);
        // The last float whose e^x is finite, and the first that overflows.
        assertThat(apply(Fn.EXP, 88.72283f)).isEqualTo(ScalarMath.exp(88.72283f)).isFinite();
        assertThat(apply(Fn.EXP, 88.72284f)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(apply(Fn.EXP, -103.27893f)).isEqualTo(ScalarMath.exp(-103.27893f)).isEqualTo(Float.MIN_VALUE);
        assertThat(apply(Fn.EXP, -104f)).isEqualTo(0f);
        assertThat(apply(Fn.EXP, -0f)).isEqualTo(1f);
    }

    @Test
    void log1pIsWithinOneUlpOnItsDomain() {
        assertThat(worstUlps(0f, Float.MAX_VALUE, Fn.LOG1P, ScalarMath::log1p)).isLessThanOrEqualTo(1);
        assertThat(apply(Fn.LOG1P, Float.NaN)).isNaN();
        assertThat(apply(Fn.LOG1P, Float.POSITIVE_INFINITY)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(apply(Fn.LOG1P, 0f)).isEqualTo(0f);
        assertThat(apply(Fn.LOG1P, Float.MIN_VALUE)).isEqualTo(Float.MIN_VALUE);
        assertThat(apply(Fn.LOG1P, Float.MAX_VALUE)).isEqualTo(ScalarMath.log1p(Float.MAX_VALUE));
    }

    @Test
    void tanhIsWithinOneUlpAndKeepsTheSignOfZero() {
        assertThat(worstUlps(-Float.MAX_VALUE, Float.MAX_VALUE, Fn.TANH, ScalarMath::tanh)).isLessThanOrEqualTo(1);
        assertThat(Float.floatToRawIntBits(apply(Fn.TANH, -0f))).isEqualTo(Float.floatToRawIntBits(-0f));
        assertThat(Float.floatToRawIntBits(apply(Fn.TANH, 0f))).isZero();
        assertThat(apply(Fn.TANH, Float.NaN)).isNaN();
        assertThat(apply(Fn.TANH, Float.POSITIVE_INFINITY)).isEqualTo(1f);
        assertThat(apply(Fn.TANH, Float.NEGATIVE_INFINITY)).isEqualTo(-1f);
        assertThat(apply(Fn.TANH, -Float.MIN_VALUE)).isEqualTo(-Float.MIN_VALUE);
    }

    /**
     * The functions under test, called through a switch rather than a lambda so that C2 inlines
     * them and keeps the vectors in registers.
     */
    enum Fn {
        EXP, EXP_WIDE, EXP_NORMAL, LOG1P, TANH;

        FloatVector apply(FloatVector v) {
            return switch (this) {
                case EXP -> VectorMath.exp(v);
                case EXP_WIDE -> VectorMath.expWide(v);
                case EXP_NORMAL -> VectorMath.expNormal(v);
                case LOG1P -> VectorMath.log1p(v);
                case TANH -> VectorMath.tanh(v);
            };
        }
    }

    private static float apply(Fn f, float x) {
        return f.apply(FloatVector.broadcast(FloatSpecies.SPECIES, x)).lane(0);
    }

    /** Largest ulp distance over every STRIDE-th float of [lo, hi], both signs; prints where. */
    private static long worstUlps(float lo, float hi, Fn f, UnaryOperator<Float> reference) {
        int lanes = FloatSpecies.LANES;
        float[] in = new float[lanes * 1024], out = new float[in.length];
        long worst = 0;
        float worstAt = 0;
        int k = 0;
        for (int sign = 0; sign < 2; sign++) {
            float a = sign == 0 ? Math.max(lo, 0f) : Math.max(-hi, 0f);
            float b = sign == 0 ? hi : -lo;
            if (b < a) {
                continue;
            }
            for (long bits = Float.floatToRawIntBits(a); bits <= Float.floatToRawIntBits(b); bits += STRIDE) {
                float v = Float.intBitsToFloat((int) bits);
                in[k++] = sign == 0 ? v : -v;
                if (k == in.length) {
                    long[] w = check(in, out, k, f, reference);
                    if (w[0] > worst) {
                        worst = w[0];
                        worstAt = in[(int) w[1]];
                    }
                    k = 0;
                }
            }
        }
        for (; k % lanes != 0; k++) {
            in[k] = 0f;
        }
        long[] w = check(in, out, k, f, reference);
        if (w[0] > worst) {
            worst = w[0];
            worstAt = in[(int) w[1]];
        }
        if (worst > 1) {
            System.out.printf("worst %d ulp at %s (%08x)%n", worst, worstAt, Float.floatToRawIntBits(worstAt));
        }
        return worst;
    }

    private static long[] check(float[] in, float[] out, int k, Fn f, UnaryOperator<Float> reference) {
        for (int i = 0; i < k; i += FloatSpecies.LANES) {
            f.apply(FloatVector.fromArray(FloatSpecies.SPECIES, in, i)).intoArray(out, i);
        }
        long worst = 0, at = 0;
        for (int i = 0; i < k; i++) {
            float e = reference.apply(in[i]), a = out[i];
            long d = Float.isNaN(e) || Float.isNaN(a) ? (Float.isNaN(e) && Float.isNaN(a) ? 0 : Long.MAX_VALUE)
                    : Math.abs((long) ordered(e) - ordered(a));
            if (d > worst) {
                worst = d;
                at = i;
            }
        }
        return new long[] {worst, at};
    }

    private static int ordered(float f) {
        int bits = Float.floatToRawIntBits(f);
        return bits >= 0 ? bits : Integer.MIN_VALUE - bits;
    }
}
