package dev.rectifier.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * A {@link Dataset} seen as the trainer's {@link dev.rectifier.train.Dataset}: the same floats and
 * labels, without a copy, optionally with another per-sample shape of the same size (the
 * {@code [1, 28, 28]} images of Fashion-MNIST are {@code [784]} vectors to a multilayer
 * perceptron and stay {@code [1, 28, 28]} for a convolutional network).
 *
 * <pre>{@code
 * FashionMnistLocator.Located data = FashionMnistLocator.standard(null).locate();
 * Normalizer norm = Normalizer.standardize(data.train(), Normalizer.Scope.GLOBAL);
 * TrainingSet train = TrainingSet.of(norm.apply(data.train())).reshaped(784);
 * trainer.fit(model, train, null);
 * }</pre>
 *
 * <p>It lives here rather than in the command-line module because data already depends on nn, and
 * a library user who loads data with this module should not need the CLI to train on it.
 */
public final class TrainingSet implements dev.rectifier.train.Dataset {
    private final Dataset data;
    private final int[] sampleShape;
    private final int sampleSize;

    private TrainingSet(Dataset data, int[] sampleShape) {
        this.data = data;
        this.sampleShape = sampleShape;
        this.sampleSize = data.featureCount();
    }

    /** {@code data} with its own sample shape. */
    public static TrainingSet of(Dataset data) {
        Objects.requireNonNull(data, "data is null");
        return new TrainingSet(data, data.sampleShape());
    }

    /**
     * The same samples with per-sample shape {@code shape}, e.g. {@code reshaped(784)} for
     * {@code [1, 28, 28]} images.
     *
     * @throws IllegalArgumentException if {@code shape} is empty, has a size below 1, or its
     *                                  product is not the number of features per sample
     */
    public TrainingSet reshaped(int... shape) {
        Objects.requireNonNull(shape, "shape is null");
        long product = shape.length == 0 ? 0 : 1;
        for (int d : shape) {
            if (d < 1) {
                product = 0;
                break;
            }
            product *= d;
        }
        if (product != sampleSize) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold the " + sampleSize
                    + " features of a sample of shape " + Arrays.toString(data.sampleShape()));
        }
        return new TrainingSet(data, shape.clone());
    }

    /** The underlying dataset (class names, feature names, the arrays). */
    public Dataset data() {
        return data;
    }

    @Override
    public int size() {
        return data.size();
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
        return data.classCount();
    }

    @Override
    public void features(int[] indices, int from, int to, float[] out, int outOff) {
        Objects.checkFromToIndex(from, to, indices.length);
        Objects.checkFromIndexSize(outOff, (to - from) * sampleSize, out.length);
        float[] x = data.features();
        int n = data.size();
        for (int i = from; i < to; i++) {
            int s = Objects.checkIndex(indices[i], n);
            System.arraycopy(x, s * sampleSize, out, outOff + (i - from) * sampleSize, sampleSize);
        }
    }

    @Override
    public void labels(int[] indices, int from, int to, int[] out, int outOff) {
        Objects.checkFromToIndex(from, to, indices.length);
        Objects.checkFromIndexSize(outOff, to - from, out.length);
        int[] y = data.labels();
        for (int i = from; i < to; i++) {
            out[outOff + i - from] = y[Objects.checkIndex(indices[i], y.length)];
        }
    }

    @Override
    public int label(int i) {
        return data.label(i);
    }

    @Override
    public String toString() {
        return "TrainingSet[" + data.size() + " samples of " + Arrays.toString(sampleShape) + ", " + classes() + " classes]";
    }
}
