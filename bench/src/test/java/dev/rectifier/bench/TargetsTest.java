package dev.rectifier.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TargetsTest {
    private static final int K4 = 4 << 10, M1 = 1 << 20, M16 = 16 << 20, M64 = 64 << 20;

    @Test
    void ratioTargetsBySizeAndFunction() {
        assertThat(Targets.requiredRatio("relu", Direction.FORWARD, K4)).isEqualTo(3.0);
        assertThat(Targets.requiredRatio("leaky_relu", Direction.BACKWARD, 64 << 10)).isEqualTo(3.0);
        assertThat(Targets.requiredRatio("relu", Direction.FORWARD, M1)).isEqualTo(1.0);
        assertThat(Targets.requiredRatio("elu", Direction.BACKWARD, M64)).isEqualTo(5.0);
        assertThat(Targets.requiredRatio("prelu", Direction.BACKWARD, K4)).isEqualTo(5.0);
        assertThat(Targets.requiredRatio("prelu", Direction.FORWARD, M64)).isEqualTo(1.0);
        assertThat(Targets.requiredRatio("gelu", Direction.FORWARD, K4)).isNaN();
        assertThat(Targets.requiredRatio("relu", Direction.BACKWARD_MASK, K4)).isNaN();
    }

    @Test
    void copyFractionOnlyForLargeRelu() {
        assertThat(Targets.needsCopyFraction("relu", Direction.FORWARD, M16)).isTrue();
        assertThat(Targets.needsCopyFraction("relu", Direction.BACKWARD, M64)).isTrue();
        assertThat(Targets.needsCopyFraction("relu", Direction.FORWARD, M1)).isFalse();
        assertThat(Targets.needsCopyFraction("leaky_relu", Direction.FORWARD, M64)).isFalse();
    }

    @Test
    void verdicts() {
        assertThat(Targets.check("relu", Direction.FORWARD, M16, 1.2, 0.95)).isEqualTo("ok");
        assertThat(Targets.check("relu", Direction.FORWARD, M16, 0.9, 0.80)).isEqualTo("miss: 0.90x < 1x, 80% < 90% of copy");
        assertThat(Targets.check("relu", Direction.FORWARD, K4, 2.5, Double.NaN)).isEqualTo("miss: 2.50x < 3x");
        assertThat(Targets.check("relu", Direction.FORWARD, M16, Double.NaN, 0.95)).isEqualTo("?");
        assertThat(Targets.check("tanh", Direction.FORWARD, K4, 0.5, 0.1)).isEmpty();
    }
}
