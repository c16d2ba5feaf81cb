package dev.rectifier.kernels;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Backward from the output y = forward(x) against backward from the input x, on the path this
 * JVM runs (every width through the simd-width tag): bit for bit for sigmoid and tanh (backward
 * from the input recomputes y), within {@code 2^-21 |dy * f'(0)|} for the ELU family, whose
 * from-output formula (PyTorch's) rounds y + negcoef where the other rounds negcoef * e^x.
 */
@Tag("simd-width")
class BackwardFromOutputTest {
    private static final long SEED = 314159L;
    private static final double ELU_BOUND = 0x1p-21;

    static Stream<String> exact() {
        return Stream.of("sigmoid", "tanh", "relu", "leaky_relu(negative_slope=0.2)");
    }

    static Stream<String> eluFamily() {
        return Stream.of("elu", "elu(alpha=0.5)", "elu(alpha=3.0)", "elu(alpha=0.0)", "celu", "celu(alpha=0.5)",
                "celu(alpha=2.0)", "selu");
    }

    private static BackwardFromOutput serial(String spec) {
        return (BackwardFromOutput) Activations.parse(spec).withParallelism(Parallelism.serial());
    }

    /** f'(0) = negiptcoef * negcoef for the ELU family: the scale of its from-output error. */
    private static float slopeAtZero(Activation act) {
        float[] dx = new float[1];
        act.backward(new float[] {0f}, 0, new float[] {1f}, 0, dx, 0, 1);
        return dx[0];
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exact")
    void fromOutputEqualsFromInputBitForBit(String spec) {
        compare(spec, 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eluFamily")
    void eluFamilyFromOutputIsWithinTheStatedBound(String spec) {
        compare(spec, ELU_BOUND * Math.abs(slopeAtZero(serial(spec))));
    }

    private static void compare(String spec, double absPerDy) {
        BackwardFromOutput act = serial(spec);
        SplittableRandom random = new SplittableRandom(SEED ^ spec.hashCode());
        int max = 3 * Math.max(Simd.FLOAT_LANES, 16) + 1;
        for (int n = 0; n <= max; n++) {
            for (int off : new int[] {0, 3}) {
                float[] x = Floats.inputs(random, off + n);
                float[] dy = Floats.gradients(random, off + n);
                float[] y = new float[off + n];
                act.forward(x, off, y, off, n);
                float[] fromInput = new float[n];
                act.backward(x, off, dy, off, fromInput, 0, n);

                float[] fromOutput = new float[n + 1];
                act.backwardFromOutput(y, off, dy, off, fromOutput, 1, n);
                Floats.assertClose(spec + " from output n=" + n + " off=" + off,
                        x, off, fromInput, 0, fromOutput, 1, n, 0, absPerDy, dy, off);

                float[] inPlace = dy.clone();
                act.backwardFromOutput(y, off, inPlace, off, inPlace, off, n);
                Floats.assertClose(spec + " from output in place n=" + n + " off=" + off,
                        x, off, fromInput, 0, inPlace, off, n, 0, absPerDy, dy, off);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"exact", "eluFamily"})
    void multiThreadedEqualsSingleThreaded(String spec) {
        BackwardFromOutput one = serial(spec);
        try (Parallelism two = Parallelism.threads(2)) {
            BackwardFromOutput many = (BackwardFromOutput) one.withParallelism(two);
            SplittableRandom random = new SplittableRandom(SEED);
            int n = 3 * (1 << 17) + 41;
            float[] x = Floats.inputs(random, n), dy = Floats.gradients(random, n), y = new float[n];
            one.forward(x, 0, y, 0, n);
            float[] dx1 = new float[n], dx2 = new float[n];
            one.backwardFromOutput(y, 0, dy, 0, dx1, 0, n);
            many.backwardFromOutput(y, 0, dy, 0, dx2, 0, n);
            Floats.assertClose(spec + " from output with 2 threads", y, 0, dx1, 0, dx2, 0, n, 0);
        }
    }

    @Test
    void negativeAlphaIsRefusedAsPyTorchRefusesInPlaceElu() {
        for (String spec : new String[] {"elu(alpha=-0.5)", "celu(alpha=-0.5)"}) {
            BackwardFromOutput act = serial(spec);
            assertThatThrownBy(() -> act.backwardFromOutput(new float[4], 0, new float[4], 0, new float[4], 0, 4))
                    .as(spec)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("alpha=-0.5")
                    .hasMessageContaining("keep the input and call backward");
        }
    }

    @Test
    void badRangesAreRefusedWithTheValues() {
        BackwardFromOutput act = serial("sigmoid");
        assertThatThrownBy(() -> act.backwardFromOutput(new float[3], 0, new float[4], 0, new float[4], 0, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("y.length=3").hasMessageContaining("n=4");
        assertThatThrownBy(() -> serial("selu").backwardFromOutput(new float[4], 0, null, 0, new float[4], 0, 4))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("dy is null");
        assertThatThrownBy(() -> serial("tanh").backwardFromOutput(new float[4], 0, new float[4], 0, new float[4], 2, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dxOff=2");
    }
}
