package dev.rectifier.kernels.simd;

import static dev.rectifier.kernels.scalar.ScalarGelu.PDF_SCALE;
import static dev.rectifier.kernels.scalar.ScalarGelu.SQRT1_2;
import static dev.rectifier.kernels.scalar.ScalarGelu.TANH_BETA;
import static dev.rectifier.kernels.scalar.ScalarGelu.TANH_KAPPA;

import dev.rectifier.kernels.scalar.ScalarGelu;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels for GELU. Every float operation of {@link ScalarGelu} is repeated in the
 * same order (Java never fuses a multiply and an add on its own), so the results differ only
 * where the reference's erf, exp or tanh (double, rounded once) and the vector ones differ:
 * {@link VectorMath}'s erf, exp and tanh, each within 1 ulp. The reference finishes
 * every tail.
 *
 * @see ScalarGelu
 */
public final class VectorGelu {
    private VectorGelu() {}

    private static final VectorSpecies<Float> S = FloatSpecies.SPECIES;
    private static final int L = S.length();

    /** @see ScalarGelu#forward */
    public static void forward(float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            FloatVector h = v.mul(0.5f);
            FloatVector e = VectorMath.erf(v.mul(SQRT1_2));
            h.fma(e, h).intoArray(y, yOff + i);
        }
        ScalarGelu.forward(x, xOff + i, y, yOff + i, n - i);
    }

    // The exact backward needs erf and exp per vector: as one loop it is too big for C2 to
    // inline everything (NodeCountInliningCutoff), and a call left out boxes its vectors, 4x
    // slower. So it runs as two loops over blocks that stay in L1: 0.5 + x pdf into a per-thread
    // scratch block, then erf and the product.
    private static final int BLOCK = 1024; // a multiple of every lane count
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[BLOCK]);

    /** @see ScalarGelu#backward */
    public static void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int bound = S.loopBound(n);
        if (bound > 0) {
            float[] p = SCRATCH.get();
            for (int from = 0; from < bound; from += BLOCK) {
                int count = Math.min(BLOCK, bound - from);
                halfPlusPdfTerm(x, xOff + from, p, count);
                combine(x, xOff + from, dy, dyOff + from, p, dx, dxOff + from, count);
            }
        }
        ScalarGelu.backward(x, xOff + bound, dy, dyOff + bound, dx, dxOff + bound, n - bound);
    }

    /** p[j] = 0.5f + x * (PDF_SCALE * exp(x * x * -0.5f)) for a whole number of vectors. */
    private static void halfPlusPdfTerm(float[] x, int xOff, float[] p, int count) {
        for (int j = 0; j < count; j += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + j);
            FloatVector pdf = VectorMath.exp(v.mul(v).mul(-0.5f)).mul(PDF_SCALE);
            v.mul(pdf).add(0.5f).intoArray(p, j);
        }
    }

    /** dx = dy * (0.5f * erf(x * SQRT1_2) + p), fused; dx may be dy. */
    private static void combine(float[] x, int xOff, float[] dy, int dyOff, float[] p, float[] dx, int dxOff, int count) {
        FloatVector half = FloatVector.broadcast(S, 0.5f);
        for (int j = 0; j < count; j += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + j);
            FloatVector d = FloatVector.fromArray(S, dy, dyOff + j);
            FloatVector e = VectorMath.erf(v.mul(SQRT1_2));
            d.mul(e.fma(half, FloatVector.fromArray(S, p, j))).intoArray(dx, dxOff + j);
        }
    }

    /** @see ScalarGelu#forwardTanh */
    public static void forwardTanh(float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            FloatVector cube = v.mul(v).mul(v);
            FloatVector inner = cube.mul(TANH_KAPPA).add(v).mul(TANH_BETA);
            FloatVector t = VectorMath.tanh(inner);
            v.mul(0.5f).mul(t.add(1f)).intoArray(y, yOff + i);
        }
        ScalarGelu.forwardTanh(x, xOff + i, y, yOff + i, n - i);
    }

    /** @see ScalarGelu#backwardTanh */
    public static void backwardTanh(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int i = 0;
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            FloatVector d = FloatVector.fromArray(S, dy, dyOff + i);
            FloatVector square = v.mul(v);
            FloatVector cube = square.mul(v);
            FloatVector inner = cube.mul(TANH_KAPPA).add(v).mul(TANH_BETA);
            FloatVector t = VectorMath.tanh(inner);
            FloatVector left = v.mul(0.5f);
            FloatVector leftDerivative = t.add(1f).mul(0.5f);
            FloatVector tanhDerivative = one.sub(t.mul(t));
            FloatVector innerDerivative = square.mul(3f * TANH_KAPPA).add(1f).mul(TANH_BETA);
            FloatVector rightDerivative = left.mul(tanhDerivative).mul(innerDerivative);
            d.mul(leftDerivative.add(rightDerivative)).intoArray(dx, dxOff + i);
        }
        ScalarGelu.backwardTanh(x, xOff + i, dy, dyOff + i, dx, dxOff + i, n - i);
    }
}
