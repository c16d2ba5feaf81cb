package dev.rectifier.kernels;

import dev.rectifier.kernels.scalar.ScalarMaxPool2x2;
import dev.rectifier.kernels.simd.VectorMaxPool2x2;
import java.util.Objects;

/**
 * Max pooling with 2x2 windows and stride 2, no padding, floor mode: every CNN's pooling layer
 * ({@code torch.nn.MaxPool2d(2)}), over whole planes.
 *
 * <p>Semantics are PyTorch's CPU scan: the window's elements are visited in the order top-left,
 * top-right, bottom-left, bottom-right, starting from -inf, and an element replaces the running
 * maximum when it is greater or NaN. So ties go to the first maximum (-0.0 and +0.0 included:
 * the first keeps its sign), a NaN makes the output NaN with the index of the last NaN, and a
 * window of -inf gives -inf with index 0. The index (0 to 3, in that order) is what backward
 * needs; an odd last row or column belongs to no window. The vector path gives the same bits
 * and indices as the scalar reference ({@link ScalarMaxPool2x2}).
 */
public final class MaxPool2x2 {
    private MaxPool2x2() {}

    /**
     * Pools {@code planes} planes of {@code height x width} (plane p at {@code xOff + p * height * width})
     * into planes of {@code height / 2 x width / 2} (at {@code yOff + p * (height / 2) * (width / 2)}),
     * and, when {@code argmax} is not null, the index of each output's maximum inside its window
     * at the same place from {@code argOff}.
     *
     * @throws IllegalArgumentException if a size is negative or a range does not fit its array
     */
    public static void forward(float[] x, int xOff, int planes, int height, int width, float[] y, int yOff,
                               byte[] argmax, int argOff) {
        Objects.requireNonNull(x, "x is null");
        Objects.requireNonNull(y, "y is null");
        int in = inputSize(planes, height, width), out = planes * (height / 2) * (width / 2); // <= in
        Checks.range("x", x, xOff, in);
        Checks.range("y", y, yOff, out);
        if (argmax != null) {
            Checks.range("argmax", argmax, argOff, out);
        }
        if (VECTOR) {
            VectorMaxPool2x2.forward(x, xOff, planes, height, width, y, yOff, argmax, argOff);
        } else {
            ScalarMaxPool2x2.forward(x, xOff, planes, height, width, y, yOff, argmax, argOff);
        }
    }

    /**
     * Backward of {@link #forward}: dx (planes of {@code height x width} from {@code dxOff}) gets
     * each output's gradient dy at the index its forward kept, and zero everywhere else (the
     * elements no window covers included): {@code dx = 0; dx[window's argmax] += dy}, as PyTorch,
     * so a -0.0 gradient lands as +0.0.
     *
     * <p>The indices must be {@link #forward}'s, 0 to 3; others are not checked.
     *
     * @throws IllegalArgumentException if a size is negative or a range does not fit its array
     */
    public static void backward(float[] dy, int dyOff, byte[] argmax, int argOff, int planes, int height, int width,
                                float[] dx, int dxOff) {
        Objects.requireNonNull(dy, "dy is null");
        Objects.requireNonNull(argmax, "argmax is null");
        Objects.requireNonNull(dx, "dx is null");
        int in = inputSize(planes, height, width), out = planes * (height / 2) * (width / 2); // <= in
        Checks.range("dy", dy, dyOff, out);
        Checks.range("argmax", argmax, argOff, out);
        Checks.range("dx", dx, dxOff, in);
        if (VECTOR) {
            VectorMaxPool2x2.backward(dy, dyOff, argmax, argOff, planes, height, width, dx, dxOff);
        } else {
            ScalarMaxPool2x2.backward(dy, dyOff, argmax, argOff, planes, height, width, dx, dxOff);
        }
    }

    /** planes * height * width, the input's size, after checking that no size is negative and that it fits an array. */
    private static int inputSize(int planes, int height, int width) {
        if (planes < 0 || height < 0 || width < 0) {
            throw new IllegalArgumentException("planes=" + planes + ", height=" + height + " and width=" + width
                    + " must not be negative");
        }
        long in = (long) planes * height * width;
        if (in > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(planes + " planes of " + height + "x" + width + " exceed an array");
        }
        return (int) in;
    }

    /** The vector path needs a byte vector of as many lanes as a float one: at least 8 lanes (256 bits). */
    private static final boolean VECTOR = Simd.ENABLED && Simd.FLOAT_LANES >= 8;
}
