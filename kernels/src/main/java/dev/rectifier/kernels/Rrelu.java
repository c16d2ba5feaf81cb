package dev.rectifier.kernels;

import dev.rectifier.kernels.scalar.ScalarLeakyRelu;
import dev.rectifier.kernels.scalar.ScalarRrelu;
import dev.rectifier.kernels.simd.VectorLeakyRelu;
import dev.rectifier.kernels.simd.VectorRrelu;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * RReLU, the randomized leaky ReLU, PyTorch's {@code nn.RReLU(lower, upper)}. Spec:
 * {@code rrelu(lower=0.125,upper=0.3333333333333333)} (PyTorch's defaults 1/8 and 1/3); both
 * must be finite with {@code lower <= upper}.
 *
 * <p><b>Evaluation mode</b> (the {@link Activation} methods): a leaky ReLU with the fixed slope
 * {@code a = (lower + upper) / 2}, computed in double and rounded to float as PyTorch does:
 * {@code f(x) = x > 0 ? x : a * x}, {@code f'(x) = x > 0 ? 1 : a}. Edge cases are leaky ReLU's:
 * f'(0) = a, f(NaN) = NaN with gradient {@code a * dy}, f(-0.0) = -0.0 (for a &gt;= 0).
 * Backward needs the input x.
 *
 * <p><b>Training mode</b> ({@link #forwardTraining}, {@link #backwardTraining}): PyTorch's
 * {@code rrelu_with_noise}. Each element with {@code x <= 0} draws its own slope
 * {@code r ~ U(lower, upper)} and gives {@code y = x * r}, {@code noise = r}; every other element
 * (x &gt; 0, and NaN) gives {@code y = x}, {@code noise = 1}. Backward is {@code dx = dy * noise},
 * so the noise array is what backward needs saved (at NaN the gradient is dy, unlike evaluation
 * mode). The slopes come from the caller's seeded {@link SplittableRandom}: the array is cut into
 * blocks of {@link #NOISE_BLOCK} elements, block k draws from the k-th {@code random.split()}
 * (split in block order before any work), so the result depends on the seed alone, never on the
 * thread count. The draws cannot match PyTorch's generator; their distribution does.
 */
public final class Rrelu extends ElementwiseActivation {
    static final String NAME = "rrelu";
    /** PyTorch's default lower bound, 1/8. */
    public static final double DEFAULT_LOWER = 1.0 / 8;
    /** PyTorch's default upper bound, 1/3. */
    public static final double DEFAULT_UPPER = 1.0 / 3;
    /** Elements per random stream in training mode: part of the definition of the result. */
    public static final int NOISE_BLOCK = 1 << 12;
    // Evaluation mode is a leaky ReLU, as cheap as relu6: two threads beat one from n = 2^16,
    // measured on a 2-core AMD EPYC (AVX-512, JDK 25), vector kernel whole vs split in two by
    // Parallelism.forRange, minimum of many runs.
    private static final int GRAIN = 1 << 15;
    // Training costs 1.2 ns per element (the draws), so the 0.6 us hand-off pays from about
    // 10^3 elements; a part takes whole noise blocks, so it needs one block.
    private static final int TRAINING_GRAIN = NOISE_BLOCK;

    private final double lower;
    private final double upper;
    private final float slope;

    /** RReLU using {@link Parallelism#defaults()}. */
    public Rrelu(double lower, double upper) {
        this(lower, upper, Parallelism.defaults());
    }

    /**
     * @throws IllegalArgumentException if lower or upper is NaN or infinite, or lower &gt; upper,
     *                                  naming both
     */
    public Rrelu(double lower, double upper, Parallelism parallelism) {
        super(parallelism, GRAIN, GRAIN);
        this.lower = Checks.finite("rrelu lower", lower);
        this.upper = Checks.finite("rrelu upper", upper);
        if (lower > upper) {
            throw new IllegalArgumentException("rrelu lower=" + lower + " > upper=" + upper + " but it needs lower <= upper");
        }
        this.slope = (float) ((lower + upper) / 2);
    }

    static Rrelu fromSpec(Spec spec) {
        double lower = spec.number("lower", DEFAULT_LOWER);
        double upper = spec.number("upper", DEFAULT_UPPER);
        spec.finish();
        if (lower > upper) {
            throw spec.illegal("lower", Spec.format(lower), "must be <= upper=" + Spec.format(upper));
        }
        return new Rrelu(lower, upper);
    }

    /** The lower bound of the training slopes. */
    public double lower() {
        return lower;
    }

    /** The upper bound of the training slopes. */
    public double upper() {
        return upper;
    }

    /** The evaluation-mode slope {@code (float) ((lower + upper) / 2)}. */
    public float slope() {
        return slope;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String spec() {
        return NAME + "(lower=" + Spec.format(lower) + ",upper=" + Spec.format(upper) + ")";
    }

    @Override
    public Rrelu withParallelism(Parallelism parallelism) {
        return new Rrelu(lower, upper, parallelism);
    }

    @Override
    protected void forwardScalar(float[] x, int xOff, float[] y, int yOff, int n) {
        ScalarLeakyRelu.forward(x, xOff, y, yOff, n, slope);
    }

    @Override
    protected void forwardVector(float[] x, int xOff, float[] y, int yOff, int n) {
        VectorLeakyRelu.forward(x, xOff, y, yOff, n, slope);
    }

    @Override
    protected void backwardScalar(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        ScalarLeakyRelu.backward(x, xOff, dy, dyOff, dx, dxOff, n, slope);
    }

    @Override
    protected void backwardVector(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        VectorLeakyRelu.backward(x, xOff, dy, dyOff, dx, dxOff, n, slope);
    }

    /**
     * Training forward: {@code noise[noiseOff + i] = x <= 0 ? r_i : 1} with
     * {@code r_i ~ U(lower, upper)} rounded to float, and {@code y[yOff + i] = x * noise}. y may
     * be x at the same offset; noise must not overlap either. Advances {@code random} by one
     * {@code split()} per started block of {@link #NOISE_BLOCK} elements.
     *
     * @throws NullPointerException     if an array or {@code random} is null
     * @throws IllegalArgumentException if a range does not fit its array
     */
    public void forwardTraining(float[] x, int xOff, float[] y, int yOff, float[] noise, int noiseOff, int n,
                                SplittableRandom random) {
        Checks.range("x", x, xOff, n);
        Checks.range("y", y, yOff, n);
        Checks.range("noise", noise, noiseOff, n);
        Objects.requireNonNull(random, "random is null");
        int blocks = (int) (((long) n + NOISE_BLOCK - 1) / NOISE_BLOCK);
        SplittableRandom[] streams = new SplittableRandom[blocks];
        for (int k = 0; k < blocks; k++) {
            streams[k] = random.split();
        }
        Parallelism.RangeTask task = (from, to) -> {
            for (int start = from; start < to; start += NOISE_BLOCK) {
                int count = Math.min(NOISE_BLOCK, to - start);
                SplittableRandom stream = streams[start / NOISE_BLOCK];
                if (Simd.ENABLED) {
                    VectorRrelu.forwardTraining(x, xOff + start, y, yOff + start, noise, noiseOff + start, count,
                            stream, lower, upper);
                } else {
                    ScalarRrelu.forwardTraining(x, xOff + start, y, yOff + start, noise, noiseOff + start, count,
                            stream, lower, upper);
                }
            }
        };
        if (n < 2 * TRAINING_GRAIN || parallelism().threads() == 1) {
            task.run(0, n);
        } else {
            parallelism().forRange(n, TRAINING_GRAIN, NOISE_BLOCK, task);
        }
    }

    /**
     * Training backward: {@code dx[dxOff + i] = dy[dyOff + i] * noise[noiseOff + i]} with the
     * noise {@link #forwardTraining} saved. dx may be dy at the same offset.
     */
    public void backwardTraining(float[] noise, int noiseOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        Checks.range("noise", noise, noiseOff, n);
        Checks.range("dy", dy, dyOff, n);
        Checks.range("dx", dx, dxOff, n);
        split(n, backwardGrain(), (from, to) -> {
            if (Simd.ENABLED) {
                VectorRrelu.multiply(dy, dyOff + from, noise, noiseOff + from, dx, dxOff + from, to - from);
            } else {
                ScalarRrelu.multiply(dy, dyOff + from, noise, noiseOff + from, dx, dxOff + from, to - from);
            }
        });
    }
}
