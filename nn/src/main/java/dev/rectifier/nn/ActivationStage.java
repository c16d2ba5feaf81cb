package dev.rectifier.nn;

import dev.rectifier.kernels.Activation;
import dev.rectifier.kernels.BackwardFromOutput;
import dev.rectifier.kernels.BitMaskActivation;
import dev.rectifier.kernels.Parallelism;
import java.util.Arrays;

/**
 * Applies an element-wise activation to a layer's buffer in place and keeps the least that its
 * backward needs: one bit per element for relu and leaky_relu, nothing extra for functions whose
 * derivative follows from the output (sigmoid, tanh, elu, ...; the output buffer is kept by
 * reference), a copy of the input for the others (gelu, silu, mish, softplus, ...).
 *
 * <p>Used by {@link Dense}, {@link Conv2d} and {@link ActivationLayer}; a null activation is the
 * identity. Rows of {@code cols} elements each get their own mask words (row-padded), so the
 * layout matches what a fused GEMM epilogue writes.
 */
final class ActivationStage {
    /** How backward gets its derivative. */
    enum Saved { NOTHING, MASK, OUTPUT, INPUT }

    private final Activation activation;
    private final Saved saved;
    private Activation bound;
    private Parallelism boundTo;
    private long[] mask = new long[0];
    private float[] input = new float[0];
    private float[] output;
    private int outputOff;
    private int rows;
    private int cols;

    ActivationStage(Activation activation) {
        this.activation = activation == null || activation.name().equals("identity") ? null : activation;
        if (this.activation == null) {
            saved = Saved.NOTHING;
        } else if (this.activation instanceof BitMaskActivation) {
            saved = Saved.MASK;
        } else if (this.activation instanceof BackwardFromOutput b && b.supportsBackwardFromOutput()) {
            saved = Saved.OUTPUT;
        } else {
            saved = Saved.INPUT;
        }
    }

    /** The activation, or null for the identity. */
    Activation activation() {
        return activation;
    }

    /** What backward keeps (for tests and memory accounting). */
    Saved saved() {
        return saved;
    }

    /** Bytes kept for backward after the last training forward. */
    long savedBytes() {
        return switch (saved) {
            case NOTHING, OUTPUT -> 0;
            case MASK -> (long) rows * BitMaskActivation.maskWords(cols) * Long.BYTES;
            case INPUT -> (long) rows * cols * Float.BYTES;
        };
    }

    private Activation bound(Parallelism p) {
        if (boundTo != p) {
            bound = activation.withParallelism(p);
            boundTo = p;
        }
        return bound;
    }

    /** y = f(z) in place over {@code rows x cols} elements; in training keeps what backward needs. */
    void forward(float[] z, int off, int rows, int cols, boolean training, Parallelism p) {
        this.rows = rows;
        this.cols = cols;
        if (activation == null) {
            return;
        }
        Activation f = bound(p);
        int n = rows * cols;
        if (!training) {
            f.forwardInPlace(z, off, n);
            return;
        }
        switch (saved) {
            case MASK -> {
                int words = BitMaskActivation.maskWords(cols);
                if (mask.length < rows * words) {
                    mask = new long[rows * words];
                }
                BitMaskActivation m = (BitMaskActivation) f;
                if (cols % 64 == 0) {
                    m.forwardMask(z, off, z, off, mask, 0, n);
                } else {
                    for (int r = 0; r < rows; r++) {
                        m.forwardMask(z, off + r * cols, z, off + r * cols, mask, r * words, cols);
                    }
                }
            }
            case OUTPUT -> {
                f.forwardInPlace(z, off, n);
                output = z;
                outputOff = off;
            }
            case INPUT -> {
                if (input.length < n) {
                    input = new float[n];
                }
                System.arraycopy(z, off, input, 0, n);
                f.forwardInPlace(z, off, n);
            }
            default -> throw new IllegalStateException();
        }
    }

    /**
     * The row-padded mask of the last training forward (valid for a mask activation only):
     * row r's bits start at word {@code r * maskWords(cols)}.
     */
    long[] mask() {
        return mask;
    }

    /** dz = dy * f'(z) over the last forward's elements; dz may be dy. */
    void backward(float[] dy, int dyOff, float[] dz, int dzOff, Parallelism p) {
        int n = rows * cols;
        if (activation == null) {
            if (dy != dz || dyOff != dzOff) {
                System.arraycopy(dy, dyOff, dz, dzOff, n);
            }
            return;
        }
        Activation f = bound(p);
        switch (saved) {
            case MASK -> {
                BitMaskActivation m = (BitMaskActivation) f;
                int words = BitMaskActivation.maskWords(cols);
                if (cols % 64 == 0) {
                    m.backwardMask(mask, 0, dy, dyOff, dz, dzOff, n);
                } else {
                    for (int r = 0; r < rows; r++) {
                        m.backwardMask(mask, r * words, dy, dyOff + r * cols, dz, dzOff + r * cols, cols);
                    }
                }
            }
            case OUTPUT -> ((BackwardFromOutput) f).backwardFromOutput(output, outputOff, dy, dyOff, dz, dzOff, n);
            case INPUT -> f.backward(input, 0, dy, dyOff, dz, dzOff, n);
            default -> throw new IllegalStateException();
        }
    }

    /** Frees what backward kept (after the last backward of an epoch, or in evaluation). */
    void release() {
        mask = new long[0];
        input = new float[0];
        output = null;
    }

    @Override
    public String toString() {
        return (activation == null ? "identity" : activation.spec()) + " saving " + saved + " " + Arrays.toString(new int[] {rows, cols});
    }
}
