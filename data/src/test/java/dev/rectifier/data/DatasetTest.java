package dev.rectifier.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetTest {
    private static final List<String> ABC = List.of("a", "b", "c");

    private static Dataset table() {
        // 4 samples x 2 features; feature values encode (sample, feature) to check copies
        return Dataset.of(new float[] {0, 1, 10, 11, 20, 21, 30, 31}, new int[] {2, 0, 2, 1}, new int[] {2}, ABC,
                List.of("x", "y"));
    }

    @Test
    void pixelsScaleExactlyAsToTensor() {
        byte[] pixels = new byte[256];
        for (int b = 0; b < 256; b++) {
            pixels[b] = (byte) b;
        }
        IdxImages images = new IdxImages(4, 8, 8, pixels);
        Dataset unit = Dataset.ofImages(images, new int[] {0, 1, 2, 0}, ABC, PixelScale.UNIT);
        Dataset raw = Dataset.ofImages(images, new int[] {0, 1, 2, 0}, ABC, PixelScale.RAW);
        assertThat(unit.sampleShape()).containsExactly(1, 8, 8);
        assertThat(unit.featureCount()).isEqualTo(64);
        for (int b = 0; b < 256; b++) {
            assertThat(unit.features()[b]).as("pixel %d", b).isEqualTo((float) b / 255f);
            assertThat(raw.features()[b]).as("pixel %d", b).isEqualTo((float) b);
        }
        assertThat(unit.features()[0]).isZero();
        assertThat(unit.features()[255]).isEqualTo(1f);
        assertThat(unit.featureNames()).isEmpty();
        assertThat(unit).hasToString("Dataset[4 samples of 1x8x8, 3 classes]");
    }

    @Test
    void accessorsAndClassCounts() {
        Dataset d = table();
        assertThat(d.size()).isEqualTo(4);
        assertThat(d.classCount()).isEqualTo(3);
        assertThat(d.classCounts()).containsExactly(1, 1, 2);
        assertThat(d.label(3)).isEqualTo(1);
        float[] dst = new float[3];
        d.copySample(2, dst, 1);
        assertThat(dst).containsExactly(0, 20, 21);
        assertThat(d.featureNames()).containsExactly("x", "y");
    }

    @Test
    void subsetCopiesInTheGivenOrderAndAllowsRepeats() {
        Dataset s = table().subset(new int[] {3, 0, 3});
        assertThat(s.features()).containsExactly(30, 31, 0, 1, 30, 31);
        assertThat(s.labels()).containsExactly(1, 2, 1);
        assertThat(s.featureNames()).containsExactly("x", "y");
        assertThatThrownBy(() -> table().subset(new int[] {1, 4}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("indices[1]=4 but the dataset has 4 samples");
    }

    @Test
    void sliceTakesARange() {
        Dataset s = table().slice(1, 3);
        assertThat(s.features()).containsExactly(10, 11, 20, 21);
        assertThat(s.labels()).containsExactly(0, 2);
        assertThat(table().slice(2, 2).size()).isZero();
        assertThatThrownBy(() -> table().slice(3, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("from=3, to=5 but the dataset has 4 samples (need 0 <= from <= to <= size)");
    }

    @Test
    void inconsistentArgumentsAreRefusedWithBothValues() {
        assertThatThrownBy(() -> Dataset.of(new float[7], new int[] {0, 1, 2, 0}, new int[] {2}, ABC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("features.length=7 but 4 labels x 2 features per sample [2] = 8");
        assertThatThrownBy(() -> Dataset.of(new float[4], new int[] {0, 3}, new int[] {2}, ABC))
                .hasMessage("labels[1]=3 but there are 3 classes (0..2)");
        assertThatThrownBy(() -> Dataset.of(new float[4], new int[] {0, -1}, new int[] {2}, ABC))
                .hasMessage("labels[1]=-1 but there are 3 classes (0..2)");
        assertThatThrownBy(() -> Dataset.of(new float[4], new int[] {0, 1}, new int[] {2, 0}, ABC))
                .hasMessage("sampleShape=[2, 0] but every size must be >= 1");
        assertThatThrownBy(() -> Dataset.of(new float[0], new int[0], new int[] {2}, List.of()))
                .hasMessageContaining("classNames is empty");
        assertThatThrownBy(() -> Dataset.of(new float[4], new int[] {0, 1}, new int[] {2}, ABC, List.of("x")))
                .hasMessage("featureNames.size()=1 but there are 2 features per sample");
        assertThatThrownBy(() -> Dataset.ofImages(new IdxImages(2, 1, 1, new byte[2]), new int[] {0}, ABC, PixelScale.UNIT))
                .hasMessage("labels.length=1 but images.count()=2");
    }

    @Test
    void idxImagesChecksItsSizes() {
        assertThatThrownBy(() -> new IdxImages(2, 3, 3, new byte[17]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pixels.length=17 but count x rows x cols = 2 x 3 x 3 = 18");
        assertThatThrownBy(() -> new IdxImages(1, 0, 3, new byte[0]))
                .hasMessage("count=1, rows=0, cols=3 but count must be >= 0 and rows, cols >= 1");
    }
}
