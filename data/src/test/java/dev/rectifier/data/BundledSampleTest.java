package dev.rectifier.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The committed sample is the one its README describes: counts, shape, classes, checksums, licence. */
class BundledSampleTest {
    @Test
    void sampleHasOneThousandAndTwoHundredPerClass() {
        FashionMnist.TrainTest sample = FashionMnist.loadBundledSample(PixelScale.UNIT);
        Dataset train = sample.train(), test = sample.test();
        assertThat(train.size()).isEqualTo(10_000);
        assertThat(test.size()).isEqualTo(2_000);
        assertThat(train.classCounts()).containsOnly(FashionMnist.SAMPLE_TRAIN_PER_CLASS).hasSize(10);
        assertThat(test.classCounts()).containsOnly(FashionMnist.SAMPLE_TEST_PER_CLASS).hasSize(10);
        assertThat(train.sampleShape()).containsExactly(1, 28, 28);
        assertThat(train.classNames()).containsExactly("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
        float min = 1, max = 0;
        for (float v : train.features()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(min).isZero();
        assertThat(max).isEqualTo(1f);
    }

    /** The decompressed checksums recorded in the sample's README. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "train-images-idx3-ubyte.gz, 6d2dce401ff77a96fe93cc16b5eb17151f6b5f3a5ac669f25dd7ca62e810d5d8",
        "train-labels-idx1-ubyte.gz, b9d4c0ba9e1db86d773d48480d7b2ab56b69b550c92dcd10af0323757d689ac9",
        "t10k-images-idx3-ubyte.gz, dfcc2d66d038b8585dda91cbb8da637350ab68ca269a44cef62026da10d23602",
        "t10k-labels-idx1-ubyte.gz, a5017bd7cf51fa7bb9abdfd8b2e6d3b6d3e262fb8d6fb0e6a97d1ac8d958ae5c"})
    void contentMatchesTheReadme(String file, String sha256) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new GZIPInputStream(resource(file))) {
            digest.update(in.readAllBytes());
        }
        assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(sha256);
    }

    @Test
    void licenceAndReadmeShipWithTheSample() throws IOException {
        try (InputStream licence = resource("LICENSE"); InputStream readme = resource("README.md")) {
            assertThat(new String(licence.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("Copyright © 2017 Zalando SE").contains("Permission is hereby granted");
            assertThat(new String(readme.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("SplittableRandom(42)");
        }
    }

    private static InputStream resource(String name) {
        InputStream in = FashionMnist.class.getResourceAsStream(FashionMnist.SAMPLE_RESOURCE_DIR + name);
        assertThat(in).as("resource %s", name).isNotNull();
        return in;
    }
}
