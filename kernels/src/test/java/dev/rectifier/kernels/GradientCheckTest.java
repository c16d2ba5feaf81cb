package dev.rectifier.kernels;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Backward against a central finite difference of forward, away from the kinks (x = 0 for the
 * ELU family, beta x = threshold for softplus): checks the derivative itself, not merely
 * agreement with PyTorch. Float forward values have relative error 2^-24, so with a step of
 * 1e-3 the difference quotient is good to about 1e-4; the tolerance is 2e-3 relative.
 */
class GradientCheckTest {
    static Stream<String> specs() {
        return Stream.of("elu", "elu(alpha=0.5)", "elu(alpha=-0.7)", "celu(alpha=0.5)", "celu(alpha=2.0)",
                "celu(alpha=-0.5)", "selu", "softplus", "softplus(beta=2.0,threshold=10.0)",
                "softplus(beta=-1.5,threshold=3.0)", "sigmoid", "tanh");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void backwardMatchesFiniteDifferences(String spec) {
        Activation act = Activations.parse(spec).withParallelism(Parallelism.serial());
        SplittableRandom random = new SplittableRandom(99 ^ spec.hashCode());
        int n = 4096;
        float[] x = new float[n], plus = new float[n], minus = new float[n];
        for (int i = 0; i < n; i++) {
            float v;
            do {
                v = (float) (random.nextDouble(-8, 8));
            } while (nearKink(spec, v));
            x[i] = v;
            plus[i] = x[i] + 1e-3f * Math.max(1f, Math.abs(x[i]));
            minus[i] = x[i] - 1e-3f * Math.max(1f, Math.abs(x[i]));
        }
        float[] ones = new float[n];
        java.util.Arrays.fill(ones, 1f);
        float[] dx = new float[n], fPlus = new float[n], fMinus = new float[n];
        act.backward(x, 0, ones, 0, dx, 0, n);
        act.forward(plus, 0, fPlus, 0, n);
        act.forward(minus, 0, fMinus, 0, n);
        StringBuilder failures = new StringBuilder();
        int bad = 0;
        for (int i = 0; i < n; i++) {
            double numeric = ((double) fPlus[i] - fMinus[i]) / ((double) plus[i] - minus[i]);
            double tolerance = 2e-3 * Math.max(Math.abs(numeric), 1e-2);
            if (!(Math.abs(numeric - dx[i]) <= tolerance) && bad++ < 8) {
                failures.append(String.format("%n  [%d] x=%s: backward %s, finite difference %s", i, x[i], dx[i], numeric));
            }
        }
        if (bad > 0) {
            throw new AssertionError(spec + ": " + bad + " of " + n + " gradients differ from finite differences" + failures);
        }
    }

    /** Within a step or two of a kink, where the difference quotient straddles two branches. */
    private static boolean nearKink(String spec, float x) {
        if (spec.startsWith("softplus")) {
            Softplus s = (Softplus) Activations.parse(spec);
            return Math.abs(s.beta() * x - s.threshold()) < 0.05 * Math.abs(s.beta()) * Math.max(1, Math.abs(x));
        }
        return spec.startsWith("sigmoid") || spec.startsWith("tanh") ? false : Math.abs(x) < 0.05;
    }
}
