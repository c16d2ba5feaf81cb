package dev.rectifier.kernels;

import dev.rectifier.kernels.scalar.ScalarElu;
import dev.rectifier.kernels.simd.VectorElu;

/** What the exp-based activations share: their thread grain, and the ELU family's backward from the output. */
final class EluFamily {
    private EluFamily() {}

    /** Backward from the output reads two arrays and writes one, with no exp: relu's grain. */
    static final int FROM_OUTPUT_GRAIN = 1 << 17;

    /**
     * The thread grain of every exp-based kernel (elu, celu, selu, softplus, sigmoid, tanh) in
     * forward and backward from the input: compute-bound, about 0.25 ns per element for elu on
     * one AVX-512 core, more for the others. Measured on the 2-core AMD EPYC (Zen 4) this was
     * written on, which other jobs shared (load average 13): whenever the worker had a core,
     * 2 threads ran elu on 128K floats in 16.7 us against 32.8 us on one, a hand-off of about
     * 0.4 us, so 2 threads beat 1 from about 3K elements; 16K per thread (a split from 32K on)
     * leaves room for a worker that has to wake up. When the worker had no core, a call waited
     * about 220 us for it: on an oversubscribed machine use {@link Parallelism#serial()}.
     */
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
