package dev.rectifier.nn;

import dev.rectifier.tensor.Tensor;

/** Shape checks and window bounds shared by the pooling layers. */
final class Pooling {
    private Pooling() {}

    /** [C, OH, OW] for a per-sample [C, H, W], or an error naming both shapes. */
    static int[] outputShape(String layer, Window2d window, int[] inputShape) {
        if (inputShape.length != 3) {
            throw new IllegalArgumentException(layer + " expects [N, C, H, W] but got " + Conv2d.withBatch("N", inputShape));
        }
        int[] hw = window.outputSize(layer, inputShape[1], inputShape[2]);
        return new int[] {inputShape[0], hw[0], hw[1]};
    }

    /** The geometry of a pooling call on {@code x}, or an error naming both shapes. */
    static Im2col.Geometry geometry(String layer, Window2d window, Tensor x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException(layer + " expects [N, C, H, W] but got " + Tensor.format(x.shape()));
        }
        int[] hw = window.outputSize(layer, x.dim(2), x.dim(3));
        return new Im2col.Geometry(x.dim(0), x.dim(1), x.dim(2), x.dim(3), hw[0], hw[1], window);
    }

    /** {@code t} if it has the shape, else a new tensor of zeros of that shape. */
    static Tensor buffer(Tensor t, int... shape) {
        return t != null && t.hasShape(shape) ? t : Tensor.zeros(shape);
    }

    /** The first kernel offset i with start + i * dilation >= 0. */
    static int firstInside(int start, int dilation) {
        return start >= 0 ? 0 : Math.ceilDiv(-start, dilation);
    }

    /** One past the last kernel offset i < kernel with start + i * dilation < size. */
    static int endInside(int start, int dilation, int kernel, int size) {
        return Math.min(kernel, Math.max(0, Math.ceilDiv(size - start, dilation)));
    }

    /**
     * Where the windows along one dimension start ({@code o * stride - padding}) and which of
     * their kernel offsets [lo, hi) fall inside the input: computed once per call, shared by
     * every plane.
     */
    record Bounds(int[] start, int[] lo, int[] hi) {}

    static Bounds bounds(int outSize, int stride, int padding, int dilation, int kernel, int size) {
        int[] start = new int[outSize], lo = new int[outSize], hi = new int[outSize];
        for (int o = 0; o < outSize; o++) {
            start[o] = o * stride - padding;
            lo[o] = firstInside(start[o], dilation);
            hi[o] = endInside(start[o], dilation, kernel, size);
        }
        return new Bounds(start, lo, hi);
    }
}
