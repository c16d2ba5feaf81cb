package dev.rectifier.kernels.scalar;

/**
 * Reference loops for single-precision GEMM: the executable specification that the blocked
 * vector kernel is tested against. Matrices are row-major; element (i, j) of a stored matrix X
 * with leading dimension ldx is {@code x[xOff + i * ldx + j]}; {@code op(A)} is A or its
 * transpose as {@code transA} says, and likewise for B.
 *
 * <p>{@link #sgemm} computes, for every i in [0, m) and j in [0, n),
 * <pre>
 *   s    = fma(op(A)[i][k-1], op(B)[k-1][j], ... fma(op(A)[i][1], op(B)[1][j], fma(op(A)[i][0], op(B)[0][j], +0.0f)))
 *   C[i][j] = beta == 0 ? alpha * s : alpha * s + beta * C[i][j]
 * </pre>
 * accumulating in float with one rounding per fused multiply-add, in increasing p. As in BLAS,
 * beta = 0 means C is not read (a NaN there does not propagate), and alpha = 0 or k = 0 means A
 * and B are not read: C becomes beta * C (or zeros when beta = 0).
 *
 * <p>{@link #sgemmDouble} accumulates the same products in double and rounds once at the end:
 * the near-exact result that tests measure every float path against.
 */
public final class ScalarGemm {
    private ScalarGemm() {}

    /** C = alpha * op(A) op(B) + beta * C, accumulating in float in the order stated above. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int ci = cOff + i * ldc + j;
                if (alpha == 0f || k == 0) {
                    c[ci] = beta == 0f ? 0f : beta * c[ci];
                    continue;
                }
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    float x = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float y = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s = Math.fma(x, y, s);
                }
                c[ci] = beta == 0f ? alpha * s : alpha * s + beta * c[ci];
            }
        }
    }

    /**
     * C = alpha * op(A) op(B) + beta * C with the sum of products and the scaling done in double,
     * rounded to float once per element. Same conventions for beta = 0, alpha = 0 and k = 0.
     */
    public static void sgemmDouble(boolean transA, boolean transB, int m, int n, int k, float alpha,
                                   float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                   float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int ci = cOff + i * ldc + j;
                double s = 0;
                if (alpha != 0f) {
                    for (int p = 0; p < k; p++) {
                        double x = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                        double y = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                        s += x * y;
                    }
                }
                double r = (double) alpha * s;
                c[ci] = (float) (beta == 0f ? r : r + (double) beta * c[ci]);
            }
        }
    }

    /** c[cOff + j] += bias[biasOff + j] for j in [0, n): the per-column bias of a Linear layer. */
    public static void addBias(float[] c, int cOff, float[] bias, int biasOff, int n) {
        for (int j = 0; j < n; j++) {
            c[cOff + j] += bias[biasOff + j];
        }
    }

    /**
     * sums[sOff + j] (=|+=) the sum over rows i of x[xOff + i * ldx + j], for j in [0, cols),
     * adding rows in increasing i in float. With {@code accumulate} the sums are added to what
     * {@code sums} holds (the row order stays the same: the old value is added last).
     */
    public static void columnSums(float[] x, int xOff, int ldx, int rows, int cols,
                                  float[] sums, int sOff, boolean accumulate) {
        for (int j = 0; j < cols; j++) {
            float s = 0f;
            for (int i = 0; i < rows; i++) {
                s += x[xOff + i * ldx + j];
            }
            sums[sOff + j] = accumulate ? sums[sOff + j] + s : s;
        }
    }

    /**
     * sums[sOff + i] (=|+=) the sum over columns j of x[xOff + i * ldx + j], for i in [0, rows):
     * the bias gradient of a convolution from dz (channels x positions). Each row is summed in
     * double in increasing j and rounded to float once; with {@code accumulate} that float is
     * added to what {@code sums} holds.
     */
    public static void rowSums(float[] x, int xOff, int ldx, int rows, int cols,
                               float[] sums, int sOff, boolean accumulate) {
        for (int i = 0; i < rows; i++) {
            double s = 0;
            int xi = xOff + i * ldx;
            for (int j = 0; j < cols; j++) {
                s += x[xi + j];
            }
            sums[sOff + i] = accumulate ? sums[sOff + i] + (float) s : (float) s;
        }
    }
}
