package dev.rectifier.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Labelled samples for classification: {@code size()} samples of {@code featureCount()} floats
 * each, stored row-major in one array (sample {@code i} is
 * {@code features()[i * featureCount(), (i + 1) * featureCount())}), and one class index per
 * sample in {@code [0, classCount())}.
 *
 * <p>{@link #sampleShape()} says how a sample's floats are laid out: {@code [1, rows, cols]}
 * (channels, rows, columns) for grey images, as PyTorch's {@code ToTensor()} gives them, and
 * {@code [features]} for tabular data. Its product is {@code featureCount()}.
 *
 * <p>A dataset is immutable by contract: factories and {@link #withFeatures} take ownership of the
 * arrays they are given (no copy, as a training set can be hundreds of megabytes) and the
 * accessors return them as they are. Nothing in this package writes to them; callers must not
 * either. Operations that change values ({@link Normalizer#apply}, {@link #subset}) return a new
 * dataset.
 */
public final class Dataset {
    private final float[] features;
    private final int[] labels;
    private final int[] sampleShape;
    private final int featureCount;
    private final List<String> classNames;
    private final List<String> featureNames;

    private Dataset(float[] features, int[] labels, int[] sampleShape, List<String> classNames, List<String> featureNames) {
        Objects.requireNonNull(features, "features is null");
        Objects.requireNonNull(labels, "labels is null");
        Objects.requireNonNull(sampleShape, "sampleShape is null");
        this.classNames = List.copyOf(Objects.requireNonNull(classNames, "classNames is null"));
        this.featureNames = List.copyOf(Objects.requireNonNull(featureNames, "featureNames is null"));
        this.sampleShape = sampleShape.clone();
        if (this.sampleShape.length == 0) {
            throw new IllegalArgumentException("sampleShape is empty but a sample needs at least one dimension");
        }
        long product = 1;
        for (int d : this.sampleShape) {
            if (d < 1) {
                throw new IllegalArgumentException("sampleShape=" + Arrays.toString(sampleShape) + " but every size must be >= 1");
            }
            product *= d;
            if (product > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("sampleShape=" + Arrays.toString(sampleShape) + " has more than "
                        + Integer.MAX_VALUE + " elements");
            }
        }
        this.featureCount = (int) product;
        if ((long) labels.length * featureCount != features.length) {
            throw new IllegalArgumentException("features.length=" + features.length + " but " + labels.length
                    + " labels x " + featureCount + " features per sample " + Arrays.toString(sampleShape) + " = "
                    + (long) labels.length * featureCount);
        }
        if (this.classNames.isEmpty()) {
            throw new IllegalArgumentException("classNames is empty but a classification dataset needs at least one class");
        }
        if (!this.featureNames.isEmpty() && this.featureNames.size() != featureCount) {
            throw new IllegalArgumentException("featureNames.size()=" + this.featureNames.size() + " but there are "
                    + featureCount + " features per sample");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= this.classNames.size()) {
                throw new IllegalArgumentException("labels[" + i + "]=" + labels[i] + " but there are "
                        + this.classNames.size() + " classes (0.." + (this.classNames.size() - 1) + ")");
            }
        }
        this.features = features;
        this.labels = labels;
    }

    /**
     * A dataset of {@code labels.length} samples of shape {@code sampleShape}, without feature names.
     *
     * @throws IllegalArgumentException if {@code features.length != labels.length * product(sampleShape)},
     *                                  a size is below 1, {@code classNames} is empty or a label is
     *                                  outside {@code [0, classNames.size())}
     */
    public static Dataset of(float[] features, int[] labels, int[] sampleShape, List<String> classNames) {
        return new Dataset(features, labels, sampleShape, classNames, List.of());
    }

    /**
     * As {@link #of(float[], int[], int[], List)}, with one name per feature (tabular data).
     *
     * @throws IllegalArgumentException also if {@code featureNames} is not empty and its size is
     *                                  not the number of features per sample
     */
    public static Dataset of(float[] features, int[] labels, int[] sampleShape, List<String> classNames,
                             List<String> featureNames) {
        return new Dataset(features, labels, sampleShape, classNames, featureNames);
    }

    /**
     * Images with their labels: samples of shape {@code [1, rows, cols]}, each pixel
     * {@code scale.apply(b)} of its unsigned byte {@code b}.
     *
     * @throws IllegalArgumentException if {@code labels.length != images.count()} or a label is
     *                                  not a class index
     */
    public static Dataset ofImages(IdxImages images, int[] labels, List<String> classNames, PixelScale scale) {
        Objects.requireNonNull(images, "images is null");
        Objects.requireNonNull(labels, "labels is null");
        Objects.requireNonNull(scale, "scale is null");
        if (labels.length != images.count()) {
            throw new IllegalArgumentException("labels.length=" + labels.length + " but images.count()=" + images.count());
        }
        float[] lookup = new float[256];
        for (int b = 0; b < 256; b++) {
            lookup[b] = scale.apply(b);
        }
        byte[] pixels = images.pixels();
        float[] features = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            features[i] = lookup[pixels[i] & 0xFF];
        }
        return new Dataset(features, labels, new int[] {1, images.rows(), images.cols()}, classNames, List.of());
    }

    /** Number of samples. */
    public int size() {
        return labels.length;
    }

    /** Floats per sample: the product of {@link #sampleShape()}. */
    public int featureCount() {
        return featureCount;
    }

    /** Layout of one sample, e.g. {@code [1, 28, 28]} or {@code [4]} (a copy). */
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    /** All samples' floats, {@code size() * featureCount()}, row-major: the backing array, not a copy. */
    public float[] features() {
        return features;
    }

    /** All labels, one class index per sample: the backing array, not a copy. */
    public int[] labels() {
        return labels;
    }

    /** Label of sample {@code i}. */
    public int label(int i) {
        return labels[Objects.checkIndex(i, labels.length)];
    }

    /** Copies sample {@code i}'s {@code featureCount()} floats into {@code dst} from {@code dstOff}. */
    public void copySample(int i, float[] dst, int dstOff) {
        Objects.checkIndex(i, labels.length);
        Objects.checkFromIndexSize(dstOff, featureCount, dst.length);
        System.arraycopy(features, i * featureCount, dst, dstOff, featureCount);
    }

    /** Class names; class {@code k} is {@code classNames().get(k)}. */
    public List<String> classNames() {
        return classNames;
    }

    /** Feature names (tabular data), or an empty list when the features have none (images). */
    public List<String> featureNames() {
        return featureNames;
    }

    /** Number of classes, {@code classNames().size()}; some may have no samples. */
    public int classCount() {
        return classNames.size();
    }

    /** Samples per class: element {@code k} counts the labels equal to {@code k}. */
    public int[] classCounts() {
        int[] counts = new int[classNames.size()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /**
     * The samples at {@code indices}, in that order (copied). An index may repeat, as in a
     * bootstrap sample.
     *
     * @throws IllegalArgumentException naming the position and value of an index outside {@code [0, size())}
     */
    public Dataset subset(int[] indices) {
        Objects.requireNonNull(indices, "indices is null");
        float[] x = new float[Math.multiplyExact(indices.length, featureCount)];
        int[] y = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= labels.length) {
                throw new IllegalArgumentException("indices[" + k + "]=" + i + " but the dataset has " + labels.length + " samples");
            }
            System.arraycopy(features, i * featureCount, x, k * featureCount, featureCount);
            y[k] = labels[i];
        }
        return new Dataset(x, y, sampleShape, classNames, featureNames);
    }

    /**
     * Samples {@code [from, to)} (copied).
     *
     * @throws IllegalArgumentException unless {@code 0 <= from <= to <= size()}
     */
    public Dataset slice(int from, int to) {
        if (from < 0 || from > to || to > labels.length) {
            throw new IllegalArgumentException("from=" + from + ", to=" + to + " but the dataset has " + labels.length
                    + " samples (need 0 <= from <= to <= size)");
        }
        return new Dataset(Arrays.copyOfRange(features, from * featureCount, to * featureCount),
                Arrays.copyOfRange(labels, from, to), sampleShape, classNames, featureNames);
    }

    /**
     * This dataset with other features of the same size (labels, shape and names kept); takes
     * ownership of {@code newFeatures}.
     */
    public Dataset withFeatures(float[] newFeatures) {
        return new Dataset(newFeatures, labels, sampleShape, classNames, featureNames);
    }

    @Override
    public String toString() {
        StringBuilder shape = new StringBuilder();
        for (int d = 0; d < sampleShape.length; d++) {
            shape.append(d == 0 ? "" : "x").append(sampleShape[d]);
        }
        return "Dataset[" + labels.length + " samples of " + shape + ", " + classNames.size() + " classes]";
    }
}
