package dev.rectifier.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rectifier.kernels.Activations;
import dev.rectifier.kernels.Parallelism;
import dev.rectifier.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class LayerConfigTest {
    static Stream<Layer> layers() {
        SplittableRandom random = new SplittableRandom(1);
        return Stream.of(
                new Conv2d(3, 8, Window2d.of(3, 5).stride(2, 1).padding(1, 2).dilation(1, 2), false,
                        Activations.leakyRelu(0.2), null, random),
                new Conv2d(1, 32, 5, Activations.relu(), random),
                new MaxPool2d(Window2d.of(3).stride(2).padding(1).dilation(2)),
                new MaxPool2d(2),
                new AvgPool2d(Window2d.of(3).stride(2).padding(1), false),
                new GlobalAvgPool2d(),
                new Dropout(0.3, 1234),
                new BatchNorm1d(16, 1e-3, 0.05, false),
                new BatchNorm2d(32),
                new PReluLayer(32, 0.1),
                new RReluLayer(0.05, 0.2, 77));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void configRoundTripsThroughFromConfig(Layer layer) {
        Map<String, Object> config = Layers.toConfig(layer);
        Layer rebuilt = Layers.fromConfig(config, new SplittableRandom(2));
        assertThat(rebuilt.getClass()).isEqualTo(layer.getClass());
        assertThat(Layers.toConfig(rebuilt)).isEqualTo(config);
        assertThat(rebuilt.parameters()).extracting(Parameter::toString)
                .containsExactlyElementsOf(layer.parameters().stream().map(Parameter::toString).toList());
        assertThat(rebuilt.buffers().keySet()).isEqualTo(layer.buffers().keySet());
    }

    @Test
    void quickstartNetworkFromAJsonStyleConfig() {
        Map<String, Object> config = Map.of("type", "sequential", "layers", List.of(
                Map.of("type", "conv2d", "in_channels", 1, "out_channels", 32, "kernel_size", 5),
                Map.of("type", "prelu", "num_parameters", 32, "init", 0.25),
                Map.of("type", "maxpool2d", "kernel_size", 2),
                Map.of("type", "conv2d", "in_channels", 32, "out_channels", 64, "kernel_size", List.of(5, 5),
                        "padding", 0, "activation", "relu"),
                Map.of("type", "batchnorm2d", "num_features", 64),
                Map.of("type", "maxpool2d", "kernel_size", 2, "stride", 2),
                Map.of("type", "flatten"),
                Map.of("type", "dropout", "p", 0.5, "seed", 3),
                Map.of("type", "dense", "in", 1024, "out", 128),
                Map.of("type", "rrelu", "lower", 0.125, "upper", 0.3333333333333333),
                Map.of("type", "dense", "in", 128, "out", 10)));
        Sequential net = (Sequential) Layers.fromConfig(config, new SplittableRandom(3));
        assertThat(net.outputShape(new int[] {1, 28, 28})).containsExactly(10);
        assertThat(net.namedParameters().keySet()).containsExactly("0.weight", "0.bias", "1.weight", "3.weight", "3.bias",
                "4.weight", "4.bias", "8.weight", "8.bias", "10.weight", "10.bias");
        assertThat(net.namedBuffers().keySet()).containsExactly("4.running_mean", "4.running_var");
        Tensor y = net.forward(GradientCheck.randomTensor(new SplittableRandom(4), 1, 2, 1, 28, 28),
                Context.train(Parallelism.serial()));
        assertThat(y.shape()).containsExactly(2, 10);
        assertThat(((PReluLayer) net.layers().get(1)).weight().value().toArray()).containsOnly(0.25f);
        assertThat(((Dropout) net.layers().get(7)).seed()).isEqualTo(3);
    }

    @Test
    void badConfigsNameTheKey() {
        SplittableRandom random = new SplittableRandom(5);
        assertThatThrownBy(() -> Layers.fromConfig(Map.of("type", "conv2d", "in_channels", 1, "out_channels", 4), random))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kernel_size");
        assertThatThrownBy(() -> Layers.fromConfig(Map.of("type", "maxpool2d", "kernel_size", List.of(2, 2, 2)), random))
                .hasMessageContaining("kernel_size");
        assertThatThrownBy(() -> Layers.fromConfig(Map.of("type", "dropout", "p", 1.0), random)).hasMessageContaining("p=1.0");
        assertThatThrownBy(() -> Layers.fromConfig(Map.of("type", "conv3d"), random)).hasMessageContaining("conv2d");
    }
}
