package dev.rectifier.kernels.simd;

import dev.rectifier.kernels.scalar.ScalarMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Lane-wise float exp, log1p, tanh and erf for the smooth activations, built from IEEE operations
 * only (add, multiply, fused multiply-add, divide, compare, integer bit operations), so that a
 * kernel gives the same bits whether C2 has compiled it or not, on every thread and every CPU.
 * Each is within 1 ulp of the nearly correctly rounded {@link ScalarMath} (measured over every
 * 13th float of the ranges that matter; see VectorMathTest for the sweeps the suite keeps).
 *
 * <p>Why not the JDK's lane-wise EXP, LOG1P and TANH: where C2 turns them into SVML calls they
 * are also within 1 ulp, and about as fast (EXP 0.3 and TANH 0.55 ns per float on the test
 * machine), but code that C2 has not compiled yet computes them another way (StrictMath), with
 * different roundings. A worker thread still running the interpreted kernel then gives different
 * bits from a compiled one: multi-threaded results stopped matching single-threaded ones, and
 * the first calls of a program differed from the later ones. Cost here (AVX-512, 16 lanes, 4K
 * floats in L1): exp 0.26 ns per float, the lean {@link #expNormal} 0.18, log1p 0.35, tanh 0.43,
 * erf 0.60.
 *
 * <p>exp: {@code e^z = 2^n e^r} with {@code n = round(z / ln 2)} found by adding 1.5 * 2^23 (the
 * integer lands in the low mantissa bits), {@code r = z - n ln 2} in two fused steps (Cody and
 * Waite's ln 2 split in a 16-bit head and a tail), {@code e^r} a degree-6 polynomial fitted for
 * relative error on |r| <= ln(2)/2 (2^-28.9), and 2^n built in the exponent field.
 *
 * <p>Inlining: these are called from hot loops and must be inlined, or the vectors that cross
 * the call are boxed (5 to 10 times slower). Only the Vector API's own methods (always inlined)
 * and {@link #expNormal} (small, called on every path) are called from here, and no function has
 * a rarely taken branch into a method of its own (C2 leaves such a call out of line); the kernels
 * write their loop bodies out instead of calling small helpers and keep their loops small enough
 * for C2's limits (NodeCountInliningCutoff), splitting a big kernel into block loops where
 * needed. Checked with -XX:+PrintInlining on inputs that reach every path. A hot call is
 * inlined only up to 325 bytes of bytecode (FreqInlineSize): log1p has 325 and erf 317, so
 * neither may grow. Constants are broadcast where used: with static final vector constants
 * instead, exp, tanh and erf ran 1.5 to 2 times slower.
 *
 * <p>Package-private: vector types stay out of public signatures.
 *
 * @see ScalarMath
 */
final class VectorMath {
    private VectorMath() {}

    private static final VectorSpecies<Float> S = FloatSpecies.SPECIES;

    private static final float LOG2E = 0x1.715476p0f;
    private static final float LN2_HI = 0x1.62e4p-1f;
    private static final float LN2_LO = 0x1.7f7d1cp-20f;
    /** 1.5 * 2^23: adding it rounds to an integer and leaves that integer in the low bits. */
    private static final float ROUNDER = 0x1.8p23f;
    private static final int ROUNDER_BITS = 0x4B400000;

    // e^r ~ 1 + r * (E0 + r * (E1 + ... + r * E5)), |r| <= ln(2)/2.
    private static final float E0 = 1f;
    private static final float E1 = 0x1.fffffcp-2f;
    private static final float E2 = 0x1.55541ap-3f;
    private static final float E3 = 0x1.555822p-5f;
    private static final float E4 = 0x1.126782p-7f;
    private static final float E5 = 0x1.6ae73p-10f;

    /** Largest |z| that {@link #expNormal} takes: 2^n stays a normal float. */
    static final float NORMAL_LIMIT = 87f;

    /**
     * e^z for every float: overflow to +inf from 88.72284, subnormal results rounded once, 0 from
     * -103.97, e^-inf = 0, NaN stays NaN. Scales by 2^n in two exact-or-once-rounded steps so
     * that results near overflow and in the subnormal range come out right. No branch: a test
     * for a lean path, with the wide one in a method of its own, made C2 leave that method out
     * of line wherever a few lanes needed it ("already compiled into a medium method"), and
     * those vectors went through memory, 5 to 10 times slower.
     */
    static FloatVector exp(FloatVector z) {
        // Beyond these e^z rounds to +inf or to 0 anyway; NaN fails both compares and stays.
        // (Blends, not min and max: Java's min and max order -0.0 and NaN, which costs more.)
        FloatVector zc = z.blend(-104f, z.compare(VectorOperators.LT, -104f))
                .blend(89f, z.compare(VectorOperators.GT, 89f));
        FloatVector t = zc.fma(LOG2E, ROUNDER);
        FloatVector n = t.sub(ROUNDER);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), zc);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = r.fma(E5, E4);
        p = p.fma(r, FloatVector.broadcast(S, E3));
        p = p.fma(r, FloatVector.broadcast(S, E2));
        p = p.fma(r, FloatVector.broadcast(S, E1));
        p = p.fma(r, FloatVector.broadcast(S, E0));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        IntVector ni = t.reinterpretAsInts().sub(ROUNDER_BITS);
        IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
        IntVector n2 = ni.sub(n1);
        FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        // p * s1 is exact (n1 >= -75 keeps it normal); the product with s2 rounds once.
        return p.mul(s1).mul(s2);
    }

    /**
     * e^z for |z| <= {@link #NORMAL_LIMIT} or NaN, the lean exp (no clamp, one scale factor):
     * any other lane gives an unspecified value (finite, infinite or NaN), which callers blend
     * away or avoid by clamping. Valid in fact for -87.68 <= z <= 88.37, where 2^n is normal.
     * Same bits as {@link #exp} there.
     */
    static FloatVector expNormal(FloatVector z) {
        FloatVector t = z.fma(LOG2E, ROUNDER);
        FloatVector n = t.sub(ROUNDER);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), z);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = r.fma(E5, E4);
        p = p.fma(r, FloatVector.broadcast(S, E3));
        p = p.fma(r, FloatVector.broadcast(S, E2));
        p = p.fma(r, FloatVector.broadcast(S, E1));
        p = p.fma(r, FloatVector.broadcast(S, E0));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        FloatVector scale = t.reinterpretAsInts()
                .add(127 - ROUNDER_BITS)
                .lanewise(VectorOperators.LSHL, 23)
                .reinterpretAsFloats();
        return p.mul(scale);
    }

    /**
     * e^z for z <= 0 or NaN, subnormal results included, with the same bits as {@link #exp} there;
     * lanes with z > 0 give an unspecified value, which callers blend away (the backward of elu,
     * celu and selu needs e^z on the non-positive side only). Cheaper than {@link #exp}: no upper
     * clamp, and 2^n applied as the exact 2^(n+64) times a rounding 2^-64 (n >= -150 after the
     * clamp, so 2^(n+64) is normal and p * 2^(n+64) exact), one integer add and shift instead of
     * splitting n in two.
     */
    static FloatVector expNonPositive(FloatVector z) {
        FloatVector zc = z.blend(-104f, z.compare(VectorOperators.LT, -104f));
        FloatVector t = zc.fma(LOG2E, ROUNDER);
        FloatVector n = t.sub(ROUNDER);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), zc);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = r.fma(E5, E4);
        p = p.fma(r, FloatVector.broadcast(S, E3));
        p = p.fma(r, FloatVector.broadcast(S, E2));
        p = p.fma(r, FloatVector.broadcast(S, E1));
        p = p.fma(r, FloatVector.broadcast(S, E0));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        FloatVector scale = t.reinterpretAsInts()
                .add(127 + 64 - ROUNDER_BITS)
                .lanewise(VectorOperators.LSHL, 23)
                .reinterpretAsFloats();
        return p.mul(scale).mul(0x1p-64f);
    }

    // log1p(f) ~ f - f^2/2 + f^3 * (L0 + f * (L1 + ... + f * L8)), sqrt(1/2) - 1 <= f <= sqrt(2) - 1
    // (relative error 2^-30.3).
    private static final float L0 = 0x1.555548p-2f;
    private static final float L1 = -0x1.000006p-2f;
    private static final float L2 = 0x1.99a4b6p-3f;
    private static final float L3 = -0x1.555c4ep-3f;
    private static final float L4 = 0x1.233768p-3f;
    private static final float L5 = -0x1.fc2204p-4f;
    private static final float L6 = 0x1.e6f07p-4f;
    private static final float L7 = -0x1.de3c26p-4f;
    private static final float L8 = 0x1.1457bp-4f;
    /** Added to the bits of w so that the mantissa lands in [sqrt(1/2), sqrt(2)). */
    private static final int SQRT_HALF_SHIFT = 0x3f800000 - 0x3f3504f3;

    /**
     * log(1 + u) for u >= +0, +inf and NaN (softplus's domain: u = e^z). Writes 1 + u = 2^k m
     * with m in [sqrt(1/2), sqrt(2)); the reduced argument f = m - 1 is taken from u itself,
     * {@code f = u 2^-k + (2^-k - 1)} in one fused step, so the rounding of 1 + u is not lost
     * (for u up to 2^30; above, 1 + u = u to within 2^-30 and f comes from the bits of 1 + u).
     */
    static FloatVector log1p(FloatVector u) {
        FloatVector w = u.add(1f);
        IntVector ix = w.reinterpretAsInts().add(SQRT_HALF_SHIFT);
        IntVector biased = ix.lanewise(VectorOperators.LSHR, 23); // 127 + k; u >= 0 so no sign bit
        FloatVector m = ix.and(0x007fffff).add(0x3f3504f3).reinterpretAsFloats();
        // 2^-k has the biased exponent 254 - (127 + k); lanes beyond 2^30 use m - 1 instead.
        FloatVector scale = biased.neg().add(254).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector f = u.fma(scale, scale.sub(1f))
                .blend(m.sub(1f), w.compare(VectorOperators.GT, 0x1p30f));
        // k as a float without a lane conversion: 2^23 + biased has biased in its low bits.
        FloatVector k = biased.add(0x4B000000).reinterpretAsFloats().sub(0x1p23f + 127f);

        FloatVector q = f.fma(L8, L7);
        q = q.fma(f, FloatVector.broadcast(S, L6));
        q = q.fma(f, FloatVector.broadcast(S, L5));
        q = q.fma(f, FloatVector.broadcast(S, L4));
        q = q.fma(f, FloatVector.broadcast(S, L3));
        q = q.fma(f, FloatVector.broadcast(S, L2));
        q = q.fma(f, FloatVector.broadcast(S, L1));
        q = q.fma(f, FloatVector.broadcast(S, L0));
        FloatVector f2 = f.mul(f);
        FloatVector logm = f2.fma(q.fma(f, FloatVector.broadcast(S, -0.5f)), f); // f + f^2 (f q - 1/2)
        FloatVector result = k.fma(FloatVector.broadcast(S, LN2_HI), k.fma(FloatVector.broadcast(S, LN2_LO), logm));
        // +inf and NaN pass through (their bits decode to a meaningless k and m above).
        return result.blend(u, u.compare(VectorOperators.LE, Float.MAX_VALUE).not());
    }

    // tanh(a) ~ a + a^3 * (T0 + a^2 * (T1 + ... + a^2 * T5)) for 0 <= a < TANH_SMALL, fitted for
    // relative error (1.8e-9).
    private static final float T0 = -0.3333331346511841f;
    private static final float T1 = 0.1333266645669937f;
    private static final float T2 = -0.05389061197638512f;
    private static final float T3 = 0.02144482545554638f;
    private static final float T4 = -0.007645958568900824f;
    private static final float T5 = 0.0017302967607975006f;
    private static final float TANH_SMALL = 0.75f;
    /** tanh(x) rounds to 1 from x = 9.01; clamping there keeps e^(2x) a normal float. */
    private static final float TANH_SATURATED = 9.5f;

    /**
     * tanh(x): an odd polynomial for |x| < 0.75, else {@code 1 - 2 / (e^(2|x|) + 1)} (no
     * cancellation: the quotient is below 0.37), with the sign of x set last, which also keeps
     * -0.0. NaN stays NaN; +-inf give +-1.
     */
    static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector a2 = a.mul(a);
        FloatVector q = a2.fma(T5, T4);
        q = q.fma(a2, FloatVector.broadcast(S, T3));
        q = q.fma(a2, FloatVector.broadcast(S, T2));
        q = q.fma(a2, FloatVector.broadcast(S, T1));
        q = q.fma(a2, FloatVector.broadcast(S, T0));
        FloatVector small = a.fma(a2.mul(q), a);

        FloatVector ac = a.blend(TANH_SATURATED, a.compare(VectorOperators.GT, TANH_SATURATED));
        FloatVector e = expNormal(ac.add(ac));
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector big = one.sub(FloatVector.broadcast(S, 2f).div(e.add(one)));
        IntVector sign = x.reinterpretAsInts().and(0x80000000);
        return big.blend(small, a.compare(VectorOperators.LT, TANH_SMALL))
                .reinterpretAsInts().or(sign).reinterpretAsFloats();
    }

    // erf(a) = a + a * P(a^2) for a < 1: a least-squares fit at Chebyshev nodes of
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

    /**
     * erf(z), within 1 ulp of the correctly rounded value (tested against
     * {@link dev.rectifier.kernels.scalar.Erf} over every float in [-8, 8] and beyond). From
     * |z| = 4 erf rounds to +-1 in float, so the argument of the tail fit is clamped there. The
     * sign of z is set last: erf(+-0) = +-0, erf(+-inf) = +-1, NaN stays NaN.
     */
    static FloatVector erf(FloatVector z) {
        FloatVector a = z.abs();
        FloatVector u = a.mul(a);
        FloatVector p = u.fma(A6, A5);
        p = p.fma(u, FloatVector.broadcast(S, A4));
        p = p.fma(u, FloatVector.broadcast(S, A3));
        p = p.fma(u, FloatVector.broadcast(S, A2));
        p = p.fma(u, FloatVector.broadcast(S, A1));
        p = p.fma(u, FloatVector.broadcast(S, A0));
        FloatVector small = a.fma(p, a);

        FloatVector c = a.min(4f); // min keeps NaN
        FloatVector s = c.sub(2.5f);
        FloatVector r = s.fma(B8, B7);
        r = r.fma(s, FloatVector.broadcast(S, B6));
        r = r.fma(s, FloatVector.broadcast(S, B5));
        r = r.fma(s, FloatVector.broadcast(S, B4));
        r = r.fma(s, FloatVector.broadcast(S, B3));
        r = r.fma(s, FloatVector.broadcast(S, B2));
        r = r.fma(s, FloatVector.broadcast(S, B1));
        r = r.fma(s, FloatVector.broadcast(S, B0));
        FloatVector e = expNormal(c.mul(c).neg()); // -16 <= -c^2 <= -1 where it is used
        FloatVector large = e.neg().fma(r, FloatVector.broadcast(S, 1f));
        IntVector sign = z.reinterpretAsInts().and(0x80000000);
        return large.blend(small, a.compare(VectorOperators.LT, 1f))
                .reinterpretAsInts().or(sign).reinterpretAsFloats();
    }
}
