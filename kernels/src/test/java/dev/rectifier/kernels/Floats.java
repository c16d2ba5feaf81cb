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
        // subnormal (-87.3) or vanishes (-104) or overflows (88.72), tanh's saturation (9.01), and
        // where the vector tanh (0.75) and the vector erf inside gelu (x / sqrt 2 = 1) change
        // formula.
        5f, Math.nextUp(5f), -87.5f, 87.5f, -104f, 88.72284f, 9.02f, -9.02f, 0.75f, -0.75f,
        1.4142135f, -1.4142135f, 1.4142137f, -1.4142137f,
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
        assertClose(what, input, inOff, expected, eOff, actual, aOff, n, maxUlps, null, 0, null, 0);
    }

    /** As the full form, with per-element units only (see {@link Tolerance}). */
    static void assertClose(String what, float[] input, int inOff, float[] expected, int eOff,
                            float[] actual, int aOff, int n, long maxUlps, double[] unit) {
        assertClose(what, input, inOff, expected, eOff, actual, aOff, n, maxUlps, unit, 0, null, 0);
    }

    /** As the full form, with an absolute floor only. */
    static void assertClose(String what, float[] input, int inOff, float[] expected, int eOff,
                            float[] actual, int aOff, int n, long maxUlps, double abs, float[] scale, int sOff) {
        assertClose(what, input, inOff, expected, eOff, actual, aOff, n, maxUlps, null, abs, scale, sOff);
    }

    /**
     * As the first form, but element i also passes when it is close in either of two absolute
     * senses, for results whose float formula cancels, where ulps of the result mean nothing:
     * <ul>
     *   <li>per-element units: {@code |actual - expected| <= maxUlps * unit[i]} with both finite,
     *       the unit being the ulp of the magnitude of the terms that cancel (see
     *       {@link Tolerance}; null or a zero unit: none);</li>
     *   <li>an absolute floor: {@code |actual - expected| <= abs * |scale[sOff + i]|}
     *       ({@code scale} null: 1; for a gradient it is dy), for a bound measured once for the
     *       whole function (exp(x) - 1 near 0, 1 - y near y = 1); 0: none.</li>
     * </ul>
     * Bit for bit (sign of zero included) is required when {@code maxUlps} and {@code abs} are 0.
     * Failures print the unit, the absolute difference and the scale where they apply.
     */
    static void assertClose(String what, float[] input, int inOff, float[] expected, int eOff,
                            float[] actual, int aOff, int n, long maxUlps, double[] unit,
                            double abs, float[] scale, int sOff) {
        boolean exact = maxUlps == 0 && abs == 0; // units scale with maxUlps
        StringBuilder first = new StringBuilder();
        int bad = 0;
        long worst = 0;
        int worstAt = -1;
        for (int i = 0; i < n; i++) {
            float e = expected[eOff + i], a = actual[aOff + i];
            long d = ulps(e, a);
            double u = unit == null ? 0 : unit[i];
            double diff = Math.abs((double) a - e);
            double floor = abs * (scale == null ? 1 : Math.abs(scale[sOff + i]));
            boolean ok = exact ? same(e, a)
                    : d <= maxUlps
                            || (u > 0 && Float.isFinite(e) && Float.isFinite(a) && diff <= maxUlps * u)
                            || (abs > 0 && diff <= floor);
            if (d > worst && !ok) {
                worst = d;
                worstAt = i;
            }
            if (!ok && bad++ < 8) {
                first.append(String.format("%n  [%d] x=%s (%08x): expected %s (%08x), actual %s (%08x), %d ulp%s%s",
                        i, input == null ? "-" : input[inOff + i],
                        input == null ? 0 : Float.floatToRawIntBits(input[inOff + i]),
                        e, Float.floatToRawIntBits(e), a, Float.floatToRawIntBits(a), d,
                        u > 0 ? String.format(", %.2f units of %.3g", diff / u, u) : "",
                        abs > 0 ? String.format(", |diff| %.3g (floor %.3g%s)", diff, floor,
                                scale == null ? "" : " at scale " + scale[sOff + i]) : ""));
            }
        }
        if (bad > 0) {
            throw new AssertionError(what + ": " + bad + " of " + n + " elements differ"
                    + (exact ? " (bit-exact required)" : " (more than " + maxUlps + " ulp"
                            + (unit == null ? "" : " or units")
                            + (abs == 0 ? "" : " and more than " + abs + (scale == null ? "" : " * |scale|") + " apart")
                            + ")")
                    + "; largest distance " + worst + " ulp at index " + worstAt + first);
        }
    }

    /** The forward units of {@code tolerance} for x[xOff, xOff + n). */
    static double[] forwardUnits(Tolerance tolerance, float[] x, int xOff, int n) {
        double[] unit = new double[n];
        for (int i = 0; i < n; i++) {
            unit[i] = tolerance.forwardUnit(x[xOff + i]);
        }
        return unit;
    }

    /** The backward units of {@code tolerance} for x[xOff, xOff + n) and dy[dyOff, dyOff + n). */
    static double[] backwardUnits(Tolerance tolerance, float[] x, int xOff, float[] dy, int dyOff, int n) {
        double[] unit = new double[n];
        for (int i = 0; i < n; i++) {
            unit[i] = tolerance.backwardUnit(x[xOff + i], dy[dyOff + i]);
        }
        return unit;
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
