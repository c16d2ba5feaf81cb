package dev.rectifier.nn;

import dev.rectifier.kernels.Parallelism;
import java.util.Arrays;

/**
 * The data movement around {@link Conv2d}'s one GEMM per pass: patches of a whole batch as one
 * matrix, and the batch-major/channel-major reorderings of the output.
 *
 * <p>Patch matrix ("cols"), {@code [K, N * P]} row-major with K = C * KH * KW and
 * P = OH * OW: row {@code (c * KH + kh) * KW + kw}, column {@code n * P + oh * OW + ow} holds
 * {@code x[n, c, oh * strideH - padH + kh * dilationH, ow * strideW - padW + kw * dilationW]}, or
 * 0 where that lies in the padding. The row order matches a PyTorch weight (OC, C, KH, KW) read
 * as an {@code [OC, K]} matrix, so the forward product is {@code W[OC, K] * cols[K, N*P]}.
 *
 * <p>This layout (rather than one row per output position) makes every inner loop a run of
 * OW consecutive elements on both sides at stride 1 (runs of 8 for the quickstart's second
 * layer, so they are unrolled by 8: 30 % faster than a plain loop or {@code arraycopy}), and
 * turns the output reordering into block copies of P elements.
 *
 * <p>im2col splits the rows of the patch matrix over threads, col2im the (sample, channel)
 * planes of the input gradient, the reorderings the batch; each output element is written by
 * one thread, and sums run in a fixed order, so results do not depend on the thread count.
 */
final class Im2col {
    private Im2col() {}

    /** Geometry of one convolution call: the batch, input and output sizes and the window. */
    record Geometry(int batch, int channels, int height, int width, int outHeight, int outWidth, Window2d window) {
        int positions() {
            return outHeight * outWidth;
        }

        int patchSize() {
            return channels * window.kernelH() * window.kernelW();
        }

        /** N * P, the number of columns of the patch matrix. */
        int columns() {
            return batch * positions();
        }
    }

    /**
     * Fills cols[K, N*P] from x[N, C, H, W] at {@code xOff}. Threads take ranges of rows and
     * write each row from start to end: sequential writes, which the 13 MB patch matrix of a
     * 32-to-64-channel 5x5 layer on a batch of 64 needs (by samples, each thread wrote 256-byte
     * pieces 16 KB apart, 3.5 times slower).
     */
    static void im2col(Parallelism p, float[] x, int xOff, Geometry g, float[] cols) {
        p.forRange(g.patchSize(), 1, 1, (from, to) -> {
            for (int row = from; row < to; row++) {
                im2colRow(x, xOff, g, cols, row);
            }
        });
    }

    private static void im2colRow(float[] x, int xOff, Geometry g, float[] cols, int row) {
        Window2d w = g.window();
        int kh = w.kernelH(), kw = w.kernelW(), sh = w.strideH(), sw = w.strideW();
        int height = g.height(), width = g.width(), outH = g.outHeight(), outW = g.outWidth();
        int c = row / (kh * kw), i = row / kw % kh, j = row % kw;
        int rowShift = i * w.dilationH() - w.paddingH();
        int colShift = j * w.dilationW() - w.paddingW();
        // Output columns whose input column lies inside [0, width).
        int lo = Math.clamp(Math.ceilDiv(-colShift, sw), 0, outW);
        int hi = Math.clamp(Math.ceilDiv(width - colShift, sw), lo, outW);
        int dst = row * g.columns();
        for (int n = 0; n < g.batch(); n++) {
            int plane = xOff + (n * g.channels() + c) * height * width;
            for (int oh = 0; oh < outH; oh++, dst += outW) {
                int ih = oh * sh + rowShift;
                if (ih < 0 || ih >= height) {
                    Arrays.fill(cols, dst, dst + outW, 0f);
                    continue;
                }
                int src = plane + ih * width + colShift;
                for (int ow = 0; ow < lo; ow++) {
                    cols[dst + ow] = 0f;
                }
                if (sw == 1) {
                    int ow = lo;
                    for (; ow + 8 <= hi; ow += 8) {
                        int d = dst + ow, e = src + ow;
                        cols[d] = x[e];
                        cols[d + 1] = x[e + 1];
                        cols[d + 2] = x[e + 2];
                        cols[d + 3] = x[e + 3];
                        cols[d + 4] = x[e + 4];
                        cols[d + 5] = x[e + 5];
                        cols[d + 6] = x[e + 6];
                        cols[d + 7] = x[e + 7];
                    }
                    for (; ow < hi; ow++) {
                        cols[dst + ow] = x[src + ow];
                    }
                } else {
                    for (int ow = lo; ow < hi; ow++) {
                        cols[dst + ow] = x[src + ow * sw];
                    }
                }
                for (int ow = hi; ow < outW; ow++) {
                    cols[dst + ow] = 0f;
                }
            }
        }
    }

