package dev.rectifier.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rectifier.kernels.scalar.ScalarGemm;
import dev.rectifier.kernels.simd.VectorGemm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SGEMM against the double-accumulating reference for odd shapes (0, 1, primes, non-multiples
 * of every vector width, tall and skinny, k spanning several k-blocks, n spanning several column
 * panels), every transpose combination, alpha and beta, offsets and padded leading dimensions;
 * bit for bit against the float reference when one k-block covers k; multi-threaded against
 * single-threaded. Surefire runs this class again at every vector width (tag simd-width).
 */
@Tag("simd-width")
class GemmTest {
    private static final long SEED = 20261127L;
    /** Every k up to this is one k-block, so the fast path follows the float reference exactly. */
    private static final int ONE_K_BLOCK = VectorGemm.KC;

    /** m, n, k. */
    static Stream<int[]> shapes() {
        return Stream.of(
                new int[] {0, 0, 0}, new int[] {0, 5, 3}, new int[] {5, 0, 3}, new int[] {5, 3, 0},
                new int[] {1, 1, 1}, new int[] {1, 17, 1}, new int[] {17, 1, 33}, new int[] {2, 3, 5},
                new int[] {7, 13, 29}, new int[] {8, 32, 16}, new int[] {9, 33, 17}, new int[] {16, 16, 16},
                new int[] {31, 47, 61}, new int[] {3, 1100, 7}, new int[] {67, 5, 300}, new int[] {13, 97, 513},
                new int[] {100, 70, 260}, new int[] {1000, 3, 11}, new int[] {2, 600, 40}, new int[] {41, 64, 256},
                new int[] {9, 700, 784}, new int[] {5, 48, 1100});
    }

    /** A call's inputs: operands with offsets and padded leading dimensions, and C before the call. */
    record Case(boolean transA, boolean transB, int m, int n, int k, float alpha, float beta,
                float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c0, int cOff, int ldc) {
        static Case random(SplittableRandom random, boolean transA, boolean transB, int m, int n, int k) {
            int pad = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(19);
            int aOff = random.nextInt(4) * 3, bOff = random.nextInt(4) * 5, cOff = random.nextInt(4) * 7;
            int lda = (transA ? m : k) + pad, ldb = (transB ? k : n) + pad, ldc = n + pad;
            float[] a = values(random, aOff + (transA ? k : m) * lda);
            float[] b = values(random, bOff + (transB ? n : k) * ldb);
            float[] c0 = values(random, cOff + m * ldc);
            float[] alphas = {1f, -0.5f, 2f, 0.75f};
            float[] betas = {0f, 1f, 0.25f, -2f};
            return new Case(transA, transB, m, n, k, alphas[random.nextInt(4)], betas[random.nextInt(4)],
                    a, aOff, lda, b, bOff, ldb, c0, cOff, ldc);
        }

        float[] run(Gemm gemm) {
            return run(gemm, GemmEpilogue.NONE);
        }

        float[] run(Gemm gemm, GemmEpilogue epilogue) {
            float[] c = c0.clone();
            gemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, epilogue);
            return c;
        }

        float[] reference() {
            float[] c = c0.clone();
            ScalarGemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return c;
        }

        float[] exact() {
            float[] c = c0.clone();
            ScalarGemm.sgemmDouble(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return c;
        }

        /** The float-accumulation error bound for element (i, j): (k + 8) u (|alpha| sum |a b| + |beta c|). */
        double bound(int i, int j) {
            double sum = 0;
            for (int p = 0; p < k; p++) {
                float x = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                float y = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                sum += Math.abs((double) x * y);
            }
            double scaled = Math.abs(alpha) * sum + (beta == 0f ? 0 : Math.abs(beta * c0[cOff + i * ldc + j]));
            return (k + 8) * 0x1p-24 * scaled + Float.MIN_NORMAL;
        }

        @Override
        public String toString() {
            return "transA=" + transA + " transB=" + transB + " m=" + m + " n=" + n + " k=" + k + " alpha=" + alpha
                    + " beta=" + beta + " aOff=" + aOff + " lda=" + lda + " bOff=" + bOff + " ldb=" + ldb
                    + " cOff=" + cOff + " ldc=" + ldc;
        }
    }

