package dev.rectifier.data;

import static dev.rectifier.data.IdxFiles.gzip;
import static dev.rectifier.data.IdxFiles.idx;
import static dev.rectifier.data.IdxFiles.images;
import static dev.rectifier.data.IdxFiles.labels;
import static dev.rectifier.data.IdxFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** IDX files written and read back, plain and gzip; every kind of damage refused with the path and the problem. */
class IdxTest {
    private static final List<String> TEN = FashionMnist.CLASS_NAMES;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void imagesAndLabelsRoundTrip(boolean gzip) {
        SplittableRandom random = new SplittableRandom(7);
        byte[] pixels = new byte[5 * 4 * 3];
        random.nextBytes(pixels);
        IdxImages images = new IdxImages(5, 4, 3, pixels);
        int[] labels = {0, 255, 9, 128, 1};

        Path imagesPath = dir.resolve("images"), labelsPath = dir.resolve("labels");
        Idx.writeImages(imagesPath, images, gzip);
        Idx.writeLabels(labelsPath, labels, gzip);

        IdxImages read = Idx.readImages(imagesPath);
        assertThat(read.count()).isEqualTo(5);
        assertThat(read.rows()).isEqualTo(4);
        assertThat(read.cols()).isEqualTo(3);
        assertThat(read.pixels()).isEqualTo(pixels);
        assertThat(read.image(1)[0]).isEqualTo(pixels[12] & 0xFF);
        assertThat(Idx.readLabels(labelsPath)).containsExactly(labels);
    }

    @Test
    void writtenBytesAreTheStandardLayout() {
        Path path = dir.resolve("x");
        Idx.writeImages(path, new IdxImages(2, 1, 3, new byte[] {1, 2, 3, 4, 5, (byte) 255}), false);
        assertThat(read(path)).containsExactly(0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 3, 1, 2, 3, 4, 5, -1);
    }

    @Test
    void gzipIsRecognisedByContentNotByName() {
        byte[] plain = images(3, 2, 2, 11);
        Path gzipWithoutSuffix = write(dir.resolve("images-idx3-ubyte"), gzip(plain));
        Path plainWithGzSuffix = write(dir.resolve("images-idx3-ubyte.gz"), plain);
        assertThat(Idx.readImages(gzipWithoutSuffix).pixels()).isEqualTo(Arrays.copyOfRange(plain, 16, plain.length));
        assertThat(Idx.readImages(plainWithGzSuffix).pixels()).isEqualTo(Arrays.copyOfRange(plain, 16, plain.length));
    }

    @Test
    void streamsAreReadToo() {
        byte[] plain = images(2, 3, 3, 5);
        IdxImages fromGzip = Idx.readImages("memory", new ByteArrayInputStream(gzip(plain)));
        assertThat(fromGzip.pixels()).isEqualTo(Arrays.copyOfRange(plain, 16, plain.length));
        assertThat(Idx.readLabels("memory", new ByteArrayInputStream(labels(new int[] {3, 1})))).containsExactly(3, 1);
    }

    @Test
    void emptyDataIsAllowed() {
        Path path = write(dir.resolve("none"), images(0, 28, 28, 1));
        assertThat(Idx.readImages(path).count()).isZero();
    }

