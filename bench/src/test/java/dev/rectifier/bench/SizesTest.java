package dev.rectifier.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SizesTest {
    @Test
    void parsesBinarySuffixesAndPlainNumbers() {
        assertThat(Sizes.parseList("4K, 64k,1M,16M,64M,1000"))
                .containsExactly(4096, 65536, 1 << 20, 1 << 24, 1 << 26, 1000);
    }

    @Test
    void formatsWholeKibiAndMebiElements() {
        assertThat(Sizes.format(4096)).isEqualTo("4K");
        assertThat(Sizes.format(1 << 26)).isEqualTo("64M");
        assertThat(Sizes.format(1000)).isEqualTo("1000");
        for (int size : Sizes.FULL) {
            assertThat(Sizes.parse(Sizes.format(size))).isEqualTo(size);
        }
    }

    @Test
    void refusesBadSizesNamingThem() {
        assertThatThrownBy(() -> Sizes.parseList("4K,3X")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'3X'");
        assertThatThrownBy(() -> Sizes.parse("0")).hasMessageContaining("outside");
        assertThatThrownBy(() -> Sizes.parse("4096M")).hasMessageContaining("outside");
        assertThatThrownBy(() -> Sizes.parseList(" , ")).hasMessageContaining("no sizes");
    }

    @Test
    void threadCounts() {
        assertThat(Sizes.parseThreads("1,2,2")).containsExactly(1, 2);
        assertThatThrownBy(() -> Sizes.parseThreads("0")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> Sizes.parseThreads("two")).hasMessageContaining("'two'");
    }

    @Test
    void splitsSpecsOnlyAtTopLevelCommas() {
        assertThat(Sizes.splitSpecs("relu, softplus(beta=2,threshold=10),leaky_relu(negative_slope=0.2)"))
                .containsExactly("relu", "softplus(beta=2,threshold=10)", "leaky_relu(negative_slope=0.2)");
        assertThatThrownBy(() -> Sizes.splitSpecs(",")).hasMessageContaining("no functions");
    }
}
