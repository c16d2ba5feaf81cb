package dev.rectifier.kernels.simd;

import dev.rectifier.kernels.scalar.ScalarMaxPool2x2;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector path of {@link dev.rectifier.kernels.MaxPool2x2}, the same bits and indices as
 * {@link ScalarMaxPool2x2}: L outputs of an output row at a time. Two input rows are loaded as
 * two vectors each (masked at the row's end), split into the even and odd columns with two-source
 * permutes, and scanned in PyTorch's order with compares and blends (greater, or NaN). The
 * indices are kept as floats 0 to 3 and narrowed to bytes. Needs L >= 8 (a byte vector of L
 * lanes is at least 64 bits).
 */
public final class VectorMaxPool2x2 {
    private VectorMaxPool2x2() {}

    private static final VectorSpecies<Float> S = FloatSpecies.SPECIES;
    private static final int L = S.length();
    private static final VectorSpecies<Byte> B = L >= 8
            ? VectorSpecies.of(byte.class, VectorShape.forBitSize(L * Byte.SIZE)) : null;
    // Lane indices for selectFrom(lo, hi): 0..L-1 pick lo, L..2L-1 pick hi.
    private static final FloatVector EVEN = index(0);
    private static final FloatVector ODD = index(1);

    private static FloatVector index(int first) {
        float[] index = new float[L];
        for (int l = 0; l < L; l++) {
            index[l] = 2 * l + first;
        }
        return FloatVector.fromArray(S, index, 0);
    }

    public static void forward(float[] x, int xOff, int planes, int height, int width, float[] y, int yOff,
                               byte[] argmax, int argOff) {
        int outHeight = height / 2, outWidth = width / 2;
        boolean keep = argmax != null;
        int yEnd = yOff + planes * outHeight * outWidth, xEnd = x.length;
        for (int p = 0; p < planes; p++) {
            int in = xOff + p * height * width;
            int out = p * outHeight * outWidth;
            for (int oh = 0; oh < outHeight; oh++) {
                int r0 = in + 2 * oh * width, r1 = r0 + width, o = out + oh * outWidth;
                for (int ow = 0; ow < outWidth; ow += L) {
                    int count = Math.min(L, outWidth - ow);
                    int c0 = r0 + 2 * ow, c1 = r1 + 2 * ow;
                    FloatVector x0, x1, z0, z1;
                    if (c1 + 2 * L <= xEnd) {
                        // Whole vectors: lanes past the row are read and not used.
                        x0 = FloatVector.fromArray(S, x, c0);
                        x1 = FloatVector.fromArray(S, x, c0 + L);
                        z0 = FloatVector.fromArray(S, x, c1);
                        z1 = FloatVector.fromArray(S, x, c1 + L);
                    } else {
                        VectorMask<Float> lo = S.indexInRange(0, 2 * count), hi = S.indexInRange(L, 2 * count);
                        x0 = FloatVector.fromArray(S, x, c0, lo);
                        x1 = FloatVector.fromArray(S, x, c0 + L, hi);
                        z0 = FloatVector.fromArray(S, x, c1, lo);
                        z1 = FloatVector.fromArray(S, x, c1 + L, hi);
                    }
                    // The scan from -inf: the first element is taken unless it is -inf, which is the same value.
                    FloatVector max = EVEN.selectFrom(x0, x1);
                    FloatVector arg = FloatVector.zero(S);
                    FloatVector v = ODD.selectFrom(x0, x1);
                    VectorMask<Float> take = v.compare(VectorOperators.GT, max).or(v.compare(VectorOperators.NE, v));
                    max = max.blend(v, take);
                    arg = arg.blend(1f, take);
                    v = EVEN.selectFrom(z0, z1);
                    take = v.compare(VectorOperators.GT, max).or(v.compare(VectorOperators.NE, v));
                    max = max.blend(v, take);
                    arg = arg.blend(2f, take);
                    v = ODD.selectFrom(z0, z1);
                    take = v.compare(VectorOperators.GT, max).or(v.compare(VectorOperators.NE, v));
                    max = max.blend(v, take);
                    arg = arg.blend(3f, take);
                    // Whole vectors where they stay inside this call's outputs: the lanes past the
                    // row land on outputs written later (rows go in increasing order); masked
                    // stores, slow on some CPUs, only at the end.
                    int at = o + ow;
                    boolean whole = yOff + at + L <= yEnd;
                    if (whole) {
                        max.intoArray(y, yOff + at);
                    } else {
                        max.intoArray(y, yOff + at, S.indexInRange(0, count));
                    }
                    if (keep) {
                        ByteVector index = (ByteVector) arg.convertShape(VectorOperators.F2B, B, 0);
                        if (whole) {
                            index.intoArray(argmax, argOff + at);
                        } else {
                            index.intoArray(argmax, argOff + at, B.indexInRange(0, count));
                        }
                    }
                }
            }
        }
    }

    /**
     * Each window's four gradients, the output's gradient where the index points and +0 elsewhere,
     * interleaved back into the two input rows. {@code dy + 0} is the reference's {@code 0 += dy}
     * (a -0.0 gradient lands as +0.0). The odd last row and column get zeros.
     */
    public static void backward(float[] dy, int dyOff, byte[] argmax, int argOff, int planes, int height, int width,
                                float[] dx, int dxOff) {
        int outHeight = height / 2, outWidth = width / 2;
        FloatVector zero = FloatVector.zero(S);
        int dxEnd = dxOff + planes * height * width, dyEnd = dy.length;
        for (int p = 0; p < planes; p++) {
            int base = dxOff + p * height * width;
            int out = p * outHeight * outWidth;
            for (int oh = 0; oh < outHeight; oh++) {
                int r0 = base + 2 * oh * width, r1 = r0 + width, o = out + oh * outWidth;
                // Last chunk first: its stores, past the end of row r0, reach into row r1, which
                // the earlier chunks write after it.
                for (int ow = outWidth == 0 ? -1 : (outWidth - 1) / L * L; ow >= 0; ow -= L) {
                    int count = Math.min(L, outWidth - ow);
                    FloatVector g;
                    ByteVector kb;
                    if (dyOff + o + ow + L <= dyEnd && argOff + o + ow + L <= argmax.length) {
                        g = FloatVector.fromArray(S, dy, dyOff + o + ow);
                        kb = ByteVector.fromArray(B, argmax, argOff + o + ow);
                    } else {
                        g = FloatVector.fromArray(S, dy, dyOff + o + ow, S.indexInRange(0, count));
                        kb = ByteVector.fromArray(B, argmax, argOff + o + ow, B.indexInRange(0, count));
                    }
                    g = g.add(0f);
                    FloatVector k = (FloatVector) kb.convertShape(VectorOperators.B2F, S, 0);
                    FloatVector e0 = zero.blend(g, k.compare(VectorOperators.EQ, 0f));
                    FloatVector e1 = zero.blend(g, k.compare(VectorOperators.EQ, 1f));
                    FloatVector e2 = zero.blend(g, k.compare(VectorOperators.EQ, 2f));
                    FloatVector e3 = zero.blend(g, k.compare(VectorOperators.EQ, 3f));
                    int c0 = r0 + 2 * ow, c1 = r1 + 2 * ow;
                    if (c1 + 2 * L <= dxEnd) {
                        // As forward: lanes past a row land where later stores (or the odd row's
                        // and column's zeros) overwrite them.
                        GemmPacking.ZIP_LO.selectFrom(e0, e1).intoArray(dx, c0);
                        GemmPacking.ZIP_HI.selectFrom(e0, e1).intoArray(dx, c0 + L);
                        GemmPacking.ZIP_LO.selectFrom(e2, e3).intoArray(dx, c1);
                        GemmPacking.ZIP_HI.selectFrom(e2, e3).intoArray(dx, c1 + L);
                    } else {
                        VectorMask<Float> lo = S.indexInRange(0, 2 * count), hi = S.indexInRange(L, 2 * count);
                        GemmPacking.ZIP_LO.selectFrom(e0, e1).intoArray(dx, c0, lo);
                        GemmPacking.ZIP_HI.selectFrom(e0, e1).intoArray(dx, c0 + L, hi);
                        GemmPacking.ZIP_LO.selectFrom(e2, e3).intoArray(dx, c1, lo);
                        GemmPacking.ZIP_HI.selectFrom(e2, e3).intoArray(dx, c1 + L, hi);
                    }
                }
                if ((width & 1) != 0) {
                    dx[r0 + width - 1] = 0f;
                    dx[r1 + width - 1] = 0f;
                }
            }
            if ((height & 1) != 0) {
                java.util.Arrays.fill(dx, base + (height - 1) * width, base + height * width, 0f);
            }
        }
    }
}
