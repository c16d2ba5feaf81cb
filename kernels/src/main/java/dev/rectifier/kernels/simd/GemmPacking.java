package dev.rectifier.kernels.simd;

import static dev.rectifier.kernels.simd.VectorGemm.MR;
import static dev.rectifier.kernels.simd.VectorGemm.NR;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packing for {@link VectorGemm}: copies blocks of op(A) and op(B) into the layouts the
 * micro-kernel streams through, A as MR-row slivers ({@code ap[p * MR + r]}) and B as NR-column
 * slivers ({@code bp[jr * kc + p * NR + j]}), zero-padded past the edges. Transposing copies
 * are done in registers with two-source lane permutes (selectFrom), not element by element.
 */
final class GemmPacking {
    private GemmPacking() {}

    private static final VectorSpecies<Float> S = FloatSpecies.SPECIES;
    private static final int L = S.length();

    /** Rows of B that {@link #packB} copies into every sliver before it moves on to the next rows. */
    static final int PACK_B_ROWS = 16;

    /**
     * B (k x n, not transposed) rows [0, kc) x columns [0, nc) from {@code off} into NR-wide
     * slivers, {@link #PACK_B_ROWS} rows of B at a time: each pass reads those rows from end to
     * end (16 contiguous streams, which the hardware prefetcher follows even when B comes from
     * memory) and writes 2 KB runs into each sliver. One row at a time wrote 128 bytes into each
     * sliver in turn, kc * NR floats apart (32 KB at kc = 256): every store of a row fell into the
     * same L1 set, and packing 256 x 784 took 45 us against 22 us now.
     */
    static void packB(float[] b, int off, int ldb, int kc, int nc, float[] bp) {
        int full = nc / NR * NR;
        for (int p0 = 0; p0 < kc; p0 += PACK_B_ROWS) {
            int pEnd = Math.min(kc, p0 + PACK_B_ROWS);
            for (int jr = 0; jr < full; jr += NR) {
                for (int p = p0; p < pEnd; p++) {
                    int src = off + p * ldb + jr;
                    int dst = jr * kc + p * NR;
                    FloatVector.fromArray(S, b, src).intoArray(bp, dst);
                    FloatVector.fromArray(S, b, src + L).intoArray(bp, dst + L);
                }
            }
            if (full < nc) {
                for (int p = p0; p < pEnd; p++) {
                    int src = off + p * ldb + full;
                    int dst = full * kc + p * NR;
                    for (int j = 0; j < nc - full; j++) {
                        bp[dst + j] = b[src + j];
                    }
                    for (int j = nc - full; j < NR; j++) {
                        bp[dst + j] = 0f;
                    }
                }
            }
        }
    }

    /**
     * One sliver of op(B) = B^T where B is stored n x k: column j of op(B) is row j of B. At 16
     * lanes each half of the sliver is a 16 x 16 transpose in registers ({@link #transpose16});
     * at other widths groups of 8 rows by L columns go through {@link #interleave8} and each
     * 8-float run of the result (one k step) is copied to its row of the sliver.
     */
    static void packBTransposed(float[] b, int off, int ldb, int kc, int nr, float[] bp, int base, float[] stream) {
        int done = 0;
        if (nr == NR && L == 16) {
            done = S.loopBound(kc);
            for (int h = 0; h < 2; h++) {
                for (int p = 0; p < done; p += L) {
                    transpose16(b, off + h * L * ldb + p, ldb, bp, base + p * NR + h * L, NR);
                }
            }
        } else if (nr == NR && NR >= 8) {
            done = S.loopBound(kc);
            for (int g = 0; g < NR / 8; g++) {
                int src = off + g * 8 * ldb;
                for (int p = 0; p < done; p += L) {
                    interleave8(b, src + p, ldb, stream, 0);
                    for (int q = 0; q < L; q++) {
                        copy8(stream, q * 8, bp, base + (p + q) * NR + g * 8);
                    }
                }
            }
        }
        for (int j = 0; j < nr; j++) {
            int src = off + j * ldb;
            for (int p = done; p < kc; p++) {
                bp[base + p * NR + j] = b[src + p];
            }
        }
        for (int j = nr; j < NR; j++) {
            for (int p = 0; p < kc; p++) {
                bp[base + p * NR + j] = 0f;
            }
        }
    }

