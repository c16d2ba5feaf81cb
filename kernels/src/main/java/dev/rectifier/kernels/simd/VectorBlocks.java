package dev.rectifier.kernels.simd;

import dev.rectifier.kernels.scalar.ScalarBlocks;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels of {@link dev.rectifier.kernels.Blocks}: each run is whole vectors, then
 * one 256-bit vector if 8 or more floats are left (a run of 8, a 12x12 input and a 5x5 kernel,
 * is one unmasked 256-bit load and store), then single floats. No masked vectors: partial masked
 * stores made im2col 3.5 times slower on AVX-512 (Zen 4). Bit for bit equal to
 * {@link ScalarBlocks} (copies, and one float addition per element).
 *
 * @see ScalarBlocks
 */
public final class VectorBlocks {
    private VectorBlocks() {}

    private static final VectorSpecies<Float> S = FloatSpecies.SPECIES;
    private static final int L = S.length();
    private static final VectorSpecies<Float> EIGHT = FloatVector.SPECIES_256;
    /** Whether an 8-float remainder takes one 256-bit vector (only when the preferred vectors are wider). */
    private static final boolean EIGHTS = L > 8;

    public static void copy(float[] src, int srcOff, int srcPlaneStride, int srcStride, float[] dst, int dstOff,
                            int dstPlaneStride, int dstStride, int planes, int rows, int cols) {
        int whole = cols - cols % L;
        boolean eight = EIGHTS && cols - whole >= 8;
        int vectored = eight ? whole + 8 : whole;
        for (int p = 0; p < planes; p++) {
            for (int r = 0; r < rows; r++) {
                int s = srcOff + p * srcPlaneStride + r * srcStride, d = dstOff + p * dstPlaneStride + r * dstStride;
                for (int t = 0; t < whole; t += L) {
                    FloatVector.fromArray(S, src, s + t).intoArray(dst, d + t);
                }
                if (eight) {
                    FloatVector.fromArray(EIGHT, src, s + whole).intoArray(dst, d + whole);
                }
                for (int t = vectored; t < cols; t++) {
                    dst[d + t] = src[s + t];
                }
            }
        }
    }

    public static void add(float[] src, int srcOff, int srcPlaneStride, int srcStride, float[] dst, int dstOff,
                           int dstPlaneStride, int dstStride, int planes, int rows, int cols) {
        int whole = cols - cols % L;
        boolean eight = EIGHTS && cols - whole >= 8;
        int vectored = eight ? whole + 8 : whole;
        for (int p = 0; p < planes; p++) {
            for (int r = 0; r < rows; r++) {
                int s = srcOff + p * srcPlaneStride + r * srcStride, d = dstOff + p * dstPlaneStride + r * dstStride;
                for (int t = 0; t < whole; t += L) {
                    FloatVector.fromArray(S, dst, d + t).add(FloatVector.fromArray(S, src, s + t)).intoArray(dst, d + t);
                }
                if (eight) {
                    FloatVector.fromArray(EIGHT, dst, d + whole).add(FloatVector.fromArray(EIGHT, src, s + whole))
                            .intoArray(dst, d + whole);
                }
                for (int t = vectored; t < cols; t++) {
                    dst[d + t] += src[s + t];
                }
            }
        }
    }
}
