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
 * Activation cut = Activations.parse("threshold(threshold=0.1,value=20)");
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
        FACTORIES.put(Relu6.NAME, Relu6::fromSpec);
        FACTORIES.put(Prelu.NAME, Prelu::fromSpec);
        FACTORIES.put(Rrelu.NAME, Rrelu::fromSpec);
        FACTORIES.put(Threshold.NAME, Threshold::fromSpec);
        FACTORIES.put(Hardswish.NAME, Hardswish::fromSpec);
        FACTORIES.put(Identity.NAME, Identity::fromSpec);
        FACTORIES.put(Elu.NAME, Elu::fromSpec);
        FACTORIES.put(Celu.NAME, Celu::fromSpec);
        FACTORIES.put(Selu.NAME, Selu::fromSpec);
        FACTORIES.put(Gelu.NAME, Gelu::fromSpec);
        FACTORIES.put(Silu.NAME, Silu::fromSpec);
        FACTORIES.put(Mish.NAME, Mish::fromSpec);
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

    /** ReLU6, min(max(0, x), 6). */
    public static Relu6 relu6() {
        return new Relu6();
    }

    /** PReLU with PyTorch's defaults: one shared slope, initialised to 0.25. Stateful: see {@link Prelu}. */
    public static Prelu prelu() {
        return new Prelu();
    }

    /**
     * PReLU with {@code numParameters} slopes (1: shared; else one per channel, dim 1),
     * initialised to {@code init}. Stateful: see {@link Prelu}.
     */
    public static Prelu prelu(int numParameters, double init) {
        return new Prelu(numParameters, init);
    }

    /** RReLU with PyTorch's defaults lower = 1/8, upper = 1/3 (evaluation mode as an Activation). */
    public static Rrelu rrelu() {
        return new Rrelu(Rrelu.DEFAULT_LOWER, Rrelu.DEFAULT_UPPER);
    }

    /** RReLU with slopes drawn from U(lower, upper) in training, (lower + upper) / 2 in evaluation. */
    public static Rrelu rrelu(double lower, double upper) {
        return new Rrelu(lower, upper);
    }

    /** Threshold: x &lt;= threshold ? value : x. */
    public static Threshold threshold(double threshold, double value) {
        return new Threshold(threshold, value);
    }

    /** Hardswish, x * min(max(x + 3, 0), 6) / 6. */
    public static Hardswish hardswish() {
        return new Hardswish();
    }

    /** The identity, y = x ("no activation"). */
    public static Identity identity() {
        return new Identity();
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

    /** GELU in its exact form (PyTorch's default, {@code approximate='none'}). */
    public static Gelu gelu() {
        return new Gelu(Gelu.Approximation.NONE);
    }

    /** GELU in the given form: {@code NONE} (with erf) or {@code TANH}. */
    public static Gelu gelu(Gelu.Approximation approximation) {
        return new Gelu(approximation);
    }

    /** SiLU (swish), x * sigmoid(x). */
    public static Silu silu() {
        return new Silu();
    }

    /** Mish, x * tanh(softplus(x)). */
    public static Mish mish() {
        return new Mish();
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
