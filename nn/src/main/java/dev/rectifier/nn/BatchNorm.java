package dev.rectifier.nn;

import dev.rectifier.kernels.Parallelism;
import dev.rectifier.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Batch normalisation over a tensor viewed as {@code [N, C, S]} (S = 1 for [N, F], L for
 * [N, C, L], H*W for images): the engine behind {@link BatchNorm1d} and {@link BatchNorm2d}.
 *
 * <p>Training: per channel, over its M = N*S values, mean and biased variance (sums in double,
 * two passes), {@code y = (x - mean) / sqrt(var + eps) * weight + bias}, applied as
 * {@code y = x * alpha + beta} with alpha, beta per channel as PyTorch does; the running
 * statistics move by {@code momentum} towards the batch mean and the UNBIASED variance
 * {@code var * M / (M - 1)}. Evaluation normalises with the running statistics.
 *
 * <p>Backward (training), per channel with x^ = (x - mean) * invstd and sums in double:
 * {@code dbias += sum dy}, {@code dweight += sum dy * x^},
 * {@code dx = weight * invstd * (dy - sum(dy) / M - x^ * sum(dy * x^) / M)}.
 * The input is kept by reference (layers never change their inputs) with the mean and invstd.
 *
 * <p>Channels are split over threads; each channel's sums run in a fixed order.
 */
final class BatchNorm {
    private final String type;
    private final int channels;
    private final double eps;
    private final double momentum;
    private final Parameter weight;
    private final Parameter bias;
    private final Tensor runningMean;
    private final Tensor runningVar;

    private final double[] mean;
    private final double[] invstd;
    private Tensor input;
    private int spatial;
    private Tensor output;
    private Tensor gradInput;
    private Parallelism parallelism = Parallelism.serial();

