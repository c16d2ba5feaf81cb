package dev.rectifier.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rectifier.kernels.Parallelism;
import dev.rectifier.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PoolingTest {
    private static final Context EVAL = Context.eval(Parallelism.serial());
    private static final Context TRAIN = Context.train(Parallelism.serial());
    private static final float NAN = Float.NaN;
    private static final float NEG_INF = Float.NEGATIVE_INFINITY;

    @Test
    void maxPoolTiesGoToTheFirstMaximumAndNanPropagatesAsInPyTorch() {
        // torch.nn.functional.max_pool2d(x, 2, return_indices=True) on this input gives
        // values [[nan, nan], [-inf, 5]] and indices [[5, 7], [8, 10]] (PyTorch 1.13, CPU).
        Tensor x = Tensor.of(new float[] {
                1, 3, 3, 0,
                3, NAN, 2, NAN,
                NEG_INF, NEG_INF, 5, 5,
                NEG_INF, NEG_INF, 5, 5}, 1, 1, 4, 4);
        MaxPool2d pool = new MaxPool2d(2);
        Tensor y = pool.forward(x, TRAIN);
        assertThat(y.toArray()).containsExactly(NAN, NAN, NEG_INF, 5f);
        Tensor dx = pool.backward(Tensor.zeros(1, 1, 2, 2).fill(1f));
        float[] expected = new float[16];
        expected[5] = expected[7] = expected[8] = expected[10] = 1;
        assertThat(dx.toArray()).containsExactly(expected);
    }

    @Test
    void maxPoolNanAnywhereInTheWindowWinsAndTheLastNanTakesTheGradient() {
        Tensor x = Tensor.of(new float[] {NAN, 9, 1, NAN}, 1, 1, 2, 2);
        MaxPool2d pool = new MaxPool2d(2);
        assertThat(pool.forward(x, TRAIN).toArray()).containsExactly(NAN);
        assertThat(pool.backward(Tensor.of(new float[] {2}, 1, 1, 1, 1)).toArray()).containsExactly(0f, 0f, 0f, 2f);
    }

    @Test
    void maxPoolSignedZeroTiesKeepTheFirstAsPyTorch() {
        // PyTorch scans with ">": of -0.0 and +0.0, whichever comes first is kept. PyTorch 1.13
        // gives values [-0.0, 0.0, 0.0], indices [0, 2, 4].
        Tensor x = Tensor.of(new float[] {-0f, 0f, 0f, -0f, 0f, -0f, -0f, 0f, -1f, -0f, -2f, 0f}, 1, 1, 2, 6);
        MaxPool2d pool = new MaxPool2d(2);
        Tensor y = pool.forward(x, TRAIN);
        assertThat(Float.floatToRawIntBits(y.at(0))).isEqualTo(Float.floatToRawIntBits(-0f));
        assertThat(Float.floatToRawIntBits(y.at(1))).isEqualTo(Float.floatToRawIntBits(0f));
        assertThat(Float.floatToRawIntBits(y.at(2))).isEqualTo(Float.floatToRawIntBits(0f));
        Tensor dx = pool.backward(Tensor.of(new float[] {1, 2, 3}, 1, 1, 1, 3));
        assertThat(dx.toArray()).containsExactly(1, 0, 2, 0, 3, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void maxPoolOfTiesPicksTheFirstInTrainingAndEvaluation() {
        Tensor x = Tensor.of(new float[] {1, 7, 7, 7, 7, 7, 2, 7}, 1, 1, 2, 4);
        MaxPool2d pool = new MaxPool2d(2);
        assertThat(pool.forward(x, Context.eval(Parallelism.serial())).toArray()).containsExactly(7f, 7f);
        pool.forward(x, TRAIN);
        assertThat(pool.backward(Tensor.of(new float[] {1, 2}, 1, 1, 1, 2)).toArray()).containsExactly(0, 1, 2, 0, 0, 0, 0, 0);
    }

    @Test
    void maxPoolWithPaddingNeverPicksThePadding() {
        // All-negative input: -inf padding must lose to every real element.
        Tensor x = Tensor.of(new float[] {-5, -4, -3, -2, -1, -6, -7, -8, -9}, 1, 1, 3, 3);
        MaxPool2d pool = new MaxPool2d(Window2d.of(2).stride(2).padding(1));
        assertThat(pool.forward(x, EVAL).toArray()).containsExactly(-5f, -3f, -2f, -1f);
    }

    @Test
    void maxPoolMatchesADirectReferenceWithOverlapAndDilation() {
        SplittableRandom random = new SplittableRandom(1);
        Window2d w = Window2d.of(3, 2).stride(2, 1).padding(1, 1).dilation(1, 2);
        Tensor x = GradientCheck.randomTensor(random, 1, 2, 3, 7, 6);
        Tensor y = new MaxPool2d(w).forward(x, EVAL);
        int[] hw = w.outputSize("test", 7, 6);
        int k = 0;
        for (int plane = 0; plane < 6; plane++) {
            for (int oh = 0; oh < hw[0]; oh++) {
                for (int ow = 0; ow < hw[1]; ow++) {
                    float max = NEG_INF;
                    for (int i = 0; i < 3; i++) {
                        for (int j = 0; j < 2; j++) {
                            int ih = oh * 2 - 1 + i, iw = ow - 1 + 2 * j;
                            if (ih >= 0 && ih < 7 && iw >= 0 && iw < 6) {
                                max = Math.max(max, x.at(plane * 42 + ih * 6 + iw));
                            }
                        }
                    }
                    assertThat(y.at(k)).as("output %d", k).isEqualTo(max);
                    k++;
                }
            }
        }
        assertThat(k).isEqualTo(y.size());
    }

    @Test
    void maxPoolTwoByTwoFastPathFollowsPyTorchsScanOnSpecialValues() {
        SplittableRandom random = new SplittableRandom(9);
        float[] specials = {0f, -0f, 1f, -1f, Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
        // Even sizes, and odd ones whose last row and column belong to no window.
        for (int[] hw : new int[][] {{6, 8}, {7, 9}, {5, 4}}) {
            int height = hw[0], width = hw[1], outH = height / 2, outW = width / 2, plane = height * width;
            Tensor x = Tensor.zeros(3, 2, height, width);
            for (int i = 0; i < x.size(); i++) {
                x.data()[i] = random.nextInt(3) == 0 ? (float) random.nextGaussian() : specials[random.nextInt(specials.length)];
            }
            MaxPool2d pool = new MaxPool2d(2);
            Tensor y = pool.forward(x, TRAIN);
            // Gradients with signed zeros: a -0.0 lands as 0 + -0.0 = +0.0, as PyTorch's "+=".
            Tensor gy = Tensor.zeros(y.shape());
            for (int i = 0; i < gy.size(); i++) {
                gy.data()[i] = random.nextInt(4) == 0 ? -0f : (float) random.nextGaussian();
            }
            // Stale values in the gradient buffer must not survive: run backward twice.
            pool.backward(Tensor.zeros(y.shape()).fill(7f));
            Tensor dx = pool.backward(gy);
            float[] expectedDx = new float[x.size()];
            for (int p = 0, o = 0; p < 6; p++) {
                for (int oh = 0; oh < outH; oh++) {
                    for (int ow = 0; ow < outW; ow++, o++) {
                        float max = NEG_INF;
                        int arg = p * plane + oh * 2 * width + ow * 2;
                        for (int i = 0; i < 2; i++) {
                            for (int j = 0; j < 2; j++) {
                                int at = p * plane + (oh * 2 + i) * width + ow * 2 + j;
                                float v = x.at(at);
                                if (v > max || Float.isNaN(v)) {
                                    max = v;
                                    arg = at;
                                }
                            }
                        }
                        expectedDx[arg] += gy.at(o);
                        assertThat(Float.floatToIntBits(y.at(o))).as("output %d", o).isEqualTo(Float.floatToIntBits(max));
                    }
                }
            }
            float[] actual = dx.toArray();
            for (int i = 0; i < actual.length; i++) {
                assertThat(Float.floatToRawIntBits(actual[i])).as("dx[%d] of %dx%d", i, height, width)
                        .isEqualTo(Float.floatToRawIntBits(expectedDx[i]));
            }
        }
    }

    @Test
    void maxPoolGradientsWithOverlappingWindows() {
        SplittableRandom random = new SplittableRandom(2);
        GradientCheck.check(new MaxPool2d(Window2d.of(3).stride(2).padding(1)),
                GradientCheck.randomTensor(random, 1, 2, 3, 7, 7), 3, 60);
        GradientCheck.check(new MaxPool2d(Window2d.of(2, 3).stride(1, 2).dilation(2, 1)),
                GradientCheck.randomTensor(random, 1, 2, 2, 6, 7), 4, 60);
    }

    @Test
    void maxPoolWithMoreThan256ElementsPerWindowKeepsIntIndices() {
        SplittableRandom random = new SplittableRandom(3);
        Tensor x = GradientCheck.randomTensor(random, 1, 2, 2, 17, 17);
        MaxPool2d pool = new MaxPool2d(17);
        Tensor y = pool.forward(x, TRAIN);
        Tensor dx = pool.backward(Tensor.zeros(2, 2, 1, 1).fill(1f));
        for (int plane = 0; plane < 4; plane++) {
            int arg = 0;
            for (int i = 1; i < 289; i++) {
                if (x.at(plane * 289 + i) > x.at(plane * 289 + arg)) {
                    arg = i;
                }
            }
            assertThat(y.at(plane)).isEqualTo(x.at(plane * 289 + arg));
            assertThat(dx.at(plane * 289 + arg)).isEqualTo(1f);
        }
        assertThat(sum(dx)).isEqualTo(4.0);
    }

    @Test
    void avgPoolMatchesPyTorchWithPadding() {
        // F.avg_pool2d(arange(16).reshape(1, 1, 4, 4), 3, 2, 1) and with count_include_pad=False.
        Tensor x = Tensor.zeros(1, 1, 4, 4);
        for (int i = 0; i < 16; i++) {
            x.data()[i] = i;
        }
        Window2d w = Window2d.of(3).stride(2).padding(1);
        assertThat(new AvgPool2d(w, true).forward(x, EVAL).toArray())
                .containsExactly(10f / 9, 24f / 9, 51f / 9, 90f / 9);
        assertThat(new AvgPool2d(w, false).forward(x, EVAL).toArray())
                .containsExactly(2.5f, 4f, 8.5f, 10f);
    }

    @Test
    void avgPoolGradientsWithOverlappingWindowsAndPadding() {
        SplittableRandom random = new SplittableRandom(4);
        GradientCheck.check(new AvgPool2d(Window2d.of(3).stride(2).padding(1), true),
                GradientCheck.randomTensor(random, 1, 2, 2, 7, 6), 5, 60);
        GradientCheck.check(new AvgPool2d(Window2d.of(3, 2).stride(1).padding(1, 1), false),
                GradientCheck.randomTensor(random, 1, 2, 2, 5, 6), 6, 60);
        GradientCheck.check(new AvgPool2d(2), GradientCheck.randomTensor(random, 1, 3, 2, 4, 6), 7, 60);
    }

    @Test
    void globalAveragePoolingIsThePlaneMean() {
        SplittableRandom random = new SplittableRandom(5);
        Tensor x = GradientCheck.randomTensor(random, 1, 3, 4, 5, 6);
        GlobalAvgPool2d pool = new GlobalAvgPool2d();
        Tensor y = pool.forward(x, EVAL);
        assertThat(y.shape()).containsExactly(3, 4);
        for (int p = 0; p < 12; p++) {
            double s = 0;
            for (int i = 0; i < 30; i++) {
                s += x.at(p * 30 + i);
            }
            assertThat(y.at(p)).isEqualTo((float) (s / 30));
        }
        GradientCheck.check(pool, x, 8, 60);
        assertThat(pool.outputShape(new int[] {4, 5, 6})).containsExactly(4);
    }

    @Test
    void badShapesAndPaddingAreRefused() {
        assertThatThrownBy(() -> new MaxPool2d(2).forward(Tensor.zeros(4, 784), EVAL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxpool2d expects [N, C, H, W] but got [4, 784]");
        assertThatThrownBy(() -> new AvgPool2d(2).outputShape(new int[] {784}))
                .hasMessageContaining("avgpool2d expects [N, C, H, W] but got [N, 784]");
        assertThatThrownBy(() -> new MaxPool2d(5).outputShape(new int[] {1, 4, 4}))
                .hasMessageContaining("kernel 5x5").hasMessageContaining("padded input 4x4");
        assertThatThrownBy(() -> new MaxPool2d(Window2d.of(2).stride(2).padding(2)))
                .hasMessageContaining("at most half the kernel size").hasMessageContaining("padding 2x2");
        assertThatThrownBy(() -> new AvgPool2d(Window2d.of(2).dilation(2), true)).hasMessageContaining("dilation");
        assertThatThrownBy(() -> new GlobalAvgPool2d().forward(Tensor.zeros(2, 3), EVAL))
                .hasMessageContaining("[2, 3]").hasMessageContaining("[N, C, H, W]");
        MaxPool2d pool = new MaxPool2d(2);
        pool.forward(Tensor.zeros(1, 1, 4, 4), TRAIN);
        assertThatThrownBy(() -> pool.backward(Tensor.zeros(1, 1, 4, 4)))
                .hasMessageContaining("[1, 1, 4, 4]").hasMessageContaining("[1, 1, 2, 2]");
    }

    @Test
    void poolingOutputShapes() {
        assertThat(new MaxPool2d(2).outputShape(new int[] {32, 24, 24})).containsExactly(32, 12, 12);
        assertThat(new MaxPool2d(2).outputShape(new int[] {64, 7, 7})).containsExactly(64, 3, 3);
        assertThat(new AvgPool2d(Window2d.of(3).stride(2).padding(1), true).outputShape(new int[] {8, 7, 7}))
                .containsExactly(8, 4, 4);
    }

    private static double sum(Tensor t) {
        double s = 0;
        for (int i = 0; i < t.size(); i++) {
            s += t.at(i);
        }
        return s;
    }
}