    /** A (m x k, row-major) rows [0, mr) x columns [0, kc) from {@code off}, interleaved MR rows per k step. */
    static void packA(float[] a, int off, int lda, int kc, int mr, float[] ap) {
        int done = 0;
        if (mr == MR) {
            for (int bound = S.loopBound(kc); done < bound; done += L) {
                interleave8(a, off + done, lda, ap, done * MR);
            }
        }
        for (int r = 0; r < mr; r++) {
            int src = off + r * lda;
            for (int p = done; p < kc; p++) {
                ap[p * MR + r] = a[src + p];
            }
        }
        for (int r = mr; r < MR; r++) {
            for (int p = 0; p < kc; p++) {
                ap[p * MR + r] = 0f;
            }
        }
    }

    /**
     * The edge sliver (mr < MR rows) of op(A) = A^T where A is stored k x m: row p of A holds
     * column p of op(A). Full slivers are read in place.
     */
    static void packATransposed(float[] a, int off, int lda, int kc, int mr, float[] ap) {
        for (int p = 0; p < kc; p++) {
            int src = off + p * lda;
            int dst = p * MR;
            for (int r = 0; r < mr; r++) {
                ap[dst + r] = a[src + r];
            }
            for (int r = mr; r < MR; r++) {
                ap[dst + r] = 0f;
            }
        }
    }

    // Lane indices for selectFrom(x, y) (lanes 0..L-1 pick x, L..2L-1 pick y) that interleave
    // the low or the high halves of x and y: x0 y0 x1 y1 ... (VectorMaxPool2x2 uses them too).
    static final FloatVector ZIP_LO = zipIndex(0);
    static final FloatVector ZIP_HI = zipIndex(L / 2);
    private static final VectorMask<Float> FIRST8 = S.indexInRange(0, 8);

    private static FloatVector zipIndex(int from) {
        float[] index = new float[L];
        for (int l = 0; l < L; l++) {
            index[l] = (l & 1) == 0 ? from + (l >> 1) : L + from + (l >> 1);
        }
        return FloatVector.fromArray(S, index, 0);
    }

    /**
     * Transposes 8 rows of L floats (row r from {@code off + r * ld}) into the stream
     * dst[dstOff + p * 8 + r], p in [0, L), by three rounds of pairwise zips (rows r and r + 4,
     * then r and r + 2, then r and r + 1). Works for any lane count L >= 2. The zips are written
     * out (ZIP_LO.selectFrom(x, y) is zipLo(x, y)) because a helper taking vectors that C2 does
     * not inline boxes them.
     */
    private static void interleave8(float[] src, int off, int ld, float[] dst, int dstOff) {
        FloatVector s0 = FloatVector.fromArray(S, src, off);
        FloatVector s1 = FloatVector.fromArray(S, src, off + ld);
        FloatVector s2 = FloatVector.fromArray(S, src, off + 2 * ld);
        FloatVector s3 = FloatVector.fromArray(S, src, off + 3 * ld);
        FloatVector s4 = FloatVector.fromArray(S, src, off + 4 * ld);
        FloatVector s5 = FloatVector.fromArray(S, src, off + 5 * ld);
        FloatVector s6 = FloatVector.fromArray(S, src, off + 6 * ld);
        FloatVector s7 = FloatVector.fromArray(S, src, off + 7 * ld);
        FloatVector u0 = ZIP_LO.selectFrom(s0, s4), u1 = ZIP_HI.selectFrom(s0, s4);
        FloatVector u2 = ZIP_LO.selectFrom(s1, s5), u3 = ZIP_HI.selectFrom(s1, s5);
        FloatVector u4 = ZIP_LO.selectFrom(s2, s6), u5 = ZIP_HI.selectFrom(s2, s6);
        FloatVector u6 = ZIP_LO.selectFrom(s3, s7), u7 = ZIP_HI.selectFrom(s3, s7);
        FloatVector v0 = ZIP_LO.selectFrom(u0, u4), v1 = ZIP_HI.selectFrom(u0, u4);
        FloatVector v2 = ZIP_LO.selectFrom(u1, u5), v3 = ZIP_HI.selectFrom(u1, u5);
        FloatVector w0 = ZIP_LO.selectFrom(u2, u6), w1 = ZIP_HI.selectFrom(u2, u6);
        FloatVector w2 = ZIP_LO.selectFrom(u3, u7), w3 = ZIP_HI.selectFrom(u3, u7);
        ZIP_LO.selectFrom(v0, w0).intoArray(dst, dstOff);
        ZIP_HI.selectFrom(v0, w0).intoArray(dst, dstOff + L);
        ZIP_LO.selectFrom(v1, w1).intoArray(dst, dstOff + 2 * L);
        ZIP_HI.selectFrom(v1, w1).intoArray(dst, dstOff + 3 * L);
        ZIP_LO.selectFrom(v2, w2).intoArray(dst, dstOff + 4 * L);
        ZIP_HI.selectFrom(v2, w2).intoArray(dst, dstOff + 5 * L);
        ZIP_LO.selectFrom(v3, w3).intoArray(dst, dstOff + 6 * L);
        ZIP_HI.selectFrom(v3, w3).intoArray(dst, dstOff + 7 * L);
    }