    BatchNorm(String type, int channels, double eps, double momentum, boolean affine) {
        if (channels < 1) {
            throw new IllegalArgumentException(type + " needs num_features >= 1 but got " + channels);
        }
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException(type + " eps=" + eps + " but it must be a positive number");
        }
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(type + " momentum=" + momentum + " but it must be in [0, 1]");
        }
        this.type = type;
        this.channels = channels;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = affine ? new Parameter("weight", Tensor.zeros(channels).fill(1f), false) : null;
        this.bias = affine ? new Parameter("bias", Tensor.zeros(channels), false) : null;
        this.runningMean = Tensor.zeros(channels);
        this.runningVar = Tensor.zeros(channels).fill(1f);
        this.mean = new double[channels];
        this.invstd = new double[channels];
    }

    static BatchNorm fromConfig(String type, Map<String, Object> c) {
        return new BatchNorm(type, Configs.integer(c, "num_features"), Configs.number(c, "eps", 1e-5),
                Configs.number(c, "momentum", 0.1), Configs.bool(c, "affine", true));
    }

    int channels() {
        return channels;
    }

    double eps() {
        return eps;
    }

    double momentum() {
        return momentum;
    }

    Parameter weight() {
        return weight;
    }

    Parameter bias() {
        return bias;
    }

    Tensor runningMean() {
        return runningMean;
    }

    Tensor runningVar() {
        return runningVar;
    }

    private double w(int c) {
        return weight == null ? 1.0 : weight.value().at(c);
    }

    private double b(int c) {
        return bias == null ? 0.0 : bias.value().at(c);
    }

    /** Forward over {@code x} viewed as [N, channels, spatial]; the caller has checked the shape. */
    Tensor forward(Tensor x, int spatial, Context context) {
        parallelism = context.parallelism();
        int batch = x.dim(0);
        output = Pooling.buffer(output, x.shape());
        float[] in = x.data(), out = output.data();
        int xOff = x.offset();
        if (!context.training()) {
            input = null;
            parallelism.forRange(channels, 1, 1, (from, to) -> {
                for (int c = from; c < to; c++) {
                    double alpha = w(c) / Math.sqrt(runningVar.at(c) + eps);
                    double beta = b(c) - runningMean.at(c) * alpha;
                    affine(in, xOff, out, batch, spatial, c, (float) alpha, (float) beta);
                }
            });
            return output;
        }
        long count = (long) batch * spatial;
        if (count < 2) {
            throw new IllegalArgumentException(type + " needs more than 1 value per channel when training but got input of shape "
                    + Tensor.format(x.shape()));
        }
        parallelism.forRange(channels, 1, 1, (from, to) -> {
            for (int c = from; c < to; c++) {
                double sum = 0;
                for (int n = 0; n < batch; n++) {
                    for (int i = xOff + (n * channels + c) * spatial, end = i + spatial; i < end; i++) {
                        sum += in[i];
                    }
                }
                double m = sum / count;
                double squares = 0;
                for (int n = 0; n < batch; n++) {
                    for (int i = xOff + (n * channels + c) * spatial, end = i + spatial; i < end; i++) {
                        double d = in[i] - m;
                        squares += d * d;
                    }
                }
                double var = squares / count;
                mean[c] = m;
                invstd[c] = 1.0 / Math.sqrt(var + eps);
                double alpha = w(c) * invstd[c];
                affine(in, xOff, out, batch, spatial, c, (float) alpha, (float) (b(c) - m * alpha));
                float[] rm = runningMean.data(), rv = runningVar.data();
                rm[c] = (float) (momentum * m + (1 - momentum) * rm[c]);
                rv[c] = (float) (momentum * (squares / (count - 1)) + (1 - momentum) * rv[c]);
            }
        });
        input = x;
        this.spatial = spatial;
        return output;
    }

    private void affine(float[] in, int xOff, float[] out, int batch, int spatial, int c, float alpha, float beta) {
        for (int n = 0; n < batch; n++) {
            int o = (n * channels + c) * spatial;
            for (int i = 0; i < spatial; i++) {
                out[o + i] = in[xOff + o + i] * alpha + beta;
            }
        }
    }

    Tensor backward(Tensor gradOutput) {
        Tensor x = input;
        int spatial = this.spatial;
        if (x == null) {
            throw new IllegalStateException(type + " backward without a training-mode forward");
        }
        Tensor.requireShape(type + " gradient", gradOutput, x.shape());
        int batch = x.dim(0);
        long count = (long) batch * spatial;
        gradInput = Pooling.buffer(gradInput, x.shape());
        float[] in = x.data(), dy = gradOutput.data(), dx = gradInput.data();
        int xOff = x.offset(), dyOff = gradOutput.offset();
        parallelism.forRange(channels, 1, 1, (from, to) -> {
            for (int c = from; c < to; c++) {
                double m = mean[c], s = invstd[c];
                double sumDy = 0, dot = 0; // dot = sum dy * (x - mean)
                for (int n = 0; n < batch; n++) {
                    int o = (n * channels + c) * spatial;
                    for (int i = 0; i < spatial; i++) {
                        double g = dy[dyOff + o + i];
                        sumDy += g;
                        dot += g * (in[xOff + o + i] - m);
                    }
                }
                if (weight != null) {
                    weight.grad().data()[weight.grad().offset() + c] += (float) (dot * s);
                    bias.grad().data()[bias.grad().offset() + c] += (float) sumDy;
                }
                double meanDy = sumDy / count;
                double k = dot * s * s / count; // sum(dy * x^) / M, divided again by invstd
                double scale = w(c) * s;
                for (int n = 0; n < batch; n++) {
                    int o = (n * channels + c) * spatial;
                    for (int i = 0; i < spatial; i++) {
                        double centred = in[xOff + o + i] - m;
                        dx[o + i] = (float) ((dy[dyOff + o + i] - meanDy - centred * k) * scale);
                    }
                }
            }
        });
        return gradInput;
    }

    List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>(2);
        if (weight != null) {
            p.add(weight);
            p.add(bias);
        }
        return p;
    }

    Map<String, Tensor> buffers() {
        Map<String, Tensor> b = new LinkedHashMap<>();
        b.put("running_mean", runningMean);
        b.put("running_var", runningVar);
        return b;
    }

    Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("num_features", channels);
        c.put("eps", eps);
        c.put("momentum", momentum);
        c.put("affine", weight != null);
        return c;
    }

    @Override
    public String toString() {
        return channels + (eps == 1e-5 ? "" : ", eps=" + eps) + (momentum == 0.1 ? "" : ", momentum=" + momentum)
                + (weight != null ? "" : ", affine=false");
    }
}
