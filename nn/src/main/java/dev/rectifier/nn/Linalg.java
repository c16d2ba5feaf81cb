package dev.rectifier.nn;

import dev.rectifier.kernels.Gemm;
import dev.rectifier.kernels.GemmEpilogue;
import dev.rectifier.kernels.Parallelism;

/**
 * The matrix products the layers need, in one place, each a row-major call of the kernels'
 * {@link Gemm} (packed, register-blocked, multi-threaded over rows or columns of the result, so
 * bit for bit the same for any thread count). Leading dimensions equal the widths.
 */
final class Linalg {
    private Linalg() {}

    /**
     * out[m x n] = epilogue(a[m x k] * b[n x k]^T): Dense forward (x W^T, with bias, activation
     * and bit mask fused in the epilogue) and Conv2d's weight gradient without accumulation.
     */
    static void matmulTransposedB(Parallelism p, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff,
                                  int m, int n, int k, GemmEpilogue epilogue) {
        new Gemm(p).sgemm(false, true, m, n, k, 1f, a, aOff, k, b, bOff, k, 0f, out, outOff, n, epilogue);
    }

    /** out[m x n] (+)= a[m x k] * b[k x n]: Dense's input gradient dz W. */
    static void matmul(Parallelism p, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff,
                       int m, int n, int k, boolean accumulate) {
        new Gemm(p).sgemm(false, false, m, n, k, 1f, a, aOff, k, b, bOff, n, accumulate ? 1f : 0f, out, outOff, n);
    }

    /**
     * out[m x n] (+)= a[k x m]^T * b[k x n]: Dense's weight gradient dz^T x, Conv2d's patch
     * gradient W^T dz.
     */
    static void matmulTransposedA(Parallelism p, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff,
                                  int m, int n, int k, boolean accumulate) {
        new Gemm(p).sgemm(true, false, m, n, k, 1f, a, aOff, m, b, bOff, n, accumulate ? 1f : 0f, out, outOff, n);
    }

    /**
     * out[m x n] (+)= a[m x k] * b[n x k]^T: Conv2d's weight gradient dz cols^T, accumulating
     * (m = out channels, n = C * KH * KW, k = batch * output positions).
     */
    static void matmulTransposedB(Parallelism p, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff,
                                  int m, int n, int k, boolean accumulate) {
        new Gemm(p).sgemm(false, true, m, n, k, 1f, a, aOff, k, b, bOff, k, accumulate ? 1f : 0f, out, outOff, n);
    }

    /** sums[j] += sum over rows i of a[i * n + j], for a of m x n: Dense's bias gradient. */
    static void columnSums(Parallelism p, float[] a, int aOff, int m, int n, float[] sums, int sumsOff) {
        new Gemm(p).columnSums(a, aOff, n, m, n, sums, sumsOff, true);
    }

    /**
     * out[m x n] = a[m x k] * b[k x n] + bias[i] on every element of row i (bias may be null).
     * Conv2d forward: m = out channels, n = batch * output positions, k = C * KH * KW. The bias
     * is added in a second pass over each row while it is still in cache.
     */
    static void matmulRowBias(Parallelism p, float[] a, int aOff, float[] b, int bOff, float[] bias, int biasOff,
                              float[] out, int outOff, int m, int n, int k) {
        new Gemm(p).sgemm(false, false, m, n, k, 1f, a, aOff, k, b, bOff, n, 0f, out, outOff, n);
        if (bias != null) {
            p.forRange(m, 1, 1, (from, to) -> {
                for (int i = from; i < to; i++) {
                    float bi = bias[biasOff + i];
                    int oi = outOff + i * n;
                    for (int j = 0; j < n; j++) {
                        out[oi + j] += bi;
                    }
                }
            });
        }
    }

    /** sums[i] += sum over j of a[i * n + j], for a of m x n, each summed in double (long rows). */
    static void rowSums(Parallelism p, float[] a, int aOff, int m, int n, float[] sums, int sumsOff) {
        new Gemm(p).rowSums(a, aOff, n, m, n, sums, sumsOff, true);
    }
}
