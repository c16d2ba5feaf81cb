package dev.rectifier.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReplayBufferTest {
    @Test
    void keepsTheNewestTransitionsWhenFull() {
        ReplayBuffer b = new ReplayBuffer(3, 2);
        for (int i = 0; i < 5; i++) {
            b.add(new float[] {i, -i}, i % 2, i * 10, new float[] {i + 1, 0}, i == 4);
        }
        assertThat(b.size()).isEqualTo(3);
        Set<Float> seen = new HashSet<>();
        float[] s = new float[2 * 64], s2 = new float[2 * 64], r = new float[64];
        int[] a = new int[64];
        boolean[] t = new boolean[64];
        b.sample(new SplittableRandom(1), 64, s, a, r, s2, t);
        for (int i = 0; i < 64; i++) {
            seen.add(s[2 * i]);
            int original = (int) s[2 * i];
            assertThat(s[2 * i + 1]).isEqualTo(-original);
            assertThat(a[i]).isEqualTo(original % 2);
            assertThat(r[i]).isEqualTo(original * 10f);
            assertThat(s2[2 * i]).isEqualTo(original + 1f);
            assertThat(t[i]).isEqualTo(original == 4);
        }
        assertThat(seen).containsExactlyInAnyOrder(2f, 3f, 4f);
    }

    @Test
    void samplingIsSeeded() {
        ReplayBuffer b = new ReplayBuffer(100, 1);
        for (int i = 0; i < 100; i++) {
            b.add(new float[] {i}, 0, 0, new float[] {0}, false);
        }
        float[] x1 = new float[10], x2 = new float[10], scratch = new float[10], r = new float[10];
        int[] a = new int[10];
        boolean[] t = new boolean[10];
        b.sample(new SplittableRandom(5), 10, x1, a, r, scratch, t);
        b.sample(new SplittableRandom(5), 10, x2, a, r, scratch, t);
        assertThat(x1).containsExactly(x2);
    }

    @Test
    void emptyBufferRefusesToSample() {
        ReplayBuffer b = new ReplayBuffer(4, 1);
        assertThatThrownBy(() -> b.sample(new SplittableRandom(1), 1, new float[1], new int[1], new float[1], new float[1], new boolean[1]))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new ReplayBuffer(0, 4)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity");
    }
}
