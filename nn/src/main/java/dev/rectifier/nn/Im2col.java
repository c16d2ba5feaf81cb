package dev.rectifier.nn;

import dev.rectifier.kernels.Blocks;
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
 * layer), moved by the kernels' {@link Blocks} (a masked vector per run), and turns the output
 * reordering into block copies of P elements.
 *
 * <p>im2col splits the rows of the patch matrix over threads, col2im the channels (in blocks
 * of samples) of the input gradient, the reorderings the batch; each output element is written by
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
        // Output rows and columns whose input row / column lies inside the image.
        int ohLo = Math.clamp(Math.ceilDiv(-rowShift, sh), 0, outH);
        int ohHi = Math.clamp(Math.ceilDiv(height - rowShift, sh), ohLo, outH);
        int lo = Math.clamp(Math.ceilDiv(-colShift, sw), 0, outW);
        int hi = Math.clamp(Math.ceilDiv(width - colShift, sw), lo, outW);
        boolean inside = ohLo == 0 && ohHi == outH && lo == 0 && hi == outW;
        int dst = row * g.columns();
        if (!inside) {
            Arrays.fill(cols, dst, dst + g.columns(), 0f); // the padding
        }
        int planeSize = height * width, planeStride = g.channels() * planeSize;
        int src = xOff + c * planeSize + (ohLo * sh + rowShift) * width + colShift;
        if (sw == 1) {
            // one call for the whole batch: sample n's block is a plane
            Blocks.copy(x, src + lo, planeStride, sh * width, cols, dst + ohLo * outW + lo, g.positions(), outW,
                    g.batch(), ohHi - ohLo, hi - lo);
            return;
        }
        for (int n = 0; n < g.batch(); n++) {
            for (int oh = ohLo; oh < ohHi; oh++) {
                int s = src + n * planeStride + (oh - ohLo) * sh * width, d = dst + n * g.positions() + oh * outW;
                for (int ow = lo; ow < hi; ow++) {
                    cols[d + ow] = x[s + ow * sw];
                }
            }
        }
    }

    /** Samples per col2im task: the rows of dcols it reads are runs of SAMPLE_BLOCK * P floats. */
    private static final int SAMPLE_BLOCK = 16;

    /**
     * dx[N, C, H, W] = the sum, over the patches that hold each input element, of its gradient
     * in dcols[K, N*P]. A task is one channel and a block of samples: it clears their planes, then
     * adds the KH*KW rows of that channel in a fixed order, reading each row as one run over its
     * samples (sequential reads; by planes, each plane read 25 short pieces 16 KB apart, 3 times
     * slower). Every element gets its terms in the same order whatever the thread count.
     */
    static void col2im(Parallelism p, float[] dcols, Geometry g, float[] dx, int dxOff) {
        int blocks = (g.batch() + SAMPLE_BLOCK - 1) / SAMPLE_BLOCK;
        p.forEachIndex(g.channels() * blocks, task -> {
            int c = task / blocks, first = task % blocks * SAMPLE_BLOCK;
            col2imBlock(dcols, g, dx, dxOff, c, first, Math.min(g.batch(), first + SAMPLE_BLOCK));
        });
    }

    private static void col2imBlock(float[] dcols, Geometry g, float[] dx, int dxOff, int c, int firstSample, int endSample) {
        Window2d w = g.window();
        int kh = w.kernelH(), kw = w.kernelW(), sh = w.strideH(), sw = w.strideW();
        int height = g.height(), width = g.width(), outH = g.outHeight(), outW = g.outWidth();
        int planeSize = height * width;
        for (int n = firstSample; n < endSample; n++) {
            int plane = dxOff + (n * g.channels() + c) * planeSize;
            Arrays.fill(dx, plane, plane + planeSize, 0f);
        }
        for (int i = 0; i < kh; i++) {
            int rowShift = i * w.dilationH() - w.paddingH();
            int ohLo = Math.clamp(Math.ceilDiv(-rowShift, sh), 0, outH);
            int ohHi = Math.clamp(Math.ceilDiv(height - rowShift, sh), ohLo, outH);
            for (int j = 0; j < kw; j++) {
                int colShift = j * w.dilationW() - w.paddingW();
                int lo = Math.clamp(Math.ceilDiv(-colShift, sw), 0, outW);
                int hi = Math.clamp(Math.ceilDiv(width - colShift, sw), lo, outW);
                int rowStart = ((c * kh + i) * kw + j) * g.columns();
                int src = rowStart + firstSample * g.positions() + ohLo * outW;
                int dst = dxOff + (firstSample * g.channels() + c) * planeSize + (ohLo * sh + rowShift) * width + colShift;
                int planeStride = g.channels() * planeSize;
                if (sw == 1) {
                    // one call for the block of samples: sample n's block is a plane
                    Blocks.add(dcols, src + lo, g.positions(), outW, dx, dst + lo, planeStride, sh * width,
                            endSample - firstSample, ohHi - ohLo, hi - lo);
                    continue;
                }
                for (int n = 0; n < endSample - firstSample; n++) {
                    for (int oh = ohLo; oh < ohHi; oh++) {
                        int s = src + n * g.positions() + (oh - ohLo) * outW, d = dst + n * planeStride + (oh - ohLo) * sh * width;
                        for (int ow = lo; ow < hi; ow++) {
                            dx[d + ow * sw] += dcols[s + ow];
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
