package dev.rectifier.cli.experiment;

import dev.rectifier.data.Dataset;
import dev.rectifier.data.FashionMnist;
import dev.rectifier.data.Idx;
import dev.rectifier.data.IdxImages;
import dev.rectifier.kernels.Parallelism;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Test fixtures for the experiments: tiny Fashion-MNIST-shaped data (28x28 images in 10 classes,
 * each a bright block at its own place plus noise, learnable in a few steps), in memory or as IDX
 * files, a context writing into a directory, and checks of the files experiments write.
 */
final class Fixtures {
    private Fixtures() {}

    /** {@code n} images as bytes, class i % 10 each. */
    private static byte[] pixels(int n, SplittableRandom random) {
        byte[] p = new byte[n * 784];
        for (int i = 0; i < n; i++) {
            int k = i % 10;
            int top = 2 + (k / 5) * 12, left = 2 + (k % 5) * 5;
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    boolean on = r >= top && r < top + 12 && c >= left && c < left + 5;
                    p[i * 784 + r * 28 + c] = (byte) Math.min(255, (on ? 180 : 10) + random.nextInt(60));
                }
            }
        }
        return p;
    }

    private static int[] labels(int n) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 10;
        }
        return y;
    }

    private static Dataset dataset(int n, SplittableRandom random) {
        byte[] p = pixels(n, random);
        float[] x = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            x[i] = (p[i] & 0xff) / 255f;
        }
        return Dataset.of(x, labels(n), new int[] {1, 28, 28}, FashionMnist.CLASS_NAMES);
    }

    /** Standardised tiny data in memory. */
    static ExperimentData data(int train, int test) {
        SplittableRandom random = new SplittableRandom(7);
        return ExperimentData.of(dataset(train, random), dataset(test, random), "tiny test images (" + train + " / " + test + ")", null);
    }

    /** The four IDX files of tiny data in {@code dir}. */
    static Path idx(Path dir, int train, int test) throws IOException {
        Files.createDirectories(dir);
        SplittableRandom random = new SplittableRandom(7);
        Idx.writeImages(dir.resolve(FashionMnist.TRAIN_IMAGES), new IdxImages(train, 28, 28, pixels(train, random)), false);
        Idx.writeLabels(dir.resolve(FashionMnist.TRAIN_LABELS), labels(train), false);
        Idx.writeImages(dir.resolve(FashionMnist.TEST_IMAGES), new IdxImages(test, 28, 28, pixels(test, random)), false);
        Idx.writeLabels(dir.resolve(FashionMnist.TEST_LABELS), labels(test), false);
        return dir;
    }

    /** A context over {@code data} writing into {@code out}, one thread, no peer; the log goes to {@code log}. */
    static ExperimentContext context(Path out, ExperimentData data, List<Long> seeds, StringWriter log) throws IOException {
        Files.createDirectories(out);
        return new ExperimentContext(out, true, seeds, Parallelism.serial(), () -> data, new PrintWriter(log, true), null);
    }

    /** The fields of a CSV line (commas inside quotes do not split; the quotes stay). */
    static String[] fields(String line) {
        return line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
    }

    /** The CSV's lines, after checking that every row has as many fields as the header. */
    static List<String> csv(Path file, String header) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (!lines.getFirst().equals(header)) {
            throw new AssertionError(file + ": header\n  " + lines.getFirst() + "\nbut expected\n  " + header);
        }
        int columns = header.split(",", -1).length;
        for (int i = 1; i < lines.size(); i++) {
            if (fields(lines.get(i)).length != columns) {
                throw new AssertionError(file + " line " + (i + 1) + " has " + fields(lines.get(i)).length + " fields, the header "
                        + columns + ": " + lines.get(i));
            }
        }
        return lines;
    }

    /** Checks that NAME.png is a readable image of some size and NAME.svg an SVG document. */
    static void figure(Path dir, String name) throws IOException {
        BufferedImage png = ImageIO.read(dir.resolve(name + ".png").toFile());
        if (png == null || png.getWidth() < 100 || png.getHeight() < 100) {
            throw new AssertionError(name + ".png is not a readable image of at least 100x100");
        }
        String svg = Files.readString(dir.resolve(name + ".svg"));
        if (!svg.contains("<svg") || svg.length() < 500) {
            throw new AssertionError(name + ".svg is not an SVG document: " + svg.substring(0, Math.min(200, svg.length())));
        }
    }
}
