package dev.rectifier.nn;

import dev.rectifier.kernels.Activation;
import dev.rectifier.kernels.Activations;
import dev.rectifier.kernels.Parallelism;
import dev.rectifier.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Randomized leaky ReLU, {@code torch.nn.RReLU(lower, upper)} (Xu et al. 2015).
 *
 * <p>Training, as PyTorch's {@code rrelu_with_noise}: every element with {@code x <= 0} draws
 * its own slope {@code r ~ U(lower, upper)} and gives {@code y = x * r} (so 0 and -0.0 draw
 * too); elements with {@code x > 0}, and NaN, pass through. Backward is {@code dx = dy * r} for
 * the drawn elements and {@code dy} for the others (a NaN input passes dy through, as PyTorch).
 * Evaluation is leaky_relu with the mean slope {@code (lower + upper) / 2}, computed by the
 * kernels module's leaky_relu.
 *
 * <p>Memory: backward keeps one bit per element (drawn or not) and one seed, and draws the
 * slopes again: each training forward takes one number from the layer's generator (seeded from
 * its constructor) and seeds one generator per block of 4096 elements from it, so the draws are
 * the same for any thread count and can be replayed in backward in the same order.
 */
public final class RReluLayer implements ActivationSite {
    private final double lower;
    private final double upper;
    private final long seed;
    private final SplittableRandom random;
    private final Activation evaluation;
    private Activation boundEvaluation;
    private Parallelism boundTo;
    private long[] mask = new long[0];
    private long stream;
    private int[] trained;
    private Tensor output;
    private Tensor gradInput;
    private Parallelism parallelism = Parallelism.serial();

    /**
     * @throws IllegalArgumentException unless lower and upper are finite with lower <= upper
     */
    public RReluLayer(double lower, double upper, long seed) {
        if (!Double.isFinite(lower) || !Double.isFinite(upper) || lower > upper) {
            throw new IllegalArgumentException("rrelu needs finite lower <= upper but got lower=" + lower + ", upper=" + upper);
        }
        this.lower = lower;
        this.upper = upper;
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.evaluation = Activations.leakyRelu((lower + upper) / 2);
    }

    /** PyTorch's defaults lower = 1/8, upper = 1/3. */
    public RReluLayer(long seed) {
        this(1.0 / 8, 1.0 / 3, seed);
    }

    static RReluLayer fromConfig(Map<String, Object> c, SplittableRandom random) {
        return new RReluLayer(Configs.number(c, "lower", 1.0 / 8), Configs.number(c, "upper", 1.0 / 3),
                Configs.longInteger(c, "seed", random.nextLong() >>> 11));
    }

    public double lower() {
        return lower;
    }

    public double upper() {
        return upper;
    }

    public long seed() {
        return seed;
    }

    /** Bytes kept for backward after a training forward of n elements: one bit each. */
    public long stateBytes() {
        return trained == null ? 0 : (long) mask.length * Long.BYTES;
    }

    @Override
    public String type() {
        return "rrelu";
    }

    @Override
    public String activationSpec() {
        return "rrelu(lower=" + lower + ",upper=" + upper + ")";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public Tensor forward(Tensor x, Context context) {
        parallelism = context.parallelism();
        output = Pooling.buffer(output, x.shape());
        int n = x.size();
        if (!context.training()) {
            if (boundTo != parallelism) {
                boundEvaluation = evaluation.withParallelism(parallelism);
                boundTo = parallelism;
            }
            boundEvaluation.forward(x.data(), x.offset(), output.data(), 0, n);
            trained = null;
            return output;
        }
        int words = (n + 63) >>> 6;
        if (mask.length != words) {
            mask = new long[words];
        }
        long s = random.nextLong();
        stream = s;
        float[] in = x.data(), out = output.data();
        int xOff = x.offset();
        parallelism.forRange(blocks(n), 1, 1, (from, to) -> {
            for (int b = from; b < to; b++) {
                SplittableRandom r = Dropout.blockRandom(s, b);
                int end = Math.min(n, (b + 1) * Dropout.BLOCK);
                for (int i = b * Dropout.BLOCK; i < end; i += 64) {
                    int count = Math.min(64, end - i);
                    long bits = 0;
                    for (int k = 0; k < count; k++) {
                        float v = in[xOff + i + k];
                        if (v <= 0) {
                            out[i + k] = v * slope(r);
                            bits |= 1L << k;
                        } else {
                            out[i + k] = v;
                        }
                    }
                    mask[i >>> 6] = bits;
                }
            }
        });
        trained = x.shape();
        return output;
    }

    private static int blocks(int n) {
        return (n + Dropout.BLOCK - 1) / Dropout.BLOCK;
    }

    private float slope(SplittableRandom r) {
        return (float) ((upper - lower) * r.nextDouble() + lower);
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        if (trained == null) {
            throw new IllegalStateException("rrelu backward without a training-mode forward");
        }
        Tensor.requireShape("rrelu gradient", gradOutput, trained);
        gradInput = Pooling.buffer(gradInput, trained);
        int n = gradInput.size();
        long s = stream;
        float[] dy = gradOutput.data(), dx = gradInput.data();
        int dyOff = gradOutput.offset();
        parallelism.forRange(blocks(n), 1, 1, (from, to) -> {
            for (int b = from; b < to; b++) {
                SplittableRandom r = Dropout.blockRandom(s, b);
                int end = Math.min(n, (b + 1) * Dropout.BLOCK);
                for (int i = b * Dropout.BLOCK; i < end; i++) {
                    float g = dy[dyOff + i];
                    dx[i] = (mask[i >>> 6] >>> (i & 63) & 1L) != 0 ? g * slope(r) : g;
                }
            }
        });
        return gradInput;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("lower", lower);
        c.put("upper", upper);
        c.put("seed", seed);
        return c;
    }

    @Override
    public String toString() {
        return "RReLU(lower=" + lower + ", upper=" + upper + ")";
    }
}
