package dev.rectifier.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Lane-wise float exp, tanh and erf, built from IEEE operations only (add, multiply, fused
 * multiply-add, divide, compare, integer bit operations), so that a kernel gives the same bits
 * whether C2 has compiled it or not, on every thread and every CPU.
 *
 * <p>Why not the JDK's lane-wise EXP and TANH: they are within 1 ulp, and fast where C2 turns
 * them into SVML calls (about 0.3 and 0.55 ns per float on the test machine, against 0.4 and 0.8
 * for the functions below), but code that C2 has not compiled yet computes them another way
 * (StrictMath), with different roundings. A worker thread still running the interpreted kernel
 * then gives different bits from a compiled one: multi-threaded results stopped matching
 * single-threaded ones, and the first calls of a program differed from the later ones.
 *
 * <p>Package-private: vector types stay out of public signatures.
 */
final class VectorMath {
    private VectorMath() {}

    private static final VectorSpecies<Float> S = FloatSpecies.SPECIES;

    // exp(x) = 2^n exp(r), n = round(x / ln 2), r = x - n ln 2 in [-ln2/2, ln2/2] (Cody and
    // Waite's two-part ln 2 keeps r exact to 2^-32), exp(r) = 1 + (r + r^2 q(r)), q a
    // least-squares fit of (exp(r) - 1 - r) / r^2 weighted for relative error, 3.6e-9.
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693145751953125f; // 12 significant bits: n * LN2_HI exact
    private static final float LN2_LO = 1.42860682030941723212e-6f;
    private static final float SHIFTER = 0x1.8p23f; // adding it rounds to an integer, kept in the low bits
    private static final float E0 = 0.49999988079071045f, E1 = 0.166665181517601f,
            E2 = 0.04166953265666962f, E3 = 0.008368915878236294f, E4 = 0.0013751407386735082f;

    // tanh(u) = u + u^3 Q(u^2) for |u| < 0.75, Q fitted for relative error (1.8e-9); above,
    // 1 - 2 / (exp(2|u|) + 1), which needs no cancellation-prone subtraction there.
    private static final float T0 = -0.3333331346511841f, T1 = 0.1333266645669937f,
            T2 = -0.05389061197638512f, T3 = 0.02144482545554638f, T4 = -0.007645958568900824f,
            T5 = 0.0017302967607975006f;

    // erf(z) = z + z * P(z^2) for |z| < 1: a least-squares fit at Chebyshev nodes of
    // (erf(sqrt u) / sqrt u - 1) on u in [0, 1], relative error 1.2e-9 before float rounding.
    private static final float A0 = 0.12837916612625122f, A1 = -0.3761262595653534f,
            A2 = 0.1128358542919159f, A3 = -0.026853810995817184f, A4 = 0.00518832728266716f,
            A5 = -0.0008010189048945904f, A6 = 7.853846909711137e-05f;

    // erfc(a) = exp(-a^2) * R(a - 2.5) for 1 <= a <= 4, R fitted to erfc(a) * exp(a^2) weighted
    // by exp(-a^2), so that the absolute error it leaves in erf is below 2.5e-9 (0.04 ulp of 1).
    private static final float B0 = 0.21080760657787323f, B1 = -0.07434218376874924f,
            B2 = 0.024914631620049477f, B3 = -0.008132237009704113f, B4 = 0.002302509965375066f,
            B5 = -0.0006611378048546612f, B6 = 0.000543294008821249f, B7 = 0.0002250491816084832f,
            B8 = 0.00010684064909582958f;

    // Constants as vectors, so that each use is one field load: fewer IR nodes keeps the
    // callers under C2's inlining limits (a call that is not inlined boxes its vectors).
    private static final FloatVector NEG_LN2_HI_V = FloatVector.broadcast(S, -LN2_HI);
    private static final FloatVector NEG_LN2_LO_V = FloatVector.broadcast(S, -LN2_LO);
    private static final FloatVector ONE_V = FloatVector.broadcast(S, 1f);
    private static final FloatVector TWO_V = FloatVector.broadcast(S, 2f);
    private static final FloatVector A0_V = FloatVector.broadcast(S, A0);
    private static final FloatVector A1_V = FloatVector.broadcast(S, A1);
    private static final FloatVector A2_V = FloatVector.broadcast(S, A2);
    private static final FloatVector A3_V = FloatVector.broadcast(S, A3);
    private static final FloatVector A4_V = FloatVector.broadcast(S, A4);
    private static final FloatVector B0_V = FloatVector.broadcast(S, B0);
    private static final FloatVector B1_V = FloatVector.broadcast(S, B1);
    private static final FloatVector B2_V = FloatVector.broadcast(S, B2);
    private static final FloatVector B3_V = FloatVector.broadcast(S, B3);
    private static final FloatVector B4_V = FloatVector.broadcast(S, B4);
    private static final FloatVector B5_V = FloatVector.broadcast(S, B5);
    private static final FloatVector B6_V = FloatVector.broadcast(S, B6);
    private static final FloatVector E0_V = FloatVector.broadcast(S, E0);
    private static final FloatVector E1_V = FloatVector.broadcast(S, E1);
    private static final FloatVector E2_V = FloatVector.broadcast(S, E2);
    private static final FloatVector E3_V = FloatVector.broadcast(S, E3);
    private static final FloatVector E4_V = FloatVector.broadcast(S, E4);
    private static final FloatVector LOG2E_V = FloatVector.broadcast(S, LOG2E);
    private static final FloatVector SHIFTER_V = FloatVector.broadcast(S, SHIFTER);
    private static final FloatVector T0_V = FloatVector.broadcast(S, T0);
    private static final FloatVector T1_V = FloatVector.broadcast(S, T1);
    private static final FloatVector T2_V = FloatVector.broadcast(S, T2);
    private static final FloatVector T3_V = FloatVector.broadcast(S, T3);
    private static final FloatVector T4_V = FloatVector.broadcast(S, T4);
    private static final FloatVector T5_V = FloatVector.broadcast(S, T5);

