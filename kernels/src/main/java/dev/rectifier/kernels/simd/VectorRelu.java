package dev.rectifier.kernels.simd;

import dev.rectifier.kernels.scalar.ScalarRelu;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels for ReLU, bit for bit equal to {@link ScalarRelu}, which finishes every
 * tail. A blend, not {@code max(x, 0)}: Java's max turns -0.0 into +0.0, PyTorch keeps it.
 *
 * @see ScalarRelu
 */
public final class VectorRelu {
    private VectorRelu() {}

    private static final VectorSpecies<Float> S = FloatSpecies.SPECIES;
    private static final int L = S.length();

    /**
     * From this many elements on, forward first runs the scalar reference up to the element of y
     * whose address is a whole vector, so that no vector store straddles two cache lines (see
     * {@link HeapAlignment}). JMH, relu forward, with native access against without (two runs
     * each): 1M floats 83 -> 90 GB/s on one thread, 169 -> 173 on two; 64K unchanged (104 to 108
     * GB/s either way), so smaller calls skip the probe's 25 ns.
     */
    static final int ALIGN_FROM = 1 << 16;

    /**
     * From this many elements on (2M floats: three 8 MB arrays, about the L3 cache), forward and
     * backward run at {@link FloatSpecies#STREAM}, at most 256 bits: streaming from memory, the
     * 512-bit loop lost to it. JMH on one thread, two runs each, 512 -> 256 bits: relu backward
     * 16M 19.6-21.8 -> 22.6-23.0 GB/s, 64M 22.2-22.4 -> 23.7-23.9; leaky_relu backward 64M
     * 21.1-21.6 -> 24.2; forward 64M relu 20.3-22.2 -> 22.5-23.5, leaky_relu 21.0-22.6 -> 23.2-23.3;
     * two threads mixed, within the noise. At 1M (in L3) backward was level (66.6 against 68.4
     * GB/s in a scratch loop), and forward keeps its aligned 512-bit loop there (90 GB/s). The
     * bound applies to each thread's part; both loops give the same bits.
     */
    public static final int STREAM_FROM = 1 << 21;

    private static final VectorSpecies<Float> T = FloatSpecies.STREAM;
    private static final int TL = T.length();

    /** @see ScalarRelu#forward */
    public static void forward(float[] x, int xOff, float[] y, int yOff, int n) {
        if (n >= STREAM_FROM) {
            forwardStream(x, xOff, y, yOff, n);
            return;
        }
        int i = 0;
        if (n >= ALIGN_FROM) {
            i = HeapAlignment.floatsToBoundary(y, yOff, L * Float.BYTES);
            ScalarRelu.forward(x, xOff, y, yOff, i);
        }
        for (int bound = i + S.loopBound(n - i); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            v.blend(0f, v.lt(0f)).intoArray(y, yOff + i);
        }
        ScalarRelu.forward(x, xOff + i, y, yOff + i, n - i);
    }

    /** {@link #forward} at {@link FloatSpecies#STREAM}, stores aligned to its vectors. */
    private static void forwardStream(float[] x, int xOff, float[] y, int yOff, int n) {
        int i = HeapAlignment.floatsToBoundary(y, yOff, TL * Float.BYTES);
        ScalarRelu.forward(x, xOff, y, yOff, i);
        for (int bound = i + T.loopBound(n - i); i < bound; i += TL) {
            FloatVector v = FloatVector.fromArray(T, x, xOff + i);
            v.blend(0f, v.lt(0f)).intoArray(y, yOff + i);
        }
        ScalarRelu.forward(x, xOff + i, y, yOff + i, n - i);
    }

    /** @see ScalarRelu#backward */
    public static void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        if (n >= STREAM_FROM) {
            backwardStream(x, xOff, dy, dyOff, dx, dxOff, n);
            return;
        }
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            FloatVector d = FloatVector.fromArray(S, dy, dyOff + i);
            d.blend(0f, v.compare(VectorOperators.LE, 0f)).intoArray(dx, dxOff + i);
        }
        ScalarRelu.backward(x, xOff + i, dy, dyOff + i, dx, dxOff + i, n - i);
    }

    /** {@link #backward} at {@link FloatSpecies#STREAM}. */
    private static void backwardStream(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int i = 0;
        for (int bound = T.loopBound(n); i < bound; i += TL) {
            FloatVector v = FloatVector.fromArray(T, x, xOff + i);
            FloatVector d = FloatVector.fromArray(T, dy, dyOff + i);
            d.blend(0f, v.compare(VectorOperators.LE, 0f)).intoArray(dx, dxOff + i);
        }
        ScalarRelu.backward(x, xOff + i, dy, dyOff + i, dx, dxOff + i, n - i);
    }

    /** @see ScalarRelu#forwardMask */
    public static void forwardMask(float[] x, int xOff, float[] y, int yOff, long[] mask, int maskOff, int n) {
        int words = n >>> 6;
        for (int w = 0; w < words; w++) {
            int base = w << 6;
            long word = 0;
            for (int j = 0; j < 64; j += L) {
                FloatVector v = FloatVector.fromArray(S, x, xOff + base + j);
                v.blend(0f, v.lt(0f)).intoArray(y, yOff + base + j);
                word |= v.compare(VectorOperators.LE, 0f).not().toLong() << j;
            }
            mask[maskOff + w] = word;
        }
        int done = words << 6;
        ScalarRelu.forwardMask(x, xOff + done, y, yOff + done, mask, maskOff + words, n - done);
    }

    /** @see ScalarRelu#mask */
    public static void mask(float[] x, int xOff, long[] mask, int maskOff, int n) {
        int words = n >>> 6;
        for (int w = 0; w < words; w++) {
            int base = w << 6;
            long word = 0;
            for (int j = 0; j < 64; j += L) {
                FloatVector v = FloatVector.fromArray(S, x, xOff + base + j);
                word |= v.compare(VectorOperators.LE, 0f).not().toLong() << j;
            }
            mask[maskOff + w] = word;
        }
        int done = words << 6;
        ScalarRelu.mask(x, xOff + done, mask, maskOff + words, n - done);
    }

    /** @see ScalarRelu#backwardMask */
    public static void backwardMask(long[] mask, int maskOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        int words = n >>> 6;
        FloatVector zero = FloatVector.zero(S);
        for (int w = 0; w < words; w++) {
            int base = w << 6;
            long word = mask[maskOff + w];
            for (int j = 0; j < 64; j += L) {
                VectorMask<Float> pass = VectorMask.fromLong(S, word >>> j);
                FloatVector d = FloatVector.fromArray(S, dy, dyOff + base + j);
                zero.blend(d, pass).intoArray(dx, dxOff + base + j);
            }
        }
        int done = words << 6;
        ScalarRelu.backwardMask(mask, maskOff + words, dy, dyOff + done, dx, dxOff + done, n - done);
    }
}
