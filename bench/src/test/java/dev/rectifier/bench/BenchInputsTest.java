package dev.rectifier.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rectifier.kernels.ElementwiseActivation;
import dev.rectifier.kernels.Parallelism;
import org.junit.jupiter.api.Test;

class BenchInputsTest {
    @Test
    void inputsAreSeededAndHalfNegative() {
        float[] a = BenchInputs.normals(7, 10_000);
        assertThat(BenchInputs.normals(7, 10_000)).containsExactly(a);
        long negative = 0;
        for (float v : a) {
            negative += v < 0 ? 1 : 0;
        }
        assertThat(negative).isBetween(4_700L, 5_300L);
        float[] corners = BenchInputs.withCorners(7, 100);
        assertThat(corners[0]).isEqualTo(0f);
        assertThat(Float.floatToRawIntBits(corners[7])).isEqualTo(Float.floatToRawIntBits(-0f));
        assertThat(corners[28]).isNaN();
    }

    @Test
    void timedArraysCarryTheStaggerAndTheSameInputs() {
        assertThat(BenchInputs.buffer(4096)).hasSize(4096 + BenchInputs.STAGGER).containsOnly(0f);
        float[] staggered = BenchInputs.normalsBuffer(7, 4096);
        assertThat(staggered).hasSize(4096 + BenchInputs.STAGGER);
        assertThat(java.util.Arrays.copyOf(staggered, 4096)).containsExactly(BenchInputs.normals(7, 4096));
        assertThat((BenchInputs.STAGGER * 4) % 4096).isNotZero(); // the point: not a whole number of pages apart
    }

    @Test
    void unknownSpecIsReportedAsMissingNotAsAnError() {
        assertThatThrownBy(() -> BenchInputs.activation("no_such_activation(alpha=2)", Parallelism.serial()))
                .isInstanceOf(BenchInputs.MissingActivationException.class)
                .hasMessageContaining("'no_such_activation' is not in this build").hasMessageContaining("relu");
    }

    @Test
    void verifyPassesTheRealKernelAndCatchesAWrongOne() {
        ElementwiseActivation relu = BenchInputs.activation("relu", Parallelism.serial());
        int n = 200_000; // more than one check chunk
        float[] x = BenchInputs.withCorners(1, n);
        float[] y = new float[n];
        relu.forward(x, 0, y, 0, n);
        BenchInputs.verify("relu", x, y, n, true, (from, out, len) -> relu.forwardReference(x, from, out, 0, len));

        y[150_001] += 1f; // one wrong element is enough to refuse
        assertThatThrownBy(() -> BenchInputs.verify("relu forward", x, y, n, true,
                (from, out, len) -> relu.forwardReference(x, from, out, 0, len)))
                .hasMessageContaining("relu forward: 1 of 200000 elements differ").hasMessageContaining("[150001]");
    }

    @Test
    void smoothFunctionsMayDifferByAFewUlps() {
        assertThat(BenchInputs.exact("relu")).isTrue();
        assertThat(BenchInputs.exact("leaky_relu(negative_slope=0.2)")).isTrue();
        assertThat(BenchInputs.exact("gelu(approximate=tanh)")).isFalse();
        assertThat(BenchInputs.matches(1f, Math.nextUp(1f), false)).isTrue();
        assertThat(BenchInputs.matches(1f, Math.nextUp(1f), true)).isFalse();
        assertThat(BenchInputs.matches(1f, 1.001f, false)).isFalse();
        assertThat(BenchInputs.matches(1e-30f, -1e-30f, false)).isTrue(); // near zero: absolute bound
        assertThat(BenchInputs.matches(Float.NaN, Float.NaN, true)).isTrue();
        assertThat(BenchInputs.matches(Float.NaN, 0f, false)).isFalse();
    }
}
