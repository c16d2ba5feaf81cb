package dev.rectifier.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Fashion-MNIST (Zalando SE, MIT licence): 28x28 grey images of clothing in 10 classes, 60,000
 * for training and 10,000 for testing, in four IDX files. Loads them from a directory or from
 * the stratified sample bundled with this module (10,000 / 2,000 images, 1,000 / 200 per class;
 * see the README and LICENSE beside it in {@value #SAMPLE_RESOURCE_DIR}).
 *
 * <p>{@link FashionMnistLocator} decides where to load from.
 */
public final class FashionMnist {
    /** Class names by label, from the dataset's README. */
    public static final List<String> CLASS_NAMES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** Base names of the four files; each may be stored plain or with {@code .gz} appended. */
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    /** See {@link #TRAIN_IMAGES}. */
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    /** See {@link #TRAIN_IMAGES}. */
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    /** See {@link #TRAIN_IMAGES}. */
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    /** The four base names in the order train images, train labels, test images, test labels. */
    public static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    /** Class-path folder of the bundled sample (gzip IDX files, README.md, LICENSE). */
    public static final String SAMPLE_RESOURCE_DIR = "/dev/rectifier/data/fashion-mnist-sample/";
    /** Training images per class in the bundled sample. */
    public static final int SAMPLE_TRAIN_PER_CLASS = 1000;
    /** Test images per class in the bundled sample. */
    public static final int SAMPLE_TEST_PER_CLASS = 200;

    private FashionMnist() {}

    /** Training and test sets. */
    public record TrainTest(Dataset train, Dataset test) {}

    /**
     * Loads the four files from {@code dir}; each may be plain or gzip ({@code name} or
     * {@code name.gz}; gzip is detected from the content). If both exist, the plain one is read.
     *
     * @throws DataException if {@code dir} is not a directory, a file is missing (the message lists
     *                       the files expected and those missing), or a file is corrupt
     */
    public static TrainTest load(Path dir, PixelScale scale) {
        Objects.requireNonNull(dir, "dir is null");
        Objects.requireNonNull(scale, "scale is null");
        if (!Files.isDirectory(dir)) {
            throw new DataException(dir.toString(), (Files.exists(dir) ? "not a directory" : "no such directory")
                    + "; expected a directory holding the Fashion-MNIST files " + expectedFiles());
        }
        List<String> missing = missingFiles(dir);
        if (!missing.isEmpty()) {
            throw new DataException(dir.toString(), "missing " + String.join(", ", missing)
                    + "; a Fashion-MNIST directory holds the four files " + expectedFiles());
        }
        Dataset train = Idx.readLabelledImages(find(dir, TRAIN_IMAGES), find(dir, TRAIN_LABELS), CLASS_NAMES, scale);
        Dataset test = Idx.readLabelledImages(find(dir, TEST_IMAGES), find(dir, TEST_LABELS), CLASS_NAMES, scale);
        return new TrainTest(train, test);
    }

    /**
     * The base names of the files {@code dir} lacks (neither {@code name} nor {@code name.gz} is a
     * regular file), in the order of {@link #FILES}; empty if all four are there.
     */
    public static List<String> missingFiles(Path dir) {
        List<String> missing = new ArrayList<>();
        for (String name : FILES) {
            if (find(dir, name) == null) {
                missing.add(name + "[.gz]");
            }
        }
        return missing;
    }

    /**
     * Loads the sample bundled with this module: 10,000 training and 2,000 test images, drawn
     * from the full set by {@link SampleMaker} (stratified, 1,000 and 200 per class).
     *
     * @throws DataException if a resource is missing from the class path or corrupt
     */
    public static TrainTest loadBundledSample(PixelScale scale) {
        Objects.requireNonNull(scale, "scale is null");
        return new TrainTest(resourceSet(TRAIN_IMAGES, TRAIN_LABELS, scale), resourceSet(TEST_IMAGES, TEST_LABELS, scale));
    }

    /** A human-readable list of the four expected file names. */
    static String expectedFiles() {
        List<String> names = new ArrayList<>();
        for (String name : FILES) {
            names.add(name + "[.gz]");
        }
        return "(" + String.join(", ", names) + ")";
    }

    private static Path find(Path dir, String name) {
        Path plain = dir.resolve(name);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        Path gz = dir.resolve(name + ".gz");
        return Files.isRegularFile(gz) ? gz : null;
    }

    private static Dataset resourceSet(String imagesName, String labelsName, PixelScale scale) {
        String imagesSource = SAMPLE_RESOURCE_DIR + imagesName + ".gz";
        String labelsSource = SAMPLE_RESOURCE_DIR + labelsName + ".gz";
        IdxImages images;
        int[] labels;
        try (InputStream in = open(imagesSource)) {
            images = Idx.readImages("resource " + imagesSource, in);
        } catch (IOException e) {
            throw new DataException("resource " + imagesSource, "cannot close: " + e, e);
        }
        try (InputStream in = open(labelsSource)) {
            labels = Idx.readLabels("resource " + labelsSource, in);
        } catch (IOException e) {
            throw new DataException("resource " + labelsSource, "cannot close: " + e, e);
        }
        return Idx.labelled("resource " + imagesSource, images, "resource " + labelsSource, labels, CLASS_NAMES, scale);
    }

    private static InputStream open(String resource) {
        InputStream in = FashionMnist.class.getResourceAsStream(resource);
        if (in == null) {
            throw new DataException("resource " + resource, "not on the class path; the rectifier-data jar is incomplete");
        }
        return in;
    }
}
