package dev.rectifier.cli;

import dev.rectifier.init.Init;
import dev.rectifier.kernels.Activation;
import dev.rectifier.kernels.Activations;
import dev.rectifier.kernels.Spec;
import dev.rectifier.nn.Layer;
import dev.rectifier.nn.Layers;
import dev.rectifier.nn.Sequential;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The built-in architectures, written as layer configs (the architecture part of a model file)
 * and built by {@link Layers#fromConfig}, so that a trained model reloads from its own file.
 *
 * <ul>
 *   <li>{@code mlp}: {@code in -> hidden[0] -> ... -> classes}, the activation after every hidden
 *       layer, linear output (logits); 784-256-256-10 by default.</li>
 *   <li>{@code cnn}, for [1, 28, 28] images (no padding, so the sizes fit without it):
 *       conv 5x5 1->32 + activation [32, 24, 24], max pool 2 [32, 12, 12], conv 5x5 32->64 +
 *       activation [64, 8, 8], max pool 2 [64, 4, 4], flatten [1024], dense 1024->128 +
 *       activation, dense 128->classes.</li>
 *   <li>{@code autoencoder}: a named {@code encoder} {@code in -> hidden...} and {@code decoder}
 *       back to {@code in} (hidden 256,64 gives 784-256-64-256-784), the activation after every
 *       layer but the last, which is linear: the network is trained with mean squared error to
 *       reconstruct its input scaled to [0, 1]. The linear output is the one that matches the
 *       reference figure of about 0.0123 test MSE after 5 epochs: PyTorch 1.13 with this network
 *       (ReLU, Adam 1e-3, batch 128, full training set) reaches 0.01225 with a linear output and
 *       0.01171 with a sigmoid one (which starts slower: 0.0197 against 0.0172 after one
 *       epoch). Its weights start as torch.nn.Linear's do by default ({@link #TORCH_LINEAR_INIT};
 *       biases 0): with He initialisation, the default for rectifier layers elsewhere, PyTorch
 *       itself ends at 0.0147 instead, and so does this network; with PyTorch's initialisation
 *       it reaches 0.0122 (54,000 training images, 10% held out for validation).</li>
 * </ul>
 *
 * <p>Activations with state of their own get a layer of their own after a linear dense or conv
 * layer (initialised for that activation): PReLU with one learned slope per unit or channel (He et
 * al. 2015's channel-wise form), RReLU with its seed drawn from the model's generator.
 */
final class Models {
    private Models() {}

    /**
     * torch.nn.Linear's default weight initialisation, kaiming_uniform(a=sqrt(5)): uniform on
     * +-1/sqrt(fan_in). The autoencoder uses it (see the class comment).
     */
    static final String TORCH_LINEAR_INIT = "kaiming_uniform(mode=fan_in,nonlinearity=leaky_relu,a=" + Math.sqrt(5) + ")";

    /** Built-in model names. */
    static final List<String> NAMES = List.of("mlp", "cnn", "autoencoder");

    /** The layer configs of an MLP. */
    static List<Map<String, Object>> mlp(int in, int[] hidden, int classes, String activation, SplittableRandom random) {
        List<Map<String, Object>> layers = new ArrayList<>();
        int width = in;
        for (int h : hidden) {
            layers.addAll(dense(width, h, activation, random));
            width = h;
        }
        layers.addAll(dense(width, classes, null, random));
        return layers;
    }

    /** The layer configs of the CNN for [1, 28, 28] images (see the class comment for the shapes). */
    static List<Map<String, Object>> cnn(int classes, String activation, SplittableRandom random) {
        List<Map<String, Object>> layers = new ArrayList<>();
        layers.addAll(conv(1, 32, 5, activation, random));
        layers.add(pool(2));
        layers.addAll(conv(32, 64, 5, activation, random));
        layers.add(pool(2));
        layers.add(config("flatten"));
        layers.addAll(dense(64 * 4 * 4, 128, activation, random));
        layers.addAll(dense(128, classes, null, random));
        return layers;
    }

    /** Encoder and decoder configs: {@code in -> hidden[0] -> ... -> hidden[k-1] -> ... -> hidden[0] -> in}. */
    static List<Map<String, Object>> autoencoder(int in, int[] hidden, String activation, SplittableRandom random) {
        List<Map<String, Object>> encoder = new ArrayList<>();
        int width = in;
        for (int h : hidden) {
            encoder.addAll(dense(width, h, activation, TORCH_LINEAR_INIT, random));
            width = h;
        }
        List<Map<String, Object>> decoder = new ArrayList<>();
        for (int i = hidden.length - 2; i >= 0; i--) {
            decoder.addAll(dense(width, hidden[i], activation, TORCH_LINEAR_INIT, random));
            width = hidden[i];
        }
        decoder.addAll(dense(width, in, null, TORCH_LINEAR_INIT, random));
        return List.of(named("encoder", encoder), named("decoder", decoder));
    }

    /** The network the configs describe, parameters drawn from {@code random}. */
    static Sequential build(List<Map<String, Object>> layers, SplittableRandom random) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("type", "sequential");
        config.put("layers", layers);
        Layer built = Layers.fromConfig(config, random);
        return (Sequential) built;
    }

    private static List<Map<String, Object>> dense(int in, int out, String activation, SplittableRandom random) {
        return dense(in, out, activation, null, random);
    }

    /** A dense layer with weight initialisation {@code init} (null: the default for its activation). */
    private static List<Map<String, Object>> dense(int in, int out, String activation, String init, SplittableRandom random) {
        Map<String, Object> c = config("dense");
        c.put("in", in);
        c.put("out", out);
        List<Map<String, Object>> layers = withActivation(c, out, activation, random);
        if (init != null) {
            c.put("init", init);
        }
        return layers;
    }

    private static List<Map<String, Object>> conv(int in, int out, int kernel, String activation, SplittableRandom random) {
        Map<String, Object> c = config("conv2d");
        c.put("in_channels", in);
        c.put("out_channels", out);
        c.put("kernel_size", kernel);
        return withActivation(c, out, activation, random);
    }

    private static Map<String, Object> pool(int kernel) {
        Map<String, Object> c = config("maxpool2d");
        c.put("kernel_size", kernel);
        return c;
    }

    /** The activation fused into {@code layer} when stateless; else a linear layer and the activation's own layer. */
    private static List<Map<String, Object>> withActivation(Map<String, Object> layer, int channels, String activation,
                                                            SplittableRandom random) {
        if (activation == null) {
            return List.of(layer);
        }
        Activation act = Activations.parse(activation);
        Spec spec = Spec.parse(act.spec());
        switch (act.name()) {
            case "prelu" -> {
                layer.put("init", Init.defaultFor(act).spec());
                Map<String, Object> p = config("prelu");
                p.put("num_parameters", channels);
                p.put("init", spec.number("init", 0.25));
                return List.of(layer, p);
            }
            case "rrelu" -> {
                layer.put("init", Init.defaultFor(act).spec());
                Map<String, Object> r = config("rrelu");
                r.put("lower", spec.number("lower", 1.0 / 8));
                r.put("upper", spec.number("upper", 1.0 / 3));
                r.put("seed", random.nextLong());
                return List.of(layer, r);
            }
            default -> {
                layer.put("activation", act.spec());
                return List.of(layer);
            }
        }
    }

    private static Map<String, Object> named(String name, List<Map<String, Object>> layers) {
        Map<String, Object> c = config("sequential");
        c.put("name", name);
        c.put("layers", layers);
        return c;
    }

    private static Map<String, Object> config(String type) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", type);
        return c;
    }
}
