package dev.rectifier.kernels;

import static java.lang.Float.MAX_VALUE;
import static java.lang.Float.MIN_NORMAL;
import static java.lang.Float.MIN_VALUE;
import static java.lang.Float.NEGATIVE_INFINITY;
import static java.lang.Float.NaN;
import static java.lang.Float.POSITIVE_INFINITY;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known values of the smooth activations, forward and backward (dy = 1), on the vector path and
 * the scalar reference: -1, -0.0, 0, 1, NaN, +-inf, MAX/MIN_VALUE, subnormals, the kinks, and the
 * overflow and underflow ranges. Expected values are PyTorch 1.13's (CPU, float32). Rows marked
 * exact must match bit for bit (sign of zero included); the others, whose value comes from
 * exp/log1p/tanh, within the bound GoldenTest states against PyTorch.
 */
@Tag("simd-width")
class SmoothKnownValuesTest {
    /** x, PyTorch's f(x) and f'(x) (dx for dy = 1), and whether both must match bit for bit. */
    record Row(float x, float y, float dx, boolean exact) {}

    private static Row exact(float x, float y, float dx) {
        return new Row(x, y, dx, true);
    }

    private static Row near(float x, float y, float dx) {
        return new Row(x, y, dx, false);
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
                        near(5f, 0.9999092f, 0.00018154751f))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void forwardAndBackwardKnownValues(String spec, List<Row> rows) {
        ElementwiseActivation act = (ElementwiseActivation) Activations.parse(spec).withParallelism(Parallelism.serial());
        String name = act.name();
        long ulps = GoldenTest.MAX_ULPS.get(name);
        double[] abs = GoldenTest.ABSOLUTE.getOrDefault(name, new double[2]);
        // Repeat the rows past 3 vector lengths so that each value goes through the vector body
        // and the scalar tail.
        int n = Math.max(3 * Simd.FLOAT_LANES + 1, rows.size()) + rows.size();
        float[] x = new float[n], y = new float[n], dx = new float[n], dy = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = rows.get(i % rows.size()).x();
        }
        Arrays.fill(dy, 1f);
        for (boolean reference : new boolean[] {false, true}) {
            if (reference) {
                act.forwardReference(x, 0, y, 0, n);
                act.backwardReference(x, 0, dy, 0, dx, 0, n);
            } else {
                act.forward(x, 0, y, 0, n);
                act.backward(x, 0, dy, 0, dx, 0, n);
            }
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Row r = rows.get(i % rows.size());
                check(failures, "f", i, r, r.y(), y[i], ulps, abs[0]);
                check(failures, "f'", i, r, r.dx(), dx[i], ulps, abs[1]);
            }
            if (!failures.isEmpty()) {
                throw new AssertionError(spec + (reference ? " reference" : " " + Simd.describe()) + ":"
                        + String.join("", failures.subList(0, Math.min(12, failures.size()))));
            }
        }
    }

    private static void check(List<String> failures, String what, int i, Row r, float expected, float actual,
                              long ulps, double abs) {
        boolean ok = r.exact()
                ? Floats.same(expected, actual)
                : Floats.ulps(expected, actual) <= ulps || Math.abs((double) expected - actual) <= abs;
        if (!ok) {
            failures.add(String.format("%n  [%d] %s(%s): expected %s (%08x), actual %s (%08x)%s", i, what, r.x(),
                    expected, Float.floatToRawIntBits(expected), actual, Float.floatToRawIntBits(actual),
                    r.exact() ? " bit for bit" : ", " + Floats.ulps(expected, actual) + " ulp"));
        }
    }
}
