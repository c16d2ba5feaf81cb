package dev.rectifier.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rectifier.kernels.Parallelism;
import dev.rectifier.nn.Dense;
import dev.rectifier.nn.Sequential;
import dev.rectifier.optim.Adam;
import dev.rectifier.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DormancyTest {
    /**
     * One input, three hidden units with weights 1 and biases b: unit 0 (b = -10) is dead on inputs
     * in [0, 1]; unit 1 (b = -0.6) is positive on 4 of the 11 probe inputs only; unit 2 (b = 10)
     * gives x + 10.
     */
    private static Sequential network(String activation) {
        Sequential net = Dqn.newNetwork(DqnConfig.cartPole(activation, 1).toBuilder().hidden(3).build(), 1, 1, new SplittableRandom(1));
        Dense hidden = (Dense) net.leaves().get(0);
        hidden.weight().value().fill(1f);
        float[] b = hidden.bias().value().data();
        b[0] = -10f;
        b[1] = -0.6f;
        b[2] = 10f;
        return net;
    }

    private static Tensor probe() {
        float[] x = new float[11];
        for (int i = 0; i <= 10; i++) {
            x[i] = i / 10f; // mean 0.5
        }
        return Tensor.of(x, 11, 1);
    }

    @Test
    void scoresEachUnitAgainstTheLayerMean() {
        Dormancy d = Dormancy.measure(network("relu"), probe(), 0.1, Parallelism.serial());
        Dormancy.LayerUnits l = d.layers().get(0);
        // E|h| = 0, (0.1 + 0.2 + 0.3 + 0.4) / 11, 10.5; scores are E|h| over their mean.
        double h1 = 1.0 / 11, mean = (0 + h1 + 10.5) / 3;
        assertThat(l.score()[0]).isEqualTo(0.0);
        assertThat(l.score()[1]).isCloseTo(h1 / mean, within(1e-6)); // 0.026
        assertThat(l.score()[2]).isCloseTo(10.5 / mean, within(1e-6));
        assertThat(l.dead()).isEqualTo(1);
        assertThat(l.dormant()).containsExactly(0, 1);
        assertThat(d.deadFraction()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(d.dormantFraction()).isCloseTo(2 / 3.0, within(1e-12));
    }

    @Test
    void leakyReluHasNoDeadUnitsButStillDormantOnes() {
        Dormancy d = Dormancy.measure(network("leaky_relu"), probe(), 0.1, Parallelism.serial());
        Dormancy.LayerUnits l = d.layers().get(0);
        // Unit 0 gives 0.01 (x - 10): small, never exactly 0.
        assertThat(l.dead()).isZero();
        assertThat(l.dormant()).contains(0);
        assertThat(d.deadFraction()).isZero();
        assertThat(d.dormantFraction()).isGreaterThan(0);
    }

    @Test
    void reviveGivesDormantUnitsFreshWeightsAndSilencesTheirOutputs() {
        Sequential net = network("relu");
        Dense hidden = (Dense) net.leaves().get(0), out = (Dense) net.leaves().get(1);
        out.weight().value().fill(0.5f);
        Adam adam = new Adam(net.parameters(), 1e-3);
        Dormancy d = Dormancy.measure(net, probe(), 0.0, Parallelism.serial());
        assertThat(d.layers().get(0).dormant()).containsExactly(0); // tau = 0: the dead unit only
        assertThat(d.revive(adam, new SplittableRandom(2))).isEqualTo(1);
        assertThat(hidden.bias().value().at(0)).isZero();
        assertThat(hidden.weight().value().at(0)).isNotEqualTo(1f);
        assertThat(out.weight().value().at(0)).isZero();
        assertThat(out.weight().value().at(1)).isEqualTo(0.5f);
        assertThat(hidden.bias().value().at(1)).isEqualTo(-0.6f);
    }
}
