package dev.rectifier.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rectifier.nn.Sequential;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GreedyPolicyTest {
    private final DqnConfig config = DqnConfig.cartPole("relu", 1).toBuilder().hidden(8).build();

    @Test
    void actsOnTheLargestQValue() {
        Sequential net = Dqn.newNetwork(config, 4, 2, new SplittableRandom(2));
        // Output bias +5 on action 1 and zero output weights: every state prefers action 1.
        var params = net.namedParameters();
        params.get("1.weight").value().fill(0f);
        params.get("1.bias").value().set(5f, 1);
        GreedyPolicy policy = new GreedyPolicy(net, 4);
        assertThat(policy.act(new float[] {0.1f, -0.2f, 0.03f, 0.4f})).isEqualTo(1);
        params.get("1.bias").value().set(-5f, 1);
        assertThat(policy.act(new float[] {0.1f, -0.2f, 0.03f, 0.4f})).isEqualTo(0);
        assertThatThrownBy(() -> policy.act(new float[3])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("observation.length=3");
    }

    @Test
    void rendersOneFramePerStepPlusTheStart() {
        GreedyPolicy policy = new GreedyPolicy(Dqn.newNetwork(config, 4, 2, new SplittableRandom(3)), 4);
        List<String> frames = new ArrayList<>();
        double ret = policy.episode(new CartPole(), new SplittableRandom(4), frames::add);
        assertThat(frames).hasSize((int) ret + 1);
        assertThat(frames.get(0)).contains("step   0");
        assertThat(frames.get(frames.size() - 1)).contains("step " + String.format("%3d", (int) ret));
    }

    @Test
    void savedPolicyLoadsAndPlaysTheSameEpisodes(@TempDir Path dir) throws Exception {
        GreedyPolicy policy = new GreedyPolicy(Dqn.newNetwork(config, 4, 2, new SplittableRandom(5)), 4);
        policy.save(dir, Map.of("seed", 1));
        GreedyPolicy loaded = GreedyPolicy.load(dir);
        assertThat(loaded.evaluate(new CartPole(), 5, 9)).containsExactly(policy.evaluate(new CartPole(), 5, 9));
        assertThat(loaded.network().namedParameters().get("0.weight").value().toArray())
                .containsExactly(policy.network().namedParameters().get("0.weight").value().toArray());
    }
}
