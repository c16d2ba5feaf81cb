package dev.rectifier.nn;

import dev.rectifier.kernels.Activation;
import dev.rectifier.kernels.Activations;
import dev.rectifier.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A stateless element-wise activation as a layer of its own (torch.nn.ReLU, nn.GELU, ...), for
 * any function of the kernels module except the stateful PReLU and the random RReLU, which have
 * their own layers. Any input shape; the output has the same shape. Backward keeps what
 * {@link ActivationStage} says: one bit per element for relu and leaky_relu.
 */
public final class ActivationLayer implements ActivationSite {
    private final ActivationStage stage;
    private Tensor output;
    private Tensor gradInput;
    private dev.rectifier.kernels.Parallelism parallelism;

    public ActivationLayer(Activation activation) {
        Objects.requireNonNull(activation, "activation is null");
        if (activation.name().equals("prelu") || activation.name().equals("rrelu")) {
            throw new IllegalArgumentException(activation.name() + " has learned or random state: use its own layer ("
                    + (activation.name().equals("prelu") ? "PReluLayer" : "RReluLayer") + ")");
        }
        this.stage = new ActivationStage(activation);
    }

    /** From a spec string, e.g. {@code leaky_relu(negative_slope=0.1)}. */
    public static ActivationLayer of(String spec) {
        return new ActivationLayer(Activations.parse(spec));
    }

    static ActivationLayer fromConfig(Map<String, Object> c) {
        Object spec = c.get("activation");
        if (!(spec instanceof String s)) {
            throw new IllegalArgumentException("activation layer config needs an 'activation' spec string but has " + spec);
        }
        return of(s);
    }

    /** The activation (never null; the identity is "identity"). */
    public Activation activation() {
        return stage.activation() == null ? Activations.parse("identity") : stage.activation();
    }

    @Override
    public String activationSpec() {
        return activation().spec();
    }

    /** Bytes kept for backward after a training forward. */
    public long activationStateBytes() {
        return stage.savedBytes();
    }

    @Override
    public String type() {
        return "activation";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public Tensor forward(Tensor x, Context context) {
        parallelism = context.parallelism();
        if (output == null || !output.sameShape(x)) {
            output = Tensor.zeros(x.shape());
        }
        System.arraycopy(x.data(), x.offset(), output.data(), 0, x.size());
        int rows = x.dim(0);
        stage.forward(output.data(), 0, rows, rows == 0 ? 0 : x.size() / rows, context.training(), parallelism);
        return output;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        if (output == null) {
            throw new IllegalStateException("activation backward without a training-mode forward");
        }
        Tensor.requireShape("activation gradient", gradOutput, output.shape());
        if (gradInput == null || !gradInput.sameShape(gradOutput)) {
            gradInput = Tensor.zeros(gradOutput.shape());
        }
        stage.backward(gradOutput.data(), gradOutput.offset(), gradInput.data(), 0, parallelism);
        return gradInput;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("activation", activation().spec());
        return c;
    }

    @Override
    public String toString() {
        return "Activation(" + activation().spec() + ")";
    }
}
