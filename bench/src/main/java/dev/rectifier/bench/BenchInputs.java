package dev.rectifier.bench;

import dev.rectifier.kernels.Activation;
import dev.rectifier.kernels.Activations;
import dev.rectifier.kernels.ElementwiseActivation;
import dev.rectifier.kernels.Parallelism;
import dev.rectifier.kernels.Spec;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What the benchmark states share: seeded inputs, the activation a spec names, and the check that
 * a fast result equals the scalar reference before anything is timed (a fast wrong kernel must
 * never produce a figure).
 */
final class BenchInputs {
    private BenchInputs() {}

    /** Seed of the inputs x; the upstream gradients dy use {@code SEED + 1}. */
    static final long SEED = 20261127L;

    /**
     * Functions whose vector path must equal the reference bit for bit: piecewise linear, one
     * compare and at most one multiply per element, so there is no rounding to differ in.
     */
    private static final Set<String> PIECEWISE_LINEAR = Set.of("relu", "leaky_relu", "prelu", "relu6", "hardtanh");

    /** Distance allowed for the other functions, whose vector paths use their own polynomials. */
    static final long SMOOTH_MAX_ULPS = 16;

    /** ... or this absolute difference, for results so near zero that ulps are tiny. */
    static final float SMOOTH_MAX_ABS = 1e-6f;

    /** Elements the reference is computed over at a time, so that checking needs no second full array. */
    private static final int CHUNK = 1 << 16;

    /** Thrown when a spec names an activation this build does not have. */
    static final class MissingActivationException extends IllegalStateException {
        MissingActivationException(String message) {
            super(message);
        }
    }

    /**
     * Floats past the end of every timed array. Arrays of exactly 2^k floats allocated one after
     * another lie 2^(k+2) + 16 bytes apart, so x[i], dy[i] and dx[i] fall into the same cache
     * sets and a three-stream kernel (backward) runs at about half the memory bandwidth at 64M
     * floats (15 GB/s against 26 GB/s on the machine of bench/README.md, where the copy of the
     * same bytes ran at 26 to 28 GB/s). PyTorch's allocator (glibc's malloc) maps each large tensor on
     * its own with a page in front, so its streams are a page out of step; the extra 1,040
     * floats (4,160 bytes) do the same here.
     */
    static final int STAGGER = 1040;

    /** A zeroed timed array: {@code n} floats used, {@link #STAGGER} more allocated. */
    static float[] buffer(int n) {
        return new float[n + STAGGER];
    }

    /** A timed array holding {@code normals(seed, n)} in its first n places ({@link #buffer}). */
    static float[] normalsBuffer(long seed, int n) {
        return fillNormals(seed, buffer(n), n);
    }

    /** n standard normal floats: half negative, as pre-activations are; the same for every run. */
    static float[] normals(long seed, int n) {
        return fillNormals(seed, new float[n], n);
    }

    private static float[] fillNormals(long seed, float[] a, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            a[i] = (float) random.nextGaussian();
        }
        return a;
    }

    /** A copy of {@code normals(seed, n)} with a corner case (NaN, infinities, signed zeros, ...) in every 7th place. */
    static float[] withCorners(long seed, int n) {
        float[] corners = {0f, -0f, 1f, -1f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL, Float.MAX_VALUE,
            -Float.MAX_VALUE, 6f, 20f, -20f, 88.7f, -88.7f, 103f, -103f, 1e-20f, -1e-20f};
        float[] a = normals(seed, n);
        for (int i = 0, c = 0; i < n; i += 7, c++) {
            a[i] = corners[c % corners.length];
        }
        return a;
    }

    /** Parallelism for a benchmark's thread count; the caller closes it in its tear-down. */
    static Parallelism parallelism(int threads) {
        return threads == 1 ? Parallelism.serial() : Parallelism.threads(threads);
    }

    /**
     * The activation {@code spec} names, using {@code parallelism}, with its scalar reference.
     *
     * @throws MissingActivationException if this build has no activation of that name (it may be
     *                                    on a branch not merged yet)
     * @throws IllegalStateException      if it has no scalar reference to check against
     */
    static ElementwiseActivation activation(String spec, Parallelism parallelism) {
        String name = Spec.parse(spec).name();
        if (!Activations.names().contains(name)) {
            throw new MissingActivationException("activation '" + name + "' is not in this build (it has "
                    + String.join(", ", Activations.names()) + ")");
        }
        Activation activation = Activations.parse(spec).withParallelism(parallelism);
        if (!(activation instanceof ElementwiseActivation elementwise)) {
            throw new IllegalStateException(spec + " is a " + activation.getClass().getName()
                    + ", not an ElementwiseActivation: there is no scalar reference to check it against");
        }
        return elementwise;
    }

    /** Whether {@code spec}'s fast path must equal its reference bit for bit. */
    static boolean exact(String spec) {
        return PIECEWISE_LINEAR.contains(Spec.parse(spec).name());
    }

    /** Computes the reference of {@code [from, from + n)} into {@code out[0, n)}. */
    @FunctionalInterface
    interface Reference {
        void compute(int from, float[] out, int n);
    }

    /**
     * Throws unless {@code actual[0, n)} equals the reference: bit for bit when {@code exact},
     * else within {@link #SMOOTH_MAX_ULPS} ulps or {@link #SMOOTH_MAX_ABS}. The message gives
     * the first mismatches with index, input, expected and actual.
     */
    static void verify(String what, float[] input, float[] actual, int n, boolean exact, Reference reference) {
        float[] expected = new float[Math.min(CHUNK, n)];
        StringBuilder first = new StringBuilder();
        long bad = 0;
        for (int from = 0; from < n; from += CHUNK) {
            int count = Math.min(CHUNK, n - from);
            reference.compute(from, expected, count);
            for (int i = 0; i < count; i++) {
                float e = expected[i], a = actual[from + i];
                if (!matches(e, a, exact) && bad++ < 5) {
                    first.append(String.format("%n  [%d] input=%s expected=%s (%08x) actual=%s (%08x)",
                            from + i, input[from + i], e, Float.floatToRawIntBits(e), a, Float.floatToRawIntBits(a)));
                }
            }
        }
        if (bad > 0) {
            throw new IllegalStateException(what + ": " + bad + " of " + n + " elements differ from the scalar reference"
                    + (exact ? " (bit-exact required)" : " (more than " + SMOOTH_MAX_ULPS + " ulps and " + SMOOTH_MAX_ABS + ")")
                    + "; not timing a wrong kernel" + first);
        }
    }

    static boolean matches(float expected, float actual, boolean exact) {
        if (Float.isNaN(expected) || Float.isNaN(actual)) {
            return Float.isNaN(expected) && Float.isNaN(actual);
        }
        if (exact) {
            return Float.floatToRawIntBits(expected) == Float.floatToRawIntBits(actual);
        }
        return ulps(expected, actual) <= SMOOTH_MAX_ULPS || Math.abs(expected - actual) <= SMOOTH_MAX_ABS;
    }

    /** Distance in representable floats between two non-NaN values; +0 and -0 are 0 apart. */
    static long ulps(float a, float b) {
        return Math.abs((long) ordered(a) - ordered(b));
    }

    private static int ordered(float f) {
        int bits = Float.floatToRawIntBits(f);
        return bits >= 0 ? bits : Integer.MIN_VALUE - bits;
    }
}
