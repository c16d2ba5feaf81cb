package dev.rectifier.train;

import java.util.Arrays;
import java.util.Objects;

/**
 * A data set held in arrays: {@code features[i * sampleSize ...]} is sample i, {@code labels[i]}
 * its class (or no labels at all, for reconstruction tasks).
 */
public final class ArrayDataset implements Dataset {
    private final float[] features;
    private final int[] labels;
    private final int[] sampleShape;
    private final int sampleSize;
    private final int size;
    private final int classes;

    /**
     * @param labels  class indices in [0, classes), or null for an unlabelled set
     * @param classes number of classes (ignored when labels is null)
     */
    public ArrayDataset(float[] features, int[] sampleShape, int[] labels, int classes) {
        this.features = Objects.requireNonNull(features, "features is null");
        this.sampleShape = sampleShape.clone();
        int s = 1;
        for (int d : sampleShape) {
            if (d < 1) {
                throw new IllegalArgumentException("sample shape " + Arrays.toString(sampleShape) + " has a dimension < 1");
            }
            s *= d;
        }
        this.sampleSize = s;
        if (features.length % s != 0) {
            throw new IllegalArgumentException("features.length=" + features.length + " is not a multiple of the sample size "
                    + s + " (shape " + Arrays.toString(sampleShape) + ")");
        }
        this.size = features.length / s;
        if (labels != null) {
            if (labels.length != size) {
                throw new IllegalArgumentException(size + " samples but labels.length=" + labels.length);
            }
            if (classes < 1) {
                throw new IllegalArgumentException("classes=" + classes + " but labelled data needs at least 1");
            }
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0 || labels[i] >= classes) {
                    throw new IllegalArgumentException("label " + labels[i] + " of sample " + i + " is outside [0, " + classes + ")");
                }
            }
        }
        this.labels = labels;
        this.classes = labels == null ? 0 : classes;
    }

    /** The samples {@code indices} of {@code source}, copied. */
    public static ArrayDataset subset(Dataset source, int[] indices) {
        float[] f = new float[indices.length * source.sampleSize()];
        source.features(indices, 0, indices.length, f, 0);
        int[] l = null;
        if (source.classes() > 0) {
            l = new int[indices.length];
            source.labels(indices, 0, indices.length, l, 0);
        }
        return new ArrayDataset(f, source.sampleShape(), l, source.classes());
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    @Override
    public int sampleSize() {
        return sampleSize;
    }

    @Override
    public int classes() {
        return classes;
    }

    /** The backing features (not copied). */
    public float[] featureArray() {
        return features;
    }

    /** The backing labels (not copied), or null. */
    public int[] labelArray() {
        return labels;
    }

    @Override
    public void features(int[] indices, int from, int to, float[] out, int outOff) {
        for (int i = from; i < to; i++) {
            System.arraycopy(features, indices[i] * sampleSize, out, outOff + (i - from) * sampleSize, sampleSize);
        }
    }

    @Override
    public void labels(int[] indices, int from, int to, int[] out, int outOff) {
        if (labels == null) {
            throw new IllegalStateException("this data set has no labels");
        }
        for (int i = from; i < to; i++) {
            out[outOff + i - from] = labels[indices[i]];
        }
    }

    @Override
    public int label(int i) {
        if (labels == null) {
            throw new IllegalStateException("this data set has no labels");
        }
        return labels[i];
    }
}
