package dev.rectifier.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rectifier.kernels.TestSpecs.TestSpec;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Against PyTorch's own results (shared/golden, copied into test resources): bit for bit for
 * the piecewise-linear functions, within the bounds below for the others. Checks the fast path
 * (whatever width this JVM runs) and the scalar reference. Every golden case must have a bound:
 * a function added to the golden file without one fails {@link #everyGoldenCaseIsCovered}.
 */
class GoldenTest {
    /**
     * Largest distance from PyTorch 1.13's float32 CPU results per function, keyed by a case's
     * spec where the parameters matter, else by its name: the bound this project states and
     * tests, for the fast path and the reference alike. 0 means bit for bit. A result passes
     * within {@code maxUlps} ulps, or, where its formula cancels, within {@code maxUlps} units
     * of {@link Tolerance} (gelu, silu, mish) or within the absolute floor: forward
     * {@code forwardAbs}, backward {@code backwardAbs * |dy|}.
     *
     * <p>The ELU family's floors: PyTorch's exp (SLEEF) and ours are each within 1 ulp, so near
     * x = 0 exp(x) - 1 may differ by one ulp of 1 (2^-24, times negcoef up to 1.758 for selu),
     * and where e^x is subnormal dx may differ by a few MIN_VALUE; sigmoid's 1 - y and tanh's
     * 1 - y^2 move by 2^-24 and 2^-23 per ulp of y. gelu none is bounded by PyTorch's error, not
     * ours: it runs oneDNN's erf (Abramowitz and Stegun 7.1.26, absolute error up to 1.5e-7),
     * measured here at up to 6 ulps (5 units) from the nearly correctly rounded reference.
     *
     * <p>Measured on the golden file (forward and backward, ulps or units, 0 where the floor
     * sufficed; fast path, then reference where it differs): elu, celu, selu 0 and 2; softplus
     * 1 and 2 (reference 2 and 3 at beta = 1); sigmoid 2 and 0; tanh 1 and 0; gelu none 6 and 5;
     * gelu tanh 1 and 2; silu 2 and 2; mish 3 and 3 (reference 2 and 2: the one-exp form's
     * extra roundings, see VectorMish).
     */
    static final List<TestSpec> BOUNDS = List.of(
            new TestSpec("relu", 0),
            new TestSpec("leaky_relu", 0),
            new TestSpec("relu6", 0),
            new TestSpec("threshold", 0),
            new TestSpec("hardswish", 0),
            new TestSpec("rrelu_eval", 0),
            new TestSpec("prelu", 0), // y and dx; dw has its own bound, PreluTest.MAX_DW_ULPS
            new TestSpec("elu", 2, 0x1p-23, 4 * Float.MIN_VALUE),
            new TestSpec("celu", 2, 0x1p-23, 4 * Float.MIN_VALUE),
            new TestSpec("selu", 2, 0x1p-22, 8 * Float.MIN_VALUE),
            new TestSpec("softplus", 3),
            new TestSpec("sigmoid", 3, 0, 0x1p-22),
            new TestSpec("tanh", 2, 0, 0x1p-21),
            new TestSpec("gelu", 6),
            new TestSpec("gelu(approximate=tanh)", 2),
            new TestSpec("silu", 2),
            new TestSpec("mish", 3));

    private static final Map<String, TestSpec> BY_KEY = BOUNDS.stream()
            .collect(Collectors.toUnmodifiableMap(TestSpec::spec, Function.identity()));

    /** The bound for a spec and its activation's name: by the spec if listed, else by the name; null if neither. */
    static TestSpec bound(String spec, String name) {
        TestSpec bySpec = BY_KEY.get(spec);
        return bySpec != null ? bySpec : BY_KEY.get(name);
    }

    /** The bound for a golden case (see {@link #bound(String, String)}). */
    static TestSpec bound(Golden.Case c) {
        return bound(c.spec(), c.name());
    }

    static Stream<Golden.Case> cases() {
        return Golden.cases().stream().filter(c -> bound(c) != null);
    }

    /** The cases without learned slopes (PReLU's carry w and dw: PreluTest checks them). */
    static Stream<Golden.Case> elementwiseCases() {
        return cases().filter(c -> c.w() == null);
    }

    @Test
    void everyGoldenCaseIsCovered() {
        List<String> uncovered = Golden.cases().stream().filter(c -> bound(c) == null).map(Golden.Case::toString).toList();
        assertThat(uncovered).as("golden cases without a bound (so untested)").isEmpty();
        // Cases with slopes are PreluTest's; every other one runs here.
        assertThat(Golden.cases().stream().filter(c -> c.w() != null).map(Golden.Case::name).distinct())
                .containsExactly("prelu");
        List<String> unused = BOUNDS.stream().map(TestSpec::spec)
                .filter(key -> Golden.cases().stream().noneMatch(c -> bound(c).spec().equals(key))).toList();
        assertThat(unused).as("bounds that no golden case uses").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("elementwiseCases")
    void forwardAndBackwardMatchPyTorch(Golden.Case c) {
        TestSpec bound = bound(c);
        ElementwiseActivation act = (ElementwiseActivation) Activations.parse(c.spec());
        int n = c.x().length;
        float[] y = new float[n], dx = new float[n];

        double[] forwardUnit = Floats.forwardUnits(Tolerance.of(act), c.x(), 0, n);
        double[] backwardUnit = Floats.backwardUnits(Tolerance.of(act), c.x(), 0, c.dy(), 0, n);

        act.forward(c.x(), 0, y, 0, n);
        Floats.assertClose(c + " forward vs PyTorch", c.x(), 0, c.y(), 0, y, 0, n,
                bound.maxUlps(), forwardUnit, bound.forwardAbs(), null, 0);
        act.backward(c.x(), 0, c.dy(), 0, dx, 0, n);
        Floats.assertClose(c + " backward vs PyTorch", c.x(), 0, c.dx(), 0, dx, 0, n,
                bound.maxUlps(), backwardUnit, bound.backwardAbs(), c.dy(), 0);

        act.forwardReference(c.x(), 0, y, 0, n);
        Floats.assertClose(c + " reference forward vs PyTorch", c.x(), 0, c.y(), 0, y, 0, n,
                bound.maxUlps(), forwardUnit, bound.forwardAbs(), null, 0);
        act.backwardReference(c.x(), 0, c.dy(), 0, dx, 0, n);
        Floats.assertClose(c + " reference backward vs PyTorch", c.x(), 0, c.dx(), 0, dx, 0, n,
                bound.maxUlps(), backwardUnit, bound.backwardAbs(), c.dy(), 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void specOfTheGoldenCaseRoundTrips(Golden.Case c) {
        Activation act = Activations.parse(c.spec());
        assertThat(Activations.parse(act.spec())).isEqualTo(act);
    }
}
