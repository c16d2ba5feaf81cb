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
 * OW consecutive elements on both sides, copied with {@code System.arraycopy} at stride 1, and
 * turns the output reordering into block copies of P elements.
 *
 * <p>All loops split the batch over threads; each sample writes its own columns (im2col) or its
 * own input plane (col2im), and sums in a fixed order, so results do not depend on the thread
 * count.
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

    /** Fills cols[K, N*P] from x[N, C, H, W] at {@code xOff}. */
    static void im2col(Parallelism p, float[] x, int xOff, Geometry g, float[] cols) {
        p.forRange(g.batch(), 1, 1, (from, to) -> {
            for (int n = from; n < to; n++) {
                im2colSample(x, xOff, g, cols, n);
            }
        });
    }

    private static void im2colSample(float[] x, int xOff, Geometry g, float[] cols, int n) {
        Window2d w = g.window();
        int kh = w.kernelH(), kw = w.kernelW(), sh = w.strideH(), sw = w.strideW();
        int height = g.height(), width = g.width(), outH = g.outHeight(), outW = g.outWidth();
        int columns = g.columns();
        int row = 0;
        for (int c = 0; c < g.channels(); c++) {
            int plane = xOff + (n * g.channels() + c) * height * width;
            for (int i = 0; i < kh; i++) {
                int rowShift = i * w.dilationH() - w.paddingH();
                for (int j = 0; j < kw; j++, row++) {
                    int colShift = j * w.dilationW() - w.paddingW();
                    // Output columns whose input column lies inside [0, width).
                    int lo = Math.clamp(Math.ceilDiv(-colShift, sw), 0, outW);
                    int hi = Math.clamp(Math.ceilDiv(width - colShift, sw), lo, outW);
                    int dst = row * columns + n * g.positions();
                    for (int oh = 0; oh < outH; oh++, dst += outW) {
                        int ih = oh * sh + rowShift;
                        if (ih < 0 || ih >= height) {
                            Arrays.fill(cols, dst, dst + outW, 0f);
                            continue;
                        }
                        int src = plane + ih * width + colShift;
                        Arrays.fill(cols, dst, dst + lo, 0f);
                        if (sw == 1) {
                            System.arraycopy(x, src + lo, cols, dst + lo, hi - lo);
                        } else {
                            for (int ow = lo; ow < hi; ow++) {
                                cols[dst + ow] = x[src + ow * sw];
                            }
                        }
                        Arrays.fill(cols, dst + hi, dst + outW, 0f);
                    }
                }
            }
        }
    }

    /** dx[N, C, H, W] = the sum, over the patches that hold each input element, of its gradient in dcols[K, N*P]. */
    static void col2im(Parallelism p, float[] dcols, Geometry g, float[] dx, int dxOff) {
        p.forRange(g.batch(), 1, 1, (from, to) -> {
            for (int n = from; n < to; n++) {
                col2imSample(dcols, g, dx, dxOff, n);
            }
        });
    }

    private static void col2imSample(float[] dcols, Geometry g, float[] dx, int dxOff, int n) {
        Window2d w = g.window();
        int kh = w.kernelH(), kw = w.kernelW(), sh = w.strideH(), sw = w.strideW();
        int height = g.height(), width = g.width(), outH = g.outHeight(), outW = g.outWidth();
        int columns = g.columns();
        int sample = dxOff + n * g.channels() * height * width;
        Arrays.fill(dx, sample, sample + g.channels() * height * width, 0f);
        int row = 0;
        for (int c = 0; c < g.channels(); c++) {
            int plane = sample + c * height * width;
            for (int i = 0; i < kh; i++) {
                int rowShift = i * w.dilationH() - w.paddingH();
                for (int j = 0; j < kw; j++, row++) {
                    int colShift = j * w.dilationW() - w.paddingW();
                    int lo = Math.clamp(Math.ceilDiv(-colShift, sw), 0, outW);
                    int hi = Math.clamp(Math.ceilDiv(width - colShift, sw), lo, outW);
                    int srcRow = row * columns + n * g.positions();
                    for (int oh = 0; oh < outH; oh++) {
                        int ih = oh * sh + rowShift;
                        if (ih < 0 || ih >= height) {
                            continue;
                        }
                        int src = srcRow + oh * outW;
                        int dst = plane + ih * width + colShift;
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
