package dev.rectifier.nn;

import dev.rectifier.kernels.Parallelism;

/**
 * The matrix products the layers need, in one place so that the GEMM behind them can change
 * without touching the layers. Row-major, with leading dimensions equal to the widths.
 *
 * <p>Users: {@link Dense} (x W^T + b, dZ W, dZ^T X) and {@link Conv2d}, which lays its patches
 * out as one {@code [C*KH*KW, N*OH*OW]} matrix for the whole batch: forward W cols + b (bias per
 * row), weight gradient dZ cols^T (accumulating), patch gradient W^T dZ. Every product here
 * must give the same result for any thread count (rows are split, never the k sum).
 */
final class Linalg {
    private Linalg() {}

    /** out[m x n] = a[m x k] * b[n x k]^T + bias[n] (bias may be null). */
    static void matmulTransposedB(Parallelism p, float[] a, int aOff, float[] b, int bOff, float[] bias, int biasOff,
                                  float[] out, int outOff, int m, int n, int k) {
        p.forRange(m, 8, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                for (int j = 0; j < n; j++) {
                    float s = 0;
                    int ai = aOff + i * k, bj = bOff + j * k;
                    for (int t = 0; t < k; t++) {
                        s += a[ai + t] * b[bj + t];
                    }
                    out[outOff + i * n + j] = bias == null ? s : s + bias[biasOff + j];
                }
            }
        });
    }

    /** out[m x n] (+)= a[m x k] * b[k x n]. */
    static void matmul(Parallelism p, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff,
                       int m, int n, int k, boolean accumulate) {
        p.forRange(m, 8, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                int oi = outOff + i * n;
                if (!accumulate) {
                    java.util.Arrays.fill(out, oi, oi + n, 0f);
                }
                for (int t = 0; t < k; t++) {
                    float av = a[aOff + i * k + t];
                    int bt = bOff + t * n;
                    for (int j = 0; j < n; j++) {
                        out[oi + j] += av * b[bt + j];
                    }
                }
            }
        });
    }

    /**
     * out[m x n] (+)= a[k x m]^T * b[k x n]. Dense weight gradient (m = out, n = in, k = batch);
     * Conv2d patch gradient W^T dZ (m = C * KH * KW, n = batch * output positions, k = out channels).
     */
    static void matmulTransposedA(Parallelism p, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff,
                                  int m, int n, int k, boolean accumulate) {
        p.forRange(m, 8, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                int oi = outOff + i * n;
                if (!accumulate) {
                    java.util.Arrays.fill(out, oi, oi + n, 0f);
                }
                for (int t = 0; t < k; t++) {
                    float av = a[aOff + t * m + i];
                    int bt = bOff + t * n;
                    for (int j = 0; j < n; j++) {
                        out[oi + j] += av * b[bt + j];
                    }
                }
            }
        });
    }

    /** sums[j] += sum over rows i of a[i * n + j], for a of m x n. */
    static void columnSums(float[] a, int aOff, int m, int n, float[] sums, int sumsOff) {
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * n;
            for (int j = 0; j < n; j++) {
                sums[sumsOff + j] += a[ai + j];
            }
        }
    }

    /**
     * out[m x n] = a[m x k] * b[k x n] + bias[i] on every element of row i (bias may be null).
     * Conv2d forward: m = out channels, n = batch * output positions, k = C * KH * KW.
     */
    static void matmulRowBias(Parallelism p, float[] a, int aOff, float[] b, int bOff, float[] bias, int biasOff,
                              float[] out, int outOff, int m, int n, int k) {
        p.forRange(m, 1, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                int oi = outOff + i * n;
                java.util.Arrays.fill(out, oi, oi + n, 0f);
                for (int t = 0; t < k; t++) {
                    float av = a[aOff + i * k + t];
                    int bt = bOff + t * n;
                    for (int j = 0; j < n; j++) {
                        out[oi + j] += av * b[bt + j];
                    }
                }
                if (bias != null) {
                    float bi = bias[biasOff + i];
                    for (int j = 0; j < n; j++) {
                        out[oi + j] += bi;
                    }
                }
            }
        });
    }

    /**
     * out[m x n] (+)= a[m x k] * b[n x k]^T. Conv2d weight gradient: m = out channels,
     * n = C * KH * KW, k = batch * output positions, accumulating.
     */
    static void matmulTransposedB(Parallelism p, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff,
                                  int m, int n, int k, boolean accumulate) {
        p.forRange(m, 1, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                for (int j = 0; j < n; j++) {
                    float s = 0;
                    int ai = aOff + i * k, bj = bOff + j * k;
                    for (int t = 0; t < k; t++) {
                        s += a[ai + t] * b[bj + t];
                    }
                    int o = outOff + i * n + j;
                    out[o] = accumulate ? out[o] + s : s;
                }
            }
        });
    }

    /** sums[i] += sum over j of a[i * n + j], for a of m x n, summed in double (long rows). */
    static void rowSums(float[] a, int aOff, int m, int n, float[] sums, int sumsOff) {
        for (int i = 0; i < m; i++) {
            double s = 0;
            int ai = aOff + i * n;
            for (int j = 0; j < n; j++) {
                s += a[ai + j];
            }
            sums[sumsOff + i] += (float) s;
        }
    }
}
