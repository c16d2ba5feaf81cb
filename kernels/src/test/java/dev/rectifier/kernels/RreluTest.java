package dev.rectifier.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rectifier.kernels.scalar.ScalarRrelu;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * RReLU's training mode: slopes drawn per element from U(lower, upper) where x <= 0, fixed by
 * the seed alone (not by the thread count or vector width), saved as noise for
 * {@code dx = dy * noise}; and the refusals of bad bounds.
 */
@Tag("simd-width")
class RreluTest {
    private static final long SEED = 1234L;

    private static float[] inputs(int n) {
        return Floats.inputs(new SplittableRandom(SEED), n);
    }

    @Test
    void trainingForwardFollowsTheBlockContract() {
        Rrelu rrelu = new Rrelu(0.1, 0.3, Parallelism.serial());
        for (int n : new int[] {0, 1, 17, Rrelu.NOISE_BLOCK, 3 * Rrelu.NOISE_BLOCK + 5}) {
            float[] x = inputs(n + 2);
            float[] y = new float[n], noise = new float[n + 1];
            rrelu.forwardTraining(x, 2, y, 0, noise, 1, n, new SplittableRandom(SEED));

            // The contract spelled out: block k draws from the k-th split, in element order.
            SplittableRandom random = new SplittableRandom(SEED);
            float[] yRef = new float[n], noiseRef = new float[n];
            for (int start = 0; start < n; start += Rrelu.NOISE_BLOCK) {
                int count = Math.min(Rrelu.NOISE_BLOCK, n - start);
                ScalarRrelu.forwardTraining(x, 2 + start, yRef, start, noiseRef, start, count, random.split(), 0.1, 0.3);
            }
            Floats.assertClose("noise n=" + n, x, 2, noiseRef, 0, noise, 1, n, 0);
            Floats.assertClose("y n=" + n, x, 2, yRef, 0, y, 0, n, 0);
        }
    }

    @Test
    void noiseIsWithinTheBoundsWhereXIsNotPositiveAndOneElsewhere() {
        Rrelu rrelu = Activations.rrelu(0.1, 0.3);
        int n = 50_000;
        float[] x = inputs(n), y = new float[n], noise = new float[n];
        rrelu.forwardTraining(x, 0, y, 0, noise, 0, n, new SplittableRandom(SEED));
        double sum = 0;
        int drawn = 0;
        for (int i = 0; i < n; i++) {
            if (x[i] <= 0f) {
                assertThat(noise[i]).as("noise at x=%s", x[i]).isBetween((float) 0.1, (float) 0.3);
                sum += noise[i];
                drawn++;
            } else {
                assertThat(noise[i]).as("noise at x=%s (x > 0 or NaN)", x[i]).isEqualTo(1f);
            }
            assertThat(Floats.same(y[i], x[i] * noise[i])).as("y at %d", i).isTrue();
        }
        assertThat(sum / drawn).as("mean slope").isCloseTo(0.2, org.assertj.core.data.Offset.offset(0.002));
        assertThat(Float.isNaN(y[java.util.stream.IntStream.range(0, n).filter(i -> Float.isNaN(x[i])).findFirst().orElseThrow()]))
                .isTrue();
    }

