package dev.rectifier.cli;

import dev.rectifier.data.CsvLoader;
import dev.rectifier.data.Dataset;
import dev.rectifier.data.FashionMnistLocator;
import dev.rectifier.data.Normalizer;
import dev.rectifier.data.PixelScale;
import dev.rectifier.data.Splits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data of a run: Fashion-MNIST (a directory named by {@code --data}, else the system
 * directory, else the bundled sample) or a CSV table ({@code --data FILE --label COLUMN}), split
 * into training, validation (seeded, stratified; {@code --validation FRACTION}, 0 for none) and
 * test sets, and normalised with a normaliser fitted on the training split only.
 *
 * <p>Normalisation: classifiers standardise, (x - mean) / std, over all pixels for images and
 * per column for tables; the autoencoder min-max scales to [0, 1] (for Fashion-MNIST pixels,
 * already x / 255, this is the identity), as it reconstructs its input.
 */
final class RunData {
    private RunData() {}

    /** Images (samples of shape [1, rows, cols]) or a table (samples of shape [features]). */
    enum Kind { IMAGES, TABLE }

    /**
     * The prepared sets (normalised), what kind they are, where they came from, and the
     * normaliser (saved with the model, so that evaluate and predict apply the same one).
     */
    record Prepared(Dataset train, Dataset validation, Dataset test, Kind kind, String description,
                    Normalization normalization) {}

    /**
     * Loads and prepares the data {@code settings} name.
     *
     * @param systemDir   the system Fashion-MNIST directory to try after --data, or null
     * @param reconstruct true for an autoencoder (min-max scaling instead of standardisation)
     */
    static Prepared load(TrainSettings settings, Path systemDir, boolean reconstruct) {
        return prepare(raw(settings.data(), settings.label(), settings.testData(), settings.seed(), systemDir), settings, reconstruct);
    }

    /** Splits off the validation set and normalises {@code raw} as {@link #load} does. */
    static Prepared prepare(Raw raw, TrainSettings settings, boolean reconstruct) {
        Dataset train = raw.train;
        Dataset validation = null;
        if (settings.validation() > 0) {
            try {
                Splits.TrainValidation split = Splits.stratified(train, settings.validation(), settings.seed());
                train = split.train();
                validation = split.validation();
            } catch (IllegalArgumentException e) {
                throw CliException.usage("--validation " + settings.validation() + " cannot split " + train.size()
                        + " training samples: " + e.getMessage() + "; use a fraction that leaves both sets non-empty, or 0 for none", e);
            }
        }
        Normalizer.Scope scope = raw.kind == Kind.IMAGES ? Normalizer.Scope.GLOBAL : Normalizer.Scope.PER_FEATURE;
        Normalizer normalizer = reconstruct ? Normalizer.minMax(train, scope) : Normalizer.standardize(train, scope);
        Normalization normalization = new Normalization(reconstruct ? "min_max" : "standardize", normalizer.shift(), normalizer.scale());
        return new Prepared(normalizer.apply(train), validation == null ? null : normalizer.apply(validation),
                normalizer.apply(raw.test), raw.kind, raw.description, normalization);
    }

    /**
     * Training and test data as found, before the validation split and normalisation (for
     * {@code evaluate}, the same sources and test split as training used).
     */
    static Raw raw(String data, String label, String testData, long seed, Path systemDir) {
        Path path = data == null ? null : Path.of(data);
        if (path != null && Files.isRegularFile(path)) {
            if (label == null) {
                throw CliException.usage("--data " + data + " is a file, read as CSV, which needs --label COLUMN naming the class column"
                        + " (for Fashion-MNIST give the directory holding its four files)");
            }
            return csv(path, label, testData, seed);
        }
        if (label != null || testData != null) {
            throw CliException.usage((label != null ? "--label" : "--test-data") + " applies to CSV data only, but --data "
                    + (data == null ? "is not given (Fashion-MNIST)" : data + " is not a file"));
        }
        FashionMnistLocator.Located located = new FashionMnistLocator(path, systemDir).locate(PixelScale.UNIT);
        return new Raw(located.train(), located.test(), Kind.IMAGES, located.description());
    }

    /** Training and test data before validation split and normalisation. */
    record Raw(Dataset train, Dataset test, Kind kind, String description) {}

