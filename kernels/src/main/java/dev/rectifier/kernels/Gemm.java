package dev.rectifier.kernels;

import dev.rectifier.kernels.scalar.ScalarGemm;
import dev.rectifier.kernels.simd.VectorGemm;
import java.util.Objects;

/**
 * Single-precision matrix multiply (BLAS SGEMM) for row-major float arrays:
 * <pre>
 *   C[m x n] = alpha * op(A)[m x k] * op(B)[k x n] + beta * C
 * </pre>
 * where op(X) is X or X<sup>T</sup>. A stored matrix X with leading dimension ldx has element
 * (r, s) at {@code x[xOff + r * ldx + s]}, so A is stored m x k (lda >= k) or, with
 * {@code transA}, k x m (lda >= m); likewise B is stored k x n (ldb >= n) or n x k (ldb >= k);
 * C is m x n (ldc >= n). For a Linear layer with weight W (out x in, PyTorch's layout):
 * <pre>{@code
 *   y  = x W^T:   sgemm(false, true,  batch, out, in,    1, x,  0, in,  w, 0, in,  0, y,  0, out)
 *   dx = dz W:    sgemm(false, false, batch, in,  out,   1, dz, 0, out, w, 0, in,  0, dx, 0, in)
 *   dW = dz^T x:  sgemm(true,  false, out,   in,  batch, 1, dz, 0, out, x, 0, in,  0, dw, 0, in)
 *   db = column sums of dz:  columnSums(dz, 0, out, batch, out, db, 0, false)
 * }</pre>
 * An optional {@link GemmEpilogue} adds a bias per column and applies an activation (writing its
 * bit mask) to each tile of C while it is in cache: Dense + ReLU forward is one pass over y
 * (measured 1 % faster at 784 inputs and 6 % at 256 than GEMM, bias and forwardMask as separate
 * passes, batch 128, 256 outputs, one thread).
 * Backward takes dz = dy * f'(z) in one {@link BitMaskActivation#backwardMask} pass before the two
 * GEMMs; that pass costs 0.25-0.8 % of the two backward GEMMs at batch 128, so applying the mask
 * while packing dz (twice, once per GEMM) would save less than it complicates, and is not offered.
 *
 * <p>BLAS conventions: beta = 0 means C is only written (NaN or garbage there is ignored);
 * alpha = 0 or k = 0 means A and B are not read and C becomes beta * C. C must not share
 * storage with A or B.
 *
 * <p>Numerics: each element is an FMA chain in float over increasing p, restarted every k-block of
 * at most {@link VectorGemm#KC} (the blocks depend only on k); see {@link VectorGemm} for the exact
 * order and {@link ScalarGemm#sgemm} for the reference it equals when k <= KC. Work is split over
 * rows or columns of C only, never over k, so results are bit for bit the same for every thread
 * count. When the vector paths are off ({@link Simd#ENABLED} false) the reference loops run.
 *
 * <p>Arguments are checked once per call: NullPointerException for a null array,
 * IllegalArgumentException naming the values for a negative size, a too-small leading dimension
 * or an array too short for the offsets and sizes. Instances are immutable and thread-safe.
 */
public final class Gemm {
    /** Fewest multiply-adds (m * n * k) worth waking a second thread for. */
    private static final long PARALLEL_MIN_MACS = 1L << 19;
    /** Chunks of rows or columns per thread; see {@link #chunks}. */
    private static final int CHUNKS_PER_THREAD = 2;
    /** Column splits fall on multiples of this: whole bit-mask words and vector tiles. */
    private static final int COLUMN_ALIGN = 64;

    private static final Gemm SERIAL = new Gemm(Parallelism.serial());

    private final Parallelism parallelism;

    /** A GEMM that may use the threads of {@code parallelism}. */
    public Gemm(Parallelism parallelism) {
        this.parallelism = Objects.requireNonNull(parallelism, "parallelism is null");
    }

    /** A GEMM on the calling thread only. */
    public static Gemm serial() {
        return SERIAL;
    }

    /** A GEMM using {@link Parallelism#defaults()}. */
    public static Gemm defaults() {
        return new Gemm(Parallelism.defaults());
    }

    /** The threads this GEMM may use. */
    public Parallelism parallelism() {
        return parallelism;
    }

    /** The same GEMM using {@code parallelism}. */
    public Gemm withParallelism(Parallelism parallelism) {
        return new Gemm(parallelism);
    }