    /**
     * dx[N, C, H, W] = the sum, over the patches that hold each input element, of its gradient
     * in dcols[K, N*P]. Threads take ranges of (sample, channel) planes; each plane adds its
     * KH*KW rows in a fixed order.
     */
    static void col2im(Parallelism p, float[] dcols, Geometry g, float[] dx, int dxOff) {
        p.forRange(g.batch() * g.channels(), 1, 1, (from, to) -> {
            for (int plane = from; plane < to; plane++) {
                col2imPlane(dcols, g, dx, dxOff, plane);
            }
        });
    }

    private static void col2imPlane(float[] dcols, Geometry g, float[] dx, int dxOff, int planeIndex) {
        Window2d w = g.window();
        int kh = w.kernelH(), kw = w.kernelW(), sh = w.strideH(), sw = w.strideW();
        int height = g.height(), width = g.width(), outH = g.outHeight(), outW = g.outWidth();
        int n = planeIndex / g.channels(), c = planeIndex % g.channels();
        int plane = dxOff + planeIndex * height * width;
        Arrays.fill(dx, plane, plane + height * width, 0f);
        for (int i = 0; i < kh; i++) {
            int rowShift = i * w.dilationH() - w.paddingH();
            for (int j = 0; j < kw; j++) {
                int colShift = j * w.dilationW() - w.paddingW();
                int lo = Math.clamp(Math.ceilDiv(-colShift, sw), 0, outW);
                int hi = Math.clamp(Math.ceilDiv(width - colShift, sw), lo, outW);
                int srcRow = ((c * kh + i) * kw + j) * g.columns() + n * g.positions();
                for (int oh = 0; oh < outH; oh++) {
                    int ih = oh * sh + rowShift;
                    if (ih < 0 || ih >= height) {
                        continue;
                    }
                    int src = srcRow + oh * outW;
                    int dst = plane + ih * width + colShift;
                    if (sw == 1) {
                        int ow = lo;
                        for (; ow + 8 <= hi; ow += 8) { // unrolled: runs are short (8 for a 12x12 input)
                            int d = dst + ow, e = src + ow;
                            dx[d] += dcols[e];
                            dx[d + 1] += dcols[e + 1];
                            dx[d + 2] += dcols[e + 2];
                            dx[d + 3] += dcols[e + 3];
                            dx[d + 4] += dcols[e + 4];
                            dx[d + 5] += dcols[e + 5];
                            dx[d + 6] += dcols[e + 6];
                            dx[d + 7] += dcols[e + 7];
                        }
                        for (; ow < hi; ow++) {
                            dx[dst + ow] += dcols[src + ow];
                        }
                    } else {
                        for (int ow = lo; ow < hi; ow++) {
                            dx[dst + ow * sw] += dcols[src + ow];
                        }
                    }
                }
            }
        }
    }

    /** y[N, OC, P] = z[OC, N * P]: block copies of P elements. */
    static void channelMajorToBatchMajor(Parallelism p, float[] z, float[] y, int yOff, int batch, int channels, int positions) {
        p.forRange(batch, 1, 1, (from, to) -> {
            for (int n = from; n < to; n++) {
                for (int c = 0; c < channels; c++) {
                    System.arraycopy(z, (c * batch + n) * positions, y, yOff + (n * channels + c) * positions, positions);
                }
            }
        });
    }

    /** z[OC, N * P] = y[N, OC, P] (the inverse of {@link #channelMajorToBatchMajor}). */
    static void batchMajorToChannelMajor(Parallelism p, float[] y, int yOff, float[] z, int batch, int channels, int positions) {
        p.forRange(batch, 1, 1, (from, to) -> {
            for (int n = from; n < to; n++) {
                for (int c = 0; c < channels; c++) {
                    System.arraycopy(y, yOff + (n * channels + c) * positions, z, (c * batch + n) * positions, positions);
                }
            }
        });
    }
}