    /**
     * For 16 lanes: transposes 16 rows of 16 floats (row r from {@code off + r * ld}) so that
     * column p lands, as one vector, at {@code dst[dstOff + p * dstStride]}: four rounds of
     * pairwise zips (rows r and r + 8, r + 4, r + 2, r + 1).
     */
    private static void transpose16(float[] src, int off, int ld, float[] dst, int dstOff, int dstStride) {
        FloatVector s0 = FloatVector.fromArray(S, src, off);
        FloatVector s1 = FloatVector.fromArray(S, src, off + ld);
        FloatVector s2 = FloatVector.fromArray(S, src, off + 2 * ld);
        FloatVector s3 = FloatVector.fromArray(S, src, off + 3 * ld);
        FloatVector s4 = FloatVector.fromArray(S, src, off + 4 * ld);
        FloatVector s5 = FloatVector.fromArray(S, src, off + 5 * ld);
        FloatVector s6 = FloatVector.fromArray(S, src, off + 6 * ld);
        FloatVector s7 = FloatVector.fromArray(S, src, off + 7 * ld);
        FloatVector s8 = FloatVector.fromArray(S, src, off + 8 * ld);
        FloatVector s9 = FloatVector.fromArray(S, src, off + 9 * ld);
        FloatVector s10 = FloatVector.fromArray(S, src, off + 10 * ld);
        FloatVector s11 = FloatVector.fromArray(S, src, off + 11 * ld);
        FloatVector s12 = FloatVector.fromArray(S, src, off + 12 * ld);
        FloatVector s13 = FloatVector.fromArray(S, src, off + 13 * ld);
        FloatVector s14 = FloatVector.fromArray(S, src, off + 14 * ld);
        FloatVector s15 = FloatVector.fromArray(S, src, off + 15 * ld);
        FloatVector u0a = ZIP_LO.selectFrom(s0, s8), u0b = ZIP_HI.selectFrom(s0, s8);
        FloatVector u1a = ZIP_LO.selectFrom(s1, s9), u1b = ZIP_HI.selectFrom(s1, s9);
        FloatVector u2a = ZIP_LO.selectFrom(s2, s10), u2b = ZIP_HI.selectFrom(s2, s10);
        FloatVector u3a = ZIP_LO.selectFrom(s3, s11), u3b = ZIP_HI.selectFrom(s3, s11);
        FloatVector u4a = ZIP_LO.selectFrom(s4, s12), u4b = ZIP_HI.selectFrom(s4, s12);
        FloatVector u5a = ZIP_LO.selectFrom(s5, s13), u5b = ZIP_HI.selectFrom(s5, s13);
        FloatVector u6a = ZIP_LO.selectFrom(s6, s14), u6b = ZIP_HI.selectFrom(s6, s14);
        FloatVector u7a = ZIP_LO.selectFrom(s7, s15), u7b = ZIP_HI.selectFrom(s7, s15);
        FloatVector v0a = ZIP_LO.selectFrom(u0a, u4a), v0b = ZIP_HI.selectFrom(u0a, u4a);
        FloatVector v0c = ZIP_LO.selectFrom(u0b, u4b), v0d = ZIP_HI.selectFrom(u0b, u4b);
        FloatVector v1a = ZIP_LO.selectFrom(u1a, u5a), v1b = ZIP_HI.selectFrom(u1a, u5a);
        FloatVector v1c = ZIP_LO.selectFrom(u1b, u5b), v1d = ZIP_HI.selectFrom(u1b, u5b);
        FloatVector v2a = ZIP_LO.selectFrom(u2a, u6a), v2b = ZIP_HI.selectFrom(u2a, u6a);
        FloatVector v2c = ZIP_LO.selectFrom(u2b, u6b), v2d = ZIP_HI.selectFrom(u2b, u6b);
        FloatVector v3a = ZIP_LO.selectFrom(u3a, u7a), v3b = ZIP_HI.selectFrom(u3a, u7a);
        FloatVector v3c = ZIP_LO.selectFrom(u3b, u7b), v3d = ZIP_HI.selectFrom(u3b, u7b);
        FloatVector w0a = ZIP_LO.selectFrom(v0a, v2a), w0b = ZIP_HI.selectFrom(v0a, v2a);
        FloatVector w0c = ZIP_LO.selectFrom(v0b, v2b), w0d = ZIP_HI.selectFrom(v0b, v2b);
        FloatVector w0e = ZIP_LO.selectFrom(v0c, v2c), w0f = ZIP_HI.selectFrom(v0c, v2c);
        FloatVector w0g = ZIP_LO.selectFrom(v0d, v2d), w0h = ZIP_HI.selectFrom(v0d, v2d);
        FloatVector w1a = ZIP_LO.selectFrom(v1a, v3a), w1b = ZIP_HI.selectFrom(v1a, v3a);
        FloatVector w1c = ZIP_LO.selectFrom(v1b, v3b), w1d = ZIP_HI.selectFrom(v1b, v3b);
        FloatVector w1e = ZIP_LO.selectFrom(v1c, v3c), w1f = ZIP_HI.selectFrom(v1c, v3c);
        FloatVector w1g = ZIP_LO.selectFrom(v1d, v3d), w1h = ZIP_HI.selectFrom(v1d, v3d);
        ZIP_LO.selectFrom(w0a, w1a).intoArray(dst, dstOff);
        ZIP_HI.selectFrom(w0a, w1a).intoArray(dst, dstOff + 1 * dstStride);
        ZIP_LO.selectFrom(w0b, w1b).intoArray(dst, dstOff + 2 * dstStride);
        ZIP_HI.selectFrom(w0b, w1b).intoArray(dst, dstOff + 3 * dstStride);
        ZIP_LO.selectFrom(w0c, w1c).intoArray(dst, dstOff + 4 * dstStride);
        ZIP_HI.selectFrom(w0c, w1c).intoArray(dst, dstOff + 5 * dstStride);
        ZIP_LO.selectFrom(w0d, w1d).intoArray(dst, dstOff + 6 * dstStride);
        ZIP_HI.selectFrom(w0d, w1d).intoArray(dst, dstOff + 7 * dstStride);
        ZIP_LO.selectFrom(w0e, w1e).intoArray(dst, dstOff + 8 * dstStride);
        ZIP_HI.selectFrom(w0e, w1e).intoArray(dst, dstOff + 9 * dstStride);
        ZIP_LO.selectFrom(w0f, w1f).intoArray(dst, dstOff + 10 * dstStride);
        ZIP_HI.selectFrom(w0f, w1f).intoArray(dst, dstOff + 11 * dstStride);
        ZIP_LO.selectFrom(w0g, w1g).intoArray(dst, dstOff + 12 * dstStride);
        ZIP_HI.selectFrom(w0g, w1g).intoArray(dst, dstOff + 13 * dstStride);
        ZIP_LO.selectFrom(w0h, w1h).intoArray(dst, dstOff + 14 * dstStride);
        ZIP_HI.selectFrom(w0h, w1h).intoArray(dst, dstOff + 15 * dstStride);
    }

    /** dst[dstOff, +8) = src[srcOff, +8). */
    private static void copy8(float[] src, int srcOff, float[] dst, int dstOff) {
        if (L >= 8) {
            FloatVector.fromArray(S, src, srcOff, FIRST8).intoArray(dst, dstOff, FIRST8);
        } else {
            for (int i = 0; i < 8; i += L) {
                FloatVector.fromArray(S, src, srcOff + i).intoArray(dst, dstOff + i);
            }
        }
    }
}
