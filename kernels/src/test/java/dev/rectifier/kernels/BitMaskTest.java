package dev.rectifier.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Backward from one bit per element gives exactly the dx of backward from the input, at every
 * length, offset and width, single- and multi-threaded; the bits are packed as documented.
 */
@Tag("simd-width")
class BitMaskTest {
    private static final long SEED = 42L;

    static Stream<String> specs() {
        return Stream.of("relu", "leaky_relu", "leaky_relu(negative_slope=0.2)", "leaky_relu(negative_slope=-0.5)");
    }

    private static BitMaskActivation serial(String spec) {
        return (BitMaskActivation) Activations.parse(spec).withParallelism(Parallelism.serial());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void maskedForwardAndBackwardEqualTheFloatPaths(String spec) {
        BitMaskActivation act = serial(spec);
        SplittableRandom random = new SplittableRandom(SEED ^ spec.hashCode());
        for (int n = 0; n <= 3 * 64 + 1; n++) {
            for (int xOff : new int[] {0, 3}) {
                int maskOff = xOff == 0 ? 0 : 2;
                float[] x = Floats.inputs(random, xOff + n);
                float[] dy = Floats.gradients(random, n);
                float[] yFloat = new float[n], dxFloat = new float[n];
                act.forward(x, xOff, yFloat, 0, n);
                act.backward(x, xOff, dy, 0, dxFloat, 0, n);

                long[] mask = new long[maskOff + BitMaskActivation.maskWords(n) + 1];
                java.util.Arrays.fill(mask, -1L); // stale bits must be overwritten
                float[] y = new float[n];
                act.forwardMask(x, xOff, y, 0, mask, maskOff, n);
                Floats.assertClose(spec + " forwardMask y n=" + n, x, xOff, yFloat, 0, y, 0, n, 0);
                assertThat(mask[mask.length - 1]).as("word after the mask untouched").isEqualTo(-1L);
                if (n % 64 != 0) {
                    assertThat(mask[maskOff + n / 64] >>> (n % 64)).as("unused high bits cleared, n=" + n).isZero();
                }

                long[] maskOnly = new long[mask.length];
                act.mask(x, xOff, maskOnly, maskOff, n);
                for (int w = 0; w < BitMaskActivation.maskWords(n); w++) {
                    assertThat(maskOnly[maskOff + w]).as("mask() word " + w + " n=" + n).isEqualTo(mask[maskOff + w]);
                }

                float[] dx = new float[n];
                act.backwardMask(mask, maskOff, dy, 0, dx, 0, n);
                Floats.assertClose(spec + " backwardMask n=" + n + " xOff=" + xOff, x, xOff, dxFloat, 0, dx, 0, n, 0);

                float[] inPlace = dy.clone();
                act.backwardMask(mask, maskOff, inPlace, 0, inPlace, 0, n);
                Floats.assertClose(spec + " backwardMask in place n=" + n, x, xOff, dxFloat, 0, inPlace, 0, n, 0);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void bitIsSetExactlyWhereTheGradientPassesUnscaled(String spec) {
        BitMaskActivation act = serial(spec);
        float[] x = {1f, 0f, -0f, -1f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE};
        long[] mask = new long[1];
        act.mask(x, 0, mask, 0, x.length);
        boolean relu = spec.equals("relu");
        // relu passes dy at NaN (PyTorch: y <= 0 ? 0 : dy); leaky_relu scales it (x > 0 ? dy : a * dy).
        long expected = 0b1L | (relu ? 1L << 4 : 0) | 1L << 5 | 1L << 7;
        assertThat(mask[0]).as(spec).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void multiThreadedMaskEqualsSingleThreaded(String spec) {
        BitMaskActivation one = serial(spec);
        try (Parallelism two = Parallelism.threads(2)) {
            BitMaskActivation many = (BitMaskActivation) one.withParallelism(two);
            SplittableRandom random = new SplittableRandom(SEED);
            int n = (1 << 20) + 77;
            float[] x = Floats.inputs(random, n);
            float[] dy = Floats.gradients(random, n);
            long[] m1 = new long[BitMaskActivation.maskWords(n)], m2 = new long[m1.length];
            float[] y1 = new float[n], y2 = new float[n], dx1 = new float[n], dx2 = new float[n];
            one.forwardMask(x, 0, y1, 0, m1, 0, n);
            many.forwardMask(x, 0, y2, 0, m2, 0, n);
            assertThat(m2).isEqualTo(m1);
            Floats.assertClose(spec + " y", x, 0, y1, 0, y2, 0, n, 0);
            one.backwardMask(m1, 0, dy, 0, dx1, 0, n);
            many.backwardMask(m1, 0, dy, 0, dx2, 0, n);
            Floats.assertClose(spec + " dx", x, 0, dx1, 0, dx2, 0, n, 0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void shortMaskIsRefusedWithTheSizes(String spec) {
        BitMaskActivation act = serial(spec);
        assertThatThrownBy(() -> act.forwardMask(new float[130], 0, new float[130], 0, new long[2], 0, 130))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mask.length=2").hasMessageContaining("n=130").hasMessageContaining("3 words");
        assertThatThrownBy(() -> act.backwardMask(null, 0, new float[1], 0, new float[1], 0, 1))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("mask is null");
    }
}
