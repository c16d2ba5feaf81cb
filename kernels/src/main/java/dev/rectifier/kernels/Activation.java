package dev.rectifier.kernels;

/**
 * An element-wise activation function y = f(x) on float32 arrays, forward and backward, with
 * PyTorch's CPU float32 semantics (edge cases included: see each implementation's Javadoc).
 *
 * <p>Arrays are addressed as {@code (array, offset, n)}; input and output may be the same array
 * at the same offset (in place) but must not otherwise overlap. Bounds are checked once per call:
 * a null array gives NullPointerException, a bad offset or length IllegalArgumentException
 * naming the values. Large calls are split over the threads of {@link #parallelism()}; results
 * are bit-identical whatever the thread count.
 *
 * <p>Instances are immutable and thread-safe (stateful ones, such as PReLU's slopes, say so).
 * Obtain them from {@link Activations#parse(String)} or the factories in {@link Activations}.
 */
public interface Activation {
    /** PyTorch's name for the function, e.g. {@code leaky_relu}. */
    String name();

    /**
     * The spec that {@link Activations#parse(String)} reads back into an equal activation, with
     * every parameter spelled out, e.g. {@code leaky_relu(negative_slope=0.01)}.
     */
    String spec();

    /** y[yOff + i] = f(x[xOff + i]) for i in [0, n). */
    void forward(float[] x, int xOff, float[] y, int yOff, int n);

    /**
     * dx[dxOff + i] = dy[dyOff + i] * f'(x[xOff + i]) for i in [0, n), from the saved input
     * {@code x}. {@code dx} may be {@code dy} at the same offset.
     */
    void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n);

    /** f applied to {@code x[off, off + n)} in place. */
    default void forwardInPlace(float[] x, int off, int n) {
        forward(x, off, x, off, n);
    }

    /** dy[dyOff + i] *= f'(x[xOff + i]): the upstream gradient becomes dx in place. */
    default void backwardInPlace(float[] x, int xOff, float[] dy, int dyOff, int n) {
        backward(x, xOff, dy, dyOff, dy, dyOff, n);
    }

    /** The threads this activation may use on large arrays. */
    Parallelism parallelism();

    /** The same function using {@code parallelism} (1 thread: {@link Parallelism#serial()}). */
    Activation withParallelism(Parallelism parallelism);
}
