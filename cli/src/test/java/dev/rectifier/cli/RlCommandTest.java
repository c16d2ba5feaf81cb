package dev.rectifier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RlCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aShortRunWritesItsCurveEpisodesAndPolicy() throws IOException {
        Path out = tmp.resolve("rl");
        TinyData.Result r = TinyData.run("rl", "cartpole", "--steps", "3000", "--episodes", "20", "--seed", "3", "--render",
                "--out", out.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("DQN on CartPole-v1: relu", "not solved in 20 episodes", "greedy episode: return");
        List<String> csv = Files.readAllLines(out.resolve("episodes.csv"));
        assertThat(csv.get(0)).isEqualTo("episode,total_steps,return,length,epsilon,mean_return_100,dead_fraction,dormant_fraction,mean_loss,revived_units");
        assertThat(csv).hasSize(21);
        assertThat(csv.get(20)).startsWith("20,");
        for (String f : List.of("learning-curve.png", "learning-curve.svg", "dormant-units.png", "policy/model.json", "policy/model.safetensors")) {
            assertThat(out.resolve(f)).isNotEmptyFile();
        }
    }

    @Test
    void anUnknownTaskOrActivationIsOneLineAndUsageExit() {
        TinyData.Result task = TinyData.run("rl", "mountaincar");
        assertThat(task.exitCode()).isEqualTo(CliException.USAGE);
        assertThat(task.errLines()).containsExactly("rectifier rl: unknown task 'mountaincar'; known: cartpole");
        TinyData.Result act = TinyData.run("rl", "cartpole", "--activation", "relu7");
        assertThat(act.exitCode()).isEqualTo(CliException.USAGE);
        assertThat(act.errLines()).hasSize(1);
        assertThat(act.errLines().get(0)).contains("unknown activation 'relu7'");
    }
}
