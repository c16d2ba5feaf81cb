package dev.rectifier.nn;

import dev.rectifier.kernels.Parallelism;
import dev.rectifier.kernels.Prelu;
import dev.rectifier.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parametric ReLU, {@code torch.nn.PReLU(num_parameters, init)}: learned slopes for the
 * negative side, one shared by all elements or one per channel (dimension 1 of
 * {@code [N, C, ...]}): {@code y = x > 0 ? x : w[c] * x}.
 *
 * <p>Semantics are PyTorch's, edge cases included: at x = 0 the output is {@code w * 0} (so
 * -0.0 stays -0.0 for a positive slope) and the slope side of the derivative is taken,
 * {@code dx = w * dy}, {@code dw += 0 * dy}; a NaN input gives NaN, {@code dx = w * dy} and a NaN
 * slope gradient. In general {@code dx = x > 0 ? dy : w[c] * dy} and
 * {@code dw[c] += sum of dy * x over the elements with !(x > 0)}, computed by the kernels'
 * {@link Prelu} (vectorised, summed in double over fixed blocks, so the same whatever the thread
 * count).
 *
 * <p>The slopes are a {@link Parameter} named {@code weight}, shape (num_parameters), without
 * weight decay: He et al. (2015) note that decay pulls the slopes towards 0, i.e. towards a
 * plain ReLU. Backward keeps the input by reference.
 */
public final class PReluLayer implements ActivationSite {
    private final int numParameters;
    private final double init;
    private final Parameter weight;
    private Tensor input;
    private Tensor output;
    private Tensor gradInput;
    private final float[] slopeGrad;
    /** The kernels' PReLU, used for its shape-aware kernels (with this layer's slopes) and threads. */
    private Prelu kernel;

    /**
     * @param numParameters 1 (one slope for every element) or the number of channels
     * @param init          the initial slope (PyTorch's default 0.25)
     */
    public PReluLayer(int numParameters, double init) {
        if (numParameters < 1) {
            throw new IllegalArgumentException("prelu needs num_parameters >= 1 but got " + numParameters);
        }
        if (!Double.isFinite(init)) {
            throw new IllegalArgumentException("prelu init=" + init + " but it must be a finite number");
        }
        this.numParameters = numParameters;
        this.init = init;
        this.weight = new Parameter("weight", Tensor.zeros(numParameters).fill((float) init), false);
        this.slopeGrad = new float[numParameters];
    }

    /** One slope per channel (or one in all when {@code numParameters} is 1), starting at 0.25. */
    public PReluLayer(int numParameters) {
        this(numParameters, 0.25);
    }

    static PReluLayer fromConfig(Map<String, Object> c) {
        return new PReluLayer(Configs.integer(c, "num_parameters", 1), Configs.number(c, "init", 0.25));
    }

    public int numParameters() {
        return numParameters;
    }

    /** The slopes, shape (num_parameters). */
    public Parameter weight() {
        return weight;
    }

    @Override
    public String type() {
        return "prelu";
    }

    @Override
    public String activationSpec() {
        return "prelu(num_parameters=" + numParameters + ",init=" + init + ")";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (numParameters > 1 && (inputShape.length < 1 || inputShape[0] != numParameters)) {
            throw new IllegalArgumentException("prelu with " + numParameters + " slopes expects [N, " + numParameters
                    + ", ...] but got " + Conv2d.withBatch("N", inputShape));
        }
        return inputShape.clone();
    }

    /** Elements per slope run: everything after dimension 1, or the whole sample with one slope. */
    private int runLength(Tensor x) {
        if (numParameters > 1 && (x.rank() < 2 || x.dim(1) != numParameters)) {
            throw new IllegalArgumentException("prelu with " + numParameters + " slopes expects [N, " + numParameters
                    + ", ...] but got " + Tensor.format(x.shape()));
        }
        if (x.rank() == 0) {
            throw new IllegalArgumentException("prelu expects a batch [N, ...] but got a scalar");
        }
        return x.rowSize() / numParameters;
    }

    @Override
    public Tensor forward(Tensor x, Context context) {
        int run = runLength(x);
        bind(context.parallelism());
        output = Pooling.buffer(output, x.shape());
        kernel.forward(x.data(), x.offset(), output.data(), 0, weight.value().data(), weight.value().offset(),
                x.dim(0), numParameters, run);
        input = context.training() ? x : null;
        return output;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        Tensor x = input;
        if (x == null) {
            throw new IllegalStateException("prelu backward without a training-mode forward");
        }
        Tensor.requireShape("prelu gradient", gradOutput, x.shape());
        gradInput = Pooling.buffer(gradInput, x.shape());
        kernel.backward(x.data(), x.offset(), gradOutput.data(), gradOutput.offset(), weight.value().data(),
                weight.value().offset(), gradInput.data(), 0, slopeGrad, 0, x.dim(0), numParameters, runLength(x));
        float[] dw = weight.grad().data();
        int dwOff = weight.grad().offset();
        for (int c = 0; c < numParameters; c++) {
            dw[dwOff + c] += slopeGrad[c];
        }
        return gradInput;
    }

    private void bind(Parallelism p) {
        if (kernel == null || kernel.parallelism() != p) {
            kernel = new Prelu(numParameters, init, p);
        }
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("num_parameters", numParameters);
        c.put("init", init);
        return c;
    }

    @Override
    public String toString() {
        return "PReLU(num_parameters=" + numParameters + ")";
    }
}
