package dev.rectifier.init;

import dev.rectifier.kernels.Activation;
import dev.rectifier.kernels.LeakyRelu;
import dev.rectifier.kernels.Spec;
import dev.rectifier.tensor.Tensor;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Weight initialisation, as in {@code torch.nn.init}: He/Kaiming (normal, uniform; fan_in or
 * fan_out; the leaky slope {@code a}), Xavier/Glorot (normal, uniform) with a gain, and
 * {@link #gain calculate_gain}.
 *
 * <p>An initialiser is written as a spec string, like activations: {@code kaiming_normal},
 * {@code kaiming_uniform(mode=fan_out,nonlinearity=leaky_relu,a=0.1)},
 * {@code xavier_uniform(gain=1.6666666)}, {@code normal(std=0.01)}, {@code zeros}. Fans are
 * PyTorch's: for a weight of shape (out, in, k1, k2, ...), fan_in = in * k1 * k2 * ... and
 * fan_out = out * k1 * k2 * ...
 */
public record Init(String kind, String mode, double gain, double param) {

    /** He initialisation for a rectifier: normal, fan_in, gain sqrt(2). */
    public static Init heNormal() {
        return new Init("kaiming_normal", "fan_in", Math.sqrt(2.0), 0);
    }

    /**
     * The default for a layer followed by {@code activation}: He (kaiming normal, fan_in) with
     * the activation's gain for the rectifier family (leaky slope a for leaky_relu, PReLU's
     * initial slope, RReLU's mean slope), Xavier normal with gain 5/3 for tanh and 1 for
     * sigmoid or no activation, and kaiming normal with gain 3/4 for selu (PyTorch's
     * calculate_gain('selu')).
     */
    public static Init defaultFor(Activation activation) {
        String name = activation == null ? "identity" : activation.name();
        return switch (name) {
            case "tanh" -> new Init("xavier_normal", "fan_in", gain("tanh", 0), 0);
            case "sigmoid", "identity" -> new Init("xavier_normal", "fan_in", 1.0, 0);
            case "selu" -> new Init("kaiming_normal", "fan_in", gain("selu", 0), 0);
            case "leaky_relu" -> new Init("kaiming_normal", "fan_in",
                    gain("leaky_relu", ((LeakyRelu) activation).negativeSlope()), 0);
            default -> {
                double a = slopeOf(activation);
                yield new Init("kaiming_normal", "fan_in", a == 0 ? gain("relu", 0) : gain("leaky_relu", a), 0);
            }
        };
    }

    private static double slopeOf(Activation activation) {
        // PReLU starts at its init slope, RReLU (evaluation) at the mean slope: read them off the spec.
        Spec spec = Spec.parse(activation.spec());
        return switch (spec.name()) {
            case "prelu" -> spec.number("init", 0.25);
            case "rrelu" -> (spec.number("lower", 1.0 / 8) + spec.number("upper", 1.0 / 3)) / 2;
            default -> 0;
        };
    }

    /**
     * PyTorch's {@code calculate_gain}: linear, conv*, sigmoid, identity: 1; tanh: 5/3; relu:
     * sqrt(2); leaky_relu: sqrt(2 / (1 + a^2)) (a = {@code param}, PyTorch's default 0.01 when
     * param is NaN); selu: 3/4.
     *
     * @throws IllegalArgumentException for another name, listing the accepted ones
     */
    public static double gain(String nonlinearity, double param) {
        return switch (nonlinearity.toLowerCase(Locale.ROOT)) {
            case "linear", "identity", "conv1d", "conv2d", "conv3d", "sigmoid" -> 1.0;
            case "tanh" -> 5.0 / 3;
            case "relu" -> Math.sqrt(2.0);
            case "leaky_relu" -> {
                double a = Double.isNaN(param) ? 0.01 : param;
                yield Math.sqrt(2.0 / (1 + a * a));
            }
            case "selu" -> 3.0 / 4;
            default -> throw new IllegalArgumentException("unknown nonlinearity '" + nonlinearity
                    + "' for calculate_gain; accepted: linear, identity, conv1d, conv2d, conv3d, sigmoid, tanh, relu, leaky_relu, selu");
        };
    }

    /**
     * Parses an initialiser spec: {@code kaiming_normal|kaiming_uniform(mode=fan_in|fan_out,
     * nonlinearity=relu|leaky_relu|..., a=0)} or with an explicit {@code gain=...}, {@code xavier_normal|xavier_uniform(gain=1)},
     * {@code normal(std=0.01)}, {@code uniform(bound=0.05)}, {@code zeros}, {@code constant(value=0)}.
     */
    public static Init parse(String text) {
        Spec spec = Spec.parse(text);
        Init init = switch (spec.name()) {
            case "kaiming_normal", "kaiming_uniform", "he_normal", "he_uniform" -> {
                String mode = spec.choice("mode", "fan_in", "fan_out");
                String nl = spec.choice("nonlinearity", "leaky_relu", "relu", "linear", "sigmoid", "tanh", "selu", "identity");
                double a = spec.number("a", 0);
                double explicitGain = spec.number("gain", Double.NaN);
                String kind = spec.name().startsWith("he_") ? spec.name().replace("he_", "kaiming_") : spec.name();
                yield new Init(kind, mode, Double.isNaN(explicitGain) ? gain(nl, a) : explicitGain, a);
            }
            case "xavier_normal", "xavier_uniform", "glorot_normal", "glorot_uniform" -> {
                double g = spec.number("gain", 1.0);
                yield new Init(spec.name().replace("glorot_", "xavier_"), "fan_avg", g, 0);
            }
            case "normal" -> new Init("normal", "", 1, spec.number("std", 0.01));
            case "uniform" -> new Init("uniform", "", 1, spec.number("bound", 0.05));
            case "constant" -> new Init("constant", "", 1, spec.number("value", 0));
            case "zeros" -> new Init("constant", "", 1, 0);
            default -> throw new IllegalArgumentException("unknown initialiser '" + spec.name() + "' in '" + text
                    + "'; known: kaiming_normal, kaiming_uniform, xavier_normal, xavier_uniform, normal, uniform, constant, zeros");
        };
        spec.finish();
        return init;
    }

    /** The spec string that {@link #parse} reads back (with the gain spelled out). */
    public String spec() {
        return switch (kind) {
            case "kaiming_normal", "kaiming_uniform" -> kind + "(mode=" + mode + ",gain=" + gain + ")";
            case "xavier_normal", "xavier_uniform" -> kind + "(gain=" + gain + ")";
            case "normal" -> "normal(std=" + param + ")";
            case "uniform" -> "uniform(bound=" + param + ")";
            default -> "constant(value=" + param + ")";
        };
    }

    /** Standard deviation (normal) or bound (uniform) this gives for the given fans. */
    public double scale(int fanIn, int fanOut) {
        return switch (kind) {
            case "kaiming_normal" -> gain / Math.sqrt(fan(fanIn, fanOut));
            case "kaiming_uniform" -> gain * Math.sqrt(3.0 / fan(fanIn, fanOut));
            case "xavier_normal" -> gain * Math.sqrt(2.0 / (fanIn + fanOut));
            case "xavier_uniform" -> gain * Math.sqrt(6.0 / (fanIn + fanOut));
            default -> param;
        };
    }

    private double fan(int fanIn, int fanOut) {
        int f = mode.equals("fan_out") ? fanOut : fanIn;
        if (f <= 0) {
            throw new IllegalArgumentException("cannot initialise with " + mode + "=" + f);
        }
        return f;
    }

    /** Fills {@code t[from, from + count)} (flat) from this distribution. */
    public void fill(Tensor t, int from, int count, int fanIn, int fanOut, SplittableRandom random) {
        float[] d = t.data();
        int base = t.offset() + from;
        double s = scale(fanIn, fanOut);
        boolean normal = kind.endsWith("normal");
        boolean uniform = kind.endsWith("uniform");
        for (int i = 0; i < count; i++) {
            double v = normal ? random.nextGaussian() * s : uniform ? (random.nextDouble() * 2 - 1) * s : s;
            d[base + i] = (float) v;
        }
    }

    /** Fills all of {@code weight}, of shape (out, in, k...), with fans from its shape. */
    public void fill(Tensor weight, SplittableRandom random) {
        fill(weight, 0, weight.size(), fanIn(weight.shape()), fanOut(weight.shape()), random);
    }

    /** PyTorch's fan_in of a weight shape (out, in, k...): in * prod(k). */
    public static int fanIn(int[] shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("fan_in needs a weight of at least 2 dimensions, got " + Tensor.format(shape));
        }
        int receptive = 1;
        for (int i = 2; i < shape.length; i++) {
            receptive *= shape[i];
        }
        return shape[1] * receptive;
    }

    /** PyTorch's fan_out of a weight shape (out, in, k...): out * prod(k). */
    public static int fanOut(int[] shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("fan_out needs a weight of at least 2 dimensions, got " + Tensor.format(shape));
        }
        int receptive = 1;
        for (int i = 2; i < shape.length; i++) {
            receptive *= shape[i];
        }
        return shape[0] * receptive;
    }
}
