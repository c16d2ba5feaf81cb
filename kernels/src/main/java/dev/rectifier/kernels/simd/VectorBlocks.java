package dev.rectifier.kernels.simd;

import dev.rectifier.kernels.scalar.ScalarBlocks;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels of {@link dev.rectifier.kernels.Blocks}: each run is whole vectors plus one
 * masked vector for its tail, so a run of 8 floats is one masked load and store at 512 bits.
 * Bit for bit equal to {@link ScalarBlocks} (copies, and one float addition per element).
 *
 * @see ScalarBlocks
 */
public final class VectorBlocks {
    private VectorBlocks() {}

    private static final VectorSpecies<Float> S = FloatSpecies.SPECIES;
    private static final int L = S.length();

    public static void copy(float[] src, int srcOff, int srcPlaneStride, int srcStride, float[] dst, int dstOff,
                            int dstPlaneStride, int dstStride, int planes, int rows, int cols) {
        int whole = cols - cols % L;
        VectorMask<Float> tail = S.indexInRange(whole, cols);
        for (int p = 0; p < planes; p++) {
          for (int r = 0; r < rows; r++) {
            int s = srcOff + p * srcPlaneStride + r * srcStride, d = dstOff + p * dstPlaneStride + r * dstStride;
            for (int t = 0; t < whole; t += L) {
                FloatVector.fromArray(S, src, s + t).intoArray(dst, d + t);
            }
            if (whole < cols) {
                FloatVector.fromArray(S, src, s + whole, tail).intoArray(dst, d + whole, tail);
            }
          }
        }
    }

    public static void add(float[] src, int srcOff, int srcPlaneStride, int srcStride, float[] dst, int dstOff,
                            int dstPlaneStride, int dstStride, int planes, int rows, int cols) {
        int whole = cols - cols % L;
        VectorMask<Float> tail = S.indexInRange(whole, cols);
        for (int p = 0; p < planes; p++) {
          for (int r = 0; r < rows; r++) {
            int s = srcOff + p * srcPlaneStride + r * srcStride, d = dstOff + p * dstPlaneStride + r * dstStride;
            for (int t = 0; t < whole; t += L) {
                FloatVector.fromArray(S, dst, d + t).add(FloatVector.fromArray(S, src, s + t)).intoArray(dst, d + t);
            }
            if (whole < cols) {
                FloatVector.fromArray(S, dst, d + whole, tail).add(FloatVector.fromArray(S, src, s + whole, tail))
                        .intoArray(dst, d + whole, tail);
            }
          }
        }
    }
}
