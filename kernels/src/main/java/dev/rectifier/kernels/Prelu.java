package dev.rectifier.kernels;

import dev.rectifier.kernels.scalar.ScalarPrelu;
import dev.rectifier.kernels.simd.VectorPrelu;
import java.util.Arrays;

/**
 * PReLU, the parametric ReLU, PyTorch's {@code nn.PReLU(num_parameters, init)}: learned slopes
 * {@code w}, one shared by every element ({@code num_parameters=1}) or one per channel, the
 * channel being dim 1 of an (N, C, ...) tensor. {@code f(x) = x > 0 ? x : w[c] * x},
 * {@code df/dx = x > 0 ? 1 : w[c]}, {@code df/dw[c] = x > 0 ? 0 : x}, so
 * {@code dw[c] = sum over batch and spatial positions of (x > 0 ? 0 : x * dy)}. Spec:
 * {@code prelu(num_parameters=1,init=0.25)} (PyTorch's defaults).
 *
 * <p>Edge cases (PyTorch's): f'(0) = w; f(NaN) = NaN, its dx is {@code w * dy} and it makes
 * that channel's dw NaN; f(-0.0) = w * -0.0 (-0.0 for w &gt; 0, +0.0 for w &lt; 0); f(+inf) = +inf
 * with no share of dw. y and dx are exact (one select and one product per element); dw is the
 * product {@code x * dy} rounded to float, summed in double and rounded to float once, over
 * fixed blocks combined in a fixed order: identical for every thread count, and within 1 ulp of
 * the sequential {@link #backwardReference(float[], int, float[], int, float[], int, float[], int, float[], int, int, int, int) reference}.
 * PyTorch sums in float32, so its dw may differ from this more exact sum by a few ulps (the
 * golden tests bound it).
 *
 * <p><b>Stateful.</b> The activation from {@link Activations#parse} holds its own slope array,
 * initialised to {@code init}, which {@link #slopes()} exposes for training to update in place;
 * {@link #withParallelism} shares it. The {@link Activation} methods read a flat array of n
 * elements as (n / C, C) when C = num_parameters &gt; 1 (as PyTorch reads a 2-D input); two
 * instances are equal when their specs and current slopes are.
 *
 * <p><b>Stateless kernels</b> for a training engine that keeps the slopes itself:
 * {@link #forward(float[], int, float[], int, float[], int, int, int, int)} and
 * {@link #backward(float[], int, float[], int, float[], int, float[], int, float[], int, int, int, int)}
 * take the slopes and a (batch, channels, inner) shape; {@code channels = 1} shares one slope.
 *
 * <p>Backward needs the input x and the slopes.
 */
public final class Prelu extends ElementwiseActivation {
    static final String NAME = "prelu";
    /** PyTorch's default number of slopes. */
    public static final int DEFAULT_NUM_PARAMETERS = 1;
    /** PyTorch's default initial slope. */
    public static final double DEFAULT_INIT = 0.25;
    // y and dx cost what relu6 costs: two threads beat one from n = 2^16, measured on a 2-core AMD
    // EPYC (AVX-512, JDK 25), vector kernel whole vs split in two by Parallelism.forRange, minimum
    // of many runs.
    private static final int GRAIN = 1 << 15;
    // The fused backward with dw (0.15 ns per element) beats one thread from n = 2^14.
    private static final int DW_GRAIN = 1 << 13;
    // The base class must not split: a split would lose the channel phase, so prelu splits
    // itself, by shape. Twice this exceeds any array length.
    private static final int NO_SPLIT = Integer.MAX_VALUE / 2;
    /** Elements per block of the slope-gradient sum: blocks depend on the shape alone. */
    static final int DW_BLOCK = 1 << 13;
    private static final int MAX_DW_TASKS = 32;
    // Below this inner size the slope gradient goes by whole rows (at least the widest lane count).
    private static final int SMALL_INNER = 16;

