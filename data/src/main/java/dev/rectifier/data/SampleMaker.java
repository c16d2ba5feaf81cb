package dev.rectifier.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Draws the Fashion-MNIST sample bundled with this module from the full dataset, and prints the
 * checksums of what it read and wrote. Run from the repository root after a build:
 * <pre>
 * java -cp data/target/classes dev.rectifier.data.SampleMaker \
 *     /usr/share/datasets/fashion-mnist data/src/main/resources/dev/rectifier/data/fashion-mnist-sample
 * </pre>
 * From the training set it takes {@value FashionMnist#SAMPLE_TRAIN_PER_CLASS} images per class
 * and from the test set {@value FashionMnist#SAMPLE_TEST_PER_CLASS}, each set drawn by
 * {@link Splits#stratifiedSampleIndices} with a fresh {@code SplittableRandom(}{@value #SEED}{@code )},
 * and writes them, in their original order, as gzip IDX files with the original names plus
 * {@code .gz}. The same source files always give byte-identical output.
 */
public final class SampleMaker {
    /** The seed the bundled sample was drawn with. */
    public static final long SEED = 42L;

    private SampleMaker() {}

    /**
     * Usage: {@code SampleMaker SOURCE_DIR OUTPUT_DIR [SEED]}. Exit status 0 when done, 1 on a data
     * error, 2 on a usage error.
     */
    public static void main(String[] args) {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: SampleMaker SOURCE_DIR OUTPUT_DIR [SEED]  (draws the bundled Fashion-MNIST sample)");
            System.exit(2);
        }
        long seed = SEED;
        if (args.length == 3) {
            try {
                seed = Long.parseLong(args[2]);
            } catch (NumberFormatException e) {
                System.err.println("SampleMaker: seed '" + args[2] + "' is not a whole number");
                System.exit(2);
            }
        }
        try {
            make(Path.of(args[0]), Path.of(args[1]), seed, FashionMnist.SAMPLE_TRAIN_PER_CLASS,
                    FashionMnist.SAMPLE_TEST_PER_CLASS, System.out);
        } catch (DataException e) {
            System.err.println("SampleMaker: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Draws {@code trainPerClass} training and {@code testPerClass} test images per class from the
     * four files in {@code sourceDir} into {@code outputDir} (created if needed) and prints, to
     * {@code report}, the SHA-256 of every file read (as stored and decompressed) and written.
     *
     * @return the files written, in the order of {@link FashionMnist#FILES}
     */
    public static List<Path> make(Path sourceDir, Path outputDir, long seed, int trainPerClass, int testPerClass,
                                  PrintStream report) {
        List<String> missing = FashionMnist.missingFiles(sourceDir);
        if (!missing.isEmpty()) {
            throw new DataException(sourceDir.toString(), "missing " + String.join(", ", missing));
        }
        try {
            Files.createDirectories(outputDir);
        } catch (IOException e) {
            throw new DataException(outputDir.toString(), "cannot create directory: " + e, e);
        }
        List<Path> written = new ArrayList<>();
        report.println("source " + sourceDir + ", seed " + seed + ", per class " + trainPerClass + " train / "
                + testPerClass + " test");
        written.addAll(drawSet(sourceDir, outputDir, FashionMnist.TRAIN_IMAGES, FashionMnist.TRAIN_LABELS, seed,
                trainPerClass, report));
        written.addAll(drawSet(sourceDir, outputDir, FashionMnist.TEST_IMAGES, FashionMnist.TEST_LABELS, seed,
                testPerClass, report));
        return written;
    }

    private static List<Path> drawSet(Path sourceDir, Path outputDir, String imagesName, String labelsName,
                                      long seed, int perClass, PrintStream report) {
        Path imagesPath = source(sourceDir, imagesName), labelsPath = source(sourceDir, labelsName);
        IdxImages images = Idx.readImages(imagesPath);
        int[] labels = Idx.readLabels(labelsPath);
        if (images.count() != labels.length) {
            throw new DataException(labelsPath.toString(), "has " + labels.length + " labels but " + imagesPath
                    + " has " + images.count() + " images");
        }
        int classCount = FashionMnist.CLASS_NAMES.size();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= classCount) {
                throw new DataException(labelsPath.toString(), "label " + labels[i] + " at index " + i
                        + " but Fashion-MNIST has " + classCount + " classes");
            }
        }
        int[] chosen;
        try {
            chosen = Splits.stratifiedSampleIndices(labels, classCount, perClass, seed);
        } catch (IllegalArgumentException e) {
            throw new DataException(labelsPath.toString(), e.getMessage(), e);
        }
        int pixels = images.pixelsPerImage();
        byte[] outPixels = new byte[chosen.length * pixels];
        int[] outLabels = new int[chosen.length];
        for (int k = 0; k < chosen.length; k++) {
            System.arraycopy(images.pixels(), chosen[k] * pixels, outPixels, k * pixels, pixels);
            outLabels[k] = labels[chosen[k]];
        }
        Path imagesOut = outputDir.resolve(imagesName + ".gz"), labelsOut = outputDir.resolve(labelsName + ".gz");
        Idx.writeImages(imagesOut, new IdxImages(chosen.length, images.rows(), images.cols(), outPixels), true);
        Idx.writeLabels(labelsOut, outLabels, true);
        for (Path p : List.of(imagesPath, labelsPath)) {
            report.println("read  " + p + "  sha256 " + sha256(p, false) + "  decompressed sha256 " + sha256(p, true));
        }
        for (Path p : List.of(imagesOut, labelsOut)) {
            report.println("wrote " + p + "  " + size(p) + " bytes  sha256 " + sha256(p, false)
                    + "  decompressed sha256 " + sha256(p, true));
        }
        report.println("  " + chosen.length + " of " + labels.length + " samples, first indices "
                + firstIndices(chosen, 5));
        return List.of(imagesOut, labelsOut);
    }

    private static Path source(Path dir, String name) {
        Path plain = dir.resolve(name);
        return Files.isRegularFile(plain) ? plain : dir.resolve(name + ".gz");
    }

    private static String firstIndices(int[] chosen, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(n, chosen.length); i++) {
            s.append(i == 0 ? "" : ", ").append(chosen[i]);
        }
        return s.toString();
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new DataException(p.toString(), "cannot read: " + e, e);
        }
    }

    /** SHA-256 of the file's bytes, or of its gzip-decompressed content when {@code decompress}. */
    static String sha256(Path p, boolean decompress) {
        try (InputStream file = Files.newInputStream(p);
             InputStream in = decompress && isGzip(p) ? new GZIPInputStream(file, 1 << 16) : file) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new DataException(p.toString(), "cannot read: " + e, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static boolean isGzip(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }
}
