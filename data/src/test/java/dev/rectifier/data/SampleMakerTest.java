package dev.rectifier.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample maker on a small synthetic source: stratified, in source order, reproducible. */
class SampleMakerTest {
    @TempDir
    Path tmp;

    /** 2x2 images whose first two pixels encode the source index, labels cycling 0..9. */
    private Path source(int train, int test) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("full"));
        for (String prefix : List.of("train", "t10k")) {
            int n = prefix.equals("train") ? train : test;
            byte[] pixels = new byte[n * 4];
            for (int i = 0; i < n; i++) {
                pixels[4 * i] = (byte) (i >>> 8);
                pixels[4 * i + 1] = (byte) i;
            }
            Idx.writeImages(dir.resolve(prefix + "-images-idx3-ubyte.gz"), new IdxImages(n, 2, 2, pixels), true);
            Idx.writeLabels(dir.resolve(prefix + "-labels-idx1-ubyte"), IdxFiles.cycle(n), false);
        }
        return dir;
    }

    @Test
    void drawsPerClassInSourceOrderAndReproducibly() throws IOException {
        Path source = source(300, 100);
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        List<Path> written = SampleMaker.make(source, tmp.resolve("a"), 42, 7, 3, new PrintStream(report, true, StandardCharsets.UTF_8));
        assertThat(written).extracting(p -> p.getFileName().toString()).containsExactly(
                "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

        FashionMnist.TrainTest sample = FashionMnist.load(tmp.resolve("a"), PixelScale.RAW);
        assertThat(sample.train().classCounts()).containsOnly(7);
        assertThat(sample.test().classCounts()).containsOnly(3);
        int previous = -1;
        for (int k = 0; k < sample.train().size(); k++) {
            float[] x = sample.train().features();
            int index = (int) x[4 * k] * 256 + (int) x[4 * k + 1];
            assertThat(index).as("source index of sample %d", k).isGreaterThan(previous);
            assertThat(sample.train().label(k)).as("label of source image %d", index).isEqualTo(index % 10);
            previous = index;
        }
        assertThat(report.toString(StandardCharsets.UTF_8)).contains("seed 42").contains("decompressed sha256");

        SampleMaker.make(source, tmp.resolve("b"), 42, 7, 3, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        for (Path p : written) {
            assertThat(Files.readAllBytes(tmp.resolve("b").resolve(p.getFileName())))
                    .as("%s byte-identical on a second run", p.getFileName()).isEqualTo(Files.readAllBytes(p));
        }
    }

    @Test
    void tooFewSamplesInAClassIsReported() throws IOException {
        Path source = source(50, 30);
        assertThatThrownBy(() -> SampleMaker.make(source, tmp.resolve("out"), 42, 6, 1,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                .isInstanceOf(DataException.class)
                .hasMessage(source.resolve("train-labels-idx1-ubyte") + ": class 0 has 5 samples but perClass=6");
    }
}
