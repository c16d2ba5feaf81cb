package dev.rectifier.rl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NStepTest {
    /** Transitions keyed by their start state 0..3 of a four-step episode with rewards 1, 2, 3, 4. */
    private static float[][] episode(int n, boolean terminated) {
        ReplayBuffer buffer = new ReplayBuffer(16, 1);
        NStep window = new NStep(n, 1, 0.5);
        for (int t = 0; t < 4; t++) {
            boolean last = t == 3;
            window.add(new float[] {t}, t % 2, t + 1, new float[] {t + 1}, last && terminated, last, buffer);
        }
        assertThat(buffer.size()).isEqualTo(4);
        float[][] byState = new float[4][];
        float[] s = new float[256], s2 = new float[256], r = new float[256];
        int[] a = new int[256], h = new int[256];
        boolean[] term = new boolean[256];
        buffer.sample(new SplittableRandom(1), 256, s, a, r, s2, term, h);
        for (int i = 0; i < 256; i++) {
            int t = (int) s[i];
            assertThat(a[i]).isEqualTo(t % 2);
            byState[t] = new float[] {r[i], s2[i], h[i], term[i] ? 1 : 0};
        }
        return byState;
    }

    @Test
    void sumsUpToNDiscountedRewardsAndFlushesAtTheEnd() {
        float[][] e = episode(3, true);
        // s0: 1 + 0.5 * 2 + 0.25 * 3, bootstrapping from s3 (not terminal) with gamma^3.
        assertThat(e[0]).containsExactly(2.75f, 3f, 3f, 0f);
        // s1 reaches the terminal state s4 in 3 steps: 2 + 0.5 * 3 + 0.25 * 4.
        assertThat(e[1]).containsExactly(4.5f, 4f, 3f, 1f);
        assertThat(e[2]).containsExactly(5f, 4f, 2f, 1f); // 3 + 0.5 * 4
        assertThat(e[3]).containsExactly(4f, 4f, 1f, 1f);
    }

    @Test
    void truncationKeepsTheBootstrap() {
        float[][] e = episode(3, false);
        assertThat(e[1]).containsExactly(4.5f, 4f, 3f, 0f);
        assertThat(e[3]).containsExactly(4f, 4f, 1f, 0f);
    }

    @Test
    void oneStepStoresThePlainTransitions() {
        float[][] e = episode(1, true);
        for (int t = 0; t < 4; t++) {
            assertThat(e[t]).containsExactly(t + 1f, t + 1f, 1f, t == 3 ? 1f : 0f);
        }
    }
}
