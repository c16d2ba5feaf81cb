package dev.rectifier.kernels;

import dev.rectifier.kernels.scalar.ScalarBlocks;
import dev.rectifier.kernels.simd.VectorBlocks;

/**
 * Copies and sums of rectangular blocks between strided float arrays: the data movement of
 * convolutions (im2col gathers rows of an image into a patch matrix, col2im adds them back), where
 * the runs are short (8 floats for a 12x12 input and a 5x5 kernel) and a plain loop spends more
 * on bookkeeping than on moving data. The vector path moves a run of up to one vector with one
 * masked load and store.
 *
 * <p>A block is {@code rows} runs of {@code cols} floats; run r of the source starts at
 * {@code srcOff + r * srcStride}, of the destination at {@code dstOff + r * dstStride}. The
 * three-dimensional forms repeat a block {@code planes} times at plane strides (one call for a
 * whole batch: the runs are short, so a call per block would cost more than the data). Source
 * and destination must not overlap. Bounds are checked once per call.
 */
public final class Blocks {
    private Blocks() {}

    /** dst[r][t] = src[r][t] for r in [0, rows), t in [0, cols). */
    public static void copy(float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int dstStride, int rows, int cols) {
        check(src, srcOff, srcStride, dst, dstOff, dstStride, rows, cols);
        if (Simd.ENABLED) {
            VectorBlocks.copy(src, srcOff, 0, srcStride, dst, dstOff, 0, dstStride, 1, rows, cols);
        } else {
            ScalarBlocks.copy(src, srcOff, 0, srcStride, dst, dstOff, 0, dstStride, 1, rows, cols);
        }
    }

    /** dst[r][t] += src[r][t] for r in [0, rows), t in [0, cols): one float addition per element. */
    public static void add(float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int dstStride, int rows, int cols) {
        check(src, srcOff, srcStride, dst, dstOff, dstStride, rows, cols);
        if (Simd.ENABLED) {
            VectorBlocks.add(src, srcOff, 0, srcStride, dst, dstOff, 0, dstStride, 1, rows, cols);
        } else {
            ScalarBlocks.add(src, srcOff, 0, srcStride, dst, dstOff, 0, dstStride, 1, rows, cols);
        }
    }

    /**
     * dst[p][r][t] = src[p][r][t] for {@code planes} blocks, plane p of the source starting at
     * {@code srcOff + p * srcPlaneStride} and of the destination at {@code dstOff + p * dstPlaneStride}.
     */
    public static void copy(float[] src, int srcOff, int srcPlaneStride, int srcStride, float[] dst, int dstOff,
                            int dstPlaneStride, int dstStride, int planes, int rows, int cols) {
        check3(src, srcOff, srcPlaneStride, srcStride, dst, dstOff, dstPlaneStride, dstStride, planes, rows, cols);
        if (Simd.ENABLED) {
            VectorBlocks.copy(src, srcOff, srcPlaneStride, srcStride, dst, dstOff, dstPlaneStride, dstStride, planes, rows, cols);
        } else {
            ScalarBlocks.copy(src, srcOff, srcPlaneStride, srcStride, dst, dstOff, dstPlaneStride, dstStride, planes, rows, cols);
        }
    }

    /** dst[p][r][t] += src[p][r][t] for {@code planes} blocks at plane strides, as {@link #copy(float[], int, int, int, float[], int, int, int, int, int, int)}. */
    public static void add(float[] src, int srcOff, int srcPlaneStride, int srcStride, float[] dst, int dstOff,
                           int dstPlaneStride, int dstStride, int planes, int rows, int cols) {
        check3(src, srcOff, srcPlaneStride, srcStride, dst, dstOff, dstPlaneStride, dstStride, planes, rows, cols);
        if (Simd.ENABLED) {
            VectorBlocks.add(src, srcOff, srcPlaneStride, srcStride, dst, dstOff, dstPlaneStride, dstStride, planes, rows, cols);
        } else {
            ScalarBlocks.add(src, srcOff, srcPlaneStride, srcStride, dst, dstOff, dstPlaneStride, dstStride, planes, rows, cols);
        }
    }

    private static void check3(float[] src, int srcOff, int srcPlaneStride, int srcStride, float[] dst, int dstOff,
                               int dstPlaneStride, int dstStride, int planes, int rows, int cols) {
        if (planes < 0) {
            throw new IllegalArgumentException("planes=" + planes + " must not be negative");
        }
        if (planes == 0 || rows == 0 || cols == 0) {
            check(src, srcOff, srcStride, dst, dstOff, dstStride, Math.max(0, rows), Math.max(0, cols));
            return;
        }
        if (srcPlaneStride < 0 || dstPlaneStride < 0) {
            throw new IllegalArgumentException("srcPlaneStride=" + srcPlaneStride + " and dstPlaneStride=" + dstPlaneStride
                    + " must not be negative");
        }
        // the first and the last block bound every access
        check(src, srcOff, srcStride, dst, dstOff, dstStride, rows, cols);
        long lastSrc = srcOff + (long) (planes - 1) * srcPlaneStride, lastDst = dstOff + (long) (planes - 1) * dstPlaneStride;
        if (lastSrc > Integer.MAX_VALUE || lastDst > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(planes + " planes at strides " + srcPlaneStride + ", " + dstPlaneStride + " exceed an array");
        }
        check(src, (int) lastSrc, srcStride, dst, (int) lastDst, dstStride, rows, cols);
    }

    private static void check(float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int dstStride, int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("rows=" + rows + " and cols=" + cols + " must not be negative");
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        if (srcStride < cols || dstStride < cols) {
            throw new IllegalArgumentException("srcStride=" + srcStride + " and dstStride=" + dstStride
                    + " must be at least cols=" + cols);
        }
        long srcSpan = (long) (rows - 1) * srcStride + cols, dstSpan = (long) (rows - 1) * dstStride + cols;
        if (srcSpan > Integer.MAX_VALUE || dstSpan > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("block of " + rows + " x " + cols + " with strides " + srcStride + ", "
                    + dstStride + " exceeds an array");
        }
        Checks.range("src", src, srcOff, (int) srcSpan);
        Checks.range("dst", dst, dstOff, (int) dstSpan);
    }
}
