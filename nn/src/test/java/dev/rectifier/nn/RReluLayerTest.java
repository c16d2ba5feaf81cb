package dev.rectifier.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rectifier.kernels.Activations;
import dev.rectifier.kernels.Parallelism;
import dev.rectifier.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RReluLayerTest {
    private static final Context TRAIN = Context.train(Parallelism.serial());
    private static final Context EVAL = Context.eval(Parallelism.serial());

    @Test
    void trainingDrawsASlopePerNonPositiveElementAndBackwardReplaysIt() {
        double lower = 0.125, upper = 1.0 / 3;
        Tensor x = GradientCheck.randomTensor(new SplittableRandom(1), 1, 5, 2003);
        x.data()[0] = 0f;
        x.data()[1] = -0f;
        x.data()[2] = Float.NaN;
        RReluLayer rrelu = new RReluLayer(lower, upper, 17);
        Tensor y = rrelu.forward(x, TRAIN).copy();
        Tensor dx = rrelu.backward(Tensor.zeros(5, 2003).fill(1f)).copy(); // dx is the slope itself
        double slopeSum = 0;
        int drawn = 0;
        for (int i = 0; i < x.size(); i++) {
            float v = x.at(i);
            if (v <= 0) {
                float r = dx.at(i);
                if (!(r >= lower - 1e-7 && r <= upper + 1e-7) || y.at(i) != v * r) {
                    assertThat((double) r).as("slope %d", i).isBetween(lower - 1e-7, upper + 1e-7);
                    assertThat(y.at(i)).as("output %d (x = %s, slope %s)", i, v, r).isEqualTo(v * r);
                }
                slopeSum += r;
                drawn++;
            } else if (dx.at(i) != 1f || Float.floatToRawIntBits(y.at(i)) != Float.floatToRawIntBits(v)) {
                assertThat(dx.at(i)).as("dx %d (x = %s)", i, v).isEqualTo(1f);
                assertThat(Float.floatToRawIntBits(y.at(i))).as("y %d (x = %s)", i, v).isEqualTo(Float.floatToRawIntBits(v));
            }
        }
        // 0 and -0.0 draw a slope (x <= 0), NaN passes through with dx = dy, as PyTorch.
        assertThat(dx.at(0)).isNotEqualTo(1f);
        assertThat(Float.floatToRawIntBits(y.at(1))).isEqualTo(Float.floatToRawIntBits(-0f));
        assertThat(y.at(2)).isNaN();
        assertThat(slopeSum / drawn).isCloseTo((lower + upper) / 2, within(0.003));
        assertThat(rrelu.stateBytes()).isEqualTo((5 * 2003 + 63) / 64 * 8L);
    }

    @Test
    void backwardScalesTheIncomingGradient() {
        Tensor x = GradientCheck.randomTensor(new SplittableRandom(2), 1, 3, 100);
        Tensor dy = GradientCheck.randomTensor(new SplittableRandom(3), 1, 3, 100);
        RReluLayer a = new RReluLayer(5), b = new RReluLayer(5);
        a.forward(x, TRAIN);
        Tensor slopes = a.backward(Tensor.zeros(3, 100).fill(1f)).copy();
        b.forward(x, TRAIN);
        Tensor dx = b.backward(dy);
        float[] expected = new float[x.size()];
        for (int i = 0; i < x.size(); i++) {
            expected[i] = dy.at(i) * slopes.at(i);
        }
        assertThat(dx.toArray()).containsExactly(expected);
    }

    @Test
    void evaluationIsLeakyReluWithTheMeanSlope() {
        Tensor x = GradientCheck.randomTensor(new SplittableRandom(4), 1, 4, 50);
        RReluLayer rrelu = new RReluLayer(0.1, 0.3, 1);
        float[] expected = new float[x.size()];
        Activations.leakyRelu(0.2).forward(x.data(), 0, expected, 0, x.size());
        assertThat(rrelu.forward(x, EVAL).toArray()).containsExactly(expected);
        assertThatThrownBy(() -> rrelu.backward(x)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void drawsAreSeededAndIndependentOfTheThreadCount() {
        Tensor x = GradientCheck.randomTensor(new SplittableRandom(5), 1, 7, 3001);
        Tensor dy = GradientCheck.randomTensor(new SplittableRandom(6), 1, 7, 3001);
        RReluLayer serial = new RReluLayer(9), parallel = new RReluLayer(9);
        try (Parallelism two = Parallelism.threads(2)) {
            for (int step = 0; step < 2; step++) {
                float[] expected = serial.forward(x, TRAIN).toArray();
                assertThat(parallel.forward(x, Context.train(two)).toArray()).containsExactly(expected);
                assertThat(parallel.backward(dy).toArray()).containsExactly(serial.backward(dy).toArray());
            }
        }
        assertThat(new RReluLayer(10).forward(x, TRAIN).toArray()).isNotEqualTo(new RReluLayer(9).forward(x, TRAIN).toArray());
    }

    @Test
    void boundsAreChecked() {
        assertThatThrownBy(() -> new RReluLayer(0.5, 0.1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lower=0.5").hasMessageContaining("upper=0.1");
        assertThatThrownBy(() -> new RReluLayer(Double.NaN, 0.1, 1)).hasMessageContaining("lower=NaN");
    }
}
