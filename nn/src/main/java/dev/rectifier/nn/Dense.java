package dev.rectifier.nn;

import dev.rectifier.init.Init;
import dev.rectifier.kernels.Activation;
import dev.rectifier.kernels.Activations;
import dev.rectifier.kernels.GemmEpilogue;
import dev.rectifier.kernels.Parallelism;
import dev.rectifier.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A fully connected layer, {@code torch.nn.Linear} with an optional activation fused in (as
 * Keras's {@code Dense(units, activation=...)}): {@code y = f(x W^T + b)} with W of shape
 * (out, in), PyTorch's layout, and b of shape (out).
 *
 * <p>Input {@code [N, in]}, output {@code [N, out]}. With relu or leaky_relu the activation is
 * applied while the output is in cache and backward keeps one bit per output element (plus the
 * input, which the weight gradient needs); see {@link ActivationStage} for the others.
 *
 * <p>Backward: dZ = dY * f'(Z); dW += dZ^T X; db += column sums of dZ; dX = dZ W.
 * Initialisation: {@link Init#defaultFor} the activation (He for rectifiers) unless given;
 * biases start at 0.
 */
public final class Dense implements ActivationSite {
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;
    private final ActivationStage stage;
    private final Init init;

    private Tensor output;
    private Tensor gradInput;
    private float[] gradZ = new float[0];
    private Tensor input;
    private Parallelism parallelism = Parallelism.serial();

    /**
     * @param activation applied to the output, or null for none (a plain Linear)
     * @param init       weight initialisation, or null for {@link Init#defaultFor(Activation)}
     * @param random     draws the initial weights
     */
    public Dense(int in, int out, boolean withBias, Activation activation, Init init, SplittableRandom random) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("dense needs in >= 1 and out >= 1, got in=" + in + ", out=" + out);
        }
        this.in = in;
        this.out = out;
        this.stage = new ActivationStage(activation);
        this.init = init != null ? init : Init.defaultFor(stage.activation());
        this.weight = new Parameter("weight", Tensor.zeros(out, in), true);
        this.bias = withBias ? new Parameter("bias", Tensor.zeros(out), false) : null;
        this.init.fill(weight.value(), random);
    }

    /** A Dense layer with bias and default initialisation. */
    public Dense(int in, int out, Activation activation, SplittableRandom random) {
        this(in, out, true, activation, null, random);
    }

    static Dense fromConfig(Map<String, Object> c, SplittableRandom random) {
        Object act = c.get("activation");
        Object init = c.get("init");
        return new Dense(Configs.integer(c, "in"), Configs.integer(c, "out"), Configs.bool(c, "bias", true),
                act == null ? null : Activations.parse((String) act), init == null ? null : Init.parse((String) init),
                random);
    }

    public int in() {
        return in;
    }

    public int out() {
        return out;
    }

    /** The fused activation, or null. */
    public Activation activation() {
        return stage.activation();
    }

    @Override
    public String activationSpec() {
        return stage.activation() == null ? null : stage.activation().spec();
    }

    /** The weight initialisation, for re-initialising units (ReDo). */
    public Init init() {
        return init;
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null when the layer has none. */
    public Parameter bias() {
        return bias;
    }

    /** Bytes this layer keeps for backward after a training forward (activation state only). */
    public long activationStateBytes() {
        return stage.savedBytes();
    }

    @Override
    public String type() {
        return "dense";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length != 1 || inputShape[0] != in) {
            throw new IllegalArgumentException("dense expects input [N, " + in + "] but got [N, "
                    + Arrays.toString(inputShape).replace("[", "").replace("]", "") + "]");
        }
        return new int[] {out};
    }

    @Override
    public Tensor forward(Tensor x, Context context) {
        Tensor.requireShape("dense input", x, -1, in);
        int batch = x.dim(0);
        parallelism = context.parallelism();
        output = Tensor.buffer(output, batch, out); // written in full by the GEMM
        GemmEpilogue withBias = bias == null ? GemmEpilogue.NONE : GemmEpilogue.NONE.withBias(bias.value().data(), bias.value().offset());
        // Bias, activation and bit mask applied to each tile of the output while it is in cache.
        GemmEpilogue fused = stage.fuse(withBias, output.data(), batch, out, context.training(), parallelism);
        Linalg.matmulTransposedB(parallelism, x.data(), x.offset(), weight.value().data(), weight.value().offset(),
                output.data(), 0, batch, out, in, fused != null ? fused : withBias);
        if (fused == null) {
            stage.forward(output.data(), 0, batch, out, context.training(), parallelism);
        }
        input = context.training() ? x : null;
        return output;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        int batch = backwardCommon(gradOutput);
        gradInput = Tensor.buffer(gradInput, batch, in); // written in full by the GEMM
        Linalg.matmul(parallelism, gradZ, 0, weight.value().data(), weight.value().offset(),
                gradInput.data(), 0, batch, in, out, false);
        return gradInput;
    }

    @Override
    public void backwardParametersOnly(Tensor gradOutput) {
        backwardCommon(gradOutput);
    }

    private int backwardCommon(Tensor gradOutput) {
        if (input == null) {
            throw new IllegalStateException("dense backward without a training-mode forward");
        }
        int batch = input.dim(0);
        Tensor.requireShape("dense gradient", gradOutput, batch, out);
        if (gradZ.length < batch * out) {
            gradZ = new float[batch * out];
        }
        stage.backward(gradOutput.data(), gradOutput.offset(), gradZ, 0, parallelism);
        Linalg.matmulTransposedA(parallelism, gradZ, 0, input.data(), input.offset(),
                weight.grad().data(), weight.grad().offset(), out, in, batch, true);
        if (bias != null) {
            Linalg.columnSums(parallelism, gradZ, 0, batch, out, bias.grad().data(), bias.grad().offset());
        }
        return batch;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>(2);
        p.add(weight);
        if (bias != null) {
            p.add(bias);
        }
        return p;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("in", in);
        c.put("out", out);
        c.put("bias", bias != null);
        if (stage.activation() != null) {
            c.put("activation", stage.activation().spec());
        }
        c.put("init", init.spec());
        return c;
    }

    @Override
    public String toString() {
        return "Dense(" + in + " -> " + out + (stage.activation() == null ? "" : ", " + stage.activation().spec()) + ")";
    }
}
