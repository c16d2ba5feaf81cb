package dev.rectifier.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Specs of gelu, silu and mish: round trips, defaults, factories, and every refusal's message. */
class SmoothSpecTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "gelu | gelu(approximate=none)",
        "gelu() | gelu(approximate=none)",
        "gelu(approximate=none) | gelu(approximate=none)",
        "gelu(approximate=tanh) | gelu(approximate=tanh)",
        " GELU ( Approximate = TANH ) | gelu(approximate=tanh)",
        "silu | silu",
        "silu() | silu",
        "mish | mish",
        " Mish | mish",
    })
    void specsRoundTrip(String text, String spec) {
        Activation act = Activations.parse(text);
        assertThat(act.spec()).isEqualTo(spec);
        assertThat(act.toString()).isEqualTo(spec);
        assertThat(Activations.parse(act.spec())).isEqualTo(act).hasSameHashCodeAs(act);
    }

    @Test
    void factoriesEqualParsedSpecs() {
        assertThat(Activations.gelu()).isEqualTo(Activations.parse("gelu"));
        assertThat(Activations.gelu().approximation()).isEqualTo(Gelu.Approximation.NONE);
        assertThat(Activations.gelu(Gelu.Approximation.TANH)).isEqualTo(Activations.parse("gelu(approximate=tanh)"));
        assertThat(Activations.gelu(Gelu.Approximation.TANH)).isNotEqualTo(Activations.gelu());
        assertThat(Activations.silu()).isEqualTo(Activations.parse("silu"));
        assertThat(Activations.mish()).isEqualTo(Activations.parse("mish"));
        assertThat(Activations.silu()).isNotEqualTo(Activations.mish());
        assertThat(Activations.names()).contains("gelu", "silu", "mish");
        assertThat(Gelu.Approximation.TANH.spec()).isEqualTo("tanh");
    }

    @Test
    void parallelismDoesNotChangeIdentity() {
        try (Parallelism two = Parallelism.threads(2)) {
            Gelu g = new Gelu(Gelu.Approximation.TANH, two);
            assertThat(g.parallelism()).isSameAs(two);
            assertThat(g).isEqualTo(Activations.gelu(Gelu.Approximation.TANH));
            assertThat(g.withParallelism(Parallelism.serial()).parallelism().threads()).isEqualTo(1);
            assertThat(Activations.silu().withParallelism(two)).isEqualTo(Activations.silu());
            assertThat(Activations.mish().withParallelism(two)).isEqualTo(Activations.mish());
        }
    }

    @Test
    void unknownApproximationIsRefusedListingTheChoices() {
        assertThatThrownBy(() -> Activations.parse("gelu(approximate=erf)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gelu parameter approximate=erf is not one of none, tanh (in 'gelu(approximate=erf)')");
        assertThatThrownBy(() -> Activations.parse("gelu(approximate=1)"))
                .hasMessage("gelu parameter approximate=1 is not one of none, tanh (in 'gelu(approximate=1)')");
    }

    @Test
    void unknownParametersAreRefusedListingTheAcceptedOnes() {
        assertThatThrownBy(() -> Activations.parse("gelu(alpha=1.0)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gelu has no parameter alpha (in 'gelu(alpha=1.0)'); it accepts approximate");
        assertThatThrownBy(() -> Activations.parse("gelu(approximate=tanh, inplace=true)"))
                .hasMessage("gelu has no parameter inplace (in 'gelu(approximate=tanh, inplace=true)'); it accepts approximate");
        assertThatThrownBy(() -> Activations.parse("silu(beta=1.0)"))
                .hasMessage("silu has no parameter beta (in 'silu(beta=1.0)'); it accepts no parameters");
        assertThatThrownBy(() -> Activations.parse("mish(beta=1.0)"))
                .hasMessage("mish has no parameter beta (in 'mish(beta=1.0)'); it accepts no parameters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gelu(approximate=)", "gelu(approximate)", "gelu(approximate=tanh", "gelu(approximate=none,approximate=tanh)"})
    void malformedSpecsAreRefused(String text) {
        assertThatThrownBy(() -> Activations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("malformed activation spec '" + text + "': ");
    }

    @Test
    void nullApproximationIsRefused() {
        assertThatThrownBy(() -> new Gelu(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("gelu approximation is null");
    }

    @Test
    void badRangesAreRefusedNamingTheValues() {
        Activation gelu = Activations.gelu();
        assertThatThrownBy(() -> gelu.forward(new float[3], 0, new float[4], 0, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("x.length=3 but xOff=0 and n=4 (need 0 <= xOff and xOff + n <= x.length)");
        assertThatThrownBy(() -> Activations.mish().backward(new float[4], 0, null, 0, new float[4], 0, 4))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("dy is null");
    }
}
