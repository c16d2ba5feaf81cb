package dev.rectifier.nn;

import dev.rectifier.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Layers applied in order; itself a layer, so networks nest (an autoencoder is a sequential of
 * an encoder and a decoder, each a sequential: see {@link #of(Layer...)} and {@link #layers()}).
 * Backward runs the layers in reverse and skips the input gradient of the first one.
 */
public final class Sequential implements Layer {
    private final List<Layer> layers;
    private final String name;

    private Sequential(String name, List<Layer> layers) {
        this.name = name;
        this.layers = List.copyOf(layers);
        for (int i = 0; i < this.layers.size(); i++) {
            Objects.requireNonNull(this.layers.get(i), "layer " + i + " is null");
        }
    }

    /** The layers in order. */
    public static Sequential of(Layer... layers) {
        return new Sequential("", Arrays.asList(layers));
    }

    /** The layers in order. */
    public static Sequential of(List<? extends Layer> layers) {
        return new Sequential("", new ArrayList<>(layers));
    }

    /** A named sequential ("encoder", "decoder"). */
    public static Sequential named(String name, List<? extends Layer> layers) {
        return new Sequential(Objects.requireNonNull(name, "name is null"), new ArrayList<>(layers));
    }

    /** The name given by {@link #named}, or "". */
    public String name() {
        return name;
    }

    /** The layers, in order (nested sequentials are not flattened). */
    public List<Layer> layers() {
        return layers;
    }

    /** Every non-sequential layer, depth first, in order of application. */
    public List<Layer> leaves() {
        List<Layer> out = new ArrayList<>();
        for (Layer l : layers) {
            if (l instanceof Sequential s) {
                out.addAll(s.leaves());
            } else {
                out.add(l);
            }
        }
        return out;
    }

    @Override
    public String type() {
        return "sequential";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        int[] shape = inputShape;
        for (int i = 0; i < layers.size(); i++) {
            try {
                shape = layers.get(i).outputShape(shape);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + i + " (" + layers.get(i).type() + "): " + e.getMessage(), e);
            }
        }
        return shape;
    }

    @Override
    public Tensor forward(Tensor input, Context context) {
        Tensor x = input;
        for (Layer layer : layers) {
            x = layer.forward(x, context);
        }
        return x;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        Tensor g = gradOutput;
        for (int i = layers.size() - 1; i >= 0; i--) {
            g = layers.get(i).backward(g);
        }
        return g;
    }

    @Override
    public void backwardParametersOnly(Tensor gradOutput) {
        Tensor g = gradOutput;
        for (int i = layers.size() - 1; i > 0; i--) {
            g = layers.get(i).backward(g);
        }
        if (!layers.isEmpty()) {
            layers.get(0).backwardParametersOnly(g);
        }
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> out = new ArrayList<>();
        for (Layer l : layers) {
            out.addAll(l.parameters());
        }
        return out;
    }

    /**
     * Parameters by qualified name, e.g. {@code 0.weight}, {@code encoder.1.bias}: the names
     * used in model files (PyTorch's state_dict style).
     */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect("", out, null);
        return out;
    }

    /** Buffers (running statistics) by qualified name, as {@link #namedParameters()}. */
    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", null, out);
        return out;
    }

    private void collect(String prefix, Map<String, Parameter> params, Map<String, Tensor> buffers) {
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            String p = prefix + (l instanceof Sequential s && !s.name.isEmpty() ? s.name : Integer.toString(i)) + ".";
            if (l instanceof Sequential s) {
                s.collect(p, params, buffers);
                continue;
            }
            if (params != null) {
                for (Parameter param : l.parameters()) {
                    params.put(p + param.name(), param);
                }
            }
            if (buffers != null) {
                l.buffers().forEach((k, v) -> buffers.put(p + k, v));
            }
        }
    }

    @Override
    public Map<String, Object> config() {
        List<Object> list = new ArrayList<>();
        for (Layer l : layers) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("type", l.type());
            c.putAll(l.config());
            list.add(c);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        if (!name.isEmpty()) {
            config.put("name", name);
        }
        config.put("layers", list);
        return config;
    }

    @Override
    public String toString() {
        return (name.isEmpty() ? "Sequential" : name) + layers;
    }
}