    /** C = alpha * op(A) op(B) + beta * C; see the class comment for the layout and conventions. */
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, GemmEpilogue.NONE);
    }

    /**
     * C = f(alpha * op(A) op(B) + beta * C + bias) with the bias, activation f and mask of
     * {@code epilogue}, applied to each tile of C as soon as it is final.
     */
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc, GemmEpilogue epilogue) {
        checkSizes(m, n, k);
        checkMatrix("a", "lda", a, aOff, lda, transA ? k : m, transA ? m : k,
                transA ? "transA=true needs lda >= m" : "transA=false needs lda >= k", transA ? "m" : "k");
        checkMatrix("b", "ldb", b, bOff, ldb, transB ? n : k, transB ? k : n,
                transB ? "transB=true needs ldb >= k" : "transB=false needs ldb >= n", transB ? "k" : "n");
        checkMatrix("c", "ldc", c, cOff, ldc, m, n, "needs ldc >= n", "n");
        Objects.requireNonNull(epilogue, "epilogue is null (use GemmEpilogue.NONE)");
        epilogue.check(m, n);
        if (m == 0 || n == 0) {
            return;
        }
        VectorGemm.RowsDone done = epilogue.isNone() ? null : epilogueTask(epilogue, n, c, cOff, ldc);
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            if (done != null) {
                done.rows(0, m, 0, n);
            }
            return;
        }
        int threads = parallelism.threads();
        if (threads == 1 || (long) m * n * k < PARALLEL_MIN_MACS) {
            block(transA, transB, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, 0, m, 0, n, done);
        } else if (n >= 2 * COLUMN_ALIGN * threads || m < 4 * VectorGemm.MR * threads) {
            // Split the columns: each chunk packs only its part of B, the larger operand to pack.
            int chunks = chunks(n, COLUMN_ALIGN, threads);
            parallelism.forEachIndex(chunks, chunk -> block(transA, transB, k, alpha, a, aOff, lda, b, bOff, ldb,
                    beta, c, cOff, ldc, 0, m, bound(n, COLUMN_ALIGN, chunks, chunk), bound(n, COLUMN_ALIGN, chunks, chunk + 1), done));
        } else {
            int chunks = chunks(m, VectorGemm.MR, threads);
            parallelism.forEachIndex(chunks, chunk -> block(transA, transB, k, alpha, a, aOff, lda, b, bOff, ldb,
                    beta, c, cOff, ldc, bound(m, VectorGemm.MR, chunks, chunk), bound(m, VectorGemm.MR, chunks, chunk + 1), 0, n, done));
        }
    }

    /**
     * How many chunks to cut a dimension of {@code size} into: {@link #CHUNKS_PER_THREAD} per
     * thread, handed out as threads become free, so that a thread the OS deschedules (a machine
     * shared with other jobs) holds up no more than a chunk; never less than {@code align} each.
     */
    private static int chunks(int size, int align, int threads) {
        return Math.max(1, Math.min(CHUNKS_PER_THREAD * threads, size / align));
    }

    /** Start of chunk {@code chunk} of {@code chunks}: a multiple of {@code align}, or {@code size}. */
    private static int bound(int size, int align, int chunks, int chunk) {
        return chunk == chunks ? size : (int) ((long) (size / align) * chunk / chunks) * align;
    }

    /**
     * sums[sOff + j] = (accumulate ? sums[sOff + j] : 0) + sum over rows i of x[xOff + i * ldx + j],
     * for j in [0, cols): the bias gradient db of a Linear layer from dz (batch x out). Rows are
     * added in increasing i, in float, starting from +0; the old value is added last.
     */
    public void columnSums(float[] x, int xOff, int ldx, int rows, int cols, float[] sums, int sOff, boolean accumulate) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("rows=" + rows + " and cols=" + cols + " must not be negative");
        }
        checkMatrix("x", "ldx", x, xOff, ldx, rows, cols, "needs ldx >= cols", "cols");
        Checks.range("sums", sums, sOff, cols);
        if (Simd.ENABLED) {
            VectorGemm.columnSums(x, xOff, ldx, rows, cols, sums, sOff, accumulate);
        } else {
            ScalarGemm.columnSums(x, xOff, ldx, rows, cols, sums, sOff, accumulate);
        }
    }

    /**
     * sums[sOff + i] = (accumulate ? sums[sOff + i] : 0) + sum over columns j of x[xOff + i * ldx + j],
     * for i in [0, rows): the bias gradient db of a convolution from dz (channels x positions).
     * Each row is summed in double and rounded to float once (long rows: a convolution's sum
     * runs over batch x positions); rows are shared among the threads, each summed by one, so the
     * result does not depend on the thread count.
     */
    public void rowSums(float[] x, int xOff, int ldx, int rows, int cols, float[] sums, int sOff, boolean accumulate) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("rows=" + rows + " and cols=" + cols + " must not be negative");
        }
        checkMatrix("x", "ldx", x, xOff, ldx, rows, cols, "needs ldx >= cols", "cols");
        Checks.range("sums", sums, sOff, rows);
        if ((long) rows * cols < PARALLEL_MIN_MACS) {
            rowSumsBlock(x, xOff, ldx, 0, rows, cols, sums, sOff, accumulate);
        } else {
            parallelism.forRange(rows, 1, 1, (from, to) -> rowSumsBlock(x, xOff, ldx, from, to, cols, sums, sOff, accumulate));
        }
    }

    private static void rowSumsBlock(float[] x, int xOff, int ldx, int from, int to, int cols,
                                     float[] sums, int sOff, boolean accumulate) {
        if (Simd.ENABLED) {
            VectorGemm.rowSums(x, xOff + from * ldx, ldx, to - from, cols, sums, sOff + from, accumulate);
        } else {
            ScalarGemm.rowSums(x, xOff + from * ldx, ldx, to - from, cols, sums, sOff + from, accumulate);
        }
    }

    private static void block(boolean transA, boolean transB, int k, float alpha,
                              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                              float beta, float[] c, int cOff, int ldc,
                              int rowFrom, int rowTo, int colFrom, int colTo, VectorGemm.RowsDone done) {
        if (Simd.ENABLED) {
            VectorGemm.compute(transA, transB, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                    rowFrom, rowTo, colFrom, colTo, done);
            return;
        }
        ScalarGemm.sgemm(transA, transB, rowTo - rowFrom, colTo - colFrom, k, alpha,
                a, aOff + (transA ? rowFrom : rowFrom * lda), lda,
                b, bOff + (transB ? colFrom * ldb : colFrom), ldb,
                beta, c, cOff + rowFrom * ldc + colFrom, ldc);
        if (done != null) {
            done.rows(rowFrom, rowTo, colFrom, colTo);
        }
    }

    /** C = beta * C, or zeros when beta = 0 (without reading C). */
    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[row + j] = beta == 0f ? 0f : beta * c[row + j];
            }
        }
    }

    /** Bias, then activation (with its mask), on finished rows; column ranges start on mask words. */
    private static VectorGemm.RowsDone epilogueTask(GemmEpilogue e, int n, float[] c, int cOff, int ldc) {
        float[] bias = e.bias();
        int biasOff = e.biasOff();
        // Each tile row is already one thread's work: the activation must not split it again.
        Activation given = e.activation();
        Activation serial = given == null ? null : given.withParallelism(Parallelism.serial());
        Activation f = serial instanceof BitMaskActivation || !(given instanceof BitMaskActivation) ? serial : given;
        long[] mask = e.mask();
        BitMaskActivation masked = mask == null ? null : (BitMaskActivation) f;
        int maskOff = e.maskOff();
        int words = BitMaskActivation.maskWords(n);
        return (rowFrom, rowTo, colFrom, colTo) -> {
            int len = colTo - colFrom;
            for (int i = rowFrom; i < rowTo; i++) {
                int row = cOff + i * ldc + colFrom;
                if (bias != null) {
                    if (Simd.ENABLED) {
                        VectorGemm.addBias(c, row, bias, biasOff + colFrom, len);
                    } else {
                        ScalarGemm.addBias(c, row, bias, biasOff + colFrom, len);
                    }
                }
                if (masked != null) {
                    masked.forwardMask(c, row, c, row, mask, maskOff + i * words + (colFrom >>> 6), len);
                } else if (f != null) {
                    f.forwardInPlace(c, row, len);
                }
            }
        };
    }

    private static void checkSizes(int m, int n, int k) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("m=" + m + ", n=" + n + ", k=" + k + " but sizes must not be negative");
        }
    }

    /**
     * A stored matrix of rows x cols with leading dimension ld from off: ld >= cols, and every
     * element inside the array.
     */
    private static void checkMatrix(String name, String ldName, float[] x, int off, int ld, int rows, int cols,
                                    String rule, String colsName) {
        Objects.requireNonNull(x, () -> name + " is null");
        if (ld < cols) {
            throw new IllegalArgumentException(ldName + "=" + ld + " but " + colsName + "=" + cols + " (" + rule + ")");
        }
        if (off < 0) {
            throw new IllegalArgumentException(name + "Off=" + off + " is negative");
        }
        long need = rows == 0 || cols == 0 ? off : off + (long) (rows - 1) * ld + cols;
        if (need > x.length) {
            throw new IllegalArgumentException(name + ".length=" + x.length + " but " + name + "Off=" + off + ", "
                    + ldName + "=" + ld + " and a stored " + rows + " x " + cols + " matrix need " + need);
        }
    }
}
