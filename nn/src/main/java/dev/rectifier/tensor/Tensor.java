package dev.rectifier.tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense float32 tensor in row-major order: a shape over a region of a {@code float[]}.
 *
 * <p>Deliberately small: what layers, losses and optimisers need, nothing more. A tensor is a
 * view: {@link #reshape} and {@link #rows} share the storage of the tensor they come from (no
 * copy), so writing through one is seen through the other. {@link #copy()} gives independent
 * storage. The data of a tensor of {@link #size()} elements is
 * {@code data()[offset() .. offset() + size())}, contiguous.
 *
 * <p>Shape mismatches are refused with both shapes in the message.
 */
public final class Tensor {
    private final float[] data;
    private final int offset;
    private final int[] shape;
    private final int size;

    private Tensor(float[] data, int offset, int[] shape) {
        this.data = data;
        this.offset = offset;
        this.shape = shape;
        this.size = sizeOf(shape);
        if (offset < 0 || offset > data.length - size) {
            throw new IllegalArgumentException("a tensor of shape " + Arrays.toString(shape) + " (" + size
                    + " elements) at offset " + offset + " does not fit in an array of " + data.length);
        }
    }

    /** A new tensor of zeros. */
    public static Tensor zeros(int... shape) {
        int[] s = checkedShape(shape);
        return new Tensor(new float[sizeOf(s)], 0, s);
    }

    /** A tensor over {@code data} (not copied), which must hold exactly the shape's elements. */
    public static Tensor of(float[] data, int... shape) {
        Objects.requireNonNull(data, "data is null");
        int[] s = checkedShape(shape);
        if (data.length != sizeOf(s)) {
            throw new IllegalArgumentException("data.length=" + data.length + " but shape " + Arrays.toString(s)
                    + " needs " + sizeOf(s));
        }
        return new Tensor(data, 0, s);
    }

    /**
     * A buffer of the given shape: {@code previous} itself if it has that shape, a view of its
     * storage if that is large enough (a layer called with batches of 1 and 64 in turn keeps one
     * array), else a new tensor. The contents are whatever the storage held: for outputs that
     * are written in full.
     */
    public static Tensor buffer(Tensor previous, int... shape) {
        int[] s = checkedShape(shape);
        if (previous != null && previous.offset == 0 && previous.data.length >= sizeOf(s)) {
            return Arrays.equals(previous.shape, s) ? previous : new Tensor(previous.data, 0, s);
        }
        return new Tensor(new float[sizeOf(s)], 0, s);
    }

    /** A view of {@code data[offset, offset + size)} with the given shape (not copied). */
    public static Tensor view(float[] data, int offset, int... shape) {
        Objects.requireNonNull(data, "data is null");
        return new Tensor(data, offset, checkedShape(shape));
    }

    /** The backing array; elements are {@code data()[offset() + i]} for i in [0, size()). */
    public float[] data() {
        return data;
    }

    /** Where this tensor's first element is in {@link #data()}. */
    public int offset() {
        return offset;
    }

    /** The shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** Size of dimension {@code d}; negative d counts from the end. */
    public int dim(int d) {
        return shape[d < 0 ? shape.length + d : d];
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** Elements per index of dimension 0 (the size of one sample in a batch). */
    public int rowSize() {
        return shape.length == 0 ? 1 : (shape[0] == 0 ? 0 : size / shape[0]);
    }

    /**
     * The same storage with another shape of the same size; one dimension may be -1 (inferred).
     *
     * @throws IllegalArgumentException naming both shapes if the sizes differ
     */
    public Tensor reshape(int... newShape) {
        int[] s = newShape.clone();
        int infer = -1;
        int known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("reshape " + Arrays.toString(shape) + " to "
                            + Arrays.toString(newShape) + ": only one dimension may be -1");
                }
                infer = i;
            } else {
                if (s[i] < 0) {
                    throw new IllegalArgumentException("reshape " + Arrays.toString(shape) + " to "
                            + Arrays.toString(newShape) + ": negative dimension");
                }
                known *= s[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || size % known != 0) {
                throw new IllegalArgumentException("cannot reshape " + Arrays.toString(shape) + " (" + size
                        + " elements) to " + Arrays.toString(newShape));
            }
            s[infer] = size / known;
        }
        if (sizeOf(s) != size) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(shape) + " (" + size
                    + " elements) to " + Arrays.toString(newShape) + " (" + sizeOf(s) + " elements)");
        }
        return new Tensor(data, offset, s);
    }

    /** Rows {@code [from, to)} of dimension 0, as a view. */
    public Tensor rows(int from, int to) {
        if (shape.length == 0 || from < 0 || to < from || to > shape[0]) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") of a tensor of shape " + Arrays.toString(shape));
        }
        int[] s = shape.clone();
        s[0] = to - from;
        return new Tensor(data, offset + from * rowSize(), s);
    }

    /** The element at a full index. */
    public float get(int... index) {
        return data[offset + flatIndex(index)];
    }

    /** Sets the element at a full index. */
    public void set(float value, int... index) {
        data[offset + flatIndex(index)] = value;
    }

    /** Flat element {@code i} (0 <= i < size). */
    public float at(int i) {
        Objects.checkIndex(i, size);
        return data[offset + i];
    }

    /** Sets every element to {@code value}. */
    public Tensor fill(float value) {
        Arrays.fill(data, offset, offset + size, value);
        return this;
    }

    /** A copy with its own storage. */
    public Tensor copy() {
        return new Tensor(Arrays.copyOfRange(data, offset, offset + size), 0, shape.clone());
    }

    /** The elements as a new array. */
    public float[] toArray() {
        return Arrays.copyOfRange(data, offset, offset + size);
    }

    /** Copies {@code source}'s elements into this tensor (shapes must be equal). */
    public void copyFrom(Tensor source) {
        requireShape("source", source, shape);
        System.arraycopy(source.data, source.offset, data, offset, size);
    }

    /** True when both have the same shape. */
    public boolean sameShape(Tensor other) {
        return Arrays.equals(shape, other.shape);
    }

    /** True when the shape equals {@code expected}. */
    public boolean hasShape(int... expected) {
        return Arrays.equals(shape, expected);
    }

    /**
     * Throws IllegalArgumentException naming both shapes unless {@code t} has {@code expected};
     * a -1 in {@code expected} matches any size.
     */
    public static void requireShape(String what, Tensor t, int... expected) {
        Objects.requireNonNull(t, () -> what + " is null");
        boolean ok = t.shape.length == expected.length;
        for (int i = 0; ok && i < expected.length; i++) {
            ok = expected[i] == -1 || expected[i] == t.shape[i];
        }
        if (!ok) {
            throw new IllegalArgumentException(what + " has shape " + Arrays.toString(t.shape)
                    + " but expected " + format(expected));
        }
    }

    /** A shape as text, -1 shown as "N" (any): [N, 784]. */
    public static String format(int[] shape) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            b.append(i == 0 ? "" : ", ").append(shape[i] == -1 ? "N" : Integer.toString(shape[i]));
        }
        return b.append(']').toString();
    }

    private int flatIndex(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " for a tensor of shape " + Arrays.toString(shape));
        }
        int flat = 0;
        for (int d = 0; d < shape.length; d++) {
            Objects.checkIndex(index[d], shape[d]);
            flat = flat * shape[d] + index[d];
        }
        return flat;
    }

    private static int[] checkedShape(int[] shape) {
        Objects.requireNonNull(shape, "shape is null");
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
        }
        sizeOf(shape);
        return shape.clone();
    }

    private static int sizeOf(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
            if (n > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than 2^31 elements");
            }
        }
        return (int) n;
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
