package dev.rectifier.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rectifier.kernels.TestSpecs.TestSpec;
import dev.rectifier.kernels.simd.VectorRelu;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast paths against the scalar reference: every length from 0 to 3 * lanes + 1, offsets,
 * in-place aliasing, corner cases mixed with random values; and multi-threaded against
 * single-threaded. Surefire runs this class again at every vector width (tag simd-width).
 */
@Tag("simd-width")
class DifferentialTest {
    private static final long SEED = 20261127L;
    private static final int[] OFFSETS = {0, 1, 5};

    static Stream<TestSpec> specs() {
        return TestSpecs.ALL.stream();
    }

    /** The functions whose vector path equals the reference bit for bit (the piecewise-linear ones). */
    static Stream<TestSpec> exactSpecs() {
        return TestSpecs.ALL.stream().filter(t -> t.maxUlps() == 0);
    }

    private static ElementwiseActivation serial(TestSpec t) {
        return (ElementwiseActivation) Activations.parse(t.spec()).withParallelism(Parallelism.serial());
    }

    /** The exact functions that run relu's or leaky_relu's kernels (rrelu evaluates, prelu has one slope). */
    static Stream<TestSpec> reluFamilySpecs() {
        return exactSpecs().filter(t -> t.spec().matches("(relu|leaky_relu|rrelu|prelu)(\\(.*)?"));
    }

    /** Up to 3 * lanes + 1, and never fewer than 49 so the scalar-only run covers short arrays too. */
    private static int maxLength() {
        return 3 * Math.max(Simd.FLOAT_LANES, 16) + 1;
    }

