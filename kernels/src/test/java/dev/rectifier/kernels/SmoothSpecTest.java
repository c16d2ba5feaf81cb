package dev.rectifier.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Specs of the smooth activations (the ELU family, softplus, sigmoid, tanh, gelu, silu, mish):
 * PyTorch's names, parameter names and defaults; spec() reads back to an equal activation;
 * factories equal parsed specs; every bad spec or parameter is refused with a message that names
 * the value and says what is accepted.
 */
class SmoothSpecTest {
    static Stream<String> specs() {
        return Stream.of("elu", "elu(alpha=0.1)", "elu(alpha=-2.5)", "elu(alpha=0)", "ELU( alpha = 2 )",
                "elu(alpha=1e-30)", "celu", "celu(alpha=3e-5)", "celu(alpha=-1)", "selu", "selu()",
                "softplus", "softplus(beta=0.5, threshold=-3)", "softplus(threshold=1e5,beta=1e-3)",
                "softplus(beta=-2)", "sigmoid", "tanh", "Tanh");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void specReadsBackToAnEqualActivation(String text) {
        Activation act = Activations.parse(text);
        Activation again = Activations.parse(act.spec());
        assertThat(again).isEqualTo(act).hasSameHashCodeAs(act);
        assertThat(again.spec()).isEqualTo(act.spec());
        assertThat(act.withParallelism(Parallelism.serial())).isEqualTo(act);
        assertThat(act.spec()).startsWith(act.name());
    }

    @Test
    void defaultsAreTorchs() {
        assertThat(Activations.parse("elu").spec()).isEqualTo("elu(alpha=1.0)");
        assertThat(Activations.parse("celu").spec()).isEqualTo("celu(alpha=1.0)");
        assertThat(Activations.parse("selu").spec()).isEqualTo("selu");
        assertThat(Activations.parse("softplus").spec()).isEqualTo("softplus(beta=1.0,threshold=20.0)");
        assertThat(Activations.parse("softplus(beta=2)").spec()).isEqualTo("softplus(beta=2.0,threshold=20.0)");
        assertThat(Activations.parse("sigmoid").spec()).isEqualTo("sigmoid");
        assertThat(Activations.parse("tanh").spec()).isEqualTo("tanh");
        assertThat(Activations.parse("elu(alpha=0.1)").spec()).isEqualTo("elu(alpha=0.1)");
    }

    @Test
    void factoriesEqualTheParsedSpecs() {
        assertThat(Activations.elu()).isEqualTo(Activations.parse("elu"));
        assertThat(Activations.elu(0.5)).isEqualTo(Activations.parse("elu(alpha=0.5)"));
        assertThat(Activations.celu()).isEqualTo(Activations.parse("celu(alpha=1)"));
        assertThat(Activations.celu(0.5)).isEqualTo(Activations.parse("celu(alpha=0.5)"));
        assertThat(Activations.selu()).isEqualTo(Activations.parse("selu"));
        assertThat(Activations.softplus()).isEqualTo(Activations.parse("softplus"));
        assertThat(Activations.softplus(2, 10)).isEqualTo(Activations.parse("softplus(beta=2,threshold=10)"));
        assertThat(Activations.sigmoid()).isEqualTo(Activations.parse("sigmoid"));
        assertThat(Activations.tanh()).isEqualTo(Activations.parse("tanh"));
        // Same function, different activation: celu(alpha=1) computes what elu(alpha=1) does.
        assertThat(Activations.celu(1)).isNotEqualTo(Activations.elu(1));
        assertThat(Activations.elu(0.5)).isNotEqualTo(Activations.elu(0.25));
        assertThat(Activations.elu(0.5).alpha()).isEqualTo(0.5);
        assertThat(Activations.softplus(2, 10).beta()).isEqualTo(2);
        assertThat(Activations.softplus(2, 10).threshold()).isEqualTo(10);
        assertThat(Activations.names()).containsSubsequence("relu", "leaky_relu", "elu", "celu", "selu", "gelu", "silu",
                "mish", "softplus", "sigmoid", "tanh");
    }

    @Test
    void badValuesAreRefusedSayingWhatIsAccepted() {
        assertRefused("celu(alpha=0)", "celu parameter alpha=0.0 must be non-zero", "any other finite value is accepted",
                "in 'celu(alpha=0)'");
        assertRefused("celu(alpha=-0.0)", "alpha=-0.0 must be non-zero");
        assertRefused("celu(alpha=1e-39)", "alpha=1.0E-39 is too close to 0", "1/alpha is beyond float range",
                "|alpha| >= 2.938736E-39 is accepted");
        assertRefused("softplus(beta=0)", "softplus parameter beta=0.0 must be non-zero as a float",
                "any finite beta that does not round to 0 is accepted");
        assertRefused("softplus(beta=1e-50)", "beta=1.0E-50 must be non-zero as a float");
        assertRefused("elu(alpha=1e39)", "elu parameter alpha=1e39 is beyond float range", "|alpha| <= 3.4028235E38 is accepted");
        assertRefused("softplus(threshold=-4e38)", "threshold=-4e38 is beyond float range");
        assertRefused("elu(alpha=NaN)", "elu parameter alpha=NaN must be a finite number");
        assertRefused("celu(alpha=-Infinity)", "alpha=-Infinity must be a finite number");
        assertRefused("elu(alpha=nan)", "elu parameter alpha=nan is not a number");
        assertRefused("elu(alpha=one)", "elu parameter alpha=one is not a number");
    }

    @Test
    void unknownParametersAreRefusedListingTheAcceptedOnes() {
        assertRefused("elu(beta=2)", "elu has no parameter beta", "it accepts alpha");
        assertRefused("softplus(beta=2,thresh=1)", "softplus has no parameter thresh", "it accepts beta, threshold");
        assertRefused("selu(alpha=1.6)", "selu has no parameter alpha", "it accepts no parameters");
        assertRefused("sigmoid(x=1)", "sigmoid has no parameter x", "no parameters");
        assertRefused("tanh(scale=2)", "tanh has no parameter scale");
        assertRefused("elu(alpha=1", "malformed activation spec", "missing ')'");
        assertRefused("softmax", "unknown activation 'softmax'", "elu, celu, selu, gelu, silu, mish, softplus, sigmoid, tanh");
    }

    @Test
    void constructorsRefuseBadValuesNamingThem() {
        assertThatThrownBy(() -> new Celu(0.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("celu alpha=0.0").hasMessageContaining("must be non-zero");
        assertThatThrownBy(() -> new Celu(1e-39)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("celu 1/alpha=1.0000000000000001E39").hasMessageContaining("within float range");
        assertThatThrownBy(() -> new Elu(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("elu alpha=NaN").hasMessageContaining("finite number within float range");
        assertThatThrownBy(() -> new Softplus(0, 20)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("softplus beta=0.0").hasMessageContaining("non-zero");
        assertThatThrownBy(() -> new Softplus(1, Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("softplus threshold=Infinity");
        assertThatThrownBy(() -> new Elu(1, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("parallelism is null");
        assertThatThrownBy(() -> new Tanh(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void kernelCallsCheckTheirArguments() {
        Activation act = Activations.elu();
        assertThatThrownBy(() -> act.forward(new float[4], 1, new float[4], 0, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x.length=4 but xOff=1 and n=4");
        assertThatThrownBy(() -> Activations.softplus().backward(new float[4], 0, new float[4], 0, null, 0, 4))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("dx is null");
        assertThatThrownBy(() -> Activations.tanh().forward(new float[4], 0, new float[4], 0, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n=-1 is negative");
    }

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
    void geluSiluMishSpecsRoundTripToTheirCanonicalForm(String text, String spec) {
        Activation act = Activations.parse(text);
        assertThat(act.spec()).isEqualTo(spec);
        assertThat(act.toString()).isEqualTo(spec);
        assertThat(Activations.parse(act.spec())).isEqualTo(act).hasSameHashCodeAs(act);
    }

    @Test
    void geluSiluMishFactoriesEqualParsedSpecs() {
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
    void unknownGeluSiluMishParametersAreRefusedListingTheAcceptedOnes() {
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

    private static void assertRefused(String spec, String... parts) {
        var thrown = assertThatThrownBy(() -> Activations.parse(spec)).as(spec).isInstanceOf(IllegalArgumentException.class);
        for (String part : parts) {
            thrown.hasMessageContaining(part);
        }
    }
}
