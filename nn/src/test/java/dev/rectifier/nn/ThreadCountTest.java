package dev.rectifier.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rectifier.kernels.Activations;
import dev.rectifier.kernels.Parallelism;
import dev.rectifier.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every layer gives bit-identical outputs and gradients on one thread and on three. */
class ThreadCountTest {
    private static final Parallelism THREE = Parallelism.threads(3);

    @AfterAll
    static void stopWorkers() {
        THREE.close();
    }

    static Stream<Arguments> layers() {
        return Stream.of(
                Arguments.of("conv2d relu", (Supplier<Layer>) () -> new Conv2d(3, 16, Window2d.of(3).padding(1), true,
                        Activations.relu(), null, new SplittableRandom(1)), new int[] {5, 3, 12, 11}),
                Arguments.of("conv2d strided", (Supplier<Layer>) () -> new Conv2d(4, 6, Window2d.of(5, 3).stride(2).dilation(1, 2),
                        true, null, null, new SplittableRandom(2)), new int[] {3, 4, 13, 14}),
                Arguments.of("maxpool2d", (Supplier<Layer>) () -> new MaxPool2d(Window2d.of(3).stride(2).padding(1)), new int[] {4, 5, 9, 9}),
                Arguments.of("avgpool2d", (Supplier<Layer>) () -> new AvgPool2d(Window2d.of(3).stride(2).padding(1), true), new int[] {4, 5, 9, 9}),
                Arguments.of("global_avgpool2d", (Supplier<Layer>) GlobalAvgPool2d::new, new int[] {4, 5, 9, 9}),
                Arguments.of("batchnorm1d", (Supplier<Layer>) () -> new BatchNorm1d(37), new int[] {9, 37}),
                Arguments.of("batchnorm2d", (Supplier<Layer>) () -> new BatchNorm2d(6), new int[] {4, 6, 7, 7}),
                Arguments.of("prelu", (Supplier<Layer>) () -> new PReluLayer(6), new int[] {4, 6, 7, 7}),
                Arguments.of("quickstart", (Supplier<Layer>) () -> {
                    SplittableRandom r = new SplittableRandom(3);
                    return Sequential.of(new Conv2d(1, 32, 5, Activations.relu(), r), new MaxPool2d(2),
                            new Conv2d(32, 64, 5, Activations.relu(), r), new MaxPool2d(2), Flatten.flatten(),
                            new Dense(1024, 128, Activations.relu(), r), new Dense(128, 10, null, r));
                }, new int[] {2, 1, 28, 28}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void oneThreadAndThreeGiveTheSameBits(String name, Supplier<Layer> factory, int[] shape) {
        Layer serial = factory.get(), parallel = factory.get();
        SplittableRandom random = new SplittableRandom(name.hashCode());
        Tensor x = GradientCheck.randomTensor(random, 1, shape);
        Tensor y = serial.forward(x, Context.train(Parallelism.serial())).copy();
        Tensor dy = GradientCheck.randomTensor(random, 1, y.shape());
        Tensor dx = serial.backward(dy).copy();
        assertThat(parallel.forward(x, Context.train(THREE)).toArray()).as("output").containsExactly(y.toArray());
        assertThat(parallel.backward(dy).toArray()).as("input gradient").containsExactly(dx.toArray());
        List<Parameter> ps = serial.parameters(), pp = parallel.parameters();
        for (int i = 0; i < ps.size(); i++) {
            assertThat(pp.get(i).grad().toArray()).as(ps.get(i).name()).containsExactly(ps.get(i).grad().toArray());
        }
        serial.buffers().forEach((k, v) -> assertThat(parallel.buffers().get(k).toArray()).as(k).containsExactly(v.toArray()));
        assertThat(parallel.forward(x, Context.eval(THREE)).toArray())
                .containsExactly(serial.forward(x, Context.eval(Parallelism.serial())).toArray());
    }
}