    @Test
    void widthIsTheRequestedOne() {
        String requested = System.getProperty("rectifier.simd.bits");
        if (requested != null) {
            assertThat(Simd.BITS).as(Simd.describe()).isEqualTo(Integer.parseInt(requested));
        }
        assertThat(Simd.FLOAT_LANES).isEqualTo(Simd.ENABLED ? Simd.BITS / 32 : 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void forwardMatchesReference(TestSpec t) {
        ElementwiseActivation act = serial(t);
        SplittableRandom random = new SplittableRandom(SEED ^ t.spec().hashCode());
        for (int n = 0; n <= maxLength(); n++) {
            for (int xOff : OFFSETS) {
                int yOff = (xOff * 3 + 2) % 7;
                float[] x = Floats.inputs(random, xOff + n);
                float[] expected = new float[n];
                act.forwardReference(x, xOff, expected, 0, n);

                double[] unit = Floats.forwardUnits(Tolerance.of(act), x, xOff, n);

                float[] y = new float[yOff + n];
                act.forward(x, xOff, y, yOff, n);
                Floats.assertClose(t + " forward n=" + n + " xOff=" + xOff + " yOff=" + yOff,
                        x, xOff, expected, 0, y, yOff, n, t.maxUlps(), unit, t.forwardAbs(), null, 0);

                float[] inPlace = x.clone();
                act.forwardInPlace(inPlace, xOff, n);
                Floats.assertClose(t + " forwardInPlace n=" + n + " off=" + xOff,
                        x, xOff, expected, 0, inPlace, xOff, n, t.maxUlps(), unit, t.forwardAbs(), null, 0);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void backwardMatchesReference(TestSpec t) {
        ElementwiseActivation act = serial(t);
        SplittableRandom random = new SplittableRandom(SEED ^ ~t.spec().hashCode());
        for (int n = 0; n <= maxLength(); n++) {
            for (int xOff : OFFSETS) {
                int dyOff = (xOff + 3) % 4, dxOff = (xOff * 5 + 1) % 6;
                float[] x = Floats.inputs(random, xOff + n);
                float[] dy = Floats.gradients(random, dyOff + n);
                float[] expected = new float[n];
                act.backwardReference(x, xOff, dy, dyOff, expected, 0, n);

                double[] unit = Floats.backwardUnits(Tolerance.of(act), x, xOff, dy, dyOff, n);

                float[] dx = new float[dxOff + n];
                act.backward(x, xOff, dy, dyOff, dx, dxOff, n);
                Floats.assertClose(t + " backward n=" + n + " xOff=" + xOff + " dyOff=" + dyOff + " dxOff=" + dxOff,
                        x, xOff, expected, 0, dx, dxOff, n, t.maxUlps(), unit, t.backwardAbs(), dy, dyOff);

                float[] inPlace = dy.clone();
                act.backwardInPlace(x, xOff, inPlace, dyOff, n);
                Floats.assertClose(t + " backwardInPlace n=" + n + " xOff=" + xOff,
                        x, xOff, expected, 0, inPlace, dyOff, n, t.maxUlps(), unit, t.backwardAbs(), dy, dyOff);
            }
        }
    }

    /**
     * Large forward calls of the relu family first run the reference up to the element of y that
     * starts a whole vector in memory (HeapAlignment), so every phase of y against a vector
     * boundary takes a different split between the two paths: all must equal the reference.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("exactSpecs")
    void largeForwardMatchesReferenceAtEveryStorePhase(TestSpec t) {
        ElementwiseActivation act = serial(t);
        SplittableRandom random = new SplittableRandom(SEED ^ 0x5eedL ^ t.spec().hashCode());
        int n = (1 << 16) + 37;
        float[] x = Floats.inputs(random, n + 17);
        for (int yOff = 0; yOff <= 16; yOff++) {
            int xOff = yOff * 7 % 17;
            float[] expected = new float[n];
            act.forwardReference(x, xOff, expected, 0, n);
            float[] y = new float[yOff + n];
            act.forward(x, xOff, y, yOff, n);
            Floats.assertClose(t + " forward n=" + n + " xOff=" + xOff + " yOff=" + yOff, x, xOff, expected, 0, y, yOff, n, 0);
        }
    }

    /**
     * Calls of the relu family from {@link VectorRelu#STREAM_FROM} elements on run narrower
     * vectors with their own store alignment: forward, backward and their in-place forms must
     * still equal the reference, at several phases of the output against a vector boundary.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("reluFamilySpecs")
    void streamingCallsMatchReference(TestSpec t) {
        ElementwiseActivation act = serial(t);
        SplittableRandom random = new SplittableRandom(SEED ^ 0x57eaL ^ t.spec().hashCode());
        int n = VectorRelu.STREAM_FROM + 37;
        float[] x = Floats.inputs(random, n + 9);
        float[] dy = Floats.gradients(random, n + 9);
        for (int off : new int[] {0, 3}) {
            int xOff = (off * 5 + 2) % 9;
            float[] expected = new float[n];
            act.forwardReference(x, xOff, expected, 0, n);
            float[] y = new float[off + n];
            act.forward(x, xOff, y, off, n);
            Floats.assertClose(t + " forward n=" + n + " xOff=" + xOff + " yOff=" + off, x, xOff, expected, 0, y, off, n, 0);
            float[] inPlace = x.clone();
            act.forwardInPlace(inPlace, xOff, n);
            Floats.assertClose(t + " forwardInPlace n=" + n + " off=" + xOff, x, xOff, expected, 0, inPlace, xOff, n, 0);

            act.backwardReference(x, xOff, dy, off, expected, 0, n);
            float[] dx = new float[off + 1 + n];
            act.backward(x, xOff, dy, off, dx, off + 1, n);
            Floats.assertClose(t + " backward n=" + n + " xOff=" + xOff + " dxOff=" + (off + 1), x, xOff, expected, 0, dx, off + 1, n, 0);
            float[] dyInPlace = dy.clone();
            act.backwardInPlace(x, xOff, dyInPlace, off, n);
            Floats.assertClose(t + " backwardInPlace n=" + n + " off=" + off, x, xOff, expected, 0, dyInPlace, off, n, 0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void multiThreadedEqualsSingleThreaded(TestSpec t) {
        ElementwiseActivation one = serial(t);
        try (Parallelism two = Parallelism.threads(2); Parallelism three = Parallelism.threads(3)) {
            SplittableRandom random = new SplittableRandom(SEED + t.spec().length());
            // Enough for three parts of at least one grain each, with an odd tail; an activation
            // that splits its own way (prelu, by blocks of its own grain) reports a grain too
            // large to split by and gets 2^20 + 37.
            int grain = Math.max(one.forwardGrain(), one.backwardGrain());
            int n = grain <= 1 << 20 ? 3 * grain + 37 : (1 << 20) + 37;
            float[] x = Floats.inputs(random, n + 3);
            float[] dy = Floats.gradients(random, n);
            float[] y1 = new float[n], dx1 = new float[n];
            one.forward(x, 3, y1, 0, n);
            one.backward(x, 3, dy, 0, dx1, 0, n);
            for (Parallelism p : new Parallelism[] {two, three}) {
                Activation many = one.withParallelism(p);
                float[] y = new float[n], dx = new float[n];
                many.forward(x, 3, y, 0, n);
                many.backward(x, 3, dy, 0, dx, 0, n);
                Floats.assertClose(t + " forward with " + p, x, 3, y1, 0, y, 0, n, 0);
                Floats.assertClose(t + " backward with " + p, x, 3, dx1, 0, dx, 0, n, 0);
            }
        }
    }
}
