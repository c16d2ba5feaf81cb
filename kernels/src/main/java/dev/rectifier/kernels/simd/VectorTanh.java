package dev.rectifier.kernels.simd;

import dev.rectifier.kernels.scalar.ScalarTanh;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels for tanh: {@link VectorMath#tanh} for y and {@link ScalarTanh}'s fused
 * {@code dy * fma(-y, y, 1)} for the gradient; the reference finishes every tail. Backward from
 * the input recomputes y with this class's forward, so it equals backward from that output bit
 * for bit.
 *
 * @see ScalarTanh
 */
public final class VectorTanh {
    private VectorTanh() {}

    private static final VectorSpecies<Float> S = FloatSpecies.SPECIES;
    private static final int L = S.length();

    /** @see ScalarTanh#forward */
    public static void forward(float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            VectorMath.tanh(FloatVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
        }
        ScalarTanh.forward(x, xOff + i, y, yOff + i, n - i);
    }

    /** @see ScalarTanh#backward */
    public static void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector y = VectorMath.tanh(FloatVector.fromArray(S, x, xOff + i));
            FloatVector d = FloatVector.fromArray(S, dy, dyOff + i);
            d.mul(y.neg().fma(y, FloatVector.broadcast(S, 1f))).intoArray(dx, dxOff + i);
        }
        ScalarTanh.backward(x, xOff + i, dy, dyOff + i, dx, dxOff + i, n - i);
    }

    /** @see ScalarTanh#backwardFromOutput */
    public static void backwardFromOutput(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, y, yOff + i);
            FloatVector d = FloatVector.fromArray(S, dy, dyOff + i);
            d.mul(v.neg().fma(v, FloatVector.broadcast(S, 1f))).intoArray(dx, dxOff + i);
        }
        ScalarTanh.backwardFromOutput(y, yOff + i, dy, dyOff + i, dx, dxOff + i, n - i);
    }
}
