package dev.rectifier.data;

import static dev.rectifier.data.IdxFiles.fashionDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rectifier.data.FashionMnistLocator.Located;
import dev.rectifier.data.FashionMnistLocator.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Explicit directory, then the (injected) system directory, then the bundled sample. */
class FashionMnistLocatorTest {
    @TempDir
    Path tmp;

    @Test
    void explicitDirectoryComesFirst() {
        Path explicit = fashionDir(tmp.resolve("mine"), 20, 10);
        Path system = fashionDir(tmp.resolve("system"), 30, 10);
        Located found = new FashionMnistLocator(explicit, system).locate();
        assertThat(found.source()).isEqualTo(Source.EXPLICIT_DIR);
        assertThat(found.directory()).contains(explicit);
        assertThat(found.train().size()).isEqualTo(20);
        assertThat(found.test().size()).isEqualTo(10);
        assertThat(found.train().classNames()).isEqualTo(FashionMnist.CLASS_NAMES);
        assertThat(found.description()).isEqualTo("Fashion-MNIST (20 train / 10 test) from " + explicit);
    }

    @Test
    void explicitDirectoryMissingAFileIsAnErrorNotAFallback() throws IOException {
        Path explicit = fashionDir(tmp.resolve("mine"), 20, 10);
        Files.delete(explicit.resolve("t10k-labels-idx1-ubyte.gz"));
        Files.delete(explicit.resolve("train-images-idx3-ubyte.gz"));
        Path system = fashionDir(tmp.resolve("system"), 30, 10);
        assertThatThrownBy(() -> new FashionMnistLocator(explicit, system).locate())
                .isInstanceOf(DataException.class)
                .hasMessage(explicit + ": missing train-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]; a Fashion-MNIST"
                        + " directory holds the four files (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz],"
                        + " t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz])");
    }

    @Test
    void explicitDirectoryThatDoesNotExistIsAnError() {
        Path absent = tmp.resolve("absent");
        assertThatThrownBy(() -> new FashionMnistLocator(absent, null).locate())
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith(absent + ": no such directory; expected a directory holding the Fashion-MNIST files (");
    }

    @Test
    void explicitDirectoryWithCorruptFileNamesTheFile() throws IOException {
        Path explicit = fashionDir(tmp.resolve("mine"), 20, 10);
        Path labels = explicit.resolve("train-labels-idx1-ubyte.gz");
        Files.write(labels, IdxFiles.gzip(IdxFiles.labels(new int[19])));
        assertThatThrownBy(() -> new FashionMnistLocator(explicit, null).locate())
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith(labels + ": has 19 labels but ");
    }

    @Test
    void plainAndGzipFilesMayBeMixed() {
        Path mixed = fashionDir(tmp.resolve("mixed"), 20, 10, true, false, false, true);
        assertThat(mixed.resolve("train-labels-idx1-ubyte")).exists();
        Located found = new FashionMnistLocator(mixed, null).locate(PixelScale.RAW);
        assertThat(found.train().labels()).containsExactly(IdxFiles.cycle(20));
        assertThat(found.train().features()).contains(255f); // random bytes, so some pixel is 255
    }

    @Test
    void systemDirectoryComesSecond() {
        Path system = fashionDir(tmp.resolve("system"), 30, 10);
        Located found = new FashionMnistLocator(null, system).locate();
        assertThat(found.source()).isEqualTo(Source.SYSTEM_DIR);
        assertThat(found.directory()).contains(system);
        assertThat(found.train().size()).isEqualTo(30);
    }

    @Test
    void fullDatasetIsDescribedAsFull() {
        // 1x1 images keep the full counts cheap
        Path system = tmp.resolve("full");
        IdxFiles.write(system.resolve("train-images-idx3-ubyte.gz"), IdxFiles.gzip(IdxFiles.images(60000, 1, 1, 1)));
        IdxFiles.write(system.resolve("train-labels-idx1-ubyte.gz"), IdxFiles.gzip(IdxFiles.labels(IdxFiles.cycle(60000))));
        IdxFiles.write(system.resolve("t10k-images-idx3-ubyte.gz"), IdxFiles.gzip(IdxFiles.images(10000, 1, 1, 2)));
        IdxFiles.write(system.resolve("t10k-labels-idx1-ubyte.gz"), IdxFiles.gzip(IdxFiles.labels(IdxFiles.cycle(10000))));
        Located found = new FashionMnistLocator(null, system).locate();
        assertThat(found.description()).isEqualTo("Fashion-MNIST, full (60000 train / 10000 test) from " + system);
    }

    @Test
    void bundledSampleComesLast() {
        Located found = new FashionMnistLocator(null, tmp.resolve("no-such-dir")).locate();
        assertThat(found.source()).isEqualTo(Source.BUNDLED_SAMPLE);
        assertThat(found.directory()).isEqualTo(Optional.empty());
        assertThat(found.description()).isEqualTo("bundled stratified sample (10000 / 2000)");
        assertThat(new FashionMnistLocator(null, null).locate().source()).isEqualTo(Source.BUNDLED_SAMPLE);
    }

    @Test
    void incompleteSystemDirectoryIsSkippedAndSaidSo() throws IOException {
        Path system = fashionDir(tmp.resolve("system"), 30, 10);
        Files.delete(system.resolve("t10k-images-idx3-ubyte.gz"));
        Located found = new FashionMnistLocator(null, system).locate();
        assertThat(found.source()).isEqualTo(Source.BUNDLED_SAMPLE);
        assertThat(found.description()).isEqualTo("bundled stratified sample (10000 / 2000); " + system
                + " lacks t10k-images-idx3-ubyte[.gz]");
    }

    @Test
    void corruptSystemDirectoryIsAnError() throws IOException {
        Path system = fashionDir(tmp.resolve("system"), 30, 10);
        Path images = system.resolve("t10k-images-idx3-ubyte.gz");
        byte[] bytes = Files.readAllBytes(images);
        Files.write(images, java.util.Arrays.copyOf(bytes, bytes.length - 20));
        assertThatThrownBy(() -> new FashionMnistLocator(null, system).locate())
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith(images + ": truncated gzip stream");
    }

    @Test
    void standardLocatorUsesTheDebianPath() {
        assertThat(FashionMnistLocator.SYSTEM_DIR).isEqualTo(Path.of("/usr/share/datasets/fashion-mnist"));
    }
}
