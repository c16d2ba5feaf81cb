package dev.rectifier.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known values of gelu (both forms), silu and mish, forward and backward with dy = 1, against
 * PyTorch 1.13 (CPU, float32, a tensor of 23 elements, so gelu none runs oneDNN): bit for bit
 * where PyTorch's result is exact (zeros and their signs, infinities, NaN, huge and tiny x),
 * within the golden bound of {@link GoldenTest} elsewhere. Each value is checked through the
 * scalar reference and through the fast path (the value repeated over several vectors, then the
 * scalar tail). Surefire runs this at every vector width.
 */
@Tag("simd-width")
class SmoothKnownValuesTest {
    private static final float MAX = Float.MAX_VALUE, TINY = Float.MIN_VALUE, NORMAL = Float.MIN_NORMAL;
    private static final float NAN = Float.NaN, INF = Float.POSITIVE_INFINITY;

    /** x, PyTorch's y (bits), PyTorch's dx at dy = 1 (bits), whether both are exact. */
    private record Known(float x, int y, int dx, boolean exact) {}

    private static Known exact(float x, int y, int dx) {
        return new Known(x, y, dx, true);
    }

    private static Known near(float x, int y, int dx) {
        return new Known(x, y, dx, false);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("gelu(approximate=none)", new Known[] {
                    near(-1f, 0xbe227688, 0xbdaaa148), exact(-0f, 0x00000000, 0x3f000000),
                    exact(0f, 0x00000000, 0x3f000000), near(1f, 0x3f57625e, 0x3f8aaa14),
                    exact(NAN, 0x7fc00000, 0x7fc00000), exact(INF, 0x7f800000, 0xffc00000),
                    exact(-INF, 0xffc00000, 0xffc00000), exact(MAX, 0x7f7fffff, 0x3f800000),
                    exact(-MAX, 0x00000000, 0x00000000), exact(TINY, 0x00000000, 0x3f000000),
                    exact(-TINY, 0x00000000, 0x3f000000), exact(1e-40f, 0x00008b61, 0x3f000000),
                    exact(-1e-40f, 0x80008b61, 0x3f000000), exact(NORMAL, 0x00400000, 0x3f000000),
                    exact(-NORMAL, 0x80400000, 0x3f000000), exact(20f, 0x41a00000, 0x3f800000),
                    exact(-20f, 0x00000000, 0x00000000), exact(100f, 0x42c80000, 0x3f800000),
                    exact(-100f, 0x00000000, 0x00000000), exact(1e10f, 0x501502f9, 0x3f800000),
                    exact(-1e10f, 0x00000000, 0x00000000), near(3f, 0x403fbda6, 0x3f81876f),
                    near(-3f, 0xbb84b4c0, 0xbc43b780)}),
                Arguments.of("gelu(approximate=tanh)", new Known[] {
                    near(-1f, 0xbe229e90, 0xbda9e914), exact(-0f, 0x80000000, 0x3f000000),
                    exact(0f, 0x00000000, 0x3f000000), near(1f, 0x3f57585c, 0x3f8a9e91),
                    exact(NAN, 0x7fc00000, 0x7fc00000), exact(INF, 0x7f800000, 0xffc00000),
                    exact(-INF, 0xffc00000, 0xffc00000), exact(MAX, 0x7f7fffff, 0xffc00000),
                    exact(-MAX, 0x80000000, 0xffc00000), exact(TINY, 0x00000000, 0x3f000000),
                    exact(-TINY, 0x80000000, 0x3f000000), exact(1e-40f, 0x00008b61, 0x3f000000),
                    exact(-1e-40f, 0x80008b61, 0x3f000000), exact(NORMAL, 0x00400000, 0x3f000000),
                    exact(-NORMAL, 0x80400000, 0x3f000000), exact(20f, 0x41a00000, 0x3f800000),
                    exact(-20f, 0x80000000, 0x00000000), exact(100f, 0x42c80000, 0x3f800000),
                    exact(-100f, 0x80000000, 0x00000000), exact(1e10f, 0x501502f9, 0x3f800000),
                    exact(-1e10f, 0x80000000, 0x00000000), near(3f, 0x403fc468, 0x3f817b98),
                    near(-3f, 0xbb6e6200, 0xbc3dcc10)}),
                Arguments.of("silu", new Known[] {
                    near(-1f, 0xbe89b2b1, 0x3d94217b), exact(-0f, 0x80000000, 0x3f000000),
                    exact(0f, 0x00000000, 0x3f000000), near(1f, 0x3f3b26a8, 0x3f6d7bd1),
                    exact(NAN, 0x7fc00000, 0x7fc00000), exact(INF, 0x7f800000, 0xffc00000),
                    exact(-INF, 0xffc00000, 0xffc00000), exact(MAX, 0x7f7fffff, 0x3f800000),
                    exact(-MAX, 0x80000000, 0x80000000), exact(TINY, 0x00000000, 0x3f000000),
                    exact(-TINY, 0x80000000, 0x3f000000), exact(1e-40f, 0x00008b61, 0x3f000000),
                    exact(-1e-40f, 0x80008b61, 0x3f000000), exact(NORMAL, 0x00400000, 0x3f000000),
                    exact(-NORMAL, 0x80400000, 0x3f000000), exact(20f, 0x41a00000, 0x3f800000),
                    near(-20f, 0xb3310d40, 0xb32832fd), exact(100f, 0x42c80000, 0x3f800000),
                    exact(-100f, 0x80000000, 0x80000000), exact(1e10f, 0x501502f9, 0x3f800000),
                    exact(-1e10f, 0x80000000, 0x80000000), near(3f, 0x4036e4ed, 0x3f8b46ff),
                    near(-3f, 0xbe11b139, 0xbdb46fed)}),
                Arguments.of("mish", new Known[] {
                    near(-1f, 0xbe9b5770, 0x3d728d46), exact(-0f, 0x80000000, 0x3f19999a),
                    exact(0f, 0x00000000, 0x3f19999a), near(1f, 0x3f5d7716, 0x3f8646d2),
                    exact(NAN, 0x7fc00000, 0x7fc00000), exact(INF, 0x7f800000, 0xffc00000),
                    exact(-INF, 0xffc00000, 0xffc00000), exact(MAX, 0x7f7fffff, 0x3f800000),
                    exact(-MAX, 0x80000000, 0x00000000), exact(TINY, 0x00000001, 0x3f19999a),
                    exact(-TINY, 0x80000001, 0x3f19999a), exact(1e-40f, 0x0000a741, 0x3f19999a),
                    exact(-1e-40f, 0x8000a741, 0x3f19999a), exact(NORMAL, 0x004ccccd, 0x3f19999a),
                    exact(-NORMAL, 0x804ccccd, 0x3f19999a), exact(20f, 0x41a00000, 0x3f800000),
                    near(-20f, 0xb3310d40, 0xb32832fd), exact(100f, 0x42c80000, 0x3f800000),
                    // exp(-100) is subnormal: within |x| 2^-149 of PyTorch (see Tolerance.MISH)
                    near(-100f, 0x80000a8c, 0x0000001b), exact(1e10f, 0x501502f9, 0x3f800000),
                    exact(-1e10f, 0x80000000, 0x00000000), near(3f, 0x403f2364, 0x3f82b3a2),
                    near(-3f, 0xbe15249c, 0xbdbf44e5)}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardAndBackwardMatchPyTorch(String spec, Known[] known) {
        ElementwiseActivation act = (ElementwiseActivation) Activations.parse(spec).withParallelism(Parallelism.serial());
        long bound = GoldenTest.MAX_ULPS.getOrDefault(spec, GoldenTest.MAX_ULPS.get(act.name()));
        Tolerance tolerance = Tolerance.of(act);
        int n = 3 * Math.max(Simd.FLOAT_LANES, 16) + 1;
        for (Known k : known) {
            float[] x = new float[n];
            Arrays.fill(x, k.x());
            float[] ones = new float[n];
            Arrays.fill(ones, 1f);
            float[] expectedY = new float[n], expectedDx = new float[n];
            Arrays.fill(expectedY, Float.intBitsToFloat(k.y()));
            Arrays.fill(expectedDx, Float.intBitsToFloat(k.dx()));
            long ulps = k.exact() ? 0 : bound;
            double[] forwardUnit = k.exact() ? null : Floats.forwardUnits(tolerance, x, 0, n);
            double[] backwardUnit = k.exact() ? null : Floats.backwardUnits(tolerance, x, 0, ones, 0, n);

            float[] y = new float[n], dx = new float[n];
            act.forwardReference(x, 0, y, 0, n);
            Floats.assertClose(spec + " reference forward x=" + k.x(), x, 0, expectedY, 0, y, 0, n, ulps, forwardUnit);
            act.backwardReference(x, 0, ones, 0, dx, 0, n);
            Floats.assertClose(spec + " reference backward x=" + k.x(), x, 0, expectedDx, 0, dx, 0, n, ulps, backwardUnit);
            act.forward(x, 0, y, 0, n);
            Floats.assertClose(spec + " forward x=" + k.x(), x, 0, expectedY, 0, y, 0, n, ulps, forwardUnit);
            act.backward(x, 0, ones, 0, dx, 0, n);
            Floats.assertClose(spec + " backward x=" + k.x(), x, 0, expectedDx, 0, dx, 0, n, ulps, backwardUnit);
        }
    }

    /** A zero gradient takes the sign of dy times +0 (dy * 0 is multiplied, not selected). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void zeroGradientTakesTheSignOfDy(String spec, Known[] ignored) {
        ElementwiseActivation act = (ElementwiseActivation) Activations.parse(spec);
        float x = spec.startsWith("gelu") ? -20f : -MAX;
        float[] xs = new float[33], dy = new float[33], dx = new float[33];
        Arrays.fill(xs, x);
        Arrays.fill(dy, -1f);
        act.backward(xs, 0, dy, 0, dx, 0, 33);
        float expected = spec.equals("silu") ? 0f : -0f; // silu: -1 * (-0.0) = +0.0
        for (float v : dx) {
            assertThat(Float.floatToRawIntBits(v)).as(spec + " dx at x=" + x + ", dy=-1").isEqualTo(Float.floatToRawIntBits(expected));
        }
    }
}
