package dev.rectifier.rl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rectifier.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DqnTest {
    /** A small, quick configuration: 32 x 32 units, one gradient step per environment step. */
    private static DqnConfig small(long seed, int steps) {
        return DqnConfig.cartPole("relu", seed).toBuilder().hidden(32, 32).learningRate(1e-3).bufferSize(10_000)
                .learningStarts(500).train(1, 1).epsilon(1.0, 0.05, 2_000).softTarget(0.01).doubleDqn(true)
                .maxSteps(steps).probeEvery(5).build();
    }

    @Test
    void doubleDqnLetsTheOnlineNetworkChooseAndTheTargetNetworkEvaluate() {
        // Two transitions, three actions. Row 0: the target network prefers action 2 (value 5),
        // the online network action 0 (where the target network says 1). Row 1 is terminal.
        Tensor qTarget = Tensor.of(new float[] {1, 2, 5, 7, 8, 9}, 2, 3);
        Tensor qOnline = Tensor.of(new float[] {9, 3, 4, 0, 0, 1}, 2, 3);
        float[] rewards = {1, 0.5f}, out = new float[2];
        boolean[] terminal = {false, true};

        Dqn.tdTargets(rewards, terminal, null, qTarget, null, 0.9, out);
        assertThat(out[0]).isEqualTo(1 + 0.9f * 5); // max over the target network
        assertThat(out[1]).isEqualTo(0.5f); // no bootstrap past a terminal state

        Dqn.tdTargets(rewards, terminal, null, qTarget, qOnline, 0.9, out);
        assertThat(out[0]).isEqualTo(1 + 0.9f * 1); // online argmax 0, valued by the target network
        assertThat(out[1]).isEqualTo(0.5f);
    }

    @Test
    void sameSeedGivesTheSameEpisodes() {
        Dqn.Result a = new Dqn(small(7, 3_000), new CartPole()).train(null);
        Dqn.Result b = new Dqn(small(7, 3_000), new CartPole()).train(null);
        Dqn.Result c = new Dqn(small(8, 3_000), new CartPole()).train(null);
        assertThat(a.episodes()).isNotEmpty();
        assertThat(returns(a)).containsExactly(returns(b));
        assertThat(losses(a)).containsExactly(losses(b));
        assertThat(returns(a)).isNotEqualTo(returns(c));
    }

    @Test
    void shortRunImprovesTheReturn() {
        Dqn.Result r = new Dqn(small(1, 8_000), new CartPole()).train(null);
        List<Dqn.Episode> e = r.episodes();
        double first = mean(e.subList(0, 20)), last = mean(e.subList(e.size() - 10, e.size()));
        assertThat(first).as("random play lasts about 20 steps").isLessThan(40);
        assertThat(last).as("mean of the last 10 episodes, first 20: %.1f", first).isGreaterThan(3 * first);
        assertThat(r.solved()).isFalse();
        assertThat(e.get(e.size() - 1).totalSteps()).isLessThanOrEqualTo(8_000);
    }

    @Test
    void reviveRecyclesDeadOrDormantUnits() {
        DqnConfig plain = small(3, 2_000);
        Dqn.Result plainRun = new Dqn(plain, new CartPole()).train(null);
        Dqn.Episode without = last(plainRun);
        assertThat(without.deadFraction()).isPositive();
        assertThat(revived(plainRun)).isZero();

        Dqn.Result dead = new Dqn(plain.toBuilder().revive(100, 0.0).build(), new CartPole()).train(null);
        assertThat(revived(dead)).isPositive();
        assertThat(last(dead).deadFraction()).as("dead fraction with ReDo on dead units %.3f, without ReDo %.3f",
                last(dead).deadFraction(), without.deadFraction()).isLessThan(without.deadFraction());

        Dqn.Result dormant = new Dqn(plain.toBuilder().revive(100, 0.1).build(), new CartPole()).train(null);
        assertThat(revived(dormant)).isGreaterThan(revived(dead));
        assertThat(last(dormant).dormantFraction()).as("dormant fraction with ReDo at tau 0.1 %.3f, without ReDo %.3f",
                last(dormant).dormantFraction(), without.dormantFraction()).isLessThan(without.dormantFraction());
    }

    private static int revived(Dqn.Result r) {
        return r.episodes().stream().mapToInt(Dqn.Episode::revivedUnits).sum();
    }

    @Test
    void torchInitialisationDrawsWeightsAndBiasesWithinOneOverRootFanIn() {
        DqnConfig c = small(1, 10).toBuilder().hidden(16).build();
        var net = Dqn.newNetwork(c, 4, 2, new SplittableRandom(5));
        var params = net.namedParameters();
        assertThat(params.keySet()).containsExactly("0.weight", "0.bias", "1.weight", "1.bias");
        assertWithin(params.get("0.weight").value(), 1 / Math.sqrt(4));
        assertWithin(params.get("0.bias").value(), 1 / Math.sqrt(4));
        assertWithin(params.get("1.weight").value(), 1 / Math.sqrt(16));
        assertWithin(params.get("1.bias").value(), 1 / Math.sqrt(16));
        float[] bias = params.get("0.bias").value().toArray();
        assertThat(bias).as("biases are drawn, not zero").contains(bias[0]).doesNotContain(0f);
    }

    private static void assertWithin(Tensor t, double bound) {
        double max = 0;
        for (float v : t.toArray()) {
            max = Math.max(max, Math.abs(v));
        }
        assertThat(max).isLessThanOrEqualTo(bound).isGreaterThan(0.5 * bound);
    }

    private static Dqn.Episode last(Dqn.Result r) {
        return r.episodes().get(r.episodes().size() - 1);
    }

    private static double mean(List<Dqn.Episode> episodes) {
        return episodes.stream().mapToDouble(Dqn.Episode::episodeReturn).average().orElseThrow();
    }

    private static double[] returns(Dqn.Result r) {
        return r.episodes().stream().mapToDouble(Dqn.Episode::episodeReturn).toArray();
    }

    private static double[] losses(Dqn.Result r) {
        return r.episodes().stream().mapToDouble(Dqn.Episode::meanLoss).toArray();
    }
}