    /**
     * e^x lane-wise, within 1 ulp of the correctly rounded value (every float checked),
     * subnormal results included.
     * exp(-inf) = +0, exp(+inf) = +inf, NaN stays NaN; x is clamped to [-104, 89], beyond which
     * the result rounds to 0 or overflows anyway.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(-104f).min(89f); // min and max keep NaN
        FloatVector t = xc.fma(LOG2E_V, SHIFTER_V);
        FloatVector n = t.sub(SHIFTER);
        FloatVector r = n.fma(NEG_LN2_HI_V, xc);
        r = n.fma(NEG_LN2_LO_V, r);
        FloatVector q = r.fma(E4_V, E3_V);
        q = q.fma(r, E2_V);
        q = q.fma(r, E1_V);
        q = q.fma(r, E0_V);
        FloatVector p = r.mul(r).fma(q, r).add(1f);
        // 2^n as two factors 2^(n/2), so that n down to -150 (subnormal results) and up to 128
        // (overflow to inf) stay within the exponent range of each factor.
        IntVector k = t.reinterpretAsInts().sub(Float.floatToRawIntBits(SHIFTER));
        IntVector k1 = k.lanewise(VectorOperators.ASHR, 1);
        IntVector k2 = k.sub(k1);
        FloatVector s1 = k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = k2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(s1).mul(s2);
    }

    /**
     * e^x lane-wise, flushing subnormal results: as {@link #exp} (within 1 ulp) for x >= -87.33,
     * where e^x >= 2^-126, and +0 below. Leaner (one scale factor), which keeps gelu's kernels
     * under C2's inlining limits. gelu only meets e^x < 2^-126 for 13.2 < |x|, where
     * 0.5 + x * pdf rounds to 0.5 with the subnormal or with 0 (and inf * 0 is NaN either way).
     */
    static FloatVector expNormal(FloatVector x) {
        FloatVector xc = x.max(-87.33f).min(88.7f);
        FloatVector t = xc.fma(LOG2E_V, SHIFTER_V);
        FloatVector n = t.sub(SHIFTER);
        FloatVector r = n.fma(NEG_LN2_HI_V, xc);
        r = n.fma(NEG_LN2_LO_V, r);
        FloatVector q = r.fma(E4_V, E3_V);
        q = q.fma(r, E2_V);
        q = q.fma(r, E1_V);
        q = q.fma(r, E0_V);
        FloatVector p = r.mul(r).fma(q, r).add(1f);
        IntVector k = t.reinterpretAsInts().add(127 - Float.floatToRawIntBits(SHIFTER));
        return p.mul(k.lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats())
                .blend(0f, x.compare(VectorOperators.LT, -87.33f));
    }

    /**
     * tanh(u) lane-wise, within 1 ulp of the correctly rounded value (every float checked); tanh(+-0) = +-0,
     * tanh(+-inf) = +-1, NaN stays NaN.
     */
    static FloatVector tanh(FloatVector u) {
        FloatVector v = u.mul(u);
        FloatVector q = v.fma(T5_V, T4_V);
        q = q.fma(v, T3_V);
        q = q.fma(v, T2_V);
        q = q.fma(v, T1_V);
        q = q.fma(v, T0_V);
        // u + u^3 Q would turn -0.0 into +0.0 (Q < 0): zeros pass through unchanged.
        FloatVector small = u.fma(v.mul(q), u).blend(u, u.compare(VectorOperators.EQ, 0f));

        FloatVector a = u.abs();
        FloatVector e = exp(a.min(10f).mul(2f)); // tanh(10) rounds to 1
        FloatVector large = ONE_V.sub(TWO_V.div(e.add(1f)));
        large = large.blend(large.neg(), u.compare(VectorOperators.LT, 0f));
        return small.blend(large, a.compare(VectorOperators.GE, 0.75f));
    }

    /**
     * erf(z) lane-wise, within 1 ulp of the correctly rounded value (tested against
     * {@link dev.rectifier.kernels.scalar.Erf} over every float in [-4, 4] and beyond). erf(+-0)
     * = +-0, erf(+-inf) = +-1, NaN stays NaN. From |z| = 4 erf rounds to +-1 in float, so the
     * argument of the tail fit is clamped there.
     */
    static FloatVector erf(FloatVector z) {
        FloatVector u = z.mul(z);
        FloatVector p = u.fma(A6, A5);
        p = p.fma(u, A4_V);
        p = p.fma(u, A3_V);
        p = p.fma(u, A2_V);
        p = p.fma(u, A1_V);
        p = p.fma(u, A0_V);
        FloatVector small = z.fma(p, z);

        FloatVector a = z.abs();
        VectorMask<Float> tail = a.compare(VectorOperators.GE, 1f);
        FloatVector c = a.min(4f);
        FloatVector s = c.sub(2.5f);
        FloatVector r = s.fma(B8, B7);
        r = r.fma(s, B6_V);
        r = r.fma(s, B5_V);
        r = r.fma(s, B4_V);
        r = r.fma(s, B3_V);
        r = r.fma(s, B2_V);
        r = r.fma(s, B1_V);
        r = r.fma(s, B0_V);
        FloatVector e = expNormal(c.mul(c).neg());
        FloatVector large = e.neg().fma(r, ONE_V);
        large = large.blend(large.neg(), z.compare(VectorOperators.LT, 0f));
        return small.blend(large, tail);
    }
}
