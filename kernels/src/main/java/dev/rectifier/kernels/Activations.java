package dev.rectifier.kernels;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The facade: every activation by name, from a spec string or a factory method.
 *
 * <pre>{@code
 * Activation relu = Activations.parse("relu");
 * Activation leaky = Activations.parse("leaky_relu(negative_slope=0.2)");
 * leaky.forward(x, 0, y, 0, x.length);
 * leaky.backward(x, 0, dy, 0, dx, 0, x.length);
 * }</pre>
 *
 * <p>Names and parameter names are PyTorch's ({@code torch.nn.functional}); omitted parameters
 * take PyTorch's defaults. A malformed or unknown spec, an unknown parameter or an illegal value
 * is refused with an IllegalArgumentException that names it and lists what is accepted.
 */
public final class Activations {
    private Activations() {}

    private static final Map<String, Function<Spec, Activation>> FACTORIES = new LinkedHashMap<>();

    static {
        FACTORIES.put(Relu.NAME, Relu::fromSpec);
        FACTORIES.put(LeakyRelu.NAME, LeakyRelu::fromSpec);
        FACTORIES.put(Elu.NAME, Elu::fromSpec);
        FACTORIES.put(Celu.NAME, Celu::fromSpec);
        FACTORIES.put(Selu.NAME, Selu::fromSpec);
        FACTORIES.put(Softplus.NAME, Softplus::fromSpec);
        FACTORIES.put(Sigmoid.NAME, Sigmoid::fromSpec);
        FACTORIES.put(Tanh.NAME, Tanh::fromSpec);
    }

    /**
     * The activation a spec names, e.g. {@code relu}, {@code leaky_relu(negative_slope=0.2)},
     * {@code gelu(approximate=tanh)}, {@code softplus(beta=2,threshold=10)}. Uses
     * {@link Parallelism#defaults()}.
     *
     * @throws NullPointerException     if {@code spec} is null
     * @throws IllegalArgumentException if the spec is malformed, names no known activation, has
     *                                  an unknown parameter or an illegal value
     */
    public static Activation parse(String spec) {
        Spec parsed = Spec.parse(spec);
        Function<Spec, Activation> factory = FACTORIES.get(parsed.name());
        if (factory == null) {
            throw new IllegalArgumentException("unknown activation '" + parsed.name() + "' in '" + spec
                    + "'; known: " + String.join(", ", FACTORIES.keySet()));
        }
        return factory.apply(parsed);
    }

    /** The names {@link #parse} knows, in a stable order. */
    public static List<String> names() {
        return List.copyOf(FACTORIES.keySet());
    }

    /** ReLU. */
    public static Relu relu() {
        return new Relu();
    }

    /** Leaky ReLU with PyTorch's default slope 0.01. */
    public static LeakyRelu leakyRelu() {
        return new LeakyRelu(LeakyRelu.DEFAULT_NEGATIVE_SLOPE);
    }

    /** Leaky ReLU with slope {@code negativeSlope} for x <= 0. */
    public static LeakyRelu leakyRelu(double negativeSlope) {
        return new LeakyRelu(negativeSlope);
    }

    /** ELU with PyTorch's default alpha 1. */
    public static Elu elu() {
        return new Elu(Elu.DEFAULT_ALPHA);
    }

    /** ELU with the given alpha (any finite value within float range). */
    public static Elu elu(double alpha) {
        return new Elu(alpha);
    }

    /** CELU with PyTorch's default alpha 1. */
    public static Celu celu() {
        return new Celu(Celu.DEFAULT_ALPHA);
    }

    /** CELU with the given alpha (non-zero). */
    public static Celu celu(double alpha) {
        return new Celu(alpha);
    }

    /** SELU with PyTorch's constants. */
    public static Selu selu() {
        return new Selu();
    }

    /** Softplus with PyTorch's defaults beta 1, threshold 20. */
    public static Softplus softplus() {
        return new Softplus();
    }

    /** Softplus with the given beta (non-zero) and threshold. */
    public static Softplus softplus(double beta, double threshold) {
        return new Softplus(beta, threshold);
    }

    /** The logistic sigmoid. */
    public static Sigmoid sigmoid() {
        return new Sigmoid();
    }

    /** The hyperbolic tangent. */
    public static Tanh tanh() {
        return new Tanh();
    }

    static Map<String, Function<Spec, Activation>> factories() {
        return Collections.unmodifiableMap(FACTORIES);
    }
}