    private final int numParameters;
    private final float init;
    private final float[] slopes;

    /** PReLU with PyTorch's defaults: one slope, 0.25. */
    public Prelu() {
        this(DEFAULT_NUM_PARAMETERS, DEFAULT_INIT);
    }

    /** PReLU with {@code numParameters} slopes set to {@code init}, using {@link Parallelism#defaults()}. */
    public Prelu(int numParameters, double init) {
        this(numParameters, init, Parallelism.defaults());
    }

    /** @throws IllegalArgumentException if numParameters &lt; 1 or init is NaN or infinite */
    public Prelu(int numParameters, double init, Parallelism parallelism) {
        this(Checks.positive("prelu num_parameters", numParameters),
                (float) Checks.finite("prelu init", init), null, parallelism);
    }

    private Prelu(int numParameters, float init, float[] slopes, Parallelism parallelism) {
        super(parallelism, NO_SPLIT, NO_SPLIT);
        this.numParameters = numParameters;
        this.init = init;
        if (slopes == null) {
            slopes = new float[numParameters];
            Arrays.fill(slopes, init);
        }
        this.slopes = slopes;
    }

    static Prelu fromSpec(Spec spec) {
        int numParameters = spec.integer("num_parameters", DEFAULT_NUM_PARAMETERS);
        double init = spec.number("init", DEFAULT_INIT);
        spec.finish();
        if (numParameters < 1) {
            throw spec.illegal("num_parameters", numParameters, "must be at least 1");
        }
        return new Prelu(numParameters, init);
    }

    /** C, the number of slopes. */
    public int numParameters() {
        return numParameters;
    }

    /** The initial slope, as a float. */
    public float init() {
        return init;
    }

    /** The live slope array, length {@link #numParameters()}: the learned parameter, mutable. */
    public float[] slopes() {
        return slopes;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The configuration; the current slopes are state, not part of the spec. */
    @Override
    public String spec() {
        return NAME + "(num_parameters=" + numParameters + ",init=" + Spec.format(init) + ")";
    }

    /** The same function with other threads, sharing this instance's slope array. */
    @Override
    public Prelu withParallelism(Parallelism parallelism) {
        return new Prelu(numParameters, init, slopes, parallelism);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prelu p && p.spec().equals(spec()) && Arrays.equals(p.slopes, slopes);
    }

    /** From the spec alone, so that it stays put while the slopes train. */
    @Override
    public int hashCode() {
        return spec().hashCode();
    }

    // ---- the Activation methods: own slopes, a flat array read as (n / C, C) ----

    private int rows(int n) {
        if (n % numParameters != 0) {
            throw new IllegalArgumentException("prelu with num_parameters=" + numParameters + " reads a flat array as (n / "
                    + numParameters + ", " + numParameters + ") but n=" + n + " is not a multiple of " + numParameters);
        }
        return n / numParameters;
    }

    @Override
    protected void forwardRange(float[] x, int xOff, float[] y, int yOff, int n) {
        forwardChecked(x, xOff, y, yOff, slopes, 0, rows(n), numParameters, 1, n);
    }

    @Override
    protected void backwardRange(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        backwardDxChecked(x, xOff, dy, dyOff, slopes, 0, dx, dxOff, rows(n), numParameters, 1, n);
    }

    @Override
    protected void forwardScalar(float[] x, int xOff, float[] y, int yOff, int n) {
        rows(n);
        ScalarPrelu.forward(x, xOff, y, yOff, n, slopes, 0, numParameters, 1, 0);
    }

    @Override
    protected void forwardVector(float[] x, int xOff, float[] y, int yOff, int n) {
        rows(n);
        VectorPrelu.forward(x, xOff, y, yOff, n, slopes, 0, numParameters, 1, 0,
                VectorPrelu.pattern(slopes, 0, numParameters, 1));
    }

    @Override
    protected void backwardScalar(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        rows(n);
        ScalarPrelu.backward(x, xOff, dy, dyOff, dx, dxOff, n, slopes, 0, numParameters, 1, 0);
    }

    @Override
    protected void backwardVector(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        rows(n);
        VectorPrelu.backward(x, xOff, dy, dyOff, dx, dxOff, n, slopes, 0, numParameters, 1, 0,
                VectorPrelu.pattern(slopes, 0, numParameters, 1));
    }

    /**
     * dx as {@link #backward} and the gradient of this instance's slopes into
     * {@code dw[dwOff, dwOff + C)} (overwritten), from the flat layout (n / C, C).
     */
    public void backwardWithSlopeGradient(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff,
                                          float[] dw, int dwOff, int n) {
        Checks.range("x", x, xOff, n);
        backward(x, xOff, dy, dyOff, slopes, 0, dx, dxOff, dw, dwOff, rows(n), numParameters, 1);
    }

    // ---- stateless kernels on (batch, channels, inner) with the caller's slopes ----

    /** batch * channels * inner, refusing shapes that no array holds. */
    private static int size(int batch, int channels, int inner) {
        if (batch < 0 || channels < 1 || inner < 0) {
            throw new IllegalArgumentException("prelu shape (batch=" + batch + ", channels=" + channels + ", inner=" + inner
                    + ") needs batch >= 0, channels >= 1 and inner >= 0");
        }
        long n = (long) batch * channels * inner;
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("prelu shape (batch=" + batch + ", channels=" + channels + ", inner=" + inner
                    + ") has " + n + " elements, more than an array holds");
        }
        return (int) n;
    }

