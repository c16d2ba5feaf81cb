package dev.rectifier.nn;

import dev.rectifier.init.Init;
import dev.rectifier.kernels.Activation;
import dev.rectifier.kernels.Activations;
import dev.rectifier.kernels.Parallelism;
import dev.rectifier.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A 2-d convolution, {@code torch.nn.Conv2d} (zero padding, groups = 1) with an optional
 * activation fused in as in {@link Dense}:
 * {@code y[n, o, oh, ow] = f(b[o] + sum over c, i, j of W[o, c, i, j] * x[n, c, oh*sh - ph + i*dh, ow*sw - pw + j*dw])},
 * the input read as 0 outside its bounds.
 *
 * <p>Shapes are PyTorch's: input {@code [N, C, H, W]}, output {@code [N, OC, OH, OW]} with
 * OH, OW as in {@link Window2d}; weight (OC, C, KH, KW), bias (OC). A {@link Flatten} after it
 * gives PyTorch's (C, H, W) feature order.
 *
 * <p>How it runs: the patches of the whole batch become one matrix {@code cols[K, N*P]}
 * (K = C*KH*KW, P = OH*OW; see {@link Im2col}), so that each pass is one large GEMM rather than
 * N small ones: forward {@code Z[OC, N*P] = W[OC, K] cols + b}, weight gradient
 * {@code dW += dZ cols^T}, bias gradient {@code db += row sums of dZ}, patch gradient
 * {@code dcols = W^T dZ}, then col2im. The GEMM's m, n and k are then OC, N*P and K: the weight
 * (a few KB to a few hundred KB) stays in cache while the long N*P dimension is split over
 * threads. Z is reordered to {@code [N, OC, P]} with block copies of P elements. The activation
 * is applied to Z in place, one mask bit per element for relu and leaky_relu (see
 * {@link ActivationStage}). The patch matrix is kept from forward for the weight gradient.
 *
 * <p>Initialisation: {@link Init#defaultFor} the activation (He for rectifiers) with PyTorch's
 * fans for a (OC, C, KH, KW) weight (fan_in = C*KH*KW), unless given; biases start at 0.
 */
public final class Conv2d implements ActivationSite {
    private final int inChannels;
    private final int outChannels;
    private final Window2d window;
    private final Parameter weight;
    private final Parameter bias;
    private final ActivationStage stage;
    private final Init init;

    private Tensor output;
    private Tensor gradInput;
    private float[] cols = new float[0];
    private float[] z = new float[0];
    private float[] gradZ = new float[0];
    private float[] gradCols = new float[0];
    private Im2col.Geometry trained; // geometry of the last training forward, null after an evaluation one
    private Parallelism parallelism = Parallelism.serial();

    /**
     * @param window     kernel size, stride, padding and dilation
     * @param activation applied to the output, or null for none
     * @param init       weight initialisation, or null for {@link Init#defaultFor(Activation)}
     * @param random     draws the initial weights
     */
    public Conv2d(int inChannels, int outChannels, Window2d window, boolean withBias, Activation activation, Init init,
                  SplittableRandom random) {
        if (inChannels < 1 || outChannels < 1) {
            throw new IllegalArgumentException("conv2d needs inChannels >= 1 and outChannels >= 1, got inChannels="
                    + inChannels + ", outChannels=" + outChannels);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.window = Objects.requireNonNull(window, "window is null");
        this.stage = new ActivationStage(activation);
        this.init = init != null ? init : Init.defaultFor(stage.activation());
        this.weight = new Parameter("weight", Tensor.zeros(outChannels, inChannels, window.kernelH(), window.kernelW()), true);
        this.bias = withBias ? new Parameter("bias", Tensor.zeros(outChannels), false) : null;
        this.init.fill(weight.value(), random);
    }

    /** A square {@code kernel x kernel} convolution, stride 1, no padding, with bias and default initialisation. */
    public Conv2d(int inChannels, int outChannels, int kernel, Activation activation, SplittableRandom random) {
        this(inChannels, outChannels, Window2d.of(kernel), true, activation, null, random);
    }

    static Conv2d fromConfig(Map<String, Object> c, SplittableRandom random) {
        Object act = c.get("activation");
        Object init = c.get("init");
        return new Conv2d(Configs.integer(c, "in_channels"), Configs.integer(c, "out_channels"),
                Window2d.fromConfig(c, new int[] {1, 1}), Configs.bool(c, "bias", true),
                act == null ? null : Activations.parse((String) act), init == null ? null : Init.parse((String) init), random);
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    public Window2d window() {
        return window;
    }

    /** The fused activation, or null. */
    public Activation activation() {
        return stage.activation();
    }

    @Override
    public String activationSpec() {
        return stage.activation() == null ? null : stage.activation().spec();
    }

    /** Weight of shape (OC, C, KH, KW). */
    public Parameter weight() {
        return weight;
    }

    /** The bias (OC), or null when the layer has none. */
    public Parameter bias() {
        return bias;
    }

    /** Bytes the activation keeps for backward after a training forward (the patch matrix not counted). */
    public long activationStateBytes() {
        return stage.savedBytes();
    }

    @Override
    public String type() {
        return "conv2d";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length != 3 || inputShape[0] != inChannels) {
            throw new IllegalArgumentException("conv2d expects [N, " + inChannels + ", H, W] but got " + withBatch("N", inputShape));
        }
        int[] hw = window.outputSize("conv2d", inputShape[1], inputShape[2]);
        return new int[] {outChannels, hw[0], hw[1]};
    }

    /** A per-sample shape with the batch in front, e.g. [N, 1, 28, 28]. */
    static String withBatch(String batch, int[] shape) {
        StringBuilder b = new StringBuilder("[").append(batch);
        for (int d : shape) {
            b.append(", ").append(d);
        }
        return b.append(']').toString();
    }

    private Im2col.Geometry geometry(Tensor x) {
        if (x.rank() != 4 || x.dim(1) != inChannels) {
            throw new IllegalArgumentException("conv2d expects [N, " + inChannels + ", H, W] but got " + Tensor.format(x.shape()));
        }
        int[] hw = window.outputSize("conv2d", x.dim(2), x.dim(3));
        Im2col.Geometry g = new Im2col.Geometry(x.dim(0), inChannels, x.dim(2), x.dim(3), hw[0], hw[1], window);
        long patchElements = (long) g.patchSize() * g.columns();
        long outElements = (long) outChannels * g.columns();
        if (Math.max(patchElements, outElements) > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("conv2d on " + Tensor.format(x.shape()) + " needs a patch matrix of "
                    + g.patchSize() + " x " + g.columns() + " elements, more than 2^31: use smaller batches");
        }
        return g;
    }

    @Override
    public Tensor forward(Tensor x, Context context) {
        Im2col.Geometry g = geometry(x);
        parallelism = context.parallelism();
        int batch = g.batch(), columns = g.columns();
        if (output == null || output.dim(0) != batch || output.dim(2) != g.outHeight() || output.dim(3) != g.outWidth()) {
            output = Tensor.zeros(batch, outChannels, g.outHeight(), g.outWidth());
        }
        cols = grow(cols, g.patchSize() * columns);
        Im2col.im2col(parallelism, x.data(), x.offset(), g, cols);
        // With one sample, [OC, N*P] is already [N, OC, P]: the GEMM writes the output directly.
        float[] product = batch == 1 ? output.data() : (z = grow(z, outChannels * columns));
        Linalg.matmulRowBias(parallelism, weight.value().data(), weight.value().offset(), cols, 0,
                bias == null ? null : bias.value().data(), bias == null ? 0 : bias.value().offset(),
                product, 0, outChannels, columns, g.patchSize());
        stage.forward(product, 0, outChannels, columns, context.training(), parallelism);
        if (batch > 1) {
            Im2col.channelMajorToBatchMajor(parallelism, product, output.data(), 0, batch, outChannels, g.positions());
        }
        trained = context.training() ? g : null;
        return output;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        Im2col.Geometry g = backwardCommon(gradOutput);
        if (gradInput == null || gradInput.dim(0) != g.batch() || gradInput.dim(2) != g.height() || gradInput.dim(3) != g.width()) {
            gradInput = Tensor.zeros(g.batch(), inChannels, g.height(), g.width());
        }
        gradCols = grow(gradCols, g.patchSize() * g.columns());
        Linalg.matmulTransposedA(parallelism, weight.value().data(), weight.value().offset(), gradZ, 0,
                gradCols, 0, g.patchSize(), g.columns(), outChannels, false);
        Im2col.col2im(parallelism, gradCols, g, gradInput.data(), 0);
        return gradInput;
    }

    /** Parameter gradients only: no patch gradient and no col2im (the first layer of a network). */
    @Override
    public void backwardParametersOnly(Tensor gradOutput) {
        backwardCommon(gradOutput);
    }

    private Im2col.Geometry backwardCommon(Tensor gradOutput) {
        Im2col.Geometry g = trained;
        if (g == null) {
            throw new IllegalStateException("conv2d backward without a training-mode forward");
        }
        Tensor.requireShape("conv2d gradient", gradOutput, g.batch(), outChannels, g.outHeight(), g.outWidth());
        int columns = g.columns();
        gradZ = grow(gradZ, outChannels * columns);
        if (g.batch() == 1) {
            stage.backward(gradOutput.data(), gradOutput.offset(), gradZ, 0, parallelism);
        } else {
            Im2col.batchMajorToChannelMajor(parallelism, gradOutput.data(), gradOutput.offset(), gradZ, g.batch(),
                    outChannels, g.positions());
            stage.backward(gradZ, 0, gradZ, 0, parallelism);
        }
        Linalg.matmulTransposedB(parallelism, gradZ, 0, cols, 0, weight.grad().data(), weight.grad().offset(),
                outChannels, g.patchSize(), columns, true);
        if (bias != null) {
            Linalg.rowSums(parallelism, gradZ, 0, outChannels, columns, bias.grad().data(), bias.grad().offset());
        }
        return g;
    }

    private static float[] grow(float[] buffer, int size) {
        return buffer.length >= size ? buffer : new float[size];
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
        c.put("in_channels", inChannels);
        c.put("out_channels", outChannels);
        window.toConfig(c, true);
        c.put("bias", bias != null);
        if (stage.activation() != null) {
            c.put("activation", stage.activation().spec());
        }
        c.put("init", init.spec());
        return c;
    }

    @Override
    public String toString() {
        return "Conv2d(" + inChannels + " -> " + outChannels + ", " + window
                + (stage.activation() == null ? "" : ", " + stage.activation().spec()) + ")";
    }
}
