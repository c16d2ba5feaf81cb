package dev.rectifier.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Known values, forward and backward, for relu6, threshold, hardswish, rrelu (evaluation),
 * prelu and identity: -1, -0.0, 0, 1, NaN, +-inf, +-MAX_VALUE, +-MIN_VALUE and each kink, as
 * PyTorch 1.13's float32 CPU kernels give them (hardswish's from torch directly). Each table is
 * tiled past three vector lengths, so the vector body and the scalar tail both see every value.
 */
@Tag("simd-width")
class KnownValuesTest {
    private static final float NAN = Float.NaN, INF = Float.POSITIVE_INFINITY, MAX = Float.MAX_VALUE, MIN = Float.MIN_VALUE;
    private static final float DY = -2f;

    /** y and dx (for dy = -2) of {@code spec} at {@code x}, bit for bit, fast path and reference. */
    private static void check(String spec, float[] x, float[] y, float[] dx) {
        ElementwiseActivation act = (ElementwiseActivation) Activations.parse(spec);
        int tiles = 3 * Math.max(Simd.FLOAT_LANES, 16) / x.length + 2;
        int n = tiles * x.length;
        float[] xs = new float[n], ys = new float[n], dxs = new float[n], dys = new float[n];
        for (int i = 0; i < n; i++) {
            xs[i] = x[i % x.length];
            ys[i] = y[i % x.length];
            dxs[i] = dx[i % x.length];
            dys[i] = DY;
        }
        float[] out = new float[n];
        act.forward(xs, 0, out, 0, n);
        Floats.assertClose(spec + " forward", xs, 0, ys, 0, out, 0, n, 0);
        act.forwardReference(xs, 0, out, 0, n);
        Floats.assertClose(spec + " reference forward", xs, 0, ys, 0, out, 0, n, 0);
        act.backward(xs, 0, dys, 0, out, 0, n);
        Floats.assertClose(spec + " backward", xs, 0, dxs, 0, out, 0, n, 0);
        act.backwardReference(xs, 0, dys, 0, out, 0, n);
        Floats.assertClose(spec + " reference backward", xs, 0, dxs, 0, out, 0, n, 0);
    }

    private static float up(float f) {
        return Math.nextUp(f);
    }

    private static float down(float f) {
        return Math.nextDown(f);
    }

    @Test
    void relu6() {
        float six = 6f;
        check("relu6",
                new float[] {-1, -0f, 0, 1, NAN, INF, -INF, MAX, -MAX, MIN, -MIN, six, down(six), up(six), 3},
                new float[] {0, -0f, 0, 1, NAN, 6, 0, 6, 0, MIN, 0, 6, down(six), 6, 3},
                // Zero at both kinks and at NaN, and +0.0 whatever the sign of dy.
                new float[] {0, 0, 0, DY, 0, 0, 0, 0, 0, DY, 0, 0, DY, 0, DY});
    }

    @Test
    void relu6BackwardFromOutputEqualsBackwardFromInput() {
        Relu6 act = Activations.relu6();
        float[] x = Floats.inputs(new java.util.SplittableRandom(6), 1000);
        float[] dy = Floats.gradients(new java.util.SplittableRandom(7), 1000);
        float[] y = new float[1000], fromX = new float[1000], fromY = new float[1000];
        act.forward(x, 0, y, 0, 1000);
        act.backward(x, 0, dy, 0, fromX, 0, 1000);
        act.backwardFromOutput(y, 0, dy, 0, fromY, 0, 1000);
        Floats.assertClose("relu6 from y vs from x", x, 0, fromX, 0, fromY, 0, 1000, 0);
    }