    /**
     * y = PReLU(x) on a row-major (batch, channels, inner) tensor with slopes
     * {@code w[wOff, wOff + channels)}: {@code y[b, c, i] = x > 0 ? x : w[c] * x}. y may be x at
     * the same offset. Uses this instance's threads, not its slopes.
     */
    public void forward(float[] x, int xOff, float[] y, int yOff, float[] w, int wOff, int batch, int channels, int inner) {
        int n = size(batch, channels, inner);
        Checks.range("x", x, xOff, n);
        Checks.range("y", y, yOff, n);
        Checks.range("w", w, wOff, channels);
        forwardChecked(x, xOff, y, yOff, w, wOff, batch, channels, inner, n);
    }

    /**
     * Backward on a (batch, channels, inner) tensor: {@code dx = x > 0 ? dy : w[c] * dy} and
     * {@code dw[dwOff + c] = sum over b, i of (x > 0 ? 0 : x * dy)} (overwritten, not
     * accumulated). dx may be dy at the same offset; dw must not overlap the other arrays.
     * The dw sums run over blocks fixed by the shape, so the result is the same for every
     * thread count.
     */
    public void backward(float[] x, int xOff, float[] dy, int dyOff, float[] w, int wOff,
                         float[] dx, int dxOff, float[] dw, int dwOff, int batch, int channels, int inner) {
        int n = size(batch, channels, inner);
        Checks.range("x", x, xOff, n);
        Checks.range("dy", dy, dyOff, n);
        Checks.range("w", w, wOff, channels);
        Checks.range("dx", dx, dxOff, n);
        Checks.range("dw", dw, dwOff, channels);
        if (n == 0) {
            Arrays.fill(dw, dwOff, dwOff + channels, 0f);
        } else if (channels == 1) {
            backwardShared(x, xOff, dy, dyOff, w[wOff], dx, dxOff, dw, dwOff, n);
        } else {
            backwardPerChannel(x, xOff, dy, dyOff, w, wOff, dx, dxOff, dw, dwOff, batch, channels, inner, n);
        }
    }

    /** The scalar reference of the shaped {@link #forward}, on the calling thread. */
    public void forwardReference(float[] x, int xOff, float[] y, int yOff, float[] w, int wOff,
                                 int batch, int channels, int inner) {
        int n = size(batch, channels, inner);
        Checks.range("x", x, xOff, n);
        Checks.range("y", y, yOff, n);
        Checks.range("w", w, wOff, channels);
        if (n > 0) {
            ScalarPrelu.forward(x, xOff, y, yOff, n, w, wOff, channels, inner, 0);
        }
    }

