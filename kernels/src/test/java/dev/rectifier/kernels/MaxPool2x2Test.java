package dev.rectifier.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rectifier.kernels.scalar.ScalarMaxPool2x2;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** 2x2 max pooling: the vector path against the scan, bit for bit, at every width around the vector lengths. */
@Tag("simd-width")
class MaxPool2x2Test {
    private static final float[] SPECIALS = {0f, -0f, 1f, -1f, 2f, Float.NaN, Float.NEGATIVE_INFINITY,
        Float.POSITIVE_INFINITY, Float.MIN_VALUE};

    @Test
    void vectorPathEqualsTheScanForEveryWidthAndSpecialValues() {
        SplittableRandom random = new SplittableRandom(5);
        for (int width = 0; width <= 2 * 2 * 16 + 3; width++) {
            for (int height : new int[] {0, 1, 2, 3, 6}) {
                int planes = 3, in = planes * height * width, out = planes * (height / 2) * (width / 2);
                float[] x = new float[5 + in];
                for (int i = 0; i < x.length; i++) {
                    // Mostly few distinct values, so that ties, signed zeros and NaNs meet in windows.
                    x[i] = random.nextInt(4) == 0 ? (float) random.nextGaussian() : SPECIALS[random.nextInt(SPECIALS.length)];
                }
                float[] expected = filled(2 + out), actual = filled(2 + out), eval = filled(2 + out);
                byte[] expectedArg = new byte[3 + out], actualArg = new byte[3 + out];
                Arrays.fill(expectedArg, (byte) 9);
                Arrays.fill(actualArg, (byte) 9);
                ScalarMaxPool2x2.forward(x, 5, planes, height, width, expected, 2, expectedArg, 3);
                MaxPool2x2.forward(x, 5, planes, height, width, actual, 2, actualArg, 3);
                MaxPool2x2.forward(x, 5, planes, height, width, eval, 2, null, 0);
                String what = planes + " planes of " + height + "x" + width;
                assertThat(bits(actual)).as("outputs, " + what).containsExactly(bits(expected));
                assertThat(bits(eval)).as("outputs without indices, " + what).containsExactly(bits(expected));
                assertThat(actualArg).as("indices, " + what).containsExactly(expectedArg);

                // Backward from those indices; stale values in dx must go, a -0.0 gradient lands as +0.0.
                float[] dy = new float[4 + out];
                for (int i = 0; i < dy.length; i++) {
                    dy[i] = random.nextInt(4) == 0 ? -0f : (float) random.nextGaussian();
                }
                float[] expectedDx = filled(1 + in), actualDx = filled(1 + in);
                ScalarMaxPool2x2.backward(dy, 4, expectedArg, 3, planes, height, width, expectedDx, 1);
                MaxPool2x2.backward(dy, 4, actualArg, 3, planes, height, width, actualDx, 1);
                assertThat(bits(actualDx)).as("dx, " + what).containsExactly(bits(expectedDx));
                assertThat(actualDx[0]).isEqualTo(42f);
                for (int i = 1; i <= in; i++) {
                    assertThat(Float.floatToRawIntBits(actualDx[i])).as("dx[%d] is never -0.0", i)
                            .isNotEqualTo(Float.floatToRawIntBits(-0f));
                }
            }
        }
    }

    @Test
    void scanKeepsTheFirstOfTiesAndTheLastNan() {
        // Windows (2x2 each): ties 7, 7 / signed zeros -0, +0 / NaN, 1, NaN, 2 / all -inf.
        float inf = Float.NEGATIVE_INFINITY, nan = Float.NaN;
        float[] x = {
            1, 7, -0f, 0f, nan, 1, inf, inf,
            7, 2, 0f, -0f, nan, 2, inf, inf};
        float[] y = new float[4];
        byte[] arg = new byte[4];
        MaxPool2x2.forward(x, 0, 1, 2, 8, y, 0, arg, 0);
        assertThat(y[0]).isEqualTo(7f);
        assertThat(Float.floatToRawIntBits(y[1])).isEqualTo(Float.floatToRawIntBits(-0f));
        assertThat(y[2]).isNaN();
        assertThat(y[3]).isEqualTo(inf);
        assertThat(arg).containsExactly(1, 0, 2, 0);
    }

    @Test
    void backwardSendsEachGradientToItsMaximum() {
        float[] dy = {5, -0f, 7};
        byte[] arg = {3, 0, 1};
        float[] dx = filled(2 * 7);
        MaxPool2x2.backward(dy, 0, arg, 0, 1, 2, 7, dx, 0);
        assertThat(dx).containsExactly(
                0, 0, 0, 0, 0, 7, 0,
                0, 5, 0, 0, 0, 0, 0);
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> MaxPool2x2.backward(new float[4], 0, new byte[3], 0, 1, 4, 4, new float[16], 0))
                .hasMessageContaining("argmax.length=3");
        assertThatThrownBy(() -> MaxPool2x2.backward(new float[4], 0, new byte[4], 0, 1, 4, 4, new float[16], 1))
                .hasMessageContaining("dx.length=16");
        assertThatThrownBy(() -> MaxPool2x2.forward(new float[16], 0, 1, 4, 4, new float[3], 0, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("y.length=3");
        assertThatThrownBy(() -> MaxPool2x2.forward(new float[15], 0, 1, 4, 4, new float[4], 0, null, 0))
                .hasMessageContaining("x.length=15");
        assertThatThrownBy(() -> MaxPool2x2.forward(new float[16], 0, 1, 4, 4, new float[4], 0, new byte[4], 1))
                .hasMessageContaining("argmax.length=4");
        assertThatThrownBy(() -> MaxPool2x2.forward(new float[16], 0, -1, 4, 4, new float[4], 0, null, 0))
                .hasMessage("planes=-1, height=4 and width=4 must not be negative");
        assertThatThrownBy(() -> MaxPool2x2.forward(null, 0, 1, 4, 4, new float[4], 0, null, 0))
                .isInstanceOf(NullPointerException.class).hasMessage("x is null");
    }

    private static float[] filled(int n) {
        float[] a = new float[n];
        Arrays.fill(a, 42f);
        return a;
    }

    private static int[] bits(float[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Float.floatToRawIntBits(a[i]);
        }
        return b;
    }
}
