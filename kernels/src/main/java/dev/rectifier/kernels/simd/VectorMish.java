package dev.rectifier.kernels.simd;

import dev.rectifier.kernels.scalar.ScalarMish;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels for Mish. tanh(softplus(x)) takes one exponential instead of the
 * reference's chain exp, log1p, tanh: with e = exp(x) and n = e^2 + 2e (one fused rounding),
 * tanh(log(1 + e)) = ((1 + e)^2 - 1) / ((1 + e)^2 + 1) = n / (n + 2). x is clamped to 20 first
 * (tanh(softplus(20)) is 1 in float) so that n cannot overflow. The remaining float operations
 * are the reference's, in its order; the reference finishes every tail.
 *
 * <p>Against the reference (three functions, each rounded once) the difference is up to a few
 * ulps, mostly from the reference's own intermediate roundings; the JDK's lane-wise LOG1P and
 * TANH would follow its chain more closely but are not bit-reproducible between compiled and
 * interpreted code (see {@link VectorMath}), and LOG1P alone costs about 1.7 ns per float;
 * VectorMath's own log1p and tanh would add about 0.8 ns per float (their cost alone).
 *
 * @see ScalarMish
 */
public final class VectorMish {
    private VectorMish() {}

    private static final VectorSpecies<Float> S = FloatSpecies.SPECIES;
    private static final int L = S.length();

    /** @see ScalarMish#forward */
    public static void forward(float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            // tanh(softplus(v)), written out in each loop, not a helper: a helper C2 declines to
            // inline boxes vectors.
            FloatVector e = VectorMath.exp(v.min(20f));
            FloatVector q = e.fma(e, e.mul(2f));
            v.mul(q.div(q.add(2f))).intoArray(y, yOff + i);
        }
        ScalarMish.forward(x, xOff + i, y, yOff + i, n - i);
    }

    /** @see ScalarMish#backward */
    public static void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int i = 0;
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            FloatVector d = FloatVector.fromArray(S, dy, dyOff + i);
            FloatVector sigmoid = one.div(VectorMath.exp(v.neg()).add(1f));
            FloatVector e = VectorMath.exp(v.min(20f));
            FloatVector q = e.fma(e, e.mul(2f));
            FloatVector t = q.div(q.add(2f));
            d.mul(v.mul(sigmoid).mul(one.sub(t.mul(t))).add(t)).intoArray(dx, dxOff + i);
        }
        ScalarMish.backward(x, xOff + i, dy, dyOff + i, dx, dxOff + i, n - i);
    }
}
