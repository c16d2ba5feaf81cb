package dev.rectifier.kernels;

import dev.rectifier.kernels.scalar.ScalarElu;
import dev.rectifier.kernels.simd.VectorElu;

/** The backward-from-output entry point that elu, celu and selu share. */
final class EluFamily {
    private EluFamily() {}

    /** Backward from the output reads two arrays and writes one, with no exp: relu's grain. */
    static final int FROM_OUTPUT_GRAIN = 1 << 17;

    /** Forward and backward from the input: compute-bound (exp per element). MEASURED BELOW. */
    static final int GRAIN = 1 << 14;

    static void backwardFromOutput(ElementwiseActivation act, float[] y, int yOff, float[] dy, int dyOff,
                                   float[] dx, int dxOff, int n, float negcoef, float poscoef, float negiptcoef) {
        Checks.range("y", y, yOff, n);
        Checks.range("dy", dy, dyOff, n);
        Checks.range("dx", dx, dxOff, n);
        act.split(n, FROM_OUTPUT_GRAIN, (from, to) -> {
            if (Simd.ENABLED) {
                VectorElu.backwardFromOutput(y, yOff + from, dy, dyOff + from, dx, dxOff + from, to - from,
                        negcoef, poscoef, negiptcoef);
            } else {
                ScalarElu.backwardFromOutput(y, yOff + from, dy, dyOff + from, dx, dxOff + from, to - from,
                        negcoef, poscoef, negiptcoef);
            }
        });
    }
}