    @Test
    void sameSeedSameResultOtherSeedOtherSlopes() {
        Rrelu rrelu = Activations.rrelu();
        int n = 10_000;
        float[] x = inputs(n);
        float[] a = new float[n], b = new float[n], c = new float[n], ya = new float[n], yb = new float[n];
        rrelu.forwardTraining(x, 0, ya, 0, a, 0, n, new SplittableRandom(5));
        rrelu.forwardTraining(x, 0, yb, 0, b, 0, n, new SplittableRandom(5));
        rrelu.forwardTraining(x, 0, new float[n], 0, c, 0, n, new SplittableRandom(6));
        assertThat(b).isEqualTo(a);
        Floats.assertClose("y, same seed", x, 0, ya, 0, yb, 0, n, 0);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void advancesTheGeneratorByOneSplitPerBlock() {
        SplittableRandom used = new SplittableRandom(SEED), expected = new SplittableRandom(SEED);
        int n = 3 * Rrelu.NOISE_BLOCK + 1;
        Activations.rrelu().forwardTraining(inputs(n), 0, new float[n], 0, new float[n], 0, n, used);
        for (int k = 0; k < 4; k++) {
            expected.split();
        }
        assertThat(used.nextLong()).isEqualTo(expected.nextLong());
    }

    @Test
    void resultDoesNotDependOnTheThreadCount() {
        int n = (1 << 20) + 123;
        float[] x = inputs(n);
        Rrelu one = new Rrelu(0.05, 0.45, Parallelism.serial());
        float[] y1 = new float[n], noise1 = new float[n];
        one.forwardTraining(x, 0, y1, 0, noise1, 0, n, new SplittableRandom(SEED));
        float[] dy = Floats.gradients(new SplittableRandom(SEED + 1), n), dx1 = new float[n];
        one.backwardTraining(noise1, 0, dy, 0, dx1, 0, n);
        try (Parallelism two = Parallelism.threads(2); Parallelism three = Parallelism.threads(3)) {
            for (Parallelism p : new Parallelism[] {two, three}) {
                Rrelu many = one.withParallelism(p);
                float[] y = new float[n], noise = new float[n], dx = new float[n];
                many.forwardTraining(x, 0, y, 0, noise, 0, n, new SplittableRandom(SEED));
                Floats.assertClose("noise with " + p, x, 0, noise1, 0, noise, 0, n, 0);
                Floats.assertClose("y with " + p, x, 0, y1, 0, y, 0, n, 0);
                many.backwardTraining(noise, 0, dy, 0, dx, 0, n);
                Floats.assertClose("dx with " + p, x, 0, dx1, 0, dx, 0, n, 0);
            }
        }
    }

    @Test
    void backwardIsDyTimesNoiseAlsoInPlace() {
        Rrelu rrelu = new Rrelu(0.1, 0.3, Parallelism.serial());
        int n = 333;
        float[] x = inputs(n), y = new float[n], noise = new float[n];
        rrelu.forwardTraining(x, 0, y, 0, noise, 0, n, new SplittableRandom(SEED));
        float[] dy = Floats.gradients(new SplittableRandom(9), n), dx = new float[n];
        rrelu.backwardTraining(noise, 0, dy, 0, dx, 0, n);
        float[] expected = new float[n];
        for (int i = 0; i < n; i++) {
            expected[i] = dy[i] * noise[i];
        }
        Floats.assertClose("dx", x, 0, expected, 0, dx, 0, n, 0);
        rrelu.backwardTraining(noise, 0, dy, 0, dy, 0, n);
        Floats.assertClose("dx in place", x, 0, expected, 0, dy, 0, n, 0);
        // In place forward too: y over x.
        float[] xs = x.clone(), noise2 = new float[n];
        rrelu.forwardTraining(xs, 0, xs, 0, noise2, 0, n, new SplittableRandom(SEED));
        Floats.assertClose("y in place", x, 0, y, 0, xs, 0, n, 0);
    }

    @Test
    void equalBoundsGiveThatSlopeExactly() {
        Rrelu rrelu = Activations.rrelu(0.2, 0.2);
        float[] x = {-1, -2, 3, -0f}, y = new float[4], noise = new float[4];
        rrelu.forwardTraining(x, 0, y, 0, noise, 0, 4, new SplittableRandom(1));
        assertThat(noise).containsExactly(0.2f, 0.2f, 1f, 0.2f);
        assertThat(rrelu.slope()).isEqualTo(0.2f);
    }

    @Test
    void refusals() {
        assertThatThrownBy(() -> new Rrelu(0.5, 0.25))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lower=0.5").hasMessageContaining("upper=0.25");
        assertThatThrownBy(() -> Activations.parse("rrelu(lower=0.5,upper=0.25)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lower=0.5").hasMessageContaining("upper=0.25");
        assertThatThrownBy(() -> Activations.parse("rrelu(lower=0.5)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lower=0.5").hasMessageContaining("upper=0.3333333333333333");
        assertThatThrownBy(() -> new Rrelu(Double.NEGATIVE_INFINITY, 0.25))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lower=-Infinity");
        assertThatThrownBy(() -> Activations.parse("rrelu(upper=Infinity)"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("upper=Infinity");
        Rrelu rrelu = Activations.rrelu();
        assertThatThrownBy(() -> rrelu.forwardTraining(new float[4], 0, new float[4], 0, new float[3], 0, 4, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("noise.length=3").hasMessageContaining("n=4");
        assertThatThrownBy(() -> rrelu.forwardTraining(new float[4], 0, new float[4], 0, new float[4], 0, 4, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("random is null");
        assertThatThrownBy(() -> rrelu.backwardTraining(new float[2], 0, new float[4], 0, new float[4], 0, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("noise.length=2");
    }
}
