package dev.rectifier.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rectifier.kernels.Parallelism;
import dev.rectifier.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DropoutTest {
    private static final Context TRAIN = Context.train(Parallelism.serial());

    @ParameterizedTest(name = "p={0}")
    @ValueSource(doubles = {0.1, 0.3, 0.5, 0.9})
    void dropsAboutAFractionPAndScalesTheRestAsPyTorch(double p) {
        int n = 200_003;
        Tensor x = GradientCheck.randomTensor(new SplittableRandom(1), 1, 1, n);
        Dropout dropout = new Dropout(p, 42);
        Tensor y = dropout.forward(x, TRAIN);
        float scale = 1.0f / (float) (1.0 - p); // torch: bernoulli(1 - p).div_(1 - p), then x * noise
        int dropped = 0;
        for (int i = 0; i < n; i++) {
            if (y.at(i) == 0 && x.at(i) != 0) {
                dropped++;
            } else if (y.at(i) != x.at(i) * scale) {
                assertThat(y.at(i)).as("element %d, input %s", i, x.at(i)).isEqualTo(x.at(i) * scale);
            }
        }
        double sigma = Math.sqrt(n * p * (1 - p));
        assertThat((double) dropped).isCloseTo(n * p, org.assertj.core.data.Offset.offset(5 * sigma));
    }

    @Test
    void backwardUsesTheSameMask() {
        Tensor x = GradientCheck.randomTensor(new SplittableRandom(2), 1, 7, 1001);
        Dropout dropout = new Dropout(0.4, 7);
        Tensor y = dropout.forward(x, TRAIN).copy();
        Tensor dy = GradientCheck.randomTensor(new SplittableRandom(3), 1, 7, 1001);
        Tensor dx = dropout.backward(dy);
        float scale = 1.0f / 0.6f;
        for (int i = 0; i < x.size(); i++) {
            boolean kept = y.at(i) != 0;
            assertThat(dx.at(i)).as("element %d", i).isEqualTo(kept ? dy.at(i) * scale : 0f);
        }
    }

    @Test
    void sameSeedSameMasksAndEachStepDrawsANewOne() {
        Tensor x = Tensor.zeros(3, 5000).fill(1f);
        Dropout a = new Dropout(0.5, 11), b = new Dropout(0.5, 11);
        float[] first = a.forward(x, TRAIN).toArray();
        assertThat(b.forward(x, TRAIN).toArray()).containsExactly(first);
        assertThat(a.forward(x, TRAIN).toArray()).isNotEqualTo(first);
        assertThat(new Dropout(0.5, 12).forward(x, TRAIN).toArray()).isNotEqualTo(first);
    }

    @Test
    void maskDoesNotDependOnTheThreadCount() {
        Tensor x = GradientCheck.randomTensor(new SplittableRandom(4), 1, 9, 3001);
        Tensor dy = GradientCheck.randomTensor(new SplittableRandom(5), 1, 9, 3001);
        Dropout serial = new Dropout(0.25, 99), parallel = new Dropout(0.25, 99);
        try (Parallelism two = Parallelism.threads(2)) {
            for (int step = 0; step < 3; step++) {
                float[] expected = serial.forward(x, TRAIN).toArray();
                assertThat(parallel.forward(x, Context.train(two)).toArray()).containsExactly(expected);
                assertThat(parallel.backward(dy).toArray()).containsExactly(serial.backward(dy).toArray());
            }
        }
    }

    @Test
    void evaluationIsTheIdentityAndPZeroDropsNothing() {
        Tensor x = GradientCheck.randomTensor(new SplittableRandom(6), 1, 4, 10);
        assertThat(new Dropout(0.7, 1).forward(x, Context.eval(Parallelism.serial())).toArray()).containsExactly(x.toArray());
        Dropout none = new Dropout(0, 1);
        assertThat(none.forward(x, TRAIN).toArray()).containsExactly(x.toArray());
        assertThat(none.backward(x).toArray()).containsExactly(x.toArray());
    }

    @Test
    void probabilityOutsideZeroToOneIsRefused() {
        for (double p : new double[] {-0.1, 1.0, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> new Dropout(p, 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("p=" + p).hasMessageContaining("[0, 1)");
        }
    }
}
