package dev.rectifier.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Backward against central finite differences of forward, away from the kinks, where the
 * derivative exists: {@code (f(x + h) - f(x - h)) / 2h}, differenced in double.
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
    void backwardMatchesFiniteDifferences(String spec, String kinks) {
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
}
