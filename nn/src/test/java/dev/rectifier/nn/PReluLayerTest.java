package dev.rectifier.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rectifier.kernels.Parallelism;
import dev.rectifier.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PReluLayerTest {
    private static final Context TRAIN = Context.train(Parallelism.serial());

    @Test
    void edgeCasesAsPyTorch() {
        // F.prelu(x, tensor([0.25])) with x = [0, -0, nan, -2, 3]: y = [0, -0, nan, -0.5, 3],
        // x.grad = [0.25, 0.25, 0.25, 0.25, 1] for dy = 1, weight.grad = nan (PyTorch 1.13).
        PReluLayer prelu = new PReluLayer(1);
        Tensor x = Tensor.of(new float[] {0f, -0f, Float.NaN, -2f, 3f}, 1, 5);
        Tensor y = prelu.forward(x, TRAIN);
        assertThat(y.toArray()).containsExactly(0f, -0f, Float.NaN, -0.5f, 3f);
        assertThat(Float.floatToRawIntBits(y.at(1))).isEqualTo(Float.floatToRawIntBits(-0f));
        Tensor dx = prelu.backward(Tensor.zeros(1, 5).fill(1f));
        assertThat(dx.toArray()).containsExactly(0.25f, 0.25f, 0.25f, 0.25f, 1f);
        assertThat(prelu.weight().grad().at(0)).isNaN();
    }

    @Test
    void oneSlopePerChannelOnDimensionOne() {
        PReluLayer prelu = new PReluLayer(2, 0.25);
        prelu.weight().value().data()[1] = -0.5f;
        // [N=2, C=2, 3]: channel 0 slope 0.25, channel 1 slope -0.5.
        Tensor x = Tensor.of(new float[] {-4, 1, 0, -2, 2, -1, 8, -8, 3, -6, -3, 0}, 2, 2, 3);
        Tensor y = prelu.forward(x, TRAIN);
        assertThat(y.toArray()).containsExactly(-1, 1, 0, 1, 2, 0.5f, 8, -2, 3, 3, 1.5f, -0f);
        Tensor dy = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 2, 2, 3);
        Tensor dx = prelu.backward(dy);
        assertThat(dx.toArray()).containsExactly(0.25f, 2, 0.75f, -2, 5, -3, 7, 2, 9, -5, -5.5f, -6);
        // dw[c] = sum of dy * x over !(x > 0): channel 0: 1*-4 + 3*0 + 8*-8 = -68; channel 1: 4*-2 + 6*-1 + 10*-6 + 11*-3 + 12*0 = -107.
        assertThat(prelu.weight().grad().toArray()).containsExactly(-68f, -107f);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        SplittableRandom random = new SplittableRandom(1);
        PReluLayer perChannel = new PReluLayer(3, 0.25);
        GradientCheck.check(perChannel, GradientCheck.randomTensor(random, 1, 2, 3, 4, 5), 2, 40);
        PReluLayer shared = new PReluLayer(1, 0.1);
        GradientCheck.check(shared, GradientCheck.randomTensor(random, 1, 4, 7), 3, 28);
    }

    @Test
    void slopesHaveNoWeightDecayAndWrongChannelsAreRefused() {
        PReluLayer prelu = new PReluLayer(32);
        assertThat(prelu.parameters()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("weight");
            assertThat(p.decay()).isFalse();
            assertThat(p.value().toArray()).containsOnly(0.25f);
        });
        assertThatThrownBy(() -> prelu.forward(Tensor.zeros(2, 16, 4, 4), TRAIN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[N, 32, ...]").hasMessageContaining("[2, 16, 4, 4]");
        assertThatThrownBy(() -> prelu.outputShape(new int[] {16, 4, 4})).hasMessageContaining("[N, 16, 4, 4]");
        assertThatThrownBy(() -> new PReluLayer(0)).hasMessageContaining("num_parameters");
        assertThat(new PReluLayer(1).outputShape(new int[] {16, 4, 4})).containsExactly(16, 4, 4);
    }
}