    /** Normals of scale 1, with a sprinkling of exact zeros and small integers. */
    static float[] values(SplittableRandom random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(16);
            x[i] = kind == 0 ? 0f : kind == 1 ? random.nextInt(-3, 4) : (float) random.nextGaussian();
        }
        return x;
    }

    /** Every element of C within the bound of the exact result; the padding around C untouched. */
    static void assertNearExact(Case t, float[] actual) {
        float[] exact = t.exact();
        StringBuilder first = new StringBuilder();
        int bad = 0;
        for (int idx = 0; idx < actual.length; idx++) {
            int rel = idx - t.cOff();
            int i = rel < 0 ? -1 : rel / t.ldc(), j = rel < 0 ? -1 : rel % t.ldc();
            boolean inside = rel >= 0 && i < t.m() && j < t.n();
            if (!inside) {
                if (Float.floatToRawIntBits(actual[idx]) != Float.floatToRawIntBits(t.c0()[idx]) && bad++ < 8) {
                    first.append(String.format("%n  c[%d] outside C changed: %s -> %s", idx, t.c0()[idx], actual[idx]));
                }
                continue;
            }
            double err = Math.abs((double) actual[idx] - exact[idx]);
            if (!(err <= t.bound(i, j)) && bad++ < 8) {
                first.append(String.format("%n  C[%d][%d]: exact %s, actual %s, error %.3g > bound %.3g",
                        i, j, exact[idx], actual[idx], err, t.bound(i, j)));
            }
        }
        if (bad > 0) {
            throw new AssertionError(t + " (seed " + SEED + "): " + bad + " elements wrong" + first);
        }
    }

    static List<Case> cases(SplittableRandom random, int[] shape) {
        List<Case> cases = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            cases.add(Case.random(random, (t & 1) != 0, (t & 2) != 0, shape[0], shape[1], shape[2]));
        }
        return cases;
    }

    @ParameterizedTest(name = "m, n, k = {0}")
    @MethodSource("shapes")
    void matchesTheDoubleReference(int[] shape) {
        SplittableRandom random = new SplittableRandom(SEED ^ Arrays.hashCode(shape));
        for (Case t : cases(random, shape)) {
            assertNearExact(t, t.run(Gemm.serial()));
        }
    }

    @ParameterizedTest(name = "m, n, k = {0}")
    @MethodSource("shapes")
    void oneKBlockEqualsTheFloatReferenceBitForBit(int[] shape) {
        if (shape[2] > ONE_K_BLOCK) {
            return;
        }
        SplittableRandom random = new SplittableRandom(SEED + Arrays.hashCode(shape));
        for (Case t : cases(random, shape)) {
            Floats.assertClose(t.toString(), null, 0, t.reference(), 0, t.run(Gemm.serial()), 0, t.c0().length, 0);
        }
    }

    @Test
    void multiThreadedEqualsSingleThreadedBitForBit() {
        SplittableRandom random = new SplittableRandom(SEED);
        int[][] shapes = {{70, 300, 100}, {37, 520, 300}, {600, 40, 30}, {64, 130, 600}};
        try (Parallelism two = Parallelism.threads(2); Parallelism three = Parallelism.threads(3)) {
            for (int[] s : shapes) {
                for (Case t : cases(random, s)) {
                    float[] one = t.run(Gemm.serial());
                    for (Parallelism p : new Parallelism[] {two, three}) {
                        Floats.assertClose(t + " with " + p, null, 0, one, 0, t.run(new Gemm(p)), 0, one.length, 0);
                    }
                }
            }
        }
    }

    @Test
    void betaZeroIgnoresNaNInC() {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        for (int[] s : new int[][] {{9, 33, 17}, {40, 70, 300}, {3, 5, 0}}) {
            Case t = Case.random(random, false, true, s[0], s[1], s[2]);
            float[] nan = new float[t.c0().length];
            Arrays.fill(nan, Float.NaN);
            Case withNaN = new Case(t.transA(), t.transB(), t.m(), t.n(), t.k(), t.alpha(), 0f,
                    t.a(), t.aOff(), t.lda(), t.b(), t.bOff(), t.ldb(), nan, t.cOff(), t.ldc());
            float[] c = withNaN.run(Gemm.serial());
            for (int i = 0; i < t.m(); i++) {
                for (int j = 0; j < t.n(); j++) {
                    assertThat(c[t.cOff() + i * t.ldc() + j]).as("C[%d][%d] of %s", i, j, withNaN).isNotNaN();
                }
            }
            assertNearExact(withNaN, c);
        }
    }

    @Test
    void alphaZeroOrKZeroScalesCWithoutReadingAOrB() {
        float[] a = new float[12], b = new float[12];
        Arrays.fill(a, Float.NaN);
        Arrays.fill(b, Float.POSITIVE_INFINITY);
        float[] c = {1, 2, 3, 4, 5, 6};
        Gemm.serial().sgemm(false, false, 2, 3, 4, 0f, a, 0, 4, b, 0, 3, 0.5f, c, 0, 3);
        assertThat(c).containsExactly(0.5f, 1f, 1.5f, 2f, 2.5f, 3f);
        Gemm.serial().sgemm(false, false, 2, 3, 0, 1f, a, 0, 4, b, 0, 3, 2f, c, 0, 3);
        assertThat(c).containsExactly(1f, 2f, 3f, 4f, 5f, 6f);
        Arrays.fill(c, Float.NaN);
        Gemm.serial().sgemm(true, true, 2, 3, 0, 1f, a, 0, 2, b, 0, 1, 0f, c, 0, 3);
        assertThat(c).containsOnly(0f);
    }

    @Test
    void columnSumsMatchTheReference() {
        SplittableRandom random = new SplittableRandom(SEED + 2);
        for (int[] s : new int[][] {{0, 5}, {5, 0}, {1, 1}, {128, 256}, {7, 37}, {33, 100}}) {
            int rows = s[0], cols = s[1], ldx = cols + 3;
            float[] x = values(random, 2 + rows * ldx);
            float[] old = values(random, cols + 1);
            for (boolean accumulate : new boolean[] {false, true}) {
                float[] expected = old.clone(), actual = old.clone();
                ScalarGemm.columnSums(x, 2, ldx, rows, cols, expected, 1, accumulate);
                Gemm.serial().columnSums(x, 2, ldx, rows, cols, actual, 1, accumulate);
                Floats.assertClose("columnSums " + rows + "x" + cols + " accumulate=" + accumulate,
                        null, 0, expected, 0, actual, 0, expected.length, 0);
                for (int j = 0; j < cols; j++) {
                    double sum = accumulate ? old[1 + j] : 0;
                    double abs = Math.abs(sum);
                    for (int i = 0; i < rows; i++) {
                        sum += x[2 + i * ldx + j];
                        abs += Math.abs(x[2 + i * ldx + j]);
                    }
                    assertThat((double) actual[1 + j]).as("column %d", j).isCloseTo(sum, org.assertj.core.data.Offset.offset((rows + 2) * 0x1p-24 * abs + 1e-30));
                }
            }
        }
    }

    /**
     * Row sums (a convolution's bias gradient), every thread count, against the exact sum: the
     * double sum of at most 2^24 floats is within cols * 2^-53 * sum |x| of it, and rounding to
     * float adds half an ulp; the old value (accumulate) is then added in float.
     */
    @Test
    void rowSumsAreTheDoubleSumsOfEachRowWhateverTheThreads() {
        SplittableRandom random = new SplittableRandom(SEED + 3);
        for (int[] s : new int[][] {{0, 5}, {5, 0}, {1, 1}, {3, 15}, {7, 37}, {32, 73_728 / 8}, {64, 8192}, {5, 100_003}}) {
            int rows = s[0], cols = s[1], ldx = cols + 3;
            float[] x = values(random, 2 + rows * ldx);
            float[] old = values(random, rows + 1);
            for (boolean accumulate : new boolean[] {false, true}) {
                float[] serial = old.clone();
                Gemm.serial().rowSums(x, 2, ldx, rows, cols, serial, 1, accumulate);
                try (Parallelism two = Parallelism.threads(2)) {
                    float[] threaded = old.clone();
                    new Gemm(two).rowSums(x, 2, ldx, rows, cols, threaded, 1, accumulate);
                    assertThat(threaded).as("rowSums %dx%d, 2 threads", rows, cols).containsExactly(serial);
                }
                assertThat(serial[0]).isEqualTo(old[0]);
                for (int i = 0; i < rows; i++) {
                    java.math.BigDecimal exact = java.math.BigDecimal.ZERO;
                    double abs = 0;
                    for (int j = 0; j < cols; j++) {
                        exact = exact.add(new java.math.BigDecimal(x[2 + i * ldx + j]));
                        abs += Math.abs(x[2 + i * ldx + j]);
                    }
                    float sum = exact.floatValue();
                    float got = accumulate ? serial[1 + i] - old[1 + i] : serial[1 + i];
                    double bound = Math.ulp(sum) + cols * 0x1p-52 * abs + (accumulate ? 2 * Math.ulp(serial[1 + i]) : 0);
                    assertThat((double) got).as("row %d of %dx%d", i, rows, cols)
                            .isCloseTo(exact.doubleValue(), org.assertj.core.data.Offset.offset(bound + 1e-30));
                }
            }
        }
    }
}
