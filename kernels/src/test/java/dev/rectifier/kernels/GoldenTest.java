package dev.rectifier.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Against PyTorch's own results (shared/golden, copied into test resources): bit for bit for
 * the piecewise-linear functions, within the bound below for the others. Checks the fast path
 * (whatever width this JVM runs) and the scalar reference.
 */
class GoldenTest {
    /**
     * Largest distance from PyTorch 1.13's float32 CPU results, in ulps, per function (or per
     * spec where the parameters matter): the bound this project states and tests. 0 means bit
     * for bit. Smooth functions may instead be that many units of {@link Tolerance} away where
     * their formula cancels. gelu none is bounded by PyTorch's error, not ours: it runs oneDNN's
     * erf (Abramowitz and Stegun 7.1.26, absolute error up to 1.5e-7), measured here at up to 6
     * ulps (5 units) from the nearly correctly rounded reference.
     */
    static final Map<String, Long> MAX_ULPS = Map.ofEntries(
            Map.entry("relu", 0L),
            Map.entry("leaky_relu", 0L),
            Map.entry("relu6", 0L),
            Map.entry("threshold", 0L),
            Map.entry("hardswish", 0L),
            Map.entry("rrelu_eval", 0L),
            Map.entry("prelu", 0L), // y and dx; dw has its own bound, PreluTest.MAX_DW_ULPS
            Map.entry("gelu", 6L),
            Map.entry("gelu(approximate=tanh)", 2L),
            Map.entry("silu", 2L),
            Map.entry("mish", 2L));

    /** The bound for a case: by its spec if listed, else by its name; null if not implemented. */
    static Long bound(Golden.Case c) {
        Long bySpec = MAX_ULPS.get(c.spec());
        return bySpec != null ? bySpec : MAX_ULPS.get(c.name());
    }

    static Stream<Golden.Case> cases() {
        return Golden.cases().stream().filter(c -> bound(c) != null);
    }

    /** The cases without learned slopes (PReLU's carry w and dw: PreluTest checks them). */
    static Stream<Golden.Case> elementwiseCases() {
        return cases().filter(c -> c.w() == null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("elementwiseCases")
    void forwardAndBackwardMatchPyTorch(Golden.Case c) {
        long bound = bound(c);
        ElementwiseActivation act = (ElementwiseActivation) Activations.parse(c.spec());
        int n = c.x().length;
        float[] y = new float[n], dx = new float[n];

        double[] forwardUnit = Floats.forwardUnits(Tolerance.of(act), c.x(), 0, n);
        double[] backwardUnit = Floats.backwardUnits(Tolerance.of(act), c.x(), 0, c.dy(), 0, n);

        act.forward(c.x(), 0, y, 0, n);
        Floats.assertClose(c + " forward vs PyTorch", c.x(), 0, c.y(), 0, y, 0, n, bound, forwardUnit);
        act.backward(c.x(), 0, c.dy(), 0, dx, 0, n);
        Floats.assertClose(c + " backward vs PyTorch", c.x(), 0, c.dx(), 0, dx, 0, n, bound, backwardUnit);

        act.forwardReference(c.x(), 0, y, 0, n);
        Floats.assertClose(c + " reference forward vs PyTorch", c.x(), 0, c.y(), 0, y, 0, n, bound, forwardUnit);
        act.backwardReference(c.x(), 0, c.dy(), 0, dx, 0, n);
        Floats.assertClose(c + " reference backward vs PyTorch", c.x(), 0, c.dx(), 0, dx, 0, n, bound, backwardUnit);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void specOfTheGoldenCaseRoundTrips(Golden.Case c) {
        Activation act = Activations.parse(c.spec());
        assertThat(Activations.parse(act.spec())).isEqualTo(act);
    }
}
