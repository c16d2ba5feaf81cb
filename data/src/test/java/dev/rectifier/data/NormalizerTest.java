package dev.rectifier.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Statistics come from the training set only and are applied unchanged, (x - shift) / scale in float. */
class NormalizerTest {
    private static final List<String> TWO = List.of("a", "b");

    private static Dataset random(long seed, int n, int f, float offset, float spread) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[n * f];
        for (int i = 0; i < x.length; i++) {
            x[i] = offset * (i % f) + spread * (float) random.nextDouble(-1, 1);
        }
        int[] y = new int[n];
        return Dataset.of(x, y, new int[] {f}, TWO);
    }

    @Test
    void perFeatureStandardisationGivesZeroMeanUnitStdOnTrain() {
        Dataset train = random(1, 500, 3, 5f, 2f);
        Normalizer norm = Normalizer.standardize(train, Normalizer.Scope.PER_FEATURE);
        Dataset out = norm.apply(train);
        for (int j = 0; j < 3; j++) {
            double sum = 0, squares = 0;
            for (int i = 0; i < 500; i++) {
                sum += out.features()[i * 3 + j];
            }
            double mean = sum / 500;
            for (int i = 0; i < 500; i++) {
                double d = out.features()[i * 3 + j] - mean;
                squares += d * d;
            }
            assertThat(mean).as("mean of feature %d", j).isCloseTo(0, within(1e-6));
            assertThat(Math.sqrt(squares / 500)).as("std of feature %d", j).isCloseTo(1, within(1e-6));
        }
        assertThat(norm.shift()).hasSize(3);
        assertThat(train.features()[0]).as("input untouched").isEqualTo(random(1, 500, 3, 5f, 2f).features()[0]);
    }

    @Test
    void statisticsFromTrainAreAppliedToOtherSetsExactly() {
        Dataset train = random(2, 200, 2, 3f, 1f);
        Dataset test = random(3, 50, 2, 10f, 4f);
        Normalizer norm = Normalizer.standardize(train, Normalizer.Scope.GLOBAL);
        float shift = norm.shift()[0], scale = norm.scale()[0];

        java.math.BigDecimal exact = java.math.BigDecimal.ZERO;
        for (float v : train.features()) {
            exact = exact.add(new java.math.BigDecimal(v));
        }
        float mean = exact.divide(java.math.BigDecimal.valueOf(train.features().length), java.math.MathContext.DECIMAL128)
                .floatValue();
        assertThat(shift).as("mean within one float ulp").isCloseTo(mean, within(Math.ulp(mean)));

        Dataset out = norm.apply(test);
        for (int i = 0; i < test.features().length; i++) {
            float expected = (test.features()[i] - shift) / scale;
            assertThat(out.features()[i]).as("index %d input %s", i, test.features()[i]).isEqualTo(expected);
        }
        assertThat(out.labels()).isSameAs(test.labels());
    }

    @Test
    void givenConstantsActLikeTorchvisionNormalize() {
        Normalizer norm = Normalizer.of(new float[] {0.2860f}, new float[] {0.3530f});
        Dataset d = Dataset.of(new float[] {0f, 0.5f, 1f}, new int[] {0}, new int[] {3}, TWO);
        assertThat(norm.apply(d).features()).containsExactly((0f - 0.2860f) / 0.3530f, (0.5f - 0.2860f) / 0.3530f,
                (1f - 0.2860f) / 0.3530f);
    }

    @Test
    void minMaxMapsTrainOntoTheUnitInterval() {
        Dataset train = Dataset.of(new float[] {1, -4, 3, 0, 5, 4}, new int[] {0, 1, 0}, new int[] {2}, TWO);
        Normalizer norm = Normalizer.minMax(train, Normalizer.Scope.PER_FEATURE);
        assertThat(norm.shift()).containsExactly(1, -4);
        assertThat(norm.scale()).containsExactly(4, 8);
        assertThat(norm.apply(train).features()).containsExactly(0, 0, 0.5f, 0.5f, 1, 1);
        Dataset test = Dataset.of(new float[] {9, -8}, new int[] {1}, new int[] {2}, TWO);
        assertThat(norm.apply(test).features()).as("not clipped").containsExactly(2, -0.5f);
    }

    @Test
    void constantFeatureIsOnlyShifted() {
        Dataset train = Dataset.of(new float[] {7, 1, 7, 2, 7, 3}, new int[] {0, 0, 1}, new int[] {2}, TWO);
        Normalizer std = Normalizer.standardize(train, Normalizer.Scope.PER_FEATURE);
        assertThat(std.scale()[0]).isEqualTo(1f);
        assertThat(std.apply(train).features()[0]).isZero();
        assertThat(Normalizer.minMax(train, Normalizer.Scope.PER_FEATURE).scale()[0]).isEqualTo(1f);
    }

    @Test
    void misuseIsRefused() {
        Dataset three = Dataset.of(new float[3], new int[] {0}, new int[] {3}, TWO);
        Dataset two = Dataset.of(new float[2], new int[] {0}, new int[] {2}, TWO);
        Normalizer perFeature = Normalizer.standardize(three, Normalizer.Scope.PER_FEATURE);
        assertThatThrownBy(() -> perFeature.apply(two)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("normalizer fitted on 3 features but data has 2");
        assertThatThrownBy(() -> Normalizer.standardize(three.slice(0, 0), Normalizer.Scope.GLOBAL))
                .hasMessage("train is empty: a normalizer needs at least one sample to fit");
        assertThatThrownBy(() -> Normalizer.of(new float[] {0}, new float[] {0}))
                .hasMessage("shift[0]=0.0, scale[0]=0.0 but both must be finite and the scale non-zero");
    }
}
