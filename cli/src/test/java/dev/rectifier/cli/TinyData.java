package dev.rectifier.cli;

import dev.rectifier.data.FashionMnist;
import dev.rectifier.data.Idx;
import dev.rectifier.data.IdxImages;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * Test fixtures: a tiny Fashion-MNIST-shaped data set (IDX files of 28x28 images in 10 classes,
 * each class a bright block at its own place plus noise, so a network learns it in an epoch), a
 * small CSV table, and in-process runs of the command line with captured output.
 */
final class TinyData {
    private TinyData() {}

    /** Writes train (trainCount) and test (testCount) IDX files into {@code dir}; gzip for the training images. */
    static Path fashion(Path dir, int trainCount, int testCount, long seed) throws IOException {
        Files.createDirectories(dir);
        SplittableRandom random = new SplittableRandom(seed);
        write(dir, FashionMnist.TRAIN_IMAGES, FashionMnist.TRAIN_LABELS, trainCount, random, true);
        write(dir, FashionMnist.TEST_IMAGES, FashionMnist.TEST_LABELS, testCount, random, false);
        return dir;
    }

    private static void write(Path dir, String images, String labels, int n, SplittableRandom random, boolean gzip) {
        byte[] pixels = new byte[n * 784];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int k = i % 10;
            y[i] = k;
            int top = 2 + (k / 5) * 12, left = 2 + (k % 5) * 5;
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    boolean on = r >= top && r < top + 12 && c >= left && c < left + 5;
                    int v = (on ? 180 : 10) + random.nextInt(60);
                    pixels[i * 784 + r * 28 + c] = (byte) Math.min(255, v);
                }
            }
        }
        Idx.writeImages(dir.resolve(images + (gzip ? ".gz" : "")), new IdxImages(n, 28, 28, pixels), gzip);
        Idx.writeLabels(dir.resolve(labels + (gzip ? ".gz" : "")), y, gzip);
    }

    /** A CSV table: 4 features, label column "species" with 3 named classes, {@code rows} rows. */
    static Path csv(Path file, int rows, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder s = new StringBuilder("a,b,c,d,species\n");
        String[] names = {"setosa", "versicolor", "virginica"};
        for (int i = 0; i < rows; i++) {
            int k = i % 3;
            s.append(String.format(java.util.Locale.ROOT, "%.3f,%.3f,%.3f,%.3f,%s%n", k + random.nextGaussian() * 0.3,
                    2 * k + random.nextGaussian() * 0.3, random.nextGaussian(), -k + random.nextGaussian() * 0.3, names[k]));
        }
        Files.writeString(file, s.toString());
        return file;
    }

    /** What a command printed and returned. */
    record Result(int exitCode, String out, String err) {
        /** The non-empty lines of stderr. */
        java.util.List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }

    /** The environment of a test: no system data directory, plain progress lines, no shutdown hook, a fixed clock. */
    static CliEnvironment env() {
        return new CliEnvironment(null, null, false, Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC));
    }

    /** Runs the command line in-process. */
    static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(env(), new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }
}
