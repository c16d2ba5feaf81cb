package dev.rectifier.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PReLU's shape-aware kernels: PyTorch's golden cases (y, dx and the slope gradient dw), the
 * vector paths against the scalar reference for many (batch, channels, inner) shapes at every
 * width, dw identical for every thread count, the flat (n / C, C) reading of the
 * {@link Activation} methods, the live slopes, and the refusals.
 */
@Tag("simd-width")
class PreluTest {
    /**
     * Largest distance of dw from PyTorch's, in ulps: 3 measured on the golden (4, 3, 7) case.
     * PyTorch sums the float products in float32 (its error reaches ~1.1 * 2^-24 * sum|terms|
     * on random data), this project in double, so on sums with cancellation the two may differ
     * by more ulps of the (small) result; the golden cases are within this bound.
     */
    static final long MAX_DW_ULPS = 4;
    /** dw of the vector paths (double lanes) against the sequential reference. */
    static final long MAX_DW_ULPS_VS_REFERENCE = 1;
    private static final long SEED = 7013L;

    static Stream<Golden.Case> goldenCases() {
        return Golden.cases().stream().filter(c -> c.name().equals("prelu"));
    }

    /** (batch, channels, inner) of a golden case: slopes on dim 1, or one slope for everything. */
    private static int[] shapeOf(Golden.Case c) {
        int channels = c.w().length;
        if (channels == 1) {
            return new int[] {1, 1, c.x().length};
        }
        int inner = 1;
        for (int d = 2; d < c.shape().length; d++) {
            inner *= c.shape()[d];
        }
        return new int[] {c.shape()[0], c.shape()[1], inner};
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenCases")
    void goldenCasesMatchPyTorch(Golden.Case c) {
        long bound = GoldenTest.bound(c).maxUlps();
        int[] s = shapeOf(c);
        int n = c.x().length, channels = c.w().length;
        Prelu prelu = (Prelu) Activations.parse(c.spec());
        assertThat(prelu.numParameters()).isEqualTo(channels);
        float[] y = new float[n], dx = new float[n], dw = new float[channels];

        prelu.forward(c.x(), 0, y, 0, c.w(), 0, s[0], s[1], s[2]);
        Floats.assertClose(c + " y", c.x(), 0, c.y(), 0, y, 0, n, bound);
        prelu.backward(c.x(), 0, c.dy(), 0, c.w(), 0, dx, 0, dw, 0, s[0], s[1], s[2]);
        Floats.assertClose(c + " dx", c.x(), 0, c.dx(), 0, dx, 0, n, bound);
        Floats.assertClose(c + " dw", c.w(), 0, c.dw(), 0, dw, 0, channels, MAX_DW_ULPS);

        prelu.forwardReference(c.x(), 0, y, 0, c.w(), 0, s[0], s[1], s[2]);
        Floats.assertClose(c + " reference y", c.x(), 0, c.y(), 0, y, 0, n, bound);
        prelu.backwardReference(c.x(), 0, c.dy(), 0, c.w(), 0, dx, 0, dw, 0, s[0], s[1], s[2]);
        Floats.assertClose(c + " reference dx", c.x(), 0, c.dx(), 0, dx, 0, n, bound);
        Floats.assertClose(c + " reference dw", c.w(), 0, c.dw(), 0, dw, 0, channels, MAX_DW_ULPS);
    }

    @Test
    void sharedGoldenCaseThroughTheActivationWithItsOwnSlopes() {
        Golden.Case c = goldenCases().filter(g -> g.w().length == 1).findFirst().orElseThrow();
        Prelu prelu = Activations.prelu();
        prelu.slopes()[0] = c.w()[0];
        int n = c.x().length;
        float[] y = new float[n], dx = new float[n], dw = new float[1];
        prelu.forward(c.x(), 0, y, 0, n);
        Floats.assertClose("y", c.x(), 0, c.y(), 0, y, 0, n, 0);
        prelu.backward(c.x(), 0, c.dy(), 0, dx, 0, n);
        Floats.assertClose("dx", c.x(), 0, c.dx(), 0, dx, 0, n, 0);
        Arrays.fill(dx, 0f);
        prelu.backwardWithSlopeGradient(c.x(), 0, c.dy(), 0, dx, 0, dw, 0, n);
        Floats.assertClose("dx with dw", c.x(), 0, c.dx(), 0, dx, 0, n, 0);
        Floats.assertClose("dw", null, 0, c.dw(), 0, dw, 0, 1, MAX_DW_ULPS);
    }

    /** Shapes around every layout switch: inner = 1, inner below, at and above the lane count, odd sizes. */
    static Stream<int[]> shapes() {
        int lanes = Math.max(Simd.FLOAT_LANES, 2);
        return Stream.of(
                new int[] {1, 1, 1}, new int[] {3, 1, 37}, new int[] {4, 3, 7}, new int[] {5, 3, 1},
                new int[] {7, 2, 1}, new int[] {3, 17, 1}, new int[] {4, 40, 1}, new int[] {2, 65, 1},
                new int[] {6, 5, 3}, new int[] {3, 4, lanes - 1}, new int[] {3, 4, lanes}, new int[] {2, 3, lanes + 1},
                new int[] {2, 6, 2 * lanes + 3}, new int[] {1, 7, 50}, new int[] {9, 33, 1}, new int[] {0, 3, 5},
                new int[] {2, 3, 0}, new int[] {11, 2, 2});
    }

    @ParameterizedTest(name = "(batch, channels, inner) = {0}")
    @MethodSource("shapes")
    void vectorPathsMatchTheReference(int[] s) {
        int batch = s[0], channels = s[1], inner = s[2], n = batch * channels * inner;
        Prelu prelu = new Prelu(channels, 0.25, Parallelism.serial());
        SplittableRandom random = new SplittableRandom(SEED + Arrays.hashCode(s));
        for (int off : new int[] {0, 3, 5}) {
            // With corner cases most sums are NaN; without them dw is a real test.
            float[] x = off == 3 ? Floats.inputs(random, off + n) : finiteInputs(random, off + n);
            float[] dy = Floats.gradients(random, off + n);
            float[] w = new float[off + channels];
            for (int c = 0; c < w.length; c++) {
                w[c] = (float) random.nextDouble(-1, 1);
            }
            float[] yRef = new float[n], dxRef = new float[n], dwRef = new float[channels];
            prelu.forwardReference(x, off, yRef, 0, w, off, batch, channels, inner);
            prelu.backwardReference(x, off, dy, off, w, off, dxRef, 0, dwRef, 0, batch, channels, inner);
            String what = Arrays.toString(s) + " off=" + off;

            float[] y = new float[off + n];
            prelu.forward(x, off, y, off, w, off, batch, channels, inner);
            Floats.assertClose(what + " y", x, off, yRef, 0, y, off, n, 0);
            float[] inPlace = x.clone();
            prelu.forward(inPlace, off, inPlace, off, w, off, batch, channels, inner);
            Floats.assertClose(what + " y in place", x, off, yRef, 0, inPlace, off, n, 0);

            float[] dx = new float[n], dw = new float[off + channels];
            Arrays.fill(dw, 99f); // overwritten, not accumulated
            prelu.backward(x, off, dy, off, w, off, dx, 0, dw, off, batch, channels, inner);
            Floats.assertClose(what + " dx", x, off, dxRef, 0, dx, 0, n, 0);
            Floats.assertClose(what + " dw", w, off, dwRef, 0, dw, off, channels, MAX_DW_ULPS_VS_REFERENCE);
            float[] dxInPlace = dy.clone();
            prelu.backward(x, off, dxInPlace, off, w, off, dxInPlace, off, dw, off, batch, channels, inner);
            Floats.assertClose(what + " dx in place", x, off, dxRef, 0, dxInPlace, off, n, 0);
        }
    }

    static Stream<int[]> bigShapes() {
        return Stream.of(new int[] {1, 1, (1 << 20) + 13}, new int[] {64, 3, 4099}, new int[] {4096, 96, 1},
                new int[] {3, 257, 1031}, new int[] {8191, 3, 47}, new int[] {100_003, 3, 1}, new int[] {20_011, 5, 3});
    }

    @ParameterizedTest(name = "(batch, channels, inner) = {0}")
    @MethodSource("bigShapes")
    void multiThreadedEqualsSingleThreaded(int[] s) {
        int batch = s[0], channels = s[1], inner = s[2], n = batch * channels * inner;
        SplittableRandom random = new SplittableRandom(SEED ^ n);
        float[] x = finiteInputs(random, n), dy = Floats.gradients(random, n);
        float[] w = new float[channels];
        for (int c = 0; c < channels; c++) {
            w[c] = (float) random.nextDouble(-1, 1);
        }
        Prelu one = new Prelu(channels, 0.25, Parallelism.serial());
        float[] y1 = new float[n], dx1 = new float[n], dw1 = new float[channels];
        one.forward(x, 0, y1, 0, w, 0, batch, channels, inner);
        one.backward(x, 0, dy, 0, w, 0, dx1, 0, dw1, 0, batch, channels, inner);
        float[] dwRef = new float[channels];
        one.backwardReference(x, 0, dy, 0, w, 0, new float[n], 0, dwRef, 0, batch, channels, inner);
        Floats.assertClose(Arrays.toString(s) + " dw vs reference", w, 0, dwRef, 0, dw1, 0, channels, MAX_DW_ULPS_VS_REFERENCE);
        try (Parallelism two = Parallelism.threads(2); Parallelism three = Parallelism.threads(3)) {
            for (Parallelism p : new Parallelism[] {two, three}) {
                Prelu many = one.withParallelism(p);
                float[] y = new float[n], dx = new float[n], dw = new float[channels];
                many.forward(x, 0, y, 0, w, 0, batch, channels, inner);
                many.backward(x, 0, dy, 0, w, 0, dx, 0, dw, 0, batch, channels, inner);
                String what = Arrays.toString(s) + " with " + p;
                Floats.assertClose(what + " y", x, 0, y1, 0, y, 0, n, 0);
                Floats.assertClose(what + " dx", x, 0, dx1, 0, dx, 0, n, 0);
                Floats.assertClose(what + " dw", w, 0, dw1, 0, dw, 0, channels, 0);
            }
        }
    }

    /** Normals of scale 4 and finite corner cases (zeros of both signs, subnormals, +-1): every sum is finite. */
    static float[] finiteInputs(SplittableRandom random, int n) {
        float[] corners = {0f, -0f, 1f, -1f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-20f, -1e-20f};
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextInt(8) == 0 ? corners[random.nextInt(corners.length)] : (float) (random.nextGaussian() * 4);
        }
        return x;
    }

