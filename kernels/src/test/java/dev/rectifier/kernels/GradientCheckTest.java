package dev.rectifier.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Backward against central finite differences of forward, away from the kinks, where the
 * derivative exists: checks the derivative itself, not merely agreement with PyTorch.
 * <ul>
 *   <li>The ELU family, softplus, sigmoid and tanh (away from x = 0 for the ELU family and
 *       beta x = threshold for softplus): float forward values have relative error 2^-24, so
 *       with a step of 1e-3 |x| the difference quotient is good to about 1e-4; the tolerance is
 *       2e-3 relative.</li>
 *   <li>The piecewise-linear functions and PReLU's slope gradient: a step of 1e-2, differenced
 *       in double, within 1e-3 relative.</li>
 * </ul>
 * gelu, silu and mish are checked against their double-precision formulas in SmoothGradientTest.
 */
class GradientCheckTest {
    private static final double H = 1e-2;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "relu6; 0 6",
        "threshold(threshold=0.5,value=-2.0); 0.5",
        "hardswish; -3 3",
        "rrelu(lower=0.1,upper=0.4); 0",
        "prelu(num_parameters=1,init=-0.3); 0",
        "identity; ",
    })
    void piecewiseBackwardMatchesFiniteDifferences(String spec, String kinks) {
        Activation act = Activations.parse(spec);
        double[] kinkAt = kinks == null ? new double[0]
                : java.util.Arrays.stream(kinks.trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
        SplittableRandom random = new SplittableRandom(spec.hashCode());
        int n = 500;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            float v;
            do {
                v = (float) (random.nextDouble(-8, 8));
            } while (nearKink(v, kinkAt));
            x[i] = v;
        }
        float[] plus = new float[n], minus = new float[n], yp = new float[n], ym = new float[n];
        for (int i = 0; i < n; i++) {
            plus[i] = (float) (x[i] + H);
            minus[i] = (float) (x[i] - H);
        }
        act.forward(plus, 0, yp, 0, n);
        act.forward(minus, 0, ym, 0, n);
        float[] ones = new float[n], dx = new float[n];
        java.util.Arrays.fill(ones, 1f);
        act.backward(x, 0, ones, 0, dx, 0, n);
        for (int i = 0; i < n; i++) {
            double fd = ((double) yp[i] - ym[i]) / ((double) plus[i] - minus[i]);
            assertThat((double) dx[i]).as("%s at x=%s: finite difference %s", spec, x[i], fd)
                    .isCloseTo(fd, org.assertj.core.data.Offset.offset(1e-3 * Math.max(1, Math.abs(fd))));
        }
    }

    private static boolean nearKink(float v, double[] kinks) {
        for (double k : kinks) {
            if (Math.abs(v - k) < 3 * H) {
                return true;
            }
        }
        return false;
    }

    /** PReLU's slope gradient against finite differences in each slope, through the live slope array. */
    @ParameterizedTest(name = "(batch={0}, channels={1}, inner={2})")
    @CsvSource({"5, 1, 9", "4, 3, 7", "6, 4, 1"})
    void preluSlopeGradientMatchesFiniteDifferences(int batch, int channels, int inner) {
        Prelu prelu = new Prelu(channels, 0.2);
        SplittableRandom random = new SplittableRandom(batch * 31 + channels);
        int n = batch * channels * inner;
        float[] x = Floats.gradients(random, n), dy = Floats.gradients(random, n);
        float[] w = prelu.slopes();
        for (int c = 0; c < channels; c++) {
            w[c] = (float) random.nextDouble(-0.5, 0.5);
        }
        float[] dx = new float[n], dw = new float[channels];
        prelu.backward(x, 0, dy, 0, w, 0, dx, 0, dw, 0, batch, channels, inner);
        for (int c = 0; c < channels; c++) {
            float saved = w[c];
            w[c] = (float) (saved + H);
            double lossPlus = loss(prelu, x, dy, batch, channels, inner);
            w[c] = (float) (saved - H);
            double lossMinus = loss(prelu, x, dy, batch, channels, inner);
            double step = (double) (float) (saved + H) - (float) (saved - H);
            w[c] = saved;
            double fd = (lossPlus - lossMinus) / step;
            assertThat((double) dw[c]).as("dw[%d]", c).isCloseTo(fd, org.assertj.core.data.Offset.offset(1e-3 * Math.max(1, Math.abs(fd))));
        }
    }

    /** sum(dy * prelu(x)) in double, with the instance's own (live) slopes. */
    private static double loss(Prelu prelu, float[] x, float[] dy, int batch, int channels, int inner) {
        float[] y = new float[x.length];
        prelu.forward(x, 0, y, 0, prelu.slopes(), 0, batch, channels, inner);
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            sum += (double) dy[i] * y[i];
        }
        return sum;
    }

    static Stream<String> smoothSpecs() {
        return Stream.of("elu", "elu(alpha=0.5)", "elu(alpha=-0.7)", "celu(alpha=0.5)", "celu(alpha=2.0)",
                "celu(alpha=-0.5)", "selu", "softplus", "softplus(beta=2.0,threshold=10.0)",
                "softplus(beta=-1.5,threshold=3.0)", "sigmoid", "tanh");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smoothSpecs")
    void smoothBackwardMatchesFiniteDifferences(String spec) {
        Activation act = Activations.parse(spec).withParallelism(Parallelism.serial());
        SplittableRandom random = new SplittableRandom(99 ^ spec.hashCode());
        int n = 4096;
        float[] x = new float[n], plus = new float[n], minus = new float[n];
        for (int i = 0; i < n; i++) {
            float v;
            do {
                v = (float) (random.nextDouble(-8, 8));
            } while (nearSmoothKink(spec, v));
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
    private static boolean nearSmoothKink(String spec, float x) {
        if (spec.startsWith("softplus")) {
            Softplus s = (Softplus) Activations.parse(spec);
            return Math.abs(s.beta() * x - s.threshold()) < 0.05 * Math.abs(s.beta()) * Math.max(1, Math.abs(x));
        }
        return spec.startsWith("sigmoid") || spec.startsWith("tanh") ? false : Math.abs(x) < 0.05;
    }
}
