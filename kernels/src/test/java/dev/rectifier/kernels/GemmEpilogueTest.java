package dev.rectifier.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rectifier.kernels.scalar.ScalarGemm;
import dev.rectifier.kernels.simd.VectorGemm;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused epilogue (bias, activation, bit mask) equals the unfused calls bit for bit: the GEMM,
 * then the bias added row by row, then the activation's forward or forwardMask on each row; the
 * mask is row-padded and overwrites stale bits; single- and multi-threaded agree.
 */
@Tag("simd-width")
class GemmEpilogueTest {
    private static final long SEED = 7L;

    static Stream<String> specs() {
        return Stream.of("relu", "leaky_relu", "leaky_relu(negative_slope=0.2)", "leaky_relu(negative_slope=-0.5)");
    }

    /** Linear-layer shapes (batch, out, in), odd ones and one whose columns span several panels. */
    private static final int[][] SHAPES = {{1, 1, 1}, {5, 3, 7}, {8, 64, 16}, {17, 65, 33}, {128, 130, 300}, {3, 1100, 20}, {70, 200, 64}, {9, 70, 600}};

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void biasActivationAndMaskEqualTheUnfusedCalls(String spec) {
        BitMaskActivation f = (BitMaskActivation) Activations.parse(spec).withParallelism(Parallelism.serial());
        SplittableRandom random = new SplittableRandom(SEED ^ spec.hashCode());
        try (Parallelism two = Parallelism.threads(2)) {
            for (int[] s : SHAPES) {
                int batch = s[0], out = s[1], in = s[2];
                float[] x = GemmTest.values(random, batch * in);
                float[] w = GemmTest.values(random, out * in);
                float[] bias = GemmTest.values(random, out + 2);
                int words = BitMaskActivation.maskWords(out);

                // Unfused: y = x W^T, then + bias per row, then forwardMask per row.
                float[] expected = new float[batch * out];
                ScalarGemm.sgemm(false, true, batch, out, in, 1f, x, 0, in, w, 0, in, 0f, expected, 0, out);
                long[] expectedMask = new long[batch * words];
                for (int i = 0; i < batch; i++) {
                    ScalarGemm.addBias(expected, i * out, bias, 2, out);
                    f.forwardMask(expected, i * out, expected, i * out, expectedMask, i * words, out);
                }
                float[] expectedNoMask = new float[batch * out];
                Gemm.serial().sgemm(false, true, batch, out, in, 1f, x, 0, in, w, 0, in, 0f, expectedNoMask, 0, out);
                for (int i = 0; i < batch; i++) {
                    f.forward(expectedNoMask, i * out, expectedNoMask, i * out, out);
                }

                for (Gemm gemm : new Gemm[] {Gemm.serial(), new Gemm(two)}) {
                    String what = spec + " batch=" + batch + " out=" + out + " in=" + in + " " + gemm.parallelism();
                    float[] y = new float[batch * out];
                    Arrays.fill(y, Float.NaN);
                    long[] mask = new long[3 + batch * words + 1];
                    Arrays.fill(mask, -1L);
                    gemm.sgemm(false, true, batch, out, in, 1f, x, 0, in, w, 0, in, 0f, y, 0, out,
                            GemmEpilogue.NONE.withBias(bias, 2).withActivation(f).withMask(mask, 3));
                    if (in <= VectorGemm.KC) {
                        Floats.assertClose(what + " y", null, 0, expected, 0, y, 0, y.length, 0);
                    }
                    assertThat(mask[0]).as(what + " word before the mask").isEqualTo(-1L);
                    assertThat(mask[mask.length - 1]).as(what + " word after the mask").isEqualTo(-1L);
                    long[] fromY = new long[batch * words];
                    for (int i = 0; i < batch; i++) {
                        f.mask(y, i * out, fromY, i * words, out);
                    }
                    if (in <= VectorGemm.KC) {
                        assertThat(Arrays.copyOfRange(mask, 3, 3 + batch * words)).as(what + " mask").isEqualTo(expectedMask);
                    }
                    // Whatever k-blocking did to y, the mask must be forwardMask's on the same pre-activation.
                    float[] z = new float[batch * out];
                    gemm.sgemm(false, true, batch, out, in, 1f, x, 0, in, w, 0, in, 0f, z, 0, out,
                            GemmEpilogue.NONE.withBias(bias, 2));
                    long[] fromZ = new long[batch * words];
                    float[] yFromZ = z.clone();
                    for (int i = 0; i < batch; i++) {
                        f.forwardMask(z, i * out, yFromZ, i * out, fromZ, i * words, out);
                    }
                    assertThat(Arrays.copyOfRange(mask, 3, 3 + batch * words)).as(what + " mask from z").isEqualTo(fromZ);
                    Floats.assertClose(what + " y from z", null, 0, yFromZ, 0, y, 0, y.length, 0);

                    float[] yNoMask = new float[batch * out];
                    gemm.sgemm(false, true, batch, out, in, 1f, x, 0, in, w, 0, in, 0f, yNoMask, 0, out,
                            GemmEpilogue.NONE.withActivation(f));
                    Floats.assertClose(what + " activation only", null, 0, expectedNoMask, 0, yNoMask, 0, y.length, 0);
                }
            }
        }
    }

    @Test
    void epilogueAppliesAfterAlphaAndBetaAndWhenKIsZero() {
        float[] c = {1, -2, 3, -4};
        float[] bias = {10, -10};
        float[] a = {}, b = {};
        long[] mask = new long[2];
        Relu relu = new Relu(Parallelism.serial());
        // k = 0: C = relu(beta * C + bias).
        Gemm.serial().sgemm(false, false, 2, 2, 0, 1f, a, 0, 1, b, 0, 2, 2f, c, 0, 2,
                GemmEpilogue.NONE.withBias(bias, 0).withActivation(relu).withMask(mask, 0));
        assertThat(c).containsExactly(12f, 0f, 16f, 0f);
        assertThat(mask).containsExactly(0b01L, 0b01L);

        float[] a2 = {1, 2}, b2 = {3, 4}; // 2x1 times 1x2
        float[] c2 = {1, 1, 1, 1};
        Gemm.serial().sgemm(false, false, 2, 2, 1, -1f, a2, 0, 1, b2, 0, 2, 0.5f, c2, 0, 2,
                GemmEpilogue.NONE.withBias(bias, 0));
        // -1 * [[3, 4], [6, 8]] + 0.5 + bias
        assertThat(c2).containsExactly(7.5f, -13.5f, 4.5f, -17.5f);
    }
}
