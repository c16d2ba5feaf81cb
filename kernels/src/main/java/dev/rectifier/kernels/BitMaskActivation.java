package dev.rectifier.kernels;

/**
 * An activation whose derivative takes two values (relu: 0 or 1; leaky_relu: slope or 1), so
 * that backward needs one bit per element instead of the 32-bit input: 1/32 of the memory.
 *
 * <p>Mask layout: element {@code i} of a call (counting from its offsets) is bit {@code i % 64}
 * of {@code mask[maskOff + i / 64]}; a call covers {@link #maskWords(int) maskWords(n)} words
 * and clears the unused high bits of the last one. To give each row of a matrix its own words
 * (so that threads working on different rows never share a word), call once per row with
 * {@code maskOff = row * maskWords(cols)}.
 *
 * <p>{@link #backwardMask} gives dx identical, bit for bit, to {@link Activation#backward} from
 * the input.
 */
public interface BitMaskActivation extends Activation {
    /** Words of mask that {@code n} elements take: ceil(n / 64). */
    static int maskWords(int n) {
        return (n + 63) >>> 6;
    }

    /** y = f(x) as {@link #forward}, and the bit that backward needs for each element. */
    void forwardMask(float[] x, int xOff, float[] y, int yOff, long[] mask, int maskOff, int n);

    /** The bits alone, from the input x (for outputs computed elsewhere, e.g. in a GEMM). */
    void mask(float[] x, int xOff, long[] mask, int maskOff, int n);

    /** dx = dy * f'(x) from the bits that {@link #forwardMask} saved. dx may be dy. */
    void backwardMask(long[] mask, int maskOff, float[] dy, int dyOff, float[] dx, int dxOff, int n);
}
