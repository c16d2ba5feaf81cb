package dev.rectifier.nn;

import dev.rectifier.kernels.Activation;
import dev.rectifier.kernels.Activations;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Ready-made architectures: the multilayer perceptron used throughout (hidden layers with one
 * activation, a linear output), built with the activation fused into each Dense layer where it
 * is stateless, and as a layer of its own where it has learned (PReLU) or random (RReLU) state.
 */
public final class Networks {
    private Networks() {}

    /**
     * {@code in -> hidden[0] -> ... -> hidden[k-1] -> out}, the activation after every hidden
     * layer, no activation on the output (logits / Q-values / linear regression).
     */
    public static Sequential mlp(int in, int[] hidden, int out, String activation, SplittableRandom random) {
        List<Layer> layers = new ArrayList<>();
        int width = in;
        for (int h : hidden) {
            layers.addAll(denseWithActivation(width, h, activation, random));
            width = h;
        }
        layers.add(new Dense(width, out, null, random.split()));
        return Sequential.of(layers);
    }

    /** A Dense layer followed by {@code activation}: fused when stateless, else a separate layer. */
    public static List<Layer> denseWithActivation(int in, int out, String activation, SplittableRandom random) {
        Activation act = Activations.parse(activation);
        if (isStateful(act)) {
            return List.of(new Dense(in, out, true, null, dev.rectifier.init.Init.defaultFor(act), random.split()),
                    statefulLayer(act, out, random));
        }
        return List.of(new Dense(in, out, act, random.split()));
    }

    /** True for activations with learned (PReLU) or random (RReLU) state, which need their own layer. */
    public static boolean isStateful(Activation act) {
        return act.name().equals("prelu") || act.name().equals("rrelu");
    }

    /** The layer for a stateful activation over {@code channels} units. */
    public static Layer statefulLayer(Activation act, int channels, SplittableRandom random) {
        dev.rectifier.kernels.Spec spec = dev.rectifier.kernels.Spec.parse(act.spec());
        if (act.name().equals("prelu")) {
            int n = (int) spec.number("num_parameters", 1);
            return new PReluLayer(n == 1 ? 1 : channels, spec.number("init", 0.25));
        }
        return new RReluLayer(spec.number("lower", 1.0 / 8), spec.number("upper", 1.0 / 3), random.nextLong());
    }
}
