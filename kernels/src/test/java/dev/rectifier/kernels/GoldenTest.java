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
     * Largest distance from PyTorch 1.13's float32 CPU results, in ulps, per function: the
     * bound this project states and tests. 0 means bit for bit.
     */
    static final Map<String, Long> MAX_ULPS = Map.of(
            "relu", 0L,
            "leaky_relu", 0L,
            "relu6", 0L,
            "threshold", 0L,
            "hardswish", 0L,
            "rrelu_eval", 0L,
            "prelu", 0L); // y and dx; dw has its own bound, PreluTest.MAX_DW_ULPS

    static Stream<Golden.Case> cases() {
        return Golden.cases().stream().filter(c -> MAX_ULPS.containsKey(c.name()));
    }

    /** The cases without learned slopes (PReLU's carry w and dw: PreluTest checks them). */
    static Stream<Golden.Case> elementwiseCases() {
        return cases().filter(c -> c.w() == null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("elementwiseCases")
    void forwardAndBackwardMatchPyTorch(Golden.Case c) {
        long bound = MAX_ULPS.get(c.name());
        ElementwiseActivation act = (ElementwiseActivation) Activations.parse(c.spec());
        int n = c.x().length;
        float[] y = new float[n], dx = new float[n];

        act.forward(c.x(), 0, y, 0, n);
        Floats.assertClose(c + " forward vs PyTorch", c.x(), 0, c.y(), 0, y, 0, n, bound);
        act.backward(c.x(), 0, c.dy(), 0, dx, 0, n);
        Floats.assertClose(c + " backward vs PyTorch", c.x(), 0, c.dx(), 0, dx, 0, n, bound);

        act.forwardReference(c.x(), 0, y, 0, n);
        Floats.assertClose(c + " reference forward vs PyTorch", c.x(), 0, c.y(), 0, y, 0, n, bound);
        act.backwardReference(c.x(), 0, c.dy(), 0, dx, 0, n);
        Floats.assertClose(c + " reference backward vs PyTorch", c.x(), 0, c.dx(), 0, dx, 0, n, bound);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void specOfTheGoldenCaseRoundTrips(Golden.Case c) {
        Activation act = Activations.parse(c.spec());
        assertThat(Activations.parse(act.spec())).isEqualTo(act);
    }
}
