package dev.rectifier.cli.experiment;

import dev.rectifier.data.Dataset;
import dev.rectifier.data.FashionMnistLocator;
import dev.rectifier.data.Normalizer;
import dev.rectifier.data.PixelScale;
import dev.rectifier.data.Splits;
import dev.rectifier.data.TrainingSet;
import java.nio.file.Path;

/**
 * Fashion-MNIST for the experiments, as the PyTorch peer prepares it: pixels scaled to [0, 1],
 * then standardised with one mean and deviation fitted on the training images, each image a
 * vector of 784 values. All training images are trained on (no validation split: the
 * experiments measure training speed, and the peer does the same); the test set is for
 * accuracy checks only.
 *
 * @param description where the data came from, e.g. "Fashion-MNIST, full (60000 train / 10000
 *                    test) from /usr/share/datasets/fashion-mnist" or "bundled stratified sample
 *                    (10000 / 2000)"
 * @param full        whether these are the full 60,000 / 10,000 images
 * @param directory   the directory the IDX files were read from (for a PyTorch peer to read the
 *                    same), or null for the bundled sample or a subset
 */
record ExperimentData(TrainingSet train, TrainingSet test, String description, boolean full, Path directory) {

    /**
     * From {@code dir} when given, else {@code systemDir} when it holds the four files, else the
     * bundled sample.
     */
    static ExperimentData load(Path dir, Path systemDir) {
        FashionMnistLocator.Located located = new FashionMnistLocator(dir, systemDir).locate(PixelScale.UNIT);
        return of(located.train(), located.test(), located.description(), located.directory().orElse(null));
    }

    /** Standardises {@code train} and {@code test} with the training set's mean and deviation. */
    static ExperimentData of(Dataset train, Dataset test, String description, Path directory) {
        Normalizer n = Normalizer.standardize(train, Normalizer.Scope.GLOBAL);
        boolean full = train.size() == 60000 && test.size() == 10000;
        return new ExperimentData(TrainingSet.of(n.apply(train)).reshaped(train.featureCount()),
                TrainingSet.of(n.apply(test)).reshaped(test.featureCount()), description, full, directory);
    }

    /**
     * At most {@code trainSize} training and {@code testSize} test samples, a seeded stratified
     * subset (the normalisation stays the one fitted on the whole training set); this data when
     * both are already small enough.
     */
    ExperimentData limit(int trainSize, int testSize, long seed) {
        if (train.size() <= trainSize && test.size() <= testSize) {
            return this;
        }
        Dataset tr = subset(train.data(), trainSize, seed);
        Dataset te = subset(test.data(), testSize, seed);
        return new ExperimentData(TrainingSet.of(tr).reshaped(tr.featureCount()), TrainingSet.of(te).reshaped(te.featureCount()),
                description + ", of which a stratified " + tr.size() + " / " + te.size(), false, null);
    }

    private static Dataset subset(Dataset d, int size, long seed) {
        if (d.size() <= size) {
            return d;
        }
        int perClass = Math.max(1, size / Math.max(1, d.classCount()));
        return Splits.stratifiedSample(d, perClass, seed);
    }

    int features() {
        return train.sampleSize();
    }

    int classes() {
        return train.classes();
    }
}
