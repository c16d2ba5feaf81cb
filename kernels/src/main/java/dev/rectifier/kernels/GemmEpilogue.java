package dev.rectifier.kernels;

import java.util.Objects;

/**
 * What {@link Gemm} does to each finished tile of C while it is still in cache: add a bias per
 * column, then apply an activation, optionally saving its bit mask for backward. For a Linear
 * layer with weight W (out x in) and bias b, {@code y = f(x W^T + b)} is one pass over y:
 *
 * <pre>{@code
 * long[] mask = new long[batch * BitMaskActivation.maskWords(out)];
 * gemm.sgemm(false, true, batch, out, in, 1f, x, 0, in, w, 0, in, 0f, y, 0, out,
 *         GemmEpilogue.NONE.withBias(b, 0).withActivation(relu).withMask(mask, 0));
 * }</pre>
 *
 * <p>Math, per element of C after the product: {@code z = alpha * s + beta * C} (see
 * {@link Gemm}), then {@code z = z + bias[biasOff + j]} for column j, then {@code C = f(z)}. The
 * result is bit for bit what the unfused calls give: the GEMM, then
 * {@link dev.rectifier.kernels.scalar.ScalarGemm#addBias}-style row adds, then
 * {@link Activation#forward} (or {@link BitMaskActivation#forwardMask}) on each row.
 *
 * <p>Mask layout: each row i of C gets its own {@link BitMaskActivation#maskWords(int)
 * maskWords(n)} words from {@code maskOff + i * maskWords(n)}, as if
 * {@code forwardMask} were called once per row, so threads never share a word.
 *
 * <p>Immutable; the arrays it names are read (bias) or written (mask) by each call it is passed to.
 */
public final class GemmEpilogue {
    /** No epilogue: plain GEMM. */
    public static final GemmEpilogue NONE = new GemmEpilogue(null, 0, null, null, 0);

    private final float[] bias;
    private final int biasOff;
    private final Activation activation;
    private final long[] mask;
    private final int maskOff;

    private GemmEpilogue(float[] bias, int biasOff, Activation activation, long[] mask, int maskOff) {
        this.bias = bias;
        this.biasOff = biasOff;
        this.activation = activation;
        this.mask = mask;
        this.maskOff = maskOff;
    }

    /** This epilogue, adding {@code bias[biasOff + j]} to every element of column j (before the activation). */
    public GemmEpilogue withBias(float[] bias, int biasOff) {
        Objects.requireNonNull(bias, "bias is null");
        if (biasOff < 0) {
            throw new IllegalArgumentException("biasOff=" + biasOff + " is negative");
        }
        return new GemmEpilogue(bias, biasOff, activation, mask, maskOff);
    }

    /** This epilogue, applying {@code activation} after the bias. */
    public GemmEpilogue withActivation(Activation activation) {
        Objects.requireNonNull(activation, "activation is null");
        if (mask != null && !(activation instanceof BitMaskActivation)) {
            throw new IllegalArgumentException("activation " + activation.spec() + " has no bit mask but a mask was given");
        }
        return new GemmEpilogue(bias, biasOff, activation, mask, maskOff);
    }

    /**
     * This epilogue, also writing the activation's bit mask for backward, row-padded from
     * {@code maskOff}. Needs a {@link BitMaskActivation}, set before or after this call.
     */
    public GemmEpilogue withMask(long[] mask, int maskOff) {
        Objects.requireNonNull(mask, "mask is null");
        if (maskOff < 0) {
            throw new IllegalArgumentException("maskOff=" + maskOff + " is negative");
        }
        if (activation != null && !(activation instanceof BitMaskActivation)) {
            throw new IllegalArgumentException("activation " + activation.spec() + " has no bit mask; use relu or leaky_relu");
        }
        return new GemmEpilogue(bias, biasOff, activation, mask, maskOff);
    }

    /** The bias array, or null. */
    public float[] bias() {
        return bias;
    }

    public int biasOff() {
        return biasOff;
    }

    /** The activation, or null. */
    public Activation activation() {
        return activation;
    }

    /** The mask array, or null. */
    public long[] mask() {
        return mask;
    }

    public int maskOff() {
        return maskOff;
    }

    boolean isNone() {
        return bias == null && activation == null && mask == null;
    }

    /** Checks that this epilogue fits a C of m x n; called once per GEMM. */
    void check(int m, int n) {
        if (mask != null && activation == null) {
            throw new IllegalArgumentException("a mask was given without an activation; call withActivation(relu) too");
        }
        if (bias != null && (long) biasOff + n > bias.length) {
            throw new IllegalArgumentException("bias.length=" + bias.length + " but biasOff=" + biasOff
                    + " and n=" + n + " columns need " + ((long) biasOff + n));
        }
        if (mask != null) {
            long need = (long) maskOff + (long) m * BitMaskActivation.maskWords(n);
            if (need > mask.length) {
                throw new IllegalArgumentException("mask.length=" + mask.length + " but maskOff=" + maskOff + " and m=" + m
                        + " rows of maskWords(n=" + n + ")=" + BitMaskActivation.maskWords(n) + " words need " + need);
            }
        }
    }

    @Override
    public String toString() {
        return "GemmEpilogue(bias=" + (bias != null) + ", activation=" + (activation == null ? "none" : activation.spec())
                + ", mask=" + (mask != null) + ")";
    }
}
