package dev.rectifier.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rectifier.kernels.Activations;
import dev.rectifier.kernels.Parallelism;
import dev.rectifier.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DenseTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"relu", "leaky_relu(negative_slope=0.1)"})
    void gradientsMatchFiniteDifferences(String activation) {
        SplittableRandom random = new SplittableRandom(7);
        Dense dense = new Dense(13, 7, Activations.parse(activation), random);
        GradientCheck.check(dense, GradientCheck.randomTensor(random, 1, 5, 13), 11, 40);
    }

    @Test
    void linearWithoutActivationMatchesFiniteDifferences() {
        SplittableRandom random = new SplittableRandom(8);
        Dense dense = new Dense(9, 4, true, null, null, random);
        GradientCheck.check(dense, GradientCheck.randomTensor(random, 1, 3, 9), 12, 40);
    }

    @Test
    void forwardIsXTimesWTransposedPlusBiasThenRelu() {
        Dense dense = new Dense(2, 2, Activations.relu(), new SplittableRandom(1));
        float[] w = dense.weight().value().data();
        w[0] = 1; w[1] = 2; w[2] = -3; w[3] = 4;   // W = [[1, 2], [-3, 4]]
        dense.bias().value().data()[0] = 0.5f;
        dense.bias().value().data()[1] = -10f;
        Tensor y = dense.forward(Tensor.of(new float[] {1, 1, 2, 3}, 2, 2), Context.eval(Parallelism.serial()));
        // row 1: [1+2+0.5, -3+4-10] -> relu [3.5, 0]; row 2: [2+6+0.5, -6+12-10] -> [8.5, 0]
        assertThat(y.toArray()).containsExactly(3.5f, 0f, 8.5f, 0f);
    }

    @Test
    void reluKeepsOneBitPerOutputElementForBackward() {
        Dense dense = new Dense(64, 256, Activations.relu(), new SplittableRandom(2));
        dense.forward(GradientCheck.randomTensor(new SplittableRandom(3), 1, 128, 64), Context.train(Parallelism.serial()));
        assertThat(dense.activationStateBytes()).isEqualTo(128L * 256 / 8);
    }

    @Test
    void wrongInputShapeNamesBothShapes() {
        Dense dense = new Dense(784, 10, null, new SplittableRandom(1));
        assertThatThrownBy(() -> dense.forward(Tensor.zeros(4, 783), Context.eval(Parallelism.serial())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[4, 783]").hasMessageContaining("[N, 784]");
    }
}
