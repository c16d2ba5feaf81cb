package dev.rectifier.kernels.simd;

import dev.rectifier.kernels.scalar.ScalarMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp, log1p and tanh on float vectors, for the smooth activations. Each is a short polynomial
 * evaluated with fused multiply-adds, accurate to 1 ulp of the correctly rounded result that
 * {@link ScalarMath} gives (measured over every float of the ranges that matter; see
 * VectorMathTest). They beat the Vector API's {@code lanewise(EXP)} (SVML on x86, also within
 * 1 ulp) in this project's kernels: elu with AVX-512 on Zen 4 ran 1.4x faster at 4K floats and
 * 2.4x at 64K and 1M forward, 2.8x at 1M backward; and they run at every vector width.
 *
 * <p>Range reduction follows the classic scheme: {@code e^z = 2^n * e^r} with
 * {@code n = round(z / ln 2)} found by adding 1.5 * 2^23 (the integer lands in the low mantissa
 * bits), {@code r = z - n ln 2} in two fused steps (ln 2 split in a 16-bit head and a tail),
 * {@code e^r} a degree-6 polynomial fitted for relative error on |r| <= ln(2)/2 (2^-28.9), and
 * 2^n built in the exponent field.
 *
 * <p>Only the Vector API's own methods may be called from these: C2 always inlines those, but a
 * small helper of ours can fail to inline in a large kernel (NodeCountInliningCutoff), and a
 * vector that crosses a call that was not inlined is boxed, which costs 10x.
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
     * e^z for |z| <= {@link #NORMAL_LIMIT} or NaN; any other lane gives an unspecified value
     * (finite, infinite or NaN), which callers blend away or avoid by clamping.
     */
    static FloatVector expNormal(FloatVector z) {
        FloatVector t = z.fma(LOG2E, ROUNDER);
        FloatVector n = t.sub(ROUNDER);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), z);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = polyExp(r);
        FloatVector scale = t.reinterpretAsInts()
                .add(127 - ROUNDER_BITS)
                .lanewise(VectorOperators.LSHL, 23)
                .reinterpretAsFloats();
        return p.mul(scale);
    }

    /**
     * e^z for every float: overflow to +inf above 88.72, subnormal results rounded once, 0
     * below -103.97, e^-inf = 0, NaN stays NaN. Takes {@link #expNormal}'s path when every lane
     * is within {@link #NORMAL_LIMIT}.
     */
    static FloatVector exp(FloatVector z) {
        if (!z.abs().compare(VectorOperators.GT, NORMAL_LIMIT).anyTrue()) {
            return expNormal(z);
        }
        return expWide(z);
    }

    /**
     * e^z for every float, scaling by 2^n in two exact-or-once-rounded steps so that results
     * near overflow and in the subnormal range come out right.
     */
    static FloatVector expWide(FloatVector z) {
        // Beyond these e^z rounds to +inf or to 0 anyway; NaN fails both compares and stays.
        FloatVector zc = z.blend(-104f, z.compare(VectorOperators.LT, -104f))
                .blend(89f, z.compare(VectorOperators.GT, 89f));
        FloatVector t = zc.fma(LOG2E, ROUNDER);
        FloatVector n = t.sub(ROUNDER);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), zc);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = polyExp(r);
        IntVector ni = t.reinterpretAsInts().sub(ROUNDER_BITS);
        IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
        IntVector n2 = ni.sub(n1);
        FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        // p * s1 is exact (n1 >= -75 keeps it normal); the product with s2 rounds once.
        return p.mul(s1).mul(s2);
    }

    private static FloatVector polyExp(FloatVector r) {
        FloatVector p = r.fma(E5, E4);
        p = p.fma(r, FloatVector.broadcast(S, E3));
        p = p.fma(r, FloatVector.broadcast(S, E2));
        p = p.fma(r, FloatVector.broadcast(S, E1));
        p = p.fma(r, FloatVector.broadcast(S, E0));
        return p.fma(r, FloatVector.broadcast(S, 1f));
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

    // tanh(x) ~ x + x^3 * (T0 + x^2 * (T1 + ... + x^2 * T5)) for |x| < TANH_SMALL (2^-32.6).
    private static final float T0 = -0x1.555554p-2f;
    private static final float T1 = 0x1.111066p-3f;
    private static final float T2 = -0x1.b9ee9p-5f;
    private static final float T3 = 0x1.638b58p-6f;
    private static final float T4 = -0x1.0bf4fap-7f;
    private static final float T5 = 0x1.18e1d4p-9f;
    private static final float TANH_SMALL = 0.625f;
    /** tanh(x) rounds to 1 for x >= 9.01; clamping there keeps e^(2x) a normal float. */
    private static final float TANH_SATURATED = 9.5f;

    /**
     * tanh(x): an odd polynomial for |x| < 0.625, else {@code 1 - 2 / (e^(2|x|) + 1)} (no
     * cancellation: the quotient is below 0.45), with the sign of x set last, which also keeps
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
}
