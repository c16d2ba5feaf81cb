package dev.rectifier.kernels;

import static java.lang.Float.MAX_VALUE;
import static java.lang.Float.MIN_NORMAL;
import static java.lang.Float.MIN_VALUE;
import static java.lang.Float.NEGATIVE_INFINITY;
import static java.lang.Float.NaN;
import static java.lang.Float.POSITIVE_INFINITY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rectifier.kernels.TestSpecs.TestSpec;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known values of the smooth activations, forward and backward (dy = 1), against PyTorch 1.13
 * (CPU, float32; gelu none from a tensor of 23 elements, so through oneDNN): -1, -0.0, 0, 1,
 * NaN, +-inf, MAX/MIN_VALUE, subnormals, the kinks, and the overflow and underflow ranges. Rows
 * marked exact must match bit for bit (sign of zero included); the others, whose value comes
 * from exp, log1p, tanh or erf, within the bound {@link GoldenTest} states against PyTorch.
 * Each value is checked through the scalar reference and through the fast path (the value
 * repeated over several vectors, then the scalar tail). Surefire runs this at every vector width.
 */
@Tag("simd-width")
class SmoothKnownValuesTest {
    private static final float MAX = MAX_VALUE, TINY = MIN_VALUE, NORMAL = MIN_NORMAL;
    private static final float NAN = NaN, INF = POSITIVE_INFINITY;

    /** x, PyTorch's f(x) and f'(x) (dx for dy = 1), and whether both must match bit for bit. */
    record Row(float x, float y, float dx, boolean exact) {}

    private static Row exact(float x, float y, float dx) {
        return new Row(x, y, dx, true);
    }

    private static Row near(float x, float y, float dx) {
        return new Row(x, y, dx, false);
    }

    /** A row given by PyTorch's bit patterns. */
    private static Row exactBits(float x, int y, int dx) {
        return exact(x, Float.intBitsToFloat(y), Float.intBitsToFloat(dx));
    }

    private static Row nearBits(float x, int y, int dx) {
        return near(x, Float.intBitsToFloat(y), Float.intBitsToFloat(dx));
    }

