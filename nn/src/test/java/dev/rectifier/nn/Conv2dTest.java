package dev.rectifier.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rectifier.kernels.Activations;
import dev.rectifier.kernels.BitMaskActivation;
import dev.rectifier.kernels.Parallelism;
import dev.rectifier.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Conv2dTest {
    private static final Context EVAL = Context.eval(Parallelism.serial());
    private static final Context TRAIN = Context.train(Parallelism.serial());

    /** Odd geometries: batch, C, OC, H, W and the window. */
    static Stream<Arguments> geometries() {
        return Stream.of(
                Arguments.of(1, 1, 1, 5, 5, Window2d.of(3)),
                Arguments.of(3, 2, 5, 7, 9, Window2d.of(3, 2).stride(2, 1).padding(1, 2).dilation(2, 1)),
                Arguments.of(2, 3, 4, 6, 5, Window2d.of(1)),
                Arguments.of(2, 3, 2, 8, 7, Window2d.of(4, 3).stride(3, 2).padding(2, 0)),
                Arguments.of(4, 1, 3, 9, 4, Window2d.of(2, 2).dilation(3, 2).padding(0, 1)),
                Arguments.of(2, 2, 3, 3, 3, Window2d.of(5).padding(2)),
                Arguments.of(1, 4, 6, 6, 6, Window2d.of(3).stride(2).padding(1)));
    }

    @ParameterizedTest(name = "[{index}] N={0} C={1} OC={2} {3}x{4} {5}")
    @MethodSource("geometries")
    void forwardAndBackwardMatchADirectConvolution(int batch, int channels, int outChannels, int height, int width, Window2d window) {
        SplittableRandom random = new SplittableRandom(batch * 31L + height);
        Conv2d conv = new Conv2d(channels, outChannels, window, true, null, null, random);
        randomise(conv.bias().value(), random);
        Tensor x = GradientCheck.randomTensor(random, 1, batch, channels, height, width);
        Tensor y = conv.forward(x, TRAIN);
        double[] expected = Naive.conv(x, conv.weight().value(), conv.bias().value(), window);
        assertThat(y.dim(2) * y.dim(3)).isEqualTo(expected.length / (batch * outChannels));
        assertClose("y", y, expected, 1e-5);

        Tensor dy = GradientCheck.randomTensor(random, 1, y.shape());
        Tensor dx = conv.backward(dy);
        double[][] grads = Naive.convBackward(x, conv.weight().value(), dy, window);
        assertClose("dx", dx, grads[0], 1e-5);
        assertClose("dW", conv.weight().grad(), grads[1], 1e-4);
        assertClose("db", conv.bias().grad(), grads[2], 1e-4);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gradientCases")
    void gradientsMatchFiniteDifferences(String name, Window2d window, String activation) {
        SplittableRandom random = new SplittableRandom(name.hashCode());
        Conv2d conv = new Conv2d(2, 3, window, true, activation == null ? null : Activations.parse(activation), null, random);
        randomise(conv.bias().value(), random);
        // A weight moves every output of its channel: large pre-activations keep the +-h steps
        // of the finite differences away from the rectifier's kink at 0.
        float[] w = conv.weight().value().data();
        for (int i = 0; i < w.length; i++) {
            w[i] *= 8;
        }
        GradientCheck.check(conv, GradientCheck.randomTensor(random, 1, 2, 2, 7, 6), 5, 40);
    }

    static Stream<Arguments> gradientCases() {
        return Stream.of(
                Arguments.of("3x3 plain", Window2d.of(3), null),
                Arguments.of("3x3 relu", Window2d.of(3), "relu"),
                Arguments.of("stride 2 padding 1", Window2d.of(3).stride(2).padding(1), "relu"),
                Arguments.of("dilation 2, 2x3", Window2d.of(2, 3).dilation(2).padding(1, 0), "leaky_relu(negative_slope=0.1)"),
                Arguments.of("5x5 padding 2 stride (1, 2)", Window2d.of(5).padding(2).stride(1, 2), null));
    }

    @Test
    void parametersOnlyBackwardGivesTheSameParameterGradients() {
        SplittableRandom random = new SplittableRandom(3);
        Conv2d conv = new Conv2d(3, 4, Window2d.of(3).padding(1), true, Activations.relu(), null, random);
        Tensor x = GradientCheck.randomTensor(random, 1, 2, 3, 6, 6);
        Tensor dy = GradientCheck.randomTensor(random, 1, 2, 4, 6, 6);
        conv.forward(x, TRAIN);
        conv.backward(dy);
        float[] dw = conv.weight().grad().toArray(), db = conv.bias().grad().toArray();
        conv.weight().zeroGrad();
        conv.bias().zeroGrad();
        conv.forward(x, TRAIN);
        conv.backwardParametersOnly(dy);
        assertThat(conv.weight().grad().toArray()).containsExactly(dw);
        assertThat(conv.bias().grad().toArray()).containsExactly(db);
    }

    @Test
    void reluKeepsOneBitPerOutputElement() {
        Conv2d conv = new Conv2d(1, 32, 5, Activations.relu(), new SplittableRandom(1));
        conv.forward(GradientCheck.randomTensor(new SplittableRandom(2), 1, 8, 1, 28, 28), TRAIN);
        assertThat(conv.activationStateBytes()).isEqualTo(32L * BitMaskActivation.maskWords(8 * 24 * 24) * Long.BYTES);
        assertThat(conv.activationStateBytes()).isEqualTo(8L * 32 * 24 * 24 / 8);
    }

    @Test
    void flattenAfterConvolutionGivesChannelRowColumnOrder() {
        SplittableRandom random = new SplittableRandom(4);
        Conv2d conv = new Conv2d(2, 3, Window2d.of(2), true, null, null, random);
        Tensor y = conv.forward(GradientCheck.randomTensor(random, 1, 2, 2, 4, 5), EVAL).copy();
        Tensor flat = Flatten.flatten().forward(y, EVAL);
        assertThat(flat.shape()).containsExactly(2, 3 * 3 * 4);
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                for (int h = 0; h < 3; h++) {
                    for (int w = 0; w < 4; w++) {
                        assertThat(flat.get(n, (c * 3 + h) * 4 + w)).isEqualTo(y.get(n, c, h, w));
                    }
                }
            }
        }
    }

    @Test
    void heInitialisationUsesPyTorchFans() {
        Conv2d conv = new Conv2d(32, 64, 5, Activations.relu(), new SplittableRandom(5));
        assertThat(conv.weight().value().shape()).containsExactly(64, 32, 5, 5);
        double squares = 0;
        for (float v : conv.weight().value().toArray()) {
            squares += v * v;
        }
        double std = Math.sqrt(squares / conv.weight().size());
        assertThat(std).isCloseTo(Math.sqrt(2.0 / (32 * 25)), org.assertj.core.data.Offset.offset(0.002));
        assertThat(conv.bias().value().toArray()).containsOnly(0f);
        assertThat(conv.weight().decay()).isTrue();
        assertThat(conv.bias().decay()).isFalse();
    }

    @Test
    void quickstartNetworkShapes() {
        SplittableRandom random = new SplittableRandom(6);
        Sequential net = Sequential.of(
                new Conv2d(1, 32, 5, Activations.relu(), random), new MaxPool2d(2),
                new Conv2d(32, 64, 5, Activations.relu(), random), new MaxPool2d(2),
                Flatten.flatten(), new Dense(1024, 128, Activations.relu(), random), new Dense(128, 10, null, random));
        assertThat(net.outputShape(new int[] {1, 28, 28})).containsExactly(10);
        Tensor y = net.forward(GradientCheck.randomTensor(random, 1, 3, 1, 28, 28), TRAIN);
        assertThat(y.shape()).containsExactly(3, 10);
        net.backwardParametersOnly(GradientCheck.randomTensor(random, 1, 3, 10));
        assertThat(net.parameters().get(0).grad().toArray()).isNotEqualTo(new float[32 * 25]);
    }

    @Test
    void wrongChannelsNameBothShapes() {
        Conv2d conv = new Conv2d(3, 8, 3, null, new SplittableRandom(1));
        assertThatThrownBy(() -> conv.forward(Tensor.zeros(2, 1, 28, 28), EVAL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("conv2d expects [N, 3, H, W] but got [2, 1, 28, 28]");
        assertThatThrownBy(() -> conv.outputShape(new int[] {1, 28, 28}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("conv2d expects [N, 3, H, W] but got [N, 1, 28, 28]");
        assertThatThrownBy(() -> conv.forward(Tensor.zeros(2, 784), EVAL))
                .hasMessageContaining("[N, 3, H, W]").hasMessageContaining("[2, 784]");
    }

    @Test
    void kernelLargerThanThePaddedInputIsRefused() {
        Conv2d conv = new Conv2d(1, 1, Window2d.of(5).padding(0, 1), true, null, null, new SplittableRandom(1));
        assertThatThrownBy(() -> conv.outputShape(new int[] {1, 4, 4}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kernel 5x5").hasMessageContaining("padded input 4x6");
        Conv2d dilated = new Conv2d(1, 1, Window2d.of(3).dilation(3), true, null, null, new SplittableRandom(1));
        assertThatThrownBy(() -> dilated.forward(Tensor.zeros(1, 1, 6, 9), EVAL))
                .hasMessageContaining("spanning 7x7").hasMessageContaining("padded input 6x9");
        assertThatThrownBy(() -> Window2d.of(3).stride(0)).hasMessageContaining("stride 0x0");
    }

    @Test
    void backwardNeedsATrainingForwardAndTheOutputShape() {
        Conv2d conv = new Conv2d(1, 2, 3, null, new SplittableRandom(1));
        conv.forward(Tensor.zeros(2, 1, 5, 5), EVAL);
        assertThatThrownBy(() -> conv.backward(Tensor.zeros(2, 2, 3, 3))).isInstanceOf(IllegalStateException.class);
        conv.forward(Tensor.zeros(2, 1, 5, 5), TRAIN);
        assertThatThrownBy(() -> conv.backward(Tensor.zeros(2, 2, 4, 4)))
                .hasMessageContaining("[2, 2, 4, 4]").hasMessageContaining("[2, 2, 3, 3]");
    }

    static void randomise(Tensor t, SplittableRandom random) {
        for (int i = 0; i < t.size(); i++) {
            t.data()[t.offset() + i] = (float) random.nextGaussian();
        }
    }

    static void assertClose(String what, Tensor actual, double[] expected, double tolerance) {
        assertThat(actual.size()).as(what + " size").isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            double a = actual.at(i);
            assertThat(Math.abs(a - expected[i]))
                    .as("%s[%d]: expected %.7f, actual %.7f", what, i, expected[i], a)
                    .isLessThanOrEqualTo(tolerance * (1 + Math.abs(expected[i])));
        }
    }
}
