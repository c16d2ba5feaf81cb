package dev.rectifier.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DqnConfigTest {
    private final DqnConfig base = DqnConfig.cartPole("relu", 1);

    @Test
    void epsilonFallsLinearlyThenStays() {
        DqnConfig c = base.toBuilder().epsilon(1.0, 0.1, 1000).build();
        assertThat(c.epsilon(0)).isEqualTo(1.0);
        assertThat(c.epsilon(250)).isCloseTo(0.775, within(1e-12)); // 1 - 0.9 * 250 / 1000
        assertThat(c.epsilon(500)).isCloseTo(0.55, within(1e-12));
        assertThat(c.epsilon(999)).isCloseTo(0.1009, within(1e-12));
        assertThat(c.epsilon(1000)).isEqualTo(0.1);
        assertThat(c.epsilon(1_000_000)).isEqualTo(0.1);
        assertThat(base.toBuilder().epsilon(0.5, 0.2, 0).build().epsilon(0)).isEqualTo(0.2);
        assertThatThrownBy(() -> c.epsilon(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step=-1");
    }

    @Test
    void learningRateFallsLinearlyOverTheBudget() {
        DqnConfig c = base.toBuilder().learningRate(1e-3, 1e-4).maxSteps(10_000).build();
        assertThat(c.learningRate(0)).isEqualTo(1e-3);
        assertThat(c.learningRate(5_000)).isCloseTo(5.5e-4, within(1e-15));
        assertThat(c.learningRate(10_000)).isCloseTo(1e-4, within(1e-15));
        assertThat(c.learningRate(20_000)).isCloseTo(1e-4, within(1e-15));
        DqnConfig constant = base.toBuilder().learningRate(3e-4).build();
        assertThat(constant.learningRate(0)).isEqualTo(3e-4);
        assertThat(constant.learningRate(99_999)).isEqualTo(3e-4);
    }

    @Test
    void builderChangesOnlyWhatItIsTold() {
        DqnConfig c = base.toBuilder().hidden(32, 16).seed(9).build();
        assertThat(c.hidden()).containsExactly(32, 16);
        assertThat(c.seed()).isEqualTo(9);
        assertThat(c.toBuilder().hidden(base.hidden()).seed(base.seed()).build()).isEqualTo(base);
        assertThat(base.withSeed(3).seed()).isEqualTo(3);
        assertThat(base.withRevive(100).reviveEvery()).isEqualTo(100);
        assertThat(base.withMaxSteps(5).maxSteps()).isEqualTo(5);
    }

    @Test
    void badSettingsAreRefusedWithTheirValues() {
        assertThatThrownBy(() -> base.toBuilder().gamma(1.5).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gamma=1.5");
        assertThatThrownBy(() -> base.toBuilder().batchSize(64).bufferSize(10).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch=64").hasMessageContaining("buffer=10");
        assertThatThrownBy(() -> base.toBuilder().softTarget(0).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tau=0");
        assertThatThrownBy(() -> base.toBuilder().epsilon(1.2, 0, 10).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.2");
        assertThatThrownBy(() -> base.toBuilder().hidden(8, 0).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hidden layer size 0");
        assertThatThrownBy(() -> base.toBuilder().init("nonsense").build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nonsense");
        assertThatThrownBy(() -> base.toBuilder().revive(10, -0.5).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reviveTau=-0.5");
        assertThatThrownBy(() -> base.toBuilder().learningRate(1e-3, 1e-2).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.01");
    }
}
