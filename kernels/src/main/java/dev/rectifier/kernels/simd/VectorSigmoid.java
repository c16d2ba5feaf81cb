package dev.rectifier.kernels.simd;

import dev.rectifier.kernels.scalar.ScalarSigmoid;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels for the logistic sigmoid, {@link ScalarSigmoid}'s float operations in the
 * same order with {@link VectorMath#exp}; the reference finishes every tail. Backward from the
 * input recomputes y with this class's forward, so it equals backward from that output bit for
 * bit.
 *
 * @see ScalarSigmoid
 */
public final class VectorSigmoid {
    private VectorSigmoid() {}

    private static final VectorSpecies<Float> S = FloatSpecies.SPECIES;
    private static final int L = S.length();

    /** @see ScalarSigmoid#forward */
    public static void forward(float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int bound = S.loopBound(n); i < bound; i += L) {
            // Written out in each loop, not a helper: a helper C2 declines to inline boxes vectors.
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            one.div(one.add(VectorMath.exp(v.neg()))).intoArray(y, yOff + i);
        }
        ScalarSigmoid.forward(x, xOff + i, y, yOff + i, n - i);
    }

    /** @see ScalarSigmoid#backward */
    public static void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int i = 0;
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector y = one.div(one.add(VectorMath.exp(FloatVector.fromArray(S, x, xOff + i).neg())));
            FloatVector d = FloatVector.fromArray(S, dy, dyOff + i);
            d.mul(y.neg().add(1f)).mul(y).intoArray(dx, dxOff + i);
        }
        ScalarSigmoid.backward(x, xOff + i, dy, dyOff + i, dx, dxOff + i, n - i);
    }

    /** @see ScalarSigmoid#backwardFromOutput */
    public static void backwardFromOutput(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, y, yOff + i);
            FloatVector d = FloatVector.fromArray(S, dy, dyOff + i);
            d.mul(v.neg().add(1f)).mul(v).intoArray(dx, dxOff + i);
        }
        ScalarSigmoid.backwardFromOutput(y, yOff + i, dy, dyOff + i, dx, dxOff + i, n - i);
    }
}
