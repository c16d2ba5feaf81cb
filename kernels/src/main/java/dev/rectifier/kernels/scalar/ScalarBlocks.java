package dev.rectifier.kernels.scalar;

/** Reference loops of {@link dev.rectifier.kernels.Blocks}: run by run, element by element. */
public final class ScalarBlocks {
    private ScalarBlocks() {}

    public static void copy(float[] src, int srcOff, int srcPlaneStride, int srcStride, float[] dst, int dstOff,
                            int dstPlaneStride, int dstStride, int planes, int rows, int cols) {
        for (int p = 0; p < planes; p++) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(src, srcOff + p * srcPlaneStride + r * srcStride, dst, dstOff + p * dstPlaneStride + r * dstStride, cols);
            }
        }
    }

    public static void add(float[] src, int srcOff, int srcPlaneStride, int srcStride, float[] dst, int dstOff,
                            int dstPlaneStride, int dstStride, int planes, int rows, int cols) {
        for (int p = 0; p < planes; p++) {
            for (int r = 0; r < rows; r++) {
                int s = srcOff + p * srcPlaneStride + r * srcStride, d = dstOff + p * dstPlaneStride + r * dstStride;
                for (int t = 0; t < cols; t++) {
                    dst[d + t] += src[s + t];
                }
            }
        }
    }
}