    /** A damaged file, the message expected (after "path: "), and whether it applies to gzip too. */
    static Stream<Arguments> damage() {
        byte[] good = images(3, 4, 5, 3); // 16 + 60 bytes
        return Stream.of(
                Arguments.of("empty", new byte[0],
                        "empty file: an IDX file starts with a 4-byte magic number (expected 0x00000803)"),
                Arguments.of("two bytes", new byte[] {0, 0},
                        "truncated header: the file ends after 2 bytes%s but the magic number alone takes 4"),
                Arguments.of("html", "<html><body>Not Found</body></html>".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        "bad magic number 0x3C68746D: an IDX file starts with two zero bytes (expected 0x00000803 for an image file); is this an IDX file?"),
                Arguments.of("float type", idx(0x00000D03, new long[] {3, 4, 5}, 240, 1),
                        "magic number 0x00000D03 has data type 0x0D (float) but only 0x08 (unsigned byte) is supported (expected 0x00000803 for an image file)"),
                Arguments.of("signed byte type", idx(0x00000903, new long[] {3, 4, 5}, 60, 1),
                        "magic number 0x00000903 has data type 0x09 (signed byte)"),
                Arguments.of("label file", labels(new int[] {1, 2, 3}),
                        "magic number 0x00000801 says 1 dimension but an image file has 3 (expected 0x00000803); is this a label file?"),
                Arguments.of("four dimensions", idx(0x00000804, new long[] {3, 4, 5, 1}, 60, 1),
                        "magic number 0x00000804 says 4 dimensions but an image file has 3 (expected 0x00000803)"),
                Arguments.of("header cut", Arrays.copyOf(good, 12),
                        "truncated header: the file ends after 12 bytes%s but a header of 3 dimensions takes 16"),
                Arguments.of("data cut", Arrays.copyOf(good, 50),
                        "truncated: header says 3 images of 4x5 (60 bytes after the 16-byte header) but the file ends after 50 bytes%s"),
                Arguments.of("data cut to header", Arrays.copyOf(good, 16),
                        "truncated: header says 3 images of 4x5 (60 bytes after the 16-byte header) but the file ends after 16 bytes%s"),
                Arguments.of("trailing bytes", Arrays.copyOf(good, good.length + 2),
                        "trailing data: header says 3 images of 4x5 (60 bytes after the 16-byte header) but the file has 2 more bytes%s after them"),
                Arguments.of("zero rows", idx(Idx.IMAGES_MAGIC, new long[] {3, 0, 5}, 0, 1),
                        "header says 3 images of 0x5 but an image needs at least 1 row and 1 column"),
                Arguments.of("oversized", idx(Idx.IMAGES_MAGIC, new long[] {0xFFFF_FFFFL, 28, 28}, 10, 1),
                        "oversized: header says 4294967295 images of 28x28, more than the 2147483639 bytes a Java array can hold"),
                Arguments.of("oversized within int", idx(Idx.IMAGES_MAGIC, new long[] {3_000_000, 28, 28}, 10, 1),
                        "oversized: header says 3000000 images of 28x28, more than the 2147483639 bytes a Java array can hold"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damage")
    void damagedPlainFileIsRefused(String name, byte[] bytes, String problem) {
        Path path = write(dir.resolve(name + "-idx3-ubyte"), bytes);
        assertThatThrownBy(() -> Idx.readImages(path))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith(path + ": " + problem.formatted(""))
                .satisfies(e -> assertThat(((DataException) e).source()).isEqualTo(path.toString()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damage")
    void damagedGzipFileIsRefused(String name, byte[] bytes, String problem) {
        Path path = write(dir.resolve(name + "-idx3-ubyte.gz"), gzip(bytes));
        assertThatThrownBy(() -> Idx.readImages(path))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith(path + ": " + problem.formatted(" (decompressed)"));
    }

    @Test
    void truncatedPlainFileMessageReadsAsDocumented() {
        byte[] header = idx(Idx.IMAGES_MAGIC, new long[] {60000, 28, 28}, 1234567 - 16, 1);
        Path path = write(dir.resolve("train-images-idx3-ubyte"), header);
        assertThatThrownBy(() -> Idx.readImages(path)).hasMessage(path + ": truncated: header says 60000 images of 28x28"
                + " (47040000 bytes after the 16-byte header) but the file ends after 1234567 bytes");
    }

    @Test
    void labelFileChecksItsOwnMagic() {
        Path images = write(dir.resolve("images"), images(2, 2, 2, 1));
        assertThatThrownBy(() -> Idx.readLabels(images)).isInstanceOf(DataException.class).hasMessage(images
                + ": magic number 0x00000803 says 3 dimensions but a label file has 1 (expected 0x00000801); is this an image file?");
        Path cut = write(dir.resolve("labels"), Arrays.copyOf(labels(new int[] {1, 2, 3}), 10));
        assertThatThrownBy(() -> Idx.readLabels(cut)).hasMessage(cut
                + ": truncated: header says 3 labels (3 bytes after the 8-byte header) but the file ends after 10 bytes");
    }

    @Test
    void cutGzipStreamIsRefused() {
        byte[] gz = gzip(images(50, 8, 8, 9));
        Path path = write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> Idx.readImages(path)).isInstanceOf(DataException.class)
                .hasMessageStartingWith(path + ": truncated gzip stream: it ends after ")
                .hasMessageContaining("decompressed bytes");
    }

    @Test
    void gzipWithBadChecksumIsRefused() {
        byte[] gz = gzip(images(5, 8, 8, 9));
        gz[gz.length - 8] ^= 0x55; // the CRC-32 of the trailer
        Path path = write(dir.resolve("crc.gz"), gz);
        assertThatThrownBy(() -> Idx.readImages(path)).isInstanceOf(DataException.class)
                .hasMessageStartingWith(path + ": corrupt gzip data after ");
    }

    @Test
    void missingFileNamesThePath() {
        Path path = dir.resolve("absent-idx3-ubyte.gz");
        assertThatThrownBy(() -> Idx.readImages(path)).isInstanceOf(DataException.class)
                .hasMessage(path + ": no such file")
                .hasCauseInstanceOf(java.nio.file.NoSuchFileException.class);
    }

    @Test
    void labelledImagesPairTheFiles() {
        Path images = write(dir.resolve("i"), images(4, 2, 2, 3));
        Path labels = write(dir.resolve("l"), labels(new int[] {0, 9, 3, 3}));
        Dataset d = Idx.readLabelledImages(images, labels, TEN, PixelScale.RAW);
        assertThat(d.size()).isEqualTo(4);
        assertThat(d.sampleShape()).containsExactly(1, 2, 2);
        assertThat(d.labels()).containsExactly(0, 9, 3, 3);
        assertThat(d.features()[0]).isEqualTo(Idx.readImages(images).pixels()[0] & 0xFF);
    }

    @Test
    void countMismatchBetweenImagesAndLabelsIsRefused() {
        Path images = write(dir.resolve("train-images-idx3-ubyte"), images(4, 2, 2, 3));
        Path labels = write(dir.resolve("train-labels-idx1-ubyte"), labels(new int[] {0, 1, 2}));
        assertThatThrownBy(() -> Idx.readLabelledImages(images, labels, TEN, PixelScale.UNIT))
                .isInstanceOf(DataException.class)
                .hasMessage(labels + ": has 3 labels but " + images + " has 4 images; the two files must describe the same samples");
    }

    @Test
    void labelOutsideTheClassesIsRefused() {
        Path images = write(dir.resolve("i"), images(3, 2, 2, 3));
        Path labels = write(dir.resolve("l"), labels(new int[] {0, 12, 2}));
        assertThatThrownBy(() -> Idx.readLabelledImages(images, labels, TEN, PixelScale.UNIT))
                .hasMessage(labels + ": label 12 at index 1 but there are only 10 classes (0..9)");
    }

    @Test
    void writerRefusesLabelsThatAreNotBytes() {
        assertThatThrownBy(() -> Idx.writeLabels(dir.resolve("l"), new int[] {1, 256}, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("labels[1]=256 but an IDX label is an unsigned byte (0..255)");
        assertThat(dir.resolve("l")).doesNotExist();
    }

    @Test
    void writingIntoAMissingDirectorySaysSo() {
        Path path = dir.resolve("nope").resolve("labels");
        assertThatThrownBy(() -> Idx.writeLabels(path, new int[] {1}, true)).isInstanceOf(DataException.class)
                .hasMessage(path + ": cannot write: no such directory " + dir.resolve("nope"));
    }

    private static byte[] read(Path p) {
        try {
            return java.nio.file.Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
