package dev.rectifier.nn;

import dev.rectifier.kernels.Parallelism;
import dev.rectifier.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Inverted dropout, {@code torch.nn.Dropout(p)}: in training each element is zeroed with
 * probability p and the others are scaled by {@code 1 / (1 - p)}, so evaluation, where the
 * layer is the identity, needs no rescaling. The scale is computed as PyTorch computes it,
 * {@code 1.0f / (float) (1 - p)}, and applied as one float multiplication. Any input shape.
 *
 * <p>Randomness: the layer owns a {@link SplittableRandom} seeded from its constructor. Each
 * training forward takes one number from it and derives from that one generator per block of
 * 4096 elements, so the mask is the same for any thread count and the same run after run.
 * In evaluation (and for p = 0) forward returns its input itself, as {@link Flatten} does.
 * Backward keeps the mask as one bit per element: {@code dx = dy * scale} where kept, 0 elsewhere.
 */
public final class Dropout implements Layer {
    /** Elements per independently seeded block of the mask (a multiple of 64: blocks own whole words). */
    static final int BLOCK = 4096;

    private final double p;
    private final float scale;
    private final long seed;
    private final SplittableRandom random;
    private long[] mask = new long[0];
    private Tensor output;
    private Tensor gradInput;
    private int[] trained; // input shape of the last training forward
    private Parallelism parallelism = Parallelism.serial();

    /**
     * @param p    probability of zeroing an element, in [0, 1)
     * @param seed seeds the layer's generator
     * @throws IllegalArgumentException if p is outside [0, 1) or NaN
     */
    public Dropout(double p, long seed) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout probability p=" + p + " but it must be in [0, 1)");
        }
        this.p = p;
        this.scale = 1.0f / (float) (1.0 - p);
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    static Dropout fromConfig(Map<String, Object> c, SplittableRandom random) {
        return new Dropout(Configs.number(c, "p", 0.5), Configs.longInteger(c, "seed", random.nextLong() >>> 11));
    }

    /** The drop probability. */
    public double p() {
        return p;
    }

    /** The seed given to the constructor. */
    public long seed() {
        return seed;
    }

    @Override
    public String type() {
        return "dropout";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public Tensor forward(Tensor x, Context context) {
        if (!context.training() || p == 0) {
            trained = context.training() ? x.shape() : null;
            return x;
        }
        parallelism = context.parallelism();
        int n = x.size();
        output = Pooling.buffer(output, x.shape());
        int words = (n + 63) >>> 6;
        if (mask.length < words) {
            mask = new long[words];
        }
        long stream = random.nextLong();
        float[] in = x.data(), out = output.data();
        int xOff = x.offset();
        int blocks = (n + BLOCK - 1) / BLOCK;
        parallelism.forRange(blocks, 1, 1, (from, to) -> {
            for (int b = from; b < to; b++) {
                SplittableRandom r = blockRandom(stream, b);
                int end = Math.min(n, (b + 1) * BLOCK);
                for (int i = b * BLOCK; i < end; i += 64) {
                    int count = Math.min(64, end - i);
                    long bits = 0;
                    for (int k = 0; k < count; k++) {
                        boolean keep = r.nextDouble() >= p;
                        bits |= (keep ? 1L : 0L) << k;
                        out[i + k] = keep ? in[xOff + i + k] * scale : 0f;
                    }
                    mask[i >>> 6] = bits;
                }
            }
        });
        trained = x.shape();
        return output;
    }

    /**
     * The generator of one block of a forward pass. The block's seed is a bijective mix of
     * (stream, block): seeds that differ by a multiple of SplittableRandom's own gamma would give
     * shifted copies of one sequence.
     */
    static SplittableRandom blockRandom(long stream, int block) {
        long z = stream + (block + 1) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new SplittableRandom(z ^ (z >>> 31));
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        if (trained == null) {
            throw new IllegalStateException("dropout backward without a training-mode forward");
        }
        Tensor.requireShape("dropout gradient", gradOutput, trained);
        if (p == 0) {
            return gradOutput;
        }
        gradInput = Pooling.buffer(gradInput, trained);
        float[] dy = gradOutput.data(), dx = gradInput.data();
        int dyOff = gradOutput.offset();
        int n = gradInput.size();
        parallelism.forRange((n + 63) >>> 6, 64, 1, (from, to) -> {
            for (int word = from; word < to; word++) {
                long bits = mask[word];
                int end = Math.min(n, (word + 1) * 64);
                for (int i = word * 64; i < end; i++) {
                    dx[i] = (bits >>> (i & 63) & 1L) != 0 ? dy[dyOff + i] * scale : 0f;
                }
            }
        });
        return gradInput;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("p", p);
        c.put("seed", seed);
        return c;
    }

    @Override
    public String toString() {
        return "Dropout(p=" + p + ")";
    }
}