    @Test
    void threshold() {
        float t = 0.1f; // compared as a float, as PyTorch's float kernel does
        check("threshold(threshold=0.1,value=20.0)",
                new float[] {-1, -0f, 0, 1, NAN, INF, -INF, MAX, -MAX, MIN, t, up(t), down(t)},
                new float[] {20, 20, 20, 1, NAN, INF, 20, MAX, 20, 20, 20, up(t), 20},
                // x <= threshold blocks (at the threshold too); NaN passes dy.
                new float[] {0, 0, 0, DY, DY, DY, 0, DY, 0, 0, 0, DY, 0});
        check("threshold(threshold=0.0,value=-0.0)",
                new float[] {-1, -0f, 0, MIN, -MIN, NAN},
                new float[] {-0f, -0f, -0f, MIN, -0f, NAN},
                new float[] {0, 0, 0, DY, 0, DY});
    }

    @Test
    void hardswish() {
        float[] x = {-1, -0f, 0, 1, NAN, INF, -INF, MAX, -MAX, MIN, -MIN, -3, 3, down(-3), up(3), down(3), 6, -1.5f, 2.5f};
        int[] y = {0xbeaaaaab, 0x80000000, 0x00000000, 0x3f2aaaab, 0x7fc00000, 0x7f800000, 0x7fc00000, 0x7f800000,
            0x80000000, 0x00000000, 0x80000000, 0x80000000, 0x40400000, 0x80000000, 0x40400001, 0x403fffff,
            0x40c00000, 0xbec00000, 0x4012aaab};
        int[] dx = {0xbeaaaaaa, 0xbf800000, 0xbf800000, 0xbfd55556, 0x7fc00000, 0xc0000000, 0x00000000, 0xc0000000,
            0x00000000, 0xbf800000, 0xbf800000, 0x3f800000, 0xc0000000, 0x00000000, 0xc0000000, 0xc0400000,
            0xc0000000, 0x80000000, 0xc02aaaaa};
        check("hardswish", x, bits(y), bits(dx));
    }

    @Test
    void rreluInEvaluationIsLeakyReluWithTheMeanSlope() {
        float a = Float.intBitsToFloat(0x3e6aaaab); // (float) ((1/8 + 1/3) / 2), PyTorch's value
        assertThat(Activations.rrelu().slope()).isEqualTo(a);
        check("rrelu",
                new float[] {-1, -0f, 0, 1, NAN, INF, -INF, -MIN},
                new float[] {-a, -0f, 0, 1, NAN, INF, -INF, -0f},
                // The slope at 0 and at NaN, as leaky_relu.
                new float[] {DY * a, DY * a, DY * a, DY, DY * a, DY, DY * a, DY * a});
    }

    @Test
    void prelu() {
        float w = 0.25f;
        check("prelu",
                new float[] {-1, -0f, 0, 1, NAN, INF, -INF, MAX, -MAX, MIN, -MIN},
                new float[] {-w, -0f, 0, 1, NAN, INF, -INF, MAX, -MAX * w, MIN, -0f},
                new float[] {DY * w, DY * w, DY * w, DY, DY * w, DY, DY * w, DY, DY * w, DY, DY * w});
        // A negative slope flips the sign of zeros: w * -0.0 = +0.0.
        check("prelu(num_parameters=1,init=-0.5)",
                new float[] {-0f, 0, -1, NAN},
                new float[] {0, -0f, 0.5f, NAN},
                new float[] {1, 1, 1, 1});
    }

    @Test
    void identity() {
        float oddNan = Float.intBitsToFloat(0x7fc01234);
        float[] x = {-1, -0f, 0, 1, NAN, INF, -INF, MAX, -MAX, MIN, -MIN, oddNan};
        float[] dx = new float[x.length];
        java.util.Arrays.fill(dx, DY);
        check("identity", x, x, dx);
        // Bits, NaN payload included, go through unchanged.
        float[] y = new float[x.length];
        Activations.identity().forward(x, 0, y, 0, x.length);
        assertThat(Float.floatToRawIntBits(y[x.length - 1])).isEqualTo(0x7fc01234);
    }

    private static float[] bits(int[] b) {
        float[] f = new float[b.length];
        for (int i = 0; i < b.length; i++) {
            f[i] = Float.intBitsToFloat(b[i]);
        }
        return f;
    }
}