    private static Raw csv(Path path, String label, String testData, long seed) {
        Dataset all = CsvLoader.labelColumn(label).load(path);
        if (testData != null) {
            Dataset test = CsvLoader.labelColumn(label).load(Path.of(testData));
            test = alignClasses(all.classNames(), all.featureNames(), test, testData);
            return new Raw(all, test, Kind.TABLE, "CSV " + path + " (" + describe(all) + "), test set " + testData + " ("
                    + test.size() + " rows)");
        }
        Splits.TrainValidation split;
        try {
            split = Splits.stratified(all, TrainSettings.CSV_TEST_FRACTION, seed);
        } catch (IllegalArgumentException e) {
            throw CliException.failure(path + ": " + all.size() + " rows are too few to hold out a test set ("
                    + e.getMessage() + "); add rows or give a test file with --test-data", e);
        }
        return new Raw(split.train(), split.validation(), Kind.TABLE, "CSV " + path + " (" + describe(all) + "), "
                + Math.round(TrainSettings.CSV_TEST_FRACTION * 100) + "% held out for testing (" + split.validation().size() + " rows)");
    }

    private static String describe(Dataset d) {
        return d.size() + " rows, " + d.featureCount() + " features, " + d.classCount() + " classes";
    }

    /**
     * A whole CSV file as a test set for a model trained on classes {@code classNames} and
     * features {@code featureNames} (evaluate --data FILE).
     */
    static Raw csvTest(Path path, String label, List<String> classNames, List<String> featureNames) {
        Dataset test = alignClasses(classNames, featureNames, CsvLoader.labelColumn(label).load(path), path.toString());
        return new Raw(test, test, Kind.TABLE, "CSV " + path + " (" + describe(test) + "), all rows as the test set");
    }

    /** {@code test} with its labels renumbered to the training classes, matched by name. */
    private static Dataset alignClasses(List<String> classNames, List<String> featureNames, Dataset test, String source) {
        if (!featureNames.equals(test.featureNames())) {
            throw CliException.failure(source + ": its feature columns " + test.featureNames() + " differ from the training data's "
                    + featureNames + "; the file needs the same columns");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int k = 0; k < classNames.size(); k++) {
            index.put(classNames.get(k), k);
        }
        int[] labels = new int[test.size()];
        for (int i = 0; i < labels.length; i++) {
            String name = test.classNames().get(test.label(i));
            Integer k = index.get(name);
            if (k == null) {
                throw CliException.failure(source + ": class '" + name + "' does not occur in the training data (classes "
                        + classNames + ")");
            }
            labels[i] = k;
        }
        return Dataset.of(test.features(), labels, test.sampleShape(), classNames, test.featureNames());
    }

    /** A fitted normaliser in saveable form: (x - shift) / scale, one value or one per feature. */
    record Normalization(String method, float[] shift, float[] scale) {
        Dataset apply(Dataset d) {
            return Normalizer.of(shift, scale).apply(d);
        }

        /** Normalises {@code x} in place (one sample or many, one after another). */
        void applyInPlace(float[] x) {
            int f = shift.length;
            for (int i = 0; i < x.length; i++) {
                int j = f == 1 ? 0 : i % f;
                x[i] = (x[i] - shift[j]) / scale[j];
            }
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", method);
            m.put("shift", shift);
            m.put("scale", scale);
            return m;
        }

        static Normalization fromMap(Object o) {
            if (!(o instanceof Map<?, ?> m) || !(m.get("method") instanceof String method)) {
                throw new IllegalArgumentException("'normalization' is missing or not an object with a method");
            }
            return new Normalization(method, floats(m.get("shift"), "shift"), floats(m.get("scale"), "scale"));
        }

        private static float[] floats(Object o, String key) {
            if (!(o instanceof List<?> list) || list.isEmpty()) {
                throw new IllegalArgumentException("'normalization." + key + "' is not a list of numbers");
            }
            List<Float> values = new ArrayList<>();
            for (Object v : list) {
                if (!(v instanceof Number n)) {
                    throw new IllegalArgumentException("'normalization." + key + "' holds " + v + ", not a number");
                }
                values.add(n.floatValue());
            }
            float[] out = new float[values.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = values.get(i);
            }
            return out;
        }
    }
}
