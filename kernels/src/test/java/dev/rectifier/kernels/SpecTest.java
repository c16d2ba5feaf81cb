package dev.rectifier.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rectifier.kernels.TestSpecs.TestSpec;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Specs read back to equal activations; factories equal parsed specs; bad specs say what is wrong. */
class SpecTest {
    static Stream<String> specs() {
        return Stream.concat(TestSpecs.ALL.stream().map(TestSpec::spec),
                Stream.of("prelu(num_parameters=3,init=0.1)", "prelu(num_parameters=64)", " Threshold( threshold = -2 , value = 1e-3 ) ",
                        "rrelu(lower=0,upper=1)", "relu6()", "identity"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void specRoundTrips(String spec) {
        Activation act = Activations.parse(spec);
        Activation again = Activations.parse(act.spec());
        assertThat(again).isEqualTo(act).hasSameHashCodeAs(act);
        assertThat(again.spec()).isEqualTo(act.spec());
        assertThat(act.name()).isEqualTo(act.spec().replaceAll("\\(.*", ""));
    }

    @Test
    void canonicalSpecsAndFactories() {
        assertThat(Activations.names()).containsSubsequence("relu", "leaky_relu", "relu6", "prelu", "rrelu", "threshold",
                "hardswish", "identity");
        assertThat(Activations.relu6().spec()).isEqualTo("relu6");
        assertThat(Activations.hardswish().spec()).isEqualTo("hardswish");
        assertThat(Activations.identity().spec()).isEqualTo("identity");
        assertThat(Activations.threshold(0.1, 20).spec()).isEqualTo("threshold(threshold=0.1,value=20.0)");
        assertThat(Activations.rrelu().spec()).isEqualTo("rrelu(lower=0.125,upper=0.3333333333333333)");
        assertThat(Activations.prelu().spec()).isEqualTo("prelu(num_parameters=1,init=0.25)");
        assertThat(Activations.prelu(3, 0.1).spec()).isEqualTo("prelu(num_parameters=3,init=0.1)");
        assertThat(Activations.parse("rrelu")).isEqualTo(Activations.rrelu());
        assertThat(Activations.parse("prelu")).isEqualTo(Activations.prelu());
        assertThat(Activations.parse("threshold(value=20,threshold=0.1)")).isEqualTo(Activations.threshold(0.1, 20));
        assertThat(Activations.parse("relu6")).isEqualTo(Activations.relu6()).isNotEqualTo(Activations.identity());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "relu6(alpha=1)                            | relu6 has no parameter alpha | accepts no parameters",
        "hardswish(inplace=1)                      | hardswish has no parameter inplace | accepts no parameters",
        "identity(dim=1)                           | identity has no parameter dim | accepts no parameters",
        "threshold(threshold=0.1)                  | threshold needs parameter value | threshold(value=0.5)",
        "threshold(value=3)                        | threshold needs parameter threshold | threshold(threshold=0.5)",
        "threshold(threshold=0.1,value=2,inplace=1)| threshold has no parameter inplace | it accepts threshold, value",
        "threshold(threshold=nan,value=2)          | threshold parameter threshold=nan | not a number",
        "threshold(threshold=0.1,value=-Infinity)  | threshold parameter value=-Infinity | finite",
        "rrelu(lower=0.5,upper=0.25)               | rrelu parameter lower=0.5 | must be <= upper=0.25",
        "rrelu(lower=0.1,upper=0.2,training=1)     | rrelu has no parameter training | it accepts lower, upper",
        "prelu(num_parameters=0)                   | prelu parameter num_parameters=0 | must be at least 1",
        "prelu(num_parameters=2.5)                 | prelu parameter num_parameters=2.5 | not a whole number",
        "prelu(weight=1)                           | prelu has no parameter weight | it accepts num_parameters, init",
        "prelu(init=NaN)                           | prelu parameter init=NaN | finite",
        "relu7                                     | unknown activation 'relu7' | relu6, prelu, rrelu, threshold, hardswish, identity",
    })
    void badSpecsAreRefusedWithWhatAndHow(String spec, String what, String how) {
        assertThatThrownBy(() -> Activations.parse(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(what.strip()).hasMessageContaining(how.strip());
    }

    @Test
    void badConstructorArgumentsNameTheirValues() {
        assertThatThrownBy(() -> new Threshold(Double.NaN, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold threshold=NaN");
        assertThatThrownBy(() -> new Threshold(0, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold value=Infinity");
        assertThatThrownBy(() -> new Relu6(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("parallelism is null");
    }
}