    /**
     * The scalar reference of the shaped {@link #backward}, on the calling thread: dx, and dw
     * summed element by element in row-major order.
     */
    public void backwardReference(float[] x, int xOff, float[] dy, int dyOff, float[] w, int wOff,
                                  float[] dx, int dxOff, float[] dw, int dwOff, int batch, int channels, int inner) {
        int n = size(batch, channels, inner);
        Checks.range("x", x, xOff, n);
        Checks.range("dy", dy, dyOff, n);
        Checks.range("w", w, wOff, channels);
        Checks.range("dx", dx, dxOff, n);
        Checks.range("dw", dw, dwOff, channels);
        if (n > 0) {
            ScalarPrelu.backward(x, xOff, dy, dyOff, dx, dxOff, n, w, wOff, channels, inner, 0);
        }
        ScalarPrelu.slopeGradient(x, xOff, dy, dyOff, dw, dwOff, batch, channels, inner);
    }

    private void run(int n, int grain, int align, Parallelism.RangeTask task) {
        if (n < 2 * grain || parallelism().threads() == 1) {
            task.run(0, n);
        } else {
            parallelism().forRange(n, grain, align, task);
        }
    }

    private void forwardChecked(float[] x, int xOff, float[] y, int yOff, float[] w, int wOff,
                                int batch, int channels, int inner, int n) {
        if (n == 0) {
            return;
        }
        int c = channels, in = channels == 1 ? n : inner; // one slope: a single segment
        float[] pattern = Simd.ENABLED ? VectorPrelu.pattern(w, wOff, c, in) : null;
        run(n, GRAIN, ALIGN, (from, to) -> {
            if (Simd.ENABLED) {
                VectorPrelu.forward(x, xOff + from, y, yOff + from, to - from, w, wOff, c, in, from, pattern);
            } else {
                ScalarPrelu.forward(x, xOff + from, y, yOff + from, to - from, w, wOff, c, in, from);
            }
        });
    }

    private void backwardDxChecked(float[] x, int xOff, float[] dy, int dyOff, float[] w, int wOff,
                                   float[] dx, int dxOff, int batch, int channels, int inner, int n) {
        if (n == 0) {
            return;
        }
        int c = channels, in = channels == 1 ? n : inner;
        float[] pattern = Simd.ENABLED ? VectorPrelu.pattern(w, wOff, c, in) : null;
        run(n, GRAIN, ALIGN, (from, to) -> {
            if (Simd.ENABLED) {
                VectorPrelu.backward(x, xOff + from, dy, dyOff + from, dx, dxOff + from, to - from, w, wOff, c, in, from, pattern);
            } else {
                ScalarPrelu.backward(x, xOff + from, dy, dyOff + from, dx, dxOff + from, to - from, w, wOff, c, in, from);
            }
        });
    }

    /** One slope: dw is one sum, over blocks of DW_BLOCK elements added in block order. */
    private void backwardShared(float[] x, int xOff, float[] dy, int dyOff, float slope,
                                float[] dx, int dxOff, float[] dw, int dwOff, int n) {
        int blocks = (n + DW_BLOCK - 1) / DW_BLOCK;
        double[] partial = new double[blocks];
        run(blocks, Math.max(1, DW_GRAIN / DW_BLOCK), 1, (from, to) -> {
            double[] scratch = Simd.ENABLED ? new double[VectorPrelu.lanes()] : null;
            for (int k = from; k < to; k++) {
                int start = k * DW_BLOCK, count = Math.min(DW_BLOCK, n - start);
                partial[k] = Simd.ENABLED
                        ? VectorPrelu.backwardSegment(x, xOff + start, dy, dyOff + start, dx, dxOff + start, count, slope, scratch)
                        : ScalarPrelu.backwardSegment(x, xOff + start, dy, dyOff + start, dx, dxOff + start, count, slope);
            }
        });
        double sum = 0;
        for (double p : partial) {
            sum += p;
        }
        dw[dwOff] = (float) sum;
    }

