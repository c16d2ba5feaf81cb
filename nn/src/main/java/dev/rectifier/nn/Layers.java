package dev.rectifier.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Builds layers from their configs (the architecture part of a model file):
 * {@code {"type": "dense", "in": 784, "out": 256, "activation": "relu"}},
 * {@code {"type": "conv2d", "in_channels": 1, "out_channels": 32, "kernel_size": 5, "activation": "relu"}},
 * {@code {"type": "maxpool2d", "kernel_size": 2}}, {@code {"type": "prelu", "num_parameters": 32, "init": 0.25}}.
 * Sizes such as kernel_size, stride, padding and dilation take a number or an [h, w] list;
 * omitted settings take PyTorch's defaults. Dropout and RReLU keep their seed in the config
 * (drawn from {@code random} when absent). Parameters are
 * initialised from {@code random}; loading a model then overwrites them with the saved ones.
 */
public final class Layers {
    private Layers() {}

    /** The types {@link #fromConfig} knows. */
    public static final List<String> TYPES = List.of("sequential", "dense", "activation", "flatten", "reshape",
            "conv2d", "maxpool2d", "avgpool2d", "global_avgpool2d", "dropout", "batchnorm1d", "batchnorm2d", "prelu", "rrelu");

    /**
     * The layer a config describes.
     *
     * @throws IllegalArgumentException naming the type or key that is wrong
     */
    @SuppressWarnings("unchecked")
    public static Layer fromConfig(Map<String, Object> config, SplittableRandom random) {
        Object type = config.get("type");
        if (!(type instanceof String t)) {
            throw new IllegalArgumentException("layer config has no 'type' (one of " + String.join(", ", TYPES) + "): " + config);
        }
        return switch (t) {
            case "sequential" -> {
                Object layers = config.get("layers");
                if (!(layers instanceof List<?> list)) {
                    throw new IllegalArgumentException("sequential config needs a 'layers' list");
                }
                List<Layer> built = new ArrayList<>();
                for (Object o : list) {
                    if (!(o instanceof Map<?, ?> m)) {
                        throw new IllegalArgumentException("sequential 'layers' holds a non-object: " + o);
                    }
                    built.add(fromConfig((Map<String, Object>) m, random));
                }
                Object name = config.get("name");
                yield name instanceof String n ? Sequential.named(n, built) : Sequential.of(built);
            }
            case "dense" -> Dense.fromConfig(config, random.split());
            case "activation" -> ActivationLayer.fromConfig(config);
            case "flatten", "reshape" -> Flatten.fromConfig(t, config);
            case "conv2d" -> Conv2d.fromConfig(config, random.split());
            case "maxpool2d" -> MaxPool2d.fromConfig(config);
            case "avgpool2d" -> AvgPool2d.fromConfig(config);
            case "global_avgpool2d" -> new GlobalAvgPool2d();
            case "dropout" -> Dropout.fromConfig(config, random);
            case "batchnorm1d" -> BatchNorm1d.fromConfig(config);
            case "batchnorm2d" -> BatchNorm2d.fromConfig(config);
            case "prelu" -> PReluLayer.fromConfig(config);
            case "rrelu" -> RReluLayer.fromConfig(config, random);
            default -> throw new IllegalArgumentException("unknown layer type '" + t + "'; known: " + String.join(", ", TYPES));
        };
    }

    /** A layer's config including its type: what a model file stores. */
    public static Map<String, Object> toConfig(Layer layer) {
        Map<String, Object> c = new java.util.LinkedHashMap<>();
        c.put("type", layer.type());
        c.putAll(layer.config());
        return c;
    }
}
