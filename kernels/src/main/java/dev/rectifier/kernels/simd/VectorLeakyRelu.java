package dev.rectifier.kernels.simd;

import dev.rectifier.kernels.scalar.ScalarLeakyRelu;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels for Leaky ReLU (also PReLU with one slope and RReLU in evaluation mode),
 * bit for bit equal to {@link ScalarLeakyRelu}, which finishes every tail.
 *
 * @see ScalarLeakyRelu
 */
public final class VectorLeakyRelu {
    private VectorLeakyRelu() {}

    private static final VectorSpecies<Float> S = FloatSpecies.SPECIES;
    private static final int L = S.length();
    private static final VectorSpecies<Float> T = FloatSpecies.STREAM;
    private static final int TL = T.length();

    /** @see ScalarLeakyRelu#forward */
    public static void forward(float[] x, int xOff, float[] y, int yOff, int n, float slope) {
        if (n >= VectorRelu.STREAM_FROM) { // arrays larger than the caches, as relu's
            forwardStream(x, xOff, y, yOff, n, slope);
            return;
        }
        int i = 0;
        if (n >= VectorRelu.ALIGN_FROM) { // stores aligned to whole vectors, as relu's
            i = HeapAlignment.floatsToBoundary(y, yOff, L * Float.BYTES);
            ScalarLeakyRelu.forward(x, xOff, y, yOff, i, slope);
        }
        for (int bound = i + S.loopBound(n - i); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            v.mul(slope).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, yOff + i);
        }
        ScalarLeakyRelu.forward(x, xOff + i, y, yOff + i, n - i, slope);
    }

    /** {@link #forward} at {@link FloatSpecies#STREAM}, stores aligned to its vectors. */
    private static void forwardStream(float[] x, int xOff, float[] y, int yOff, int n, float slope) {
        int i = HeapAlignment.floatsToBoundary(y, yOff, TL * Float.BYTES);
        ScalarLeakyRelu.forward(x, xOff, y, yOff, i, slope);
        for (int bound = i + T.loopBound(n - i); i < bound; i += TL) {
            FloatVector v = FloatVector.fromArray(T, x, xOff + i);
            v.mul(slope).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, yOff + i);
        }
        ScalarLeakyRelu.forward(x, xOff + i, y, yOff + i, n - i, slope);
    }

    /** @see ScalarLeakyRelu#backward */
    public static void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n, float slope) {
        if (n >= VectorRelu.STREAM_FROM) {
            backwardStream(x, xOff, dy, dyOff, dx, dxOff, n, slope);
            return;
        }
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            FloatVector d = FloatVector.fromArray(S, dy, dyOff + i);
            d.mul(slope).blend(d, v.compare(VectorOperators.GT, 0f)).intoArray(dx, dxOff + i);
        }
        ScalarLeakyRelu.backward(x, xOff + i, dy, dyOff + i, dx, dxOff + i, n - i, slope);
    }

    /** {@link #backward} at {@link FloatSpecies#STREAM}. */
    private static void backwardStream(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n, float slope) {
        int i = 0;
        for (int bound = T.loopBound(n); i < bound; i += TL) {
            FloatVector v = FloatVector.fromArray(T, x, xOff + i);
            FloatVector d = FloatVector.fromArray(T, dy, dyOff + i);
            d.mul(slope).blend(d, v.compare(VectorOperators.GT, 0f)).intoArray(dx, dxOff + i);
        }
        ScalarLeakyRelu.backward(x, xOff + i, dy, dyOff + i, dx, dxOff + i, n - i, slope);
    }

    /** @see ScalarLeakyRelu#forwardMask */
    public static void forwardMask(float[] x, int xOff, float[] y, int yOff, long[] mask, int maskOff, int n, float slope) {
        int words = n >>> 6;
        for (int w = 0; w < words; w++) {
            int base = w << 6;
            long word = 0;
            for (int j = 0; j < 64; j += L) {
                FloatVector v = FloatVector.fromArray(S, x, xOff + base + j);
                VectorMask<Float> positive = v.compare(VectorOperators.GT, 0f);
                v.mul(slope).blend(v, positive).intoArray(y, yOff + base + j);
                word |= positive.toLong() << j;
            }
            mask[maskOff + w] = word;
        }
        int done = words << 6;
        ScalarLeakyRelu.forwardMask(x, xOff + done, y, yOff + done, mask, maskOff + words, n - done, slope);
    }

    /** @see ScalarLeakyRelu#mask */
    public static void mask(float[] x, int xOff, long[] mask, int maskOff, int n) {
        int words = n >>> 6;
        for (int w = 0; w < words; w++) {
            int base = w << 6;
            long word = 0;
            for (int j = 0; j < 64; j += L) {
                FloatVector v = FloatVector.fromArray(S, x, xOff + base + j);
                word |= v.compare(VectorOperators.GT, 0f).toLong() << j;
            }
            mask[maskOff + w] = word;
        }
        int done = words << 6;
        ScalarLeakyRelu.mask(x, xOff + done, mask, maskOff + words, n - done);
    }

    /** @see ScalarLeakyRelu#backwardMask */
    public static void backwardMask(long[] mask, int maskOff, float[] dy, int dyOff, float[] dx, int dxOff, int n, float slope) {
        int words = n >>> 6;
        for (int w = 0; w < words; w++) {
            int base = w << 6;
            long word = mask[maskOff + w];
            for (int j = 0; j < 64; j += L) {
                VectorMask<Float> pass = VectorMask.fromLong(S, word >>> j);
                FloatVector d = FloatVector.fromArray(S, dy, dyOff + base + j);
                d.mul(slope).blend(d, pass).intoArray(dx, dxOff + base + j);
            }
        }
        int done = words << 6;
        ScalarLeakyRelu.backwardMask(mask, maskOff + words, dy, dyOff + done, dx, dxOff + done, n - done, slope);
    }
}