    static Stream<Arguments> tables() {
        return Stream.of(
                Arguments.of("elu", List.of(
                        exact(-0f, 0f, 1f), // exp(-0) - 1 = +0: PyTorch gives +0.0, not -0.0
                        exact(0f, 0f, 1f), // x = 0 takes the exponential side: elu'(0) = alpha
                        exact(1f, 1f, 1f),
                        exact(NaN, NaN, NaN), // NaN fails x > 0: the exponential side, NaN gradient
                        exact(POSITIVE_INFINITY, POSITIVE_INFINITY, 1f),
                        exact(NEGATIVE_INFINITY, -1f, 0f),
                        exact(MAX_VALUE, MAX_VALUE, 1f),
                        exact(-MAX_VALUE, -1f, 0f),
                        exact(MIN_VALUE, MIN_VALUE, 1f),
                        exact(-MIN_VALUE, 0f, 1f), // exp rounds to 1: +0.0
                        exact(-MIN_NORMAL, 0f, 1f),
                        exact(-1e-40f, 0f, 1f),
                        exact(-1e-7f, -1.1920929e-7f, 0.9999999f), // exp(x) - 1 cancels, not expm1
                        exact(-104f, -1f, 0f),
                        exact(-103f, -1f, MIN_VALUE), // e^-103 rounds to the smallest subnormal
                        near(-1f, -0.63212055f, 0.36787945f),
                        near(-9.02f, -0.99987906f, 0.00012096607f),
                        near(-17.5f, -1f, 2.510999e-08f),
                        near(-87.5f, -1f, 9.982351e-39f),
                        near(-88.7f, -1f, 3.006636e-39f),
                        near(-100f, -1f, 3.8e-44f))),
                Arguments.of("elu(alpha=0.5)", List.of(
                        exact(0f, 0f, 0.5f),
                        exact(-0f, 0f, 0.5f),
                        exact(2f, 2f, 1f),
                        exact(NaN, NaN, NaN),
                        exact(NEGATIVE_INFINITY, -0.5f, 0f),
                        exact(-103f, -0.5f, 0f), // 0.5 * MIN_VALUE ties to even: +0
                        exact(-1e-7f, -5.9604645e-08f, 0.49999994f),
                        near(-1f, -0.31606027f, 0.18393973f),
                        near(-9.02f, -0.49993953f, 6.0483035e-05f))),
                Arguments.of("celu(alpha=0.5)", List.of(
                        exact(0f, 0f, 1f),
                        exact(-0f, 0f, 1f),
                        exact(1f, 1f, 1f),
                        exact(NaN, NaN, NaN),
                        exact(NEGATIVE_INFINITY, -0.5f, 0f),
                        exact(-87.5f, -0.5f, 0f), // e^(x / alpha) = e^-175 underflows
                        exact(-1e-7f, -8.940697e-08f, 0.9999998f),
                        near(-1f, -0.43233237f, 0.13533528f),
                        near(-17.5f, -0.5f, 6.305117e-16f))),
                Arguments.of("selu", List.of(
                        exact(0f, 0f, 1.7580993f), // the float product alpha * scale
                        exact(-0f, 0f, 1.7580993f),
                        exact(1f, 1.050701f, 1.050701f),
                        exact(NaN, NaN, NaN),
                        exact(POSITIVE_INFINITY, POSITIVE_INFINITY, 1.050701f),
                        exact(NEGATIVE_INFINITY, -1.7580993f, 0f),
                        exact(MAX_VALUE, POSITIVE_INFINITY, 1.050701f), // scale * x overflows
                        exact(1e-40f, 1.0507e-40f, 1.050701f),
                        exact(20f, 21.01402f, 1.050701f),
                        near(-1f, -1.1113307f, 0.6467686f),
                        near(-1e-7f, -2.0958177e-07f, 1.7580991f),
                        near(-9.02f, -1.7578866f, 0.00021267036f))),
                Arguments.of("softplus", List.of(
                        exact(POSITIVE_INFINITY, POSITIVE_INFINITY, 1f),
                        exact(NEGATIVE_INFINITY, 0f, 0f),
                        exact(NaN, NaN, NaN),
                        exact(MAX_VALUE, MAX_VALUE, 1f),
                        exact(-MAX_VALUE, 0f, 0f),
                        exact(20f, 20f, 1f), // beta x == threshold: the smooth branch, rounding to x
                        exact(Math.nextUp(20f), Math.nextUp(20f), 1f), // above: linear
                        exact(-104f, 0f, 0f),
                        near(0f, 0.6931472f, 0.5f),
                        near(-0f, 0.6931472f, 0.5f),
                        near(MIN_VALUE, 0.6931472f, 0.5f),
                        near(-1f, 0.3132617f, 0.26894143f),
                        near(1f, 1.3132616f, 0.7310586f),
                        near(10f, 10.000046f, 0.9999546f),
                        near(-17.5f, 2.510999e-08f, 2.510999e-08f),
                        near(-88.7f, 3.006637e-39f, 3.006636e-39f),
                        near(-103f, 0f, MIN_VALUE))), // PyTorch's log1p flushes MIN_VALUE; ours keeps it (1 ulp)
                Arguments.of("softplus(beta=2.0,threshold=10.0)", List.of(
                        exact(Math.nextUp(5f), Math.nextUp(5f), 1f), // beta x just above 10: linear
                        exact(NEGATIVE_INFINITY, 0f, 0f),
                        exact(-88.7f, 0f, 0f),
                        near(5f, 5.000023f, 0.9999546f), // beta x == 10: still smooth
                        near(0f, 0.3465736f, 0.5f),
                        near(-1f, 0.06346401f, 0.11920292f),
                        near(-17.5f, 3.1525584e-16f, 6.305117e-16f))),
                Arguments.of("sigmoid", List.of(
                        exact(0f, 0.5f, 0.25f),
                        exact(-0f, 0.5f, 0.25f),
                        exact(MIN_VALUE, 0.5f, 0.25f),
                        exact(NaN, NaN, NaN),
                        exact(POSITIVE_INFINITY, 1f, 0f),
                        exact(NEGATIVE_INFINITY, 0f, 0f),
                        exact(MAX_VALUE, 1f, 0f),
                        exact(-MAX_VALUE, 0f, 0f),
                        exact(20f, 1f, 0f),
                        exact(-103f, 0f, 0f), // exp(103) overflows: 0, not the subnormal e^-103
                        near(-88.7f, 3.006636e-39f, 3.006636e-39f), // exp(88.7) does not: subnormal
                        near(-1f, 0.26894143f, 0.19661194f),
                        near(1f, 0.7310586f, 0.19661193f),
                        near(10f, 0.9999546f, 4.5416677e-05f),
                        near(-17.5f, 2.5109992e-08f, 2.5109992e-08f))),
                Arguments.of("tanh", List.of(
                        exact(-0f, -0f, 1f),
                        exact(0f, 0f, 1f),
                        exact(NaN, NaN, NaN),
                        exact(POSITIVE_INFINITY, 1f, 0f),
                        exact(NEGATIVE_INFINITY, -1f, 0f),
                        exact(MAX_VALUE, 1f, 0f),
                        exact(-MAX_VALUE, -1f, 0f),
                        exact(MIN_VALUE, MIN_VALUE, 1f),
                        exact(-1e-40f, -1e-40f, 1f),
                        exact(-1e-7f, -1e-7f, 1f),
                        exact(9.02f, 1f, 0f),
                        exact(-16.7f, -1f, 0f),
                        near(1f, 0.7615942f, 0.4199743f),
                        near(-1f, -0.7615942f, 0.4199743f),
                        near(5f, 0.9999092f, 0.00018154751f))),
                Arguments.of("gelu(approximate=none)", List.of(
                        nearBits(-1f, 0xbe227688, 0xbdaaa148), exactBits(-0f, 0x00000000, 0x3f000000),
                        exactBits(0f, 0x00000000, 0x3f000000), nearBits(1f, 0x3f57625e, 0x3f8aaa14),
                        exactBits(NAN, 0x7fc00000, 0x7fc00000), exactBits(INF, 0x7f800000, 0xffc00000),
                        exactBits(-INF, 0xffc00000, 0xffc00000), exactBits(MAX, 0x7f7fffff, 0x3f800000),
                        exactBits(-MAX, 0x00000000, 0x00000000), exactBits(TINY, 0x00000000, 0x3f000000),
                        exactBits(-TINY, 0x00000000, 0x3f000000), exactBits(1e-40f, 0x00008b61, 0x3f000000),
                        exactBits(-1e-40f, 0x80008b61, 0x3f000000), exactBits(NORMAL, 0x00400000, 0x3f000000),
                        exactBits(-NORMAL, 0x80400000, 0x3f000000), exactBits(20f, 0x41a00000, 0x3f800000),
                        exactBits(-20f, 0x00000000, 0x00000000), exactBits(100f, 0x42c80000, 0x3f800000),
                        exactBits(-100f, 0x00000000, 0x00000000), exactBits(1e10f, 0x501502f9, 0x3f800000),
                        exactBits(-1e10f, 0x00000000, 0x00000000), nearBits(3f, 0x403fbda6, 0x3f81876f),
                        nearBits(-3f, 0xbb84b4c0, 0xbc43b780))),
                Arguments.of("gelu(approximate=tanh)", List.of(
                        nearBits(-1f, 0xbe229e90, 0xbda9e914), exactBits(-0f, 0x80000000, 0x3f000000),
                        exactBits(0f, 0x00000000, 0x3f000000), nearBits(1f, 0x3f57585c, 0x3f8a9e91),
                        exactBits(NAN, 0x7fc00000, 0x7fc00000), exactBits(INF, 0x7f800000, 0xffc00000),
                        exactBits(-INF, 0xffc00000, 0xffc00000), exactBits(MAX, 0x7f7fffff, 0xffc00000),
                        exactBits(-MAX, 0x80000000, 0xffc00000), exactBits(TINY, 0x00000000, 0x3f000000),
                        exactBits(-TINY, 0x80000000, 0x3f000000), exactBits(1e-40f, 0x00008b61, 0x3f000000),
                        exactBits(-1e-40f, 0x80008b61, 0x3f000000), exactBits(NORMAL, 0x00400000, 0x3f000000),
                        exactBits(-NORMAL, 0x80400000, 0x3f000000), exactBits(20f, 0x41a00000, 0x3f800000),
                        exactBits(-20f, 0x80000000, 0x00000000), exactBits(100f, 0x42c80000, 0x3f800000),
                        exactBits(-100f, 0x80000000, 0x00000000), exactBits(1e10f, 0x501502f9, 0x3f800000),
                        exactBits(-1e10f, 0x80000000, 0x00000000), nearBits(3f, 0x403fc468, 0x3f817b98),
                        nearBits(-3f, 0xbb6e6200, 0xbc3dcc10))),
                Arguments.of("silu", List.of(
                        nearBits(-1f, 0xbe89b2b1, 0x3d94217b), exactBits(-0f, 0x80000000, 0x3f000000),
                        exactBits(0f, 0x00000000, 0x3f000000), nearBits(1f, 0x3f3b26a8, 0x3f6d7bd1),
                        exactBits(NAN, 0x7fc00000, 0x7fc00000), exactBits(INF, 0x7f800000, 0xffc00000),
                        exactBits(-INF, 0xffc00000, 0xffc00000), exactBits(MAX, 0x7f7fffff, 0x3f800000),
                        exactBits(-MAX, 0x80000000, 0x80000000), exactBits(TINY, 0x00000000, 0x3f000000),
                        exactBits(-TINY, 0x80000000, 0x3f000000), exactBits(1e-40f, 0x00008b61, 0x3f000000),
                        exactBits(-1e-40f, 0x80008b61, 0x3f000000), exactBits(NORMAL, 0x00400000, 0x3f000000),
                        exactBits(-NORMAL, 0x80400000, 0x3f000000), exactBits(20f, 0x41a00000, 0x3f800000),
                        nearBits(-20f, 0xb3310d40, 0xb32832fd), exactBits(100f, 0x42c80000, 0x3f800000),
                        exactBits(-100f, 0x80000000, 0x80000000), exactBits(1e10f, 0x501502f9, 0x3f800000),
                        exactBits(-1e10f, 0x80000000, 0x80000000), nearBits(3f, 0x4036e4ed, 0x3f8b46ff),
                        nearBits(-3f, 0xbe11b139, 0xbdb46fed))),
                Arguments.of("mish", List.of(
                        nearBits(-1f, 0xbe9b5770, 0x3d728d46), exactBits(-0f, 0x80000000, 0x3f19999a),
                        exactBits(0f, 0x00000000, 0x3f19999a), nearBits(1f, 0x3f5d7716, 0x3f8646d2),
                        exactBits(NAN, 0x7fc00000, 0x7fc00000), exactBits(INF, 0x7f800000, 0xffc00000),
                        exactBits(-INF, 0xffc00000, 0xffc00000), exactBits(MAX, 0x7f7fffff, 0x3f800000),
                        exactBits(-MAX, 0x80000000, 0x00000000), exactBits(TINY, 0x00000001, 0x3f19999a),
                        exactBits(-TINY, 0x80000001, 0x3f19999a), exactBits(1e-40f, 0x0000a741, 0x3f19999a),
                        exactBits(-1e-40f, 0x8000a741, 0x3f19999a), exactBits(NORMAL, 0x004ccccd, 0x3f19999a),
                        exactBits(-NORMAL, 0x804ccccd, 0x3f19999a), exactBits(20f, 0x41a00000, 0x3f800000),
                        nearBits(-20f, 0xb3310d40, 0xb32832fd), exactBits(100f, 0x42c80000, 0x3f800000),
                        // exp(-100) is subnormal: within |x| 2^-149 of PyTorch (see Tolerance.MISH)
                        nearBits(-100f, 0x80000a8c, 0x0000001b), exactBits(1e10f, 0x501502f9, 0x3f800000),
                        exactBits(-1e10f, 0x80000000, 0x00000000), nearBits(3f, 0x403f2364, 0x3f82b3a2),
                        nearBits(-3f, 0xbe15249c, 0xbdbf44e5))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void forwardAndBackwardKnownValues(String spec, List<Row> rows) {
        ElementwiseActivation act = (ElementwiseActivation) Activations.parse(spec).withParallelism(Parallelism.serial());
        TestSpec bound = GoldenTest.bound(spec, act.name());
        Tolerance tolerance = Tolerance.of(act);
        int n = 3 * Math.max(Simd.FLOAT_LANES, 16) + 1;
        float[] ones = new float[n];
        Arrays.fill(ones, 1f);
        for (Row r : rows) {
            float[] x = new float[n];
            Arrays.fill(x, r.x());
            float[] expectedY = new float[n], expectedDx = new float[n];
            Arrays.fill(expectedY, r.y());
            Arrays.fill(expectedDx, r.dx());
            long ulps = r.exact() ? 0 : bound.maxUlps();
            double[] forwardUnit = r.exact() ? null : Floats.forwardUnits(tolerance, x, 0, n);
            double[] backwardUnit = r.exact() ? null : Floats.backwardUnits(tolerance, x, 0, ones, 0, n);
            double forwardAbs = r.exact() ? 0 : bound.forwardAbs();
            double backwardAbs = r.exact() ? 0 : bound.backwardAbs();

            float[] y = new float[n], dx = new float[n];
            act.forwardReference(x, 0, y, 0, n);
            Floats.assertClose(spec + " reference forward x=" + r.x(), x, 0, expectedY, 0, y, 0, n,
                    ulps, forwardUnit, forwardAbs, null, 0);
            act.backwardReference(x, 0, ones, 0, dx, 0, n);
            Floats.assertClose(spec + " reference backward x=" + r.x(), x, 0, expectedDx, 0, dx, 0, n,
                    ulps, backwardUnit, backwardAbs, ones, 0);
            act.forward(x, 0, y, 0, n);
            Floats.assertClose(spec + " forward x=" + r.x() + " " + Simd.describe(), x, 0, expectedY, 0, y, 0, n,
                    ulps, forwardUnit, forwardAbs, null, 0);
            act.backward(x, 0, ones, 0, dx, 0, n);
            Floats.assertClose(spec + " backward x=" + r.x() + " " + Simd.describe(), x, 0, expectedDx, 0, dx, 0, n,
                    ulps, backwardUnit, backwardAbs, ones, 0);
        }
    }

    /**
     * A zero gradient takes the sign of dy times +0 (dy * 0 is multiplied, not selected), far
     * out on the negative side where every one of these functions has a zero derivative.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void zeroGradientTakesTheSignOfDy(String spec, List<Row> ignored) {
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
