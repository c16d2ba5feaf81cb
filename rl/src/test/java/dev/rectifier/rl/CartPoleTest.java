package dev.rectifier.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CartPoleTest {
    @Test
    void oneStepFromRestMatchesTheHandComputedEulerStep() {
        CartPole env = new CartPole();
        env.setState(0, 0, 0, 0);
        float[] obs = new float[4];
        Environment.Step step = env.step(1, obs);
        // Push right, F = 10 N, from rest:
        //   temp = F / (m_c + m_p) = 10 / 1.1 = 100/11
        //   theta'' = (g sin 0 - cos 0 * temp) / (l (4/3 - m_p cos^2 0 / 1.1)) = -(100/11) / (0.5 * 41/33) = -600/41
        //   x''     = temp - m_p l theta'' cos 0 / 1.1 = 100/11 + 300/451 = 4400/451
        // Euler with tau = 0.02: positions move by the old velocities (0), velocities by tau * acceleration.
        double[] s = env.state();
        assertThat(s[0]).isEqualTo(0.0);
        assertThat(s[1]).isCloseTo(0.02 * 4400 / 451, within(1e-15));
        assertThat(s[2]).isEqualTo(0.0);
        assertThat(s[3]).isCloseTo(0.02 * -600 / 41, within(1e-15));
        assertThat(step.reward()).isEqualTo(1.0);
        assertThat(step.done()).isFalse();
        assertThat(obs[1]).isEqualTo((float) s[1]);
    }

    @Test
    void secondStepUsesTheUpdatedVelocities() {
        CartPole env = new CartPole();
        env.setState(0, 0, 0, 0);
        float[] obs = new float[4];
        env.step(1, obs);
        env.step(0, obs);
        double xDot1 = 0.02 * 4400 / 451, thetaDot1 = 0.02 * -600 / 41;
        // positions advance by the velocities after the first step
        assertThat(env.state()[0]).isCloseTo(0.02 * xDot1, within(1e-15));
        assertThat(env.state()[2]).isCloseTo(0.02 * thetaDot1, within(1e-15));
        // theta = 0 still when the second accelerations are computed, theta' = thetaDot1, F = -10:
        double temp = (-10 + 0.05 * thetaDot1 * thetaDot1 * 0) / 1.1;
        double thetaAcc = (0 - temp) / (0.5 * (4.0 / 3 - 0.1 / 1.1));
        double xAcc = temp - 0.05 * thetaAcc / 1.1;
        assertThat(env.state()[1]).isCloseTo(xDot1 + 0.02 * xAcc, within(1e-15));
        assertThat(env.state()[3]).isCloseTo(thetaDot1 + 0.02 * thetaAcc, within(1e-15));
    }

    @Test
    void terminatesBeyondTwelveDegreesOrTheTrackAndTruncatesAt500() {
        CartPole env = new CartPole();
        float[] obs = new float[4];
        env.setState(0, 0, Math.toRadians(11.99), 1.0);
        assertThat(env.step(1, obs).terminated()).isTrue(); // theta + 0.02 rad > 12 degrees
        env.setState(2.39, 1.0, 0, 0);
        assertThat(env.step(1, obs).terminated()).isTrue(); // x + 0.02 > 2.4
        assertThatThrownBy(() -> env.step(1, obs)).isInstanceOf(IllegalStateException.class).hasMessageContaining("reset");

        // A linear state-feedback controller (push right when x + x' + 10 theta + theta' > 0)
        // keeps the pole up and the cart near the centre: the time limit ends the episode.
        env.setState(0, 0, 0, 0);
        Environment.Step last = null;
        int steps = 0;
        do {
            double[] s = env.state();
            last = env.step(s[0] + s[1] + 10 * s[2] + s[3] > 0 ? 1 : 0, obs);
            steps++;
        } while (!last.done());
        assertThat(steps).isEqualTo(500);
        assertThat(last.truncated()).isTrue();
        assertThat(last.terminated()).isFalse();
    }

    @Test
    void resetIsSeededAndWithinFiveHundredths() {
        float[] a = new float[4], b = new float[4];
        new CartPole().reset(new SplittableRandom(3), a);
        new CartPole().reset(new SplittableRandom(3), b);
        assertThat(a).containsExactly(b);
        for (float v : a) {
            assertThat(Math.abs(v)).isLessThan(0.05f);
        }
    }

    @Test
    void badActionIsRefused() {
        CartPole env = new CartPole();
        env.reset(new SplittableRandom(1), new float[4]);
        assertThatThrownBy(() -> env.step(2, new float[4])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("action=2");
    }
}
