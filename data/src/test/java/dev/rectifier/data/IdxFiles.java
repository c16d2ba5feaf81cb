package dev.rectifier.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/** Builds IDX bytes by hand (including broken ones) for tests. */
final class IdxFiles {
    private IdxFiles() {}

    /** A header with {@code magic} and {@code dims}, then {@code dataBytes} bytes of data. */
    static byte[] idx(int magic, long[] dims, int dataBytes, long seed) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + dataBytes); // big-endian by default
        b.putInt(magic);
        for (long d : dims) {
            b.putInt((int) d);
        }
        byte[] data = new byte[dataBytes];
        new SplittableRandom(seed).nextBytes(data);
        b.put(data);
        return b.array();
    }

    static byte[] images(int count, int rows, int cols, long seed) {
        return idx(Idx.IMAGES_MAGIC, new long[] {count, rows, cols}, count * rows * cols, seed);
    }

    static byte[] labels(int[] labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
        b.putInt(Idx.LABELS_MAGIC).putInt(labels.length);
        for (int label : labels) {
            b.put((byte) label);
        }
        return b.array();
    }

    static byte[] gzip(byte[] plain) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(plain);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path path, byte[] bytes) {
        try {
            Files.createDirectories(path.getParent());
            return Files.write(path, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a Fashion-MNIST-shaped directory: {@code train} and {@code test} images of 3x3 with
     * labels cycling 0..9, gzip or plain per file as {@code gzip[i]} says (order of FashionMnist.FILES).
     */
    static Path fashionDir(Path dir, int train, int test, boolean... gzip) {
        int[] trainLabels = cycle(train), testLabels = cycle(test);
        byte[][] contents = {images(train, 3, 3, 1), labels(trainLabels), images(test, 3, 3, 2), labels(testLabels)};
        for (int i = 0; i < 4; i++) {
            boolean gz = gzip.length == 0 || gzip[i % gzip.length];
            String name = FashionMnist.FILES.get(i) + (gz ? ".gz" : "");
            write(dir.resolve(name), gz ? gzip(contents[i]) : contents[i]);
        }
        return dir;
    }

    static int[] cycle(int n) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
        }
        return labels;
    }
}
