package dev.rectifier.kernels;

import java.util.SplittableRandom;

/** Float comparison in units in the last place, corner-case inputs, and readable failures. */
final class Floats {
    private Floats() {}

    /** Corner cases every kernel test mixes into its inputs (the STYLE's list and the golden kinks). */
    static final float[] CORNERS = {
        0f, -0f, 1f, -1f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE,
        6f, Math.nextDown(6f), Math.nextUp(6f), 20f, -20f, 3f, -3f, 88.7f, -88.7f, 103f, -103f, 1e-7f, -1e-7f,
        0.5f, -0.5f, 10f, -10f, 1e-20f, -1e-20f,
        // The smooth functions' edges: softplus(beta=2, threshold=10)'s kink, where e^x turns
        // subnormal (-87.3) or vanishes (-104) or overflows (88.72), tanh's saturation (9.01) and
        // the vector tanh's change of formula (0.625).
        5f, Math.nextUp(5f), -87.5f, 87.5f, -104f, 88.72284f, 9.02f, -9.02f, 0.625f, -0.625f,
    };

    /** Distance in representable floats; 0 for two NaNs and for +0/-0, MAX_VALUE if one is NaN. */
    static long ulps(float a, float b) {
        boolean na = Float.isNaN(a), nb = Float.isNaN(b);
        if (na || nb) {
            return na && nb ? 0 : Integer.MAX_VALUE;
        }
        return Math.abs((long) ordered(a) - ordered(b));
    }

    private static int ordered(float f) {
        int bits = Float.floatToRawIntBits(f);
        return bits >= 0 ? bits : Integer.MIN_VALUE - bits;
    }

    /** Equal bit patterns, any NaN equal to any NaN. */
    static boolean same(float a, float b) {
        return Float.isNaN(a) ? Float.isNaN(b) : Float.floatToRawIntBits(a) == Float.floatToRawIntBits(b);
    }

    /**
     * Throws AssertionError unless {@code actual[aOff + i]} matches {@code expected[eOff + i]}
     * for every i: bit for bit when {@code maxUlps == 0}, else within {@code maxUlps}. The
     * message gives the first mismatches with index, input, expected, actual, and the largest
     * distance.
     */
    static void assertClose(String what, float[] input, int inOff, float[] expected, int eOff,
                            float[] actual, int aOff, int n, long maxUlps) {
        assertClose(what, input, inOff, expected, eOff, actual, aOff, n, maxUlps, 0, null, 0);
    }

    /**
     * As above, but an element also passes when {@code |actual - expected| <= abs * |scale_i|}
     * ({@code scale_i = 1} when {@code scale} is null; for a gradient, dy): where a result
     * cancels (exp(x) - 1 near 0, 1 - y near y = 1) ulps mean nothing and the error is bounded
     * absolutely instead.
     */
    static void assertClose(String what, float[] input, int inOff, float[] expected, int eOff,
                            float[] actual, int aOff, int n, long maxUlps, double abs, float[] scale, int sOff) {
        StringBuilder first = new StringBuilder();
        int bad = 0;
        long worst = 0;
        int worstAt = -1;
        for (int i = 0; i < n; i++) {
            float e = expected[eOff + i], a = actual[aOff + i];
            boolean ok = maxUlps == 0 && abs == 0 ? same(e, a) : ulps(e, a) <= maxUlps
                    || Math.abs((double) a - e) <= abs * (scale == null ? 1 : Math.abs(scale[sOff + i]));
            long d = ulps(e, a);
            if (d > worst) {
                worst = d;
                worstAt = i;
            }
            if (!ok && bad++ < 8) {
                first.append(String.format("%n  [%d] x=%s (%08x): expected %s (%08x), actual %s (%08x), %d ulp, |diff| %.3g%s",
                        i, input == null ? "-" : input[inOff + i],
                        input == null ? 0 : Float.floatToRawIntBits(input[inOff + i]),
                        e, Float.floatToRawIntBits(e), a, Float.floatToRawIntBits(a), d, Math.abs((double) a - e),
                        scale == null ? "" : " scale " + scale[sOff + i]));
            }
        }
        if (bad > 0) {
            throw new AssertionError(what + ": " + bad + " of " + n + " elements differ"
                    + (maxUlps == 0 && abs == 0 ? " (bit-exact required)" : " (more than " + maxUlps + " ulp"
                    + (abs == 0 ? "" : " and more than " + abs + (scale == null ? "" : " * |scale|") + " apart") + ")")
                    + "; largest distance " + worst + " ulp at index " + worstAt + first);
        }
    }

    /** Largest distance in ulps between the two ranges. */
    static long maxUlps(float[] expected, float[] actual) {
        long worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, ulps(expected[i], actual[i]));
        }
        return worst;
    }

    /** n values: normals of scale 4, a quarter of them replaced by random corner cases. */
    static float[] inputs(SplittableRandom random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextInt(4) == 0
                    ? CORNERS[random.nextInt(CORNERS.length)]
                    : (float) (random.nextGaussian() * 4);
        }
        return x;
    }

    /** n upstream gradients: normals of scale 1. */
    static float[] gradients(SplittableRandom random, int n) {
        float[] dy = new float[n];
        for (int i = 0; i < n; i++) {
            dy[i] = (float) random.nextGaussian();
        }
        return dy;
    }
}
