package dev.rectifier.nn;

import dev.rectifier.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Batch normalisation of image channels, {@code torch.nn.BatchNorm2d}: input
 * {@code [N, C, H, W]}, each channel normalised over N, H and W; same shape out.
 *
 * <p>PyTorch's semantics and defaults: eps 1e-5, momentum 0.1, learned weight (starts at 1) and
 * bias (starts at 0), both without weight decay; buffers {@code running_mean} (starts at 0)
 * and {@code running_var} (starts at 1). Training normalises with the batch mean and biased
 * variance and moves the running statistics towards the batch mean and unbiased variance:
 * {@code running = (1 - momentum) * running + momentum * batch}. Evaluation uses the running
 * statistics. Math and backward: see {@link BatchNorm}.
 */
public final class BatchNorm2d implements Layer {
    private final BatchNorm core;

    /** PyTorch's defaults: eps 1e-5, momentum 0.1, affine. */
    public BatchNorm2d(int channels) {
        this(channels, 1e-5, 0.1, true);
    }

    /**
     * @param momentum weight of the batch statistic in the running one, in [0, 1]
     * @param affine   whether to learn a per-channel weight and bias
     */
    public BatchNorm2d(int channels, double eps, double momentum, boolean affine) {
        this(new BatchNorm("batchnorm2d", channels, eps, momentum, affine));
    }

    private BatchNorm2d(BatchNorm core) {
        this.core = core;
    }

    static BatchNorm2d fromConfig(Map<String, Object> c) {
        return new BatchNorm2d(BatchNorm.fromConfig("batchnorm2d", c));
    }

    public int channels() {
        return core.channels();
    }

    /** Weight (C), or null when not affine. */
    public Parameter weight() {
        return core.weight();
    }

    /** Bias (C), or null when not affine. */
    public Parameter bias() {
        return core.bias();
    }

    public Tensor runningMean() {
        return core.runningMean();
    }

    public Tensor runningVar() {
        return core.runningVar();
    }

    @Override
    public String type() {
        return "batchnorm2d";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length != 3 || inputShape[0] != core.channels()) {
            throw new IllegalArgumentException("batchnorm2d expects [N, " + core.channels() + ", H, W] but got "
                    + Conv2d.withBatch("N", inputShape));
        }
        return inputShape.clone();
    }

    private int spatial(Tensor x) {
        if (x.rank() != 4 || x.dim(1) != core.channels()) {
            throw new IllegalArgumentException("batchnorm2d expects [N, " + core.channels() + ", H, W] but got "
                    + Tensor.format(x.shape()));
        }
        return x.dim(2) * x.dim(3);
    }

    @Override
    public Tensor forward(Tensor x, Context context) {
        return core.forward(x, spatial(x), context);
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        return core.backward(gradOutput);
    }

    @Override
    public List<Parameter> parameters() {
        return core.parameters();
    }

    @Override
    public Map<String, Tensor> buffers() {
        return core.buffers();
    }

    @Override
    public Map<String, Object> config() {
        return core.config();
    }

    @Override
    public String toString() {
        return "BatchNorm2d(" + core + ")";
    }
}