    @Test
    void flatArrayIsReadAsRowsOfChannels() {
        Prelu prelu = Activations.prelu(3, 0.1);
        float[] w = prelu.slopes();
        w[0] = 0.5f;
        w[1] = -1f;
        w[2] = 2f;
        float[] x = {-1, -1, -1, 4, -2, -3, 0, 0, -0f, 1, 2, 3};
        float[] y = new float[12];
        prelu.forward(x, 0, y, 0, 12);
        assertThat(y).containsExactly(-0.5f, 1f, -2f, 4f, 2f, -6f, 0f, -0f, -0f, 1f, 2f, 3f);
        float[] dy = new float[12], dx = new float[12], dw = new float[3];
        Arrays.fill(dy, 1f);
        prelu.backwardWithSlopeGradient(x, 0, dy, 0, dx, 0, dw, 0, 12);
        assertThat(dx).containsExactly(0.5f, -1f, 2f, 1f, -1f, 2f, 0.5f, -1f, 2f, 1f, 1f, 1f);
        assertThat(dw).containsExactly(-1f, -3f, -4f);

        assertThatThrownBy(() -> prelu.forward(new float[10], 0, new float[10], 0, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("num_parameters=3").hasMessageContaining("n=10");
        assertThatThrownBy(() -> prelu.forwardReference(new float[10], 0, new float[10], 0, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n=10");
        assertThatThrownBy(() -> prelu.backward(new float[4], 0, new float[4], 0, new float[4], 0, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n=4");
    }

    @Test
    void slopesAreLiveStateAndPartOfEquality() {
        Prelu prelu = Activations.prelu(2, 0.25);
        Prelu fresh = (Prelu) Activations.parse(prelu.spec());
        assertThat(prelu.spec()).isEqualTo("prelu(num_parameters=2,init=0.25)");
        assertThat(fresh).isEqualTo(prelu).hasSameHashCodeAs(prelu);
        assertThat(prelu.slopes()).containsExactly(0.25f, 0.25f);

        prelu.slopes()[1] = -0.75f; // a training step
        float[] y = new float[2];
        prelu.forward(new float[] {-4, -4}, 0, y, 0, 2);
        assertThat(y).containsExactly(-1f, 3f);
        assertThat(prelu).isNotEqualTo(fresh).hasSameHashCodeAs(fresh);
        assertThat(prelu.spec()).isEqualTo(fresh.spec());
        try (Parallelism two = Parallelism.threads(2)) {
            Prelu shared = prelu.withParallelism(two);
            assertThat(shared.slopes()).isSameAs(prelu.slopes());
            assertThat(shared).isEqualTo(prelu);
        }
    }

    @Test
    void refusals() {
        assertThatThrownBy(() -> Activations.parse("prelu(num_parameters=0)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("num_parameters=0").hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new Prelu(-2, 0.25))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("num_parameters=-2");
        assertThatThrownBy(() -> new Prelu(1, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("init=NaN");
        Prelu prelu = new Prelu(3, 0.25, Parallelism.serial());
        float[] x = new float[24], w = new float[3];
        assertThatThrownBy(() -> prelu.forward(x, 0, new float[24], 0, new float[2], 0, 2, 3, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("w.length=2").hasMessageContaining("n=3");
        assertThatThrownBy(() -> prelu.forward(x, 0, new float[23], 0, w, 0, 2, 3, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("y.length=23").hasMessageContaining("n=24");
        assertThatThrownBy(() -> prelu.backward(x, 0, x, 0, w, 0, x, 0, new float[2], 0, 2, 3, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dw.length=2").hasMessageContaining("n=3");
        assertThatThrownBy(() -> prelu.forward(x, 0, x, 0, w, 0, 2, 0, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("channels=0");
        assertThatThrownBy(() -> prelu.forward(x, 0, x, 0, w, 0, 1 << 16, 3, 1 << 16))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch=65536").hasMessageContaining("more than an array holds");
        assertThatThrownBy(() -> prelu.backward(x, 0, x, 0, null, 0, x, 0, w, 0, 2, 3, 4))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("w is null");
    }

    @Test
    void emptyShapesGiveZeroSlopeGradients() {
        Prelu prelu = new Prelu(3, 0.25);
        float[] dw = {5, 5, 5};
        prelu.backward(new float[0], 0, new float[0], 0, new float[3], 0, new float[0], 0, dw, 0, 0, 3, 4);
        assertThat(dw).containsExactly(0f, 0f, 0f);
    }
}
