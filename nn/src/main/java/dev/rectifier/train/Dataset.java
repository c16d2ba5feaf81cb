package dev.rectifier.train;

/**
 * Samples for training or evaluation: features of a fixed per-sample shape and, for
 * classification, a class label per sample. Implementations copy samples into batch buffers on
 * request, so a data set may live in any form (arrays, bytes, memory-mapped files).
 */
public interface Dataset {
    /** Number of samples. */
    int size();

    /** The shape of one sample, e.g. {1, 28, 28} or {784}. */
    int[] sampleShape();

    /** Elements per sample: the product of {@link #sampleShape()}. */
    default int sampleSize() {
        int n = 1;
        for (int d : sampleShape()) {
            n *= d;
        }
        return n;
    }

    /** Number of classes, or 0 when the samples carry no labels. */
    int classes();

    /** Copies the features of samples {@code indices[from, to)} to {@code out[outOff...]}, one after another. */
    void features(int[] indices, int from, int to, float[] out, int outOff);

    /** Copies their labels to {@code out[outOff...]}; only when {@link #classes()} > 0. */
    void labels(int[] indices, int from, int to, int[] out, int outOff);

    /** The label of sample {@code i}; only when {@link #classes()} > 0. */
    int label(int i);
}
