package dev.rectifier.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rectifier.kernels.Parallelism;
import dev.rectifier.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BatchNormTest {
    private static final Context EVAL = Context.eval(Parallelism.serial());
    private static final Context TRAIN = Context.train(Parallelism.serial());

    @Test
    void runningStatisticsUseTheUnbiasedVarianceAsPyTorch() {
        // torch.nn.BatchNorm1d(2) on [[1, 2], [3, 5], [4, -1]]: running_mean [0.2667, 0.2000],
        // running_var [1.1333, 1.8000].
        BatchNorm1d bn = new BatchNorm1d(2);
        Tensor x = Tensor.of(new float[] {1, 2, 3, 5, 4, -1}, 3, 2);
        Tensor y = bn.forward(x, TRAIN);
        double mean0 = 8.0 / 3, mean1 = 2.0;
        double biased0 = ((1 - mean0) * (1 - mean0) + (3 - mean0) * (3 - mean0) + (4 - mean0) * (4 - mean0)) / 3;
        double biased1 = (0 + 9 + 9) / 3.0;
        assertThat(bn.runningMean().toArray()).containsExactly((float) (0.1 * mean0), (float) (0.1 * mean1));
        assertThat(bn.runningVar().at(0)).isEqualTo((float) (0.9 + 0.1 * biased0 * 3 / 2));
        assertThat(bn.runningVar().at(1)).isEqualTo((float) (0.9 + 0.1 * biased1 * 3 / 2));
        assertThat(bn.runningVar().at(0)).isCloseTo(1.1333f, within(1e-4f));
        assertThat(bn.runningVar().at(1)).isCloseTo(1.8f, within(1e-6f));
        // Normalised with the biased variance.
        assertThat(y.at(0)).isCloseTo((float) ((1 - mean0) / Math.sqrt(biased0 + 1e-5)), within(1e-6f));
        assertThat(y.at(3)).isCloseTo((float) ((5 - mean1) / Math.sqrt(biased1 + 1e-5)), within(1e-6f));
        // A second step moves them again: running = 0.9 * running + 0.1 * batch.
        bn.forward(x, TRAIN);
        assertThat(bn.runningMean().at(0)).isCloseTo((float) (0.9 * 0.1 * mean0 + 0.1 * mean0), within(1e-6f));
    }

    @Test
    void evaluationUsesTheRunningStatistics() {
        BatchNorm2d bn = new BatchNorm2d(2);
        bn.runningMean().data()[0] = 1;
        bn.runningMean().data()[1] = -2;
        bn.runningVar().data()[0] = 4;
        bn.runningVar().data()[1] = 0.25f;
        bn.weight().value().data()[1] = 3;
        bn.bias().value().data()[0] = 0.5f;
        Tensor x = GradientCheck.randomTensor(new SplittableRandom(1), 1, 2, 2, 3, 3);
        Tensor y = bn.forward(x, EVAL);
        for (int n = 0; n < 2; n++) {
            for (int i = 0; i < 9; i++) {
                float a = x.at(n * 18 + i), b = x.at(n * 18 + 9 + i);
                assertThat(y.at(n * 18 + i)).isCloseTo((float) ((a - 1) / Math.sqrt(4 + 1e-5) + 0.5), within(1e-6f));
                assertThat(y.at(n * 18 + 9 + i)).isCloseTo((float) ((b + 2) / Math.sqrt(0.25 + 1e-5) * 3), within(1e-5f));
            }
        }
        assertThat(bn.runningMean().toArray()).containsExactly(1f, -2f); // evaluation changes nothing
    }

    @Test
    void trainingOutputHasZeroMeanAndUnitVariancePerChannel() {
        BatchNorm2d bn = new BatchNorm2d(3);
        Tensor x = GradientCheck.randomTensor(new SplittableRandom(2), 3, 4, 3, 5, 5);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] += 10; // a large mean: the two-pass variance in double must not lose it
        }
        Tensor y = bn.forward(x, TRAIN);
        for (int c = 0; c < 3; c++) {
            double s = 0, s2 = 0;
            for (int n = 0; n < 4; n++) {
                for (int i = 0; i < 25; i++) {
                    double v = y.get(n, c, i / 5, i % 5);
                    s += v;
                    s2 += v * v;
                }
            }
            assertThat(s / 100).isCloseTo(0, within(1e-6));
            assertThat(s2 / 100).isCloseTo(1, within(1e-4));
        }
    }

    @Test
    void gradientsInTrainingModeMatchFiniteDifferences() {
        SplittableRandom random = new SplittableRandom(3);
        BatchNorm1d bn1 = new BatchNorm1d(5);
        Conv2dTest.randomise(bn1.weight().value(), random);
        Conv2dTest.randomise(bn1.bias().value(), random);
        GradientCheck.check(bn1, GradientCheck.randomTensor(random, 2, 6, 5), 1, 30);

        BatchNorm2d bn2 = new BatchNorm2d(3);
        Conv2dTest.randomise(bn2.weight().value(), random);
        Conv2dTest.randomise(bn2.bias().value(), random);
        GradientCheck.check(bn2, GradientCheck.randomTensor(random, 1, 2, 3, 4, 3), 2, 40);

        BatchNorm1d sequence = new BatchNorm1d(3, 1e-3, 0.2, false);
        GradientCheck.check(sequence, GradientCheck.randomTensor(random, 1, 2, 3, 4), 3, 24);
    }

    @Test
    void parametersHaveNoWeightDecayAndBuffersAreNamedAsInPyTorch() {
        BatchNorm2d bn = new BatchNorm2d(4);
        assertThat(bn.parameters()).extracting(Parameter::name).containsExactly("weight", "bias");
        assertThat(bn.parameters()).noneMatch(Parameter::decay);
        assertThat(bn.weight().value().toArray()).containsOnly(1f);
        assertThat(bn.bias().value().toArray()).containsOnly(0f);
        assertThat(bn.buffers().keySet()).containsExactly("running_mean", "running_var");
        assertThat(bn.runningVar().toArray()).containsOnly(1f);
        assertThat(new BatchNorm1d(4, 1e-5, 0.1, false).parameters()).isEmpty();
    }

    @Test
    void oneValuePerChannelInTrainingAndBadShapesAreRefused() {
        assertThatThrownBy(() -> new BatchNorm1d(4).forward(Tensor.zeros(1, 4), TRAIN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 1 value per channel")
                .hasMessageContaining("[1, 4]");
        assertThat(new BatchNorm1d(4).forward(Tensor.zeros(1, 4), EVAL).shape()).containsExactly(1, 4);
        assertThatThrownBy(() -> new BatchNorm1d(4).forward(Tensor.zeros(2, 3), TRAIN))
                .hasMessageContaining("batchnorm1d expects [N, 4] or [N, 4, L] but got [2, 3]");
        assertThatThrownBy(() -> new BatchNorm2d(3).outputShape(new int[] {1, 28, 28}))
                .hasMessageContaining("batchnorm2d expects [N, 3, H, W] but got [N, 1, 28, 28]");
        assertThatThrownBy(() -> new BatchNorm2d(3, 1e-5, 1.5, true)).hasMessageContaining("momentum=1.5");
        assertThatThrownBy(() -> new BatchNorm2d(3).backward(Tensor.zeros(2, 3, 1, 1)))
                .isInstanceOf(IllegalStateException.class);
    }
}
