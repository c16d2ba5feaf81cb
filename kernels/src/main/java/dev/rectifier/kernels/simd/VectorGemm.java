package dev.rectifier.kernels.simd;

import dev.rectifier.kernels.scalar.ScalarGemm;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The blocked, packed, register-tiled SGEMM behind {@link dev.rectifier.kernels.Gemm}, for one
 * rectangle of C on the calling thread.
 *
 * <p>Structure (Goto/BLIS): for each block of at most {@link #NC} columns (fewer when the k-blocks
 * are longer than 256, see {@link #panelColumns}) and each of the equal k-blocks of at most
 * {@link #KC}, a panel of op(B) (kc x nc, in a per-thread buffer of L2 size) is packed into
 * slivers of {@link #NR} = 2 vectors; then for each sliver of {@link #MR} rows, op(A) (MR x kc) is
 * packed into L1 and multiplied with every B sliver by the micro-kernel, which keeps an MR x NR
 * tile of C in 2 * MR vector registers and does one broadcast and two FMAs per row and k step.
 * Rows and columns past the edges are packed as zeros and their results discarded. Packing is
 * skipped where it does not pay: a full sliver of A^T is MR contiguous floats per k step and is
 * read in place; a not-transposed A is read in place when the panel has at most two B slivers;
 * slivers of B^T are packed just before their first use. Layouts: {@link GemmPacking}.
 *
 * <p>Summation order (what results depend on): C[i][j] over k-block b is the FMA chain
 * {@code s_b = fma(a[p], b[p], ... fma(a[p0], b[p0], +0))} in increasing p; the first block
 * stores {@code alpha * s_0 (+ beta * C)}, each later one {@code alpha * s_b + C}. The k-blocks
 * depend only on k (k is cut into ceil(k / KC) nearly equal blocks), so every element of C is
 * computed by the same operations whichever rectangle or thread it falls in. For k <= KC the
 * result equals {@link ScalarGemm#sgemm} bit for bit.
 *
 * <p>Works with {@link FloatSpecies#SPECIES} of any width: NR follows the lane count.
 *
 * @see ScalarGemm#sgemm
 */
public final class VectorGemm {
    private VectorGemm() {}

    private static final VectorSpecies<Float> S = FloatSpecies.SPECIES;
    private static final int L = S.length();
    /** Doubles of the same vector shape: a float vector converts into two of them. */
    private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, S.vectorShape());

    /** Rows of the register tile. */
    public static final int MR = 8;
    /** Columns of the register tile: two vectors. */
    public static final int NR = 2 * L;
    /**
     * Most of k that one pass of the micro-kernel covers (A sliver MR x KC, 16 KB, stays in L1).
     * Against 256, 512 cuts k = 784 (fc1's forward) into two k-blocks instead of four, and so
     * two passes over C. With the packing change that came with it, {@code ./rectifier bench
     * gemm} on one thread: fc1_forward 94.6 -> 101.0 GFLOP/s, conv2's k = 800 79.8 -> 83.9, 1024^3
     * 103 -> 104 to 106; on its own (thread CPU time, best of five runs) fc1_forward 98.5 -> 101.4.
     */
    public static final int KC = 512;
    /**
     * Most columns of a packed B panel; a multiple of 64. At k-blocks of up to 256, 256 x 1024
     * floats = 1 MB, about one core's L2: measured faster than 512 (A repacked twice as often)
     * and no slower than 2048.
     */
    public static final int NC = 1024;
    /** Floats of a packed B panel (1 MB, about one core's L2): kc x nc stays within it. */
    private static final int PANEL_FLOATS = 256 * 1024;

    /**
     * Up to this many columns in a panel, A (not transposed) is read in place by
     * {@link #kernelRows} instead of packed: its 8 row streams cost the kernel about 6 %, which
     * only packing slivers reused by several B slivers pays back (conv1's im2col GEMM has n = 32).
     */
    private static final int ROWS_IN_PLACE_MAX_COLUMNS = 2 * NR;

    private static final int OVERWRITE = 0; // first k-block, beta == 0: C = alpha * s
    private static final int SCALE = 1;     // first k-block: C = alpha * s + beta * C
    private static final int ADD = 2;       // later k-blocks: C = alpha * s + C

    /** Called when rows [rowFrom, rowTo) x columns [colFrom, colTo) of C are final and in cache. */
    @FunctionalInterface
    public interface RowsDone {
        void rows(int rowFrom, int rowTo, int colFrom, int colTo);
    }

    /** Per-thread packing buffers, allocated once per thread and reused by every call. */
    private static final class Workspace {
        final float[] aPack = new float[MR * KC];
        final float[] bPack = new float[PANEL_FLOATS];
        final float[] tile = new float[MR * NR];
        final float[] stream = new float[8 * L]; // one interleaved 8-row block
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    /**
     * C[i][j] = alpha * (op(A) op(B))[i][j] + beta * C[i][j] for i in [rowFrom, rowTo) and j in
     * [colFrom, colTo), then {@code done} (may be null) for each finished group of rows. Arguments
     * were checked by the caller; requires k >= 1 and alpha != 0.
     */
    public static void compute(boolean transA, boolean transB, int k, float alpha,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               float beta, float[] c, int cOff, int ldc,
                               int rowFrom, int rowTo, int colFrom, int colTo, RowsDone done) {
        Workspace w = WORKSPACE.get();
        float[] aPack = w.aPack, bPack = w.bPack, tile = w.tile;
        int kBlocks = (k + KC - 1) / KC;
        int panel = panelColumns((k + kBlocks - 1) / kBlocks);
        for (int jc = colFrom; jc < colTo; jc += panel) {
            int nc = Math.min(panel, colTo - jc);
            for (int kb = 0; kb < kBlocks; kb++) {
                int pc = (int) ((long) k * kb / kBlocks);
                int kc = (int) ((long) k * (kb + 1) / kBlocks) - pc;
                int mode = kb > 0 ? ADD : beta == 0f ? OVERWRITE : SCALE;
                if (!transB) {
                    GemmPacking.packB(b, bOff + pc * ldb + jc, ldb, kc, nc, bPack);
                }
                for (int ir = rowFrom; ir < rowTo; ir += MR) {
                    int mr = Math.min(MR, rowTo - ir);
                    // op(A) = A^T: a full sliver's k step is MR contiguous floats of A, as fast to
                    // broadcast from there as from a packed copy, so only the edge sliver is packed.
                    float[] aSrc = aPack;
                    int aIdx = 0, aStride = MR;
                    boolean rowsInPlace = !transA && mr == MR && nc <= ROWS_IN_PLACE_MAX_COLUMNS;
                    if (transA && mr == MR) {
                        aSrc = a;
                        aIdx = aOff + pc * lda + ir;
                        aStride = lda;
                    } else if (rowsInPlace) {
                        aIdx = aOff + ir * lda + pc;
                    } else if (transA) {
                        GemmPacking.packATransposed(a, aOff + pc * lda + ir, lda, kc, mr, aPack);
                    } else {
                        GemmPacking.packA(a, aOff + ir * lda + pc, lda, kc, mr, aPack);
                    }
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        int ci = cOff + ir * ldc + jc + jr;
                        if (transB && ir == rowFrom) {
                            // Each sliver of B^T is packed just before its first use, so that
                            // reading B from memory overlaps the kernels on the slivers before it.
                            GemmPacking.packBTransposed(b, bOff + (jc + jr) * ldb + pc, ldb, kc, nr, bPack, jr * kc, w.stream);
                        }
                        if (rowsInPlace) {
                            kernelRows(kc, a, aIdx, lda, bPack, jr * kc, tile);
                        } else if (nr <= L) {
                            kernelHalf(kc, aSrc, aIdx, aStride, bPack, jr * kc, tile);
                        } else {
                            kernel(kc, aSrc, aIdx, aStride, bPack, jr * kc, tile);
                        }
                        if (mr == MR && nr == NR) {
                            store(tile, c, ci, ldc, mode, alpha, beta);
                        } else {
                            merge(tile, mr, nr, c, ci, ldc, mode, alpha, beta);
                        }
                    }
                    if (kb == kBlocks - 1 && done != null) {
                        done.rows(ir, ir + mr, jc, jc + nc);
                    }
                }
            }
        }
    }

    /**
     * Columns of a B panel whose k-blocks are at most {@code kc} long: as many multiples of 64
     * as fit {@link #PANEL_FLOATS}, at most {@link #NC}. Panels only group the work; they do not
     * change any result.
     */
    static int panelColumns(int kc) {
        return Math.min(NC, Math.max(64, PANEL_FLOATS / kc / 64 * 64));
    }

    /**
     * The MR x NR micro-kernel: tile[r][j] = sum over p in [0, kc) of op(A)[r][p] * bPack[p][j],
     * with op(A)[r][p] at {@code ap[ai + p * as + r]} (a packed sliver: as = MR; A^T in place:
     * as = lda). The accumulators are named locals so that C2 keeps them in registers; they go
     * out through the L1-resident tile because vectors passed to a method that is not inlined are
     * boxed.
     */
    private static void kernel(int kc, float[] ap, int a0, int as, float[] bp, int bi, float[] c) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00,
                c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00,
                c70 = c00, c71 = c00;
        for (int p = 0; p < kc; p++) {
            int bj = bi + p * NR;
            int ai = a0 + p * as;
            FloatVector b0 = FloatVector.fromArray(S, bp, bj);
            FloatVector b1 = FloatVector.fromArray(S, bp, bj + L);
            FloatVector x = FloatVector.broadcast(S, ap[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(c, 0);
        c01.intoArray(c, L);
        c10.intoArray(c, NR);
        c11.intoArray(c, NR + L);
        c20.intoArray(c, 2 * NR);
        c21.intoArray(c, 2 * NR + L);
        c30.intoArray(c, 3 * NR);
        c31.intoArray(c, 3 * NR + L);
        c40.intoArray(c, 4 * NR);
        c41.intoArray(c, 4 * NR + L);
        c50.intoArray(c, 5 * NR);
        c51.intoArray(c, 5 * NR + L);
        c60.intoArray(c, 6 * NR);
        c61.intoArray(c, 6 * NR + L);
        c70.intoArray(c, 7 * NR);
        c71.intoArray(c, 7 * NR + L);
    }

    /**
     * {@link #kernel} for an edge sliver of at most L columns (n = 784 ends in one of 16): one
     * vector per row, the same FMA chains, half the multiply-adds of the full kernel; fills the
     * first L columns of each tile row.
     */
    private static void kernelHalf(int kc, float[] ap, int a0, int as, float[] bp, int bi, float[] c) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        for (int p = 0; p < kc; p++) {
            int ai = a0 + p * as;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi + p * NR);
            c0 = FloatVector.broadcast(S, ap[ai]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, ap[ai + 1]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, ap[ai + 2]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, ap[ai + 3]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, ap[ai + 4]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, ap[ai + 5]).fma(b0, c5);
            c6 = FloatVector.broadcast(S, ap[ai + 6]).fma(b0, c6);
            c7 = FloatVector.broadcast(S, ap[ai + 7]).fma(b0, c7);
        }
        c0.intoArray(c, 0);
        c1.intoArray(c, NR);
        c2.intoArray(c, 2 * NR);
        c3.intoArray(c, 3 * NR);
        c4.intoArray(c, 4 * NR);
        c5.intoArray(c, 5 * NR);
        c6.intoArray(c, 6 * NR);
        c7.intoArray(c, 7 * NR);
    }

    /** {@link #kernel} with op(A)[r][p] = {@code a[a0 + r * lda + p]}: A not transposed, read in place. */
    private static void kernelRows(int kc, float[] a, int a0, int lda, float[] bp, int bi, float[] c) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00,
                c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00,
                c70 = c00, c71 = c00;
        int r0 = a0, r1 = r0 + lda, r2 = r1 + lda, r3 = r2 + lda, r4 = r3 + lda, r5 = r4 + lda, r6 = r5 + lda, r7 = r6 + lda;
        for (int p = 0; p < kc; p++) {
            int bj = bi + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bj);
            FloatVector b1 = FloatVector.fromArray(S, bp, bj + L);
            FloatVector x = FloatVector.broadcast(S, a[r0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[r1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[r2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[r3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[r4 + p]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[r5 + p]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[r6 + p]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[r7 + p]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(c, 0);
        c01.intoArray(c, L);
        c10.intoArray(c, NR);
        c11.intoArray(c, NR + L);
        c20.intoArray(c, 2 * NR);
        c21.intoArray(c, 2 * NR + L);
        c30.intoArray(c, 3 * NR);
        c31.intoArray(c, 3 * NR + L);
        c40.intoArray(c, 4 * NR);
        c41.intoArray(c, 4 * NR + L);
        c50.intoArray(c, 5 * NR);
        c51.intoArray(c, 5 * NR + L);
        c60.intoArray(c, 6 * NR);
        c61.intoArray(c, 6 * NR + L);
        c70.intoArray(c, 7 * NR);
        c71.intoArray(c, 7 * NR + L);
    }

    /** A full tile into C: the same float operations, in the same order, as {@link #merge}. */
    private static void store(float[] tile, float[] c, int ci, int ldc, int mode, float alpha, float beta) {
        for (int r = 0; r < MR; r++) {
            int row = ci + r * ldc;
            for (int j = 0; j < NR; j += L) {
                FloatVector s = FloatVector.fromArray(S, tile, r * NR + j);
                if (alpha != 1f) {
                    s = s.mul(alpha);
                }
                if (mode == SCALE) {
                    s = s.add(FloatVector.fromArray(S, c, row + j).mul(beta));
                } else if (mode == ADD) {
                    s = s.add(FloatVector.fromArray(S, c, row + j));
                }
                s.intoArray(c, row + j);
            }
        }
    }

    /** The valid mr x nr corner of a tile computed into scratch, stored into C as {@link #store} would. */
    private static void merge(float[] tile, int mr, int nr, float[] c, int ci, int ldc, int mode, float alpha, float beta) {
        for (int r = 0; r < mr; r++) {
            int row = ci + r * ldc;
            for (int j = 0; j < nr; j++) {
                float s = tile[r * NR + j];
                float v = alpha != 1f ? alpha * s : s;
                if (mode == SCALE) {
                    v = v + beta * c[row + j];
                } else if (mode == ADD) {
                    v = v + c[row + j];
                }
                c[row + j] = v;
            }
        }
    }

    /** @see ScalarGemm#addBias */
    public static void addBias(float[] c, int cOff, float[] bias, int biasOff, int n) {
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += L) {
            FloatVector.fromArray(S, c, cOff + j).add(FloatVector.fromArray(S, bias, biasOff + j)).intoArray(c, cOff + j);
        }
        ScalarGemm.addBias(c, cOff + j, bias, biasOff + j, n - j);
    }

    /** @see ScalarGemm#columnSums */
    public static void columnSums(float[] x, int xOff, int ldx, int rows, int cols,
                                  float[] sums, int sOff, boolean accumulate) {
        int j = 0;
        for (int bound = S.loopBound(cols); j < bound; j += L) {
            FloatVector s = FloatVector.zero(S);
            for (int i = 0; i < rows; i++) {
                s = s.add(FloatVector.fromArray(S, x, xOff + i * ldx + j));
            }
            if (accumulate) {
                s = FloatVector.fromArray(S, sums, sOff + j).add(s);
            }
            s.intoArray(sums, sOff + j);
        }
        ScalarGemm.columnSums(x, xOff + j, ldx, rows, cols - j, sums, sOff + j, accumulate);
    }

    /**
     * @see ScalarGemm#rowSums; the same double sums, taken in 2 * L partial sums (lane by lane,
     * then added together) instead of one chain: a chain of dependent double adds ran at one
     * float per 4 cycles, and a convolution's bias gradient sums millions of them.
     */
    public static void rowSums(float[] x, int xOff, int ldx, int rows, int cols,
                               float[] sums, int sOff, boolean accumulate) {
        int bound = S.loopBound(cols);
        for (int i = 0; i < rows; i++) {
            int xi = xOff + i * ldx;
            DoubleVector low = DoubleVector.zero(D), high = DoubleVector.zero(D);
            for (int j = 0; j < bound; j += L) {
                FloatVector v = FloatVector.fromArray(S, x, xi + j);
                low = low.add((DoubleVector) v.convertShape(VectorOperators.F2D, D, 0));
                high = high.add((DoubleVector) v.convertShape(VectorOperators.F2D, D, 1));
            }
            double s = low.add(high).reduceLanes(VectorOperators.ADD);
            for (int j = bound; j < cols; j++) {
                s += x[xi + j];
            }
            sums[sOff + i] = accumulate ? sums[sOff + i] + (float) s : (float) s;
        }
    }
}