    /**
     * Per channel: tasks are (row block, channel block) pairs fixed by the shape (about
     * n / DW_BLOCK of them, at most MAX_DW_TASKS, channel blocks first since they need no extra
     * memory); each adds its segments' sums into its row block's partial sums in row order;
     * the row blocks' partials are then added in order.
     */
    private void backwardPerChannel(float[] x, int xOff, float[] dy, int dyOff, float[] w, int wOff,
                                    float[] dx, int dxOff, float[] dw, int dwOff,
                                    int batch, int channels, int inner, int n) {
        int target = Math.clamp(n / DW_BLOCK, 1, MAX_DW_TASKS);
        // Small layouts take whole rows (the grouped vector kernel needs them): row blocks only.
        // A shape rule, not a lane count, so every configuration splits the same way.
        boolean wholeRows = inner < SMALL_INNER && !(inner == 1 && channels >= SMALL_INNER);
        int channelBlocks = wholeRows ? 1 : Math.min(channels, target);
        int rowBlocks = Math.min(batch, (target + channelBlocks - 1) / channelBlocks);
        int tasks = rowBlocks * channelBlocks;
        double[] partial = new double[rowBlocks * channels];
        float[] pattern = Simd.ENABLED ? VectorPrelu.pattern(w, wOff, channels, inner) : null;
        run(tasks, Math.max(1, (int) ((long) tasks * DW_GRAIN / n)), 1, (from, to) -> {
            double[] scratch = Simd.ENABLED ? new double[VectorPrelu.lanes()] : null;
            double[] positions = pattern == null ? null : new double[VectorPrelu.groupRows(channels, inner) * channels * inner];
            for (int t = from; t < to; t++) {
                int k = t / channelBlocks, j = t % channelBlocks;
                int b0 = (int) ((long) batch * k / rowBlocks), b1 = (int) ((long) batch * (k + 1) / rowBlocks);
                int c0 = (int) ((long) channels * j / channelBlocks), c1 = (int) ((long) channels * (j + 1) / channelBlocks);
                int accOff = k * channels;
                if (pattern != null) { // a small layout, whole rows: c0 = 0, c1 = channels
                    int at = b0 * channels * inner;
                    VectorPrelu.backwardGroups(x, xOff + at, dy, dyOff + at, dx, dxOff + at, b1 - b0, channels, inner,
                            pattern, positions, partial, accOff);
                    continue;
                }
                if (inner == 1) {
                    int at = b0 * channels;
                    if (Simd.ENABLED) {
                        VectorPrelu.backwardRows(x, xOff + at, dy, dyOff + at, dx, dxOff + at, b1 - b0, channels,
                                w, wOff, partial, accOff, c0, c1);
                    } else {
                        ScalarPrelu.backwardRows(x, xOff + at, dy, dyOff + at, dx, dxOff + at, b1 - b0, channels,
                                w, wOff, partial, accOff, c0, c1);
                    }
                    continue;
                }
                for (int b = b0; b < b1; b++) {
                    for (int c = c0; c < c1; c++) {
                        int at = (b * channels + c) * inner;
                        float slope = w[wOff + c];
                        partial[accOff + c] += Simd.ENABLED
                                ? VectorPrelu.backwardSegment(x, xOff + at, dy, dyOff + at, dx, dxOff + at, inner, slope, scratch)
                                : ScalarPrelu.backwardSegment(x, xOff + at, dy, dyOff + at, dx, dxOff + at, inner, slope);
                    }
                }
            }
        });
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (int k = 0; k < rowBlocks; k++) {
                sum += partial[k * channels + c];
            }
            dw[dwOff + c] = (float) sum;
        }
    }
}
