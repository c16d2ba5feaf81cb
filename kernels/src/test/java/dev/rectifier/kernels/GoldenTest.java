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
            "elu", 2L,
            "celu", 2L,
            "selu", 2L,
            "softplus", 3L,
            "sigmoid", 3L,
            "tanh", 2L);

    /**
     * Where a result cancels, ulps mean nothing and the bound is absolute instead: forward
     * within {@code [0]}, backward within {@code [1] * |dy|}. PyTorch's exp (SLEEF) and ours are
     * each within 1 ulp, so near x = 0 the ELU family's exp(x) - 1 may differ by one ulp of 1
     * (2^-24, times negcoef up to 1.758 for selu), and where e^x is subnormal dx may differ by a
     * few MIN_VALUE; sigmoid's 1 - y and tanh's 1 - y^2 move by 2^-24 and 2^-23 per ulp of y.
     */
    static final Map<String, double[]> ABSOLUTE = Map.of(
            "elu", new double[] {0x1p-23, 4 * Float.MIN_VALUE},
            "celu", new double[] {0x1p-23, 4 * Float.MIN_VALUE},
            "selu", new double[] {0x1p-22, 8 * Float.MIN_VALUE},
            "sigmoid", new double[] {0, 0x1p-22},
            "tanh", new double[] {0, 0x1p-21});

    static Stream<Golden.Case> cases() {
        return Golden.cases().stream().filter(c -> MAX_ULPS.containsKey(c.name()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardAndBackwardMatchPyTorch(Golden.Case c) {
        long bound = MAX_ULPS.get(c.name());
        double[] abs = ABSOLUTE.getOrDefault(c.name(), new double[2]);
        ElementwiseActivation act = (ElementwiseActivation) Activations.parse(c.spec());
        int n = c.x().length;
        float[] y = new float[n], dx = new float[n];

        act.forward(c.x(), 0, y, 0, n);
        Floats.assertClose(c + " forward vs PyTorch", c.x(), 0, c.y(), 0, y, 0, n, bound, abs[0], null, 0);
        act.backward(c.x(), 0, c.dy(), 0, dx, 0, n);
        Floats.assertClose(c + " backward vs PyTorch", c.x(), 0, c.dx(), 0, dx, 0, n, bound, abs[1], c.dy(), 0);

        act.forwardReference(c.x(), 0, y, 0, n);
        Floats.assertClose(c + " reference forward vs PyTorch", c.x(), 0, c.y(), 0, y, 0, n, bound, abs[0], null, 0);
        act.backwardReference(c.x(), 0, c.dy(), 0, dx, 0, n);
        Floats.assertClose(c + " reference backward vs PyTorch", c.x(), 0, c.dx(), 0, dx, 0, n, bound, abs[1], c.dy(), 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void specOfTheGoldenCaseRoundTrips(Golden.Case c) {
        Activation act = Activations.parse(c.spec());
        assertThat(Activations.parse(act.spec())).isEqualTo(act);
    }
}
