package dev.rectifier.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The trainer's view of a dataset copies the samples asked for, in the order asked, without copying the whole set. */
class TrainingSetTest {
    private static Dataset images() {
        float[] x = new float[3 * 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        return Dataset.of(x, new int[] {2, 0, 1}, new int[] {1, 2, 2}, List.of("a", "b", "c"));
    }

    @Test
    void copiesTheIndexedSamplesAndLabels() {
        TrainingSet set = TrainingSet.of(images());
        assertThat(set.size()).isEqualTo(3);
        assertThat(set.sampleShape()).containsExactly(1, 2, 2);
        assertThat(set.sampleSize()).isEqualTo(4);
        assertThat(set.classes()).isEqualTo(3);
        int[] order = {2, 0, 1};
        float[] out = new float[1 + 2 * 4];
        set.features(order, 1, 3, out, 1);
        assertThat(out).containsExactly(0, 0, 1, 2, 3, 4, 5, 6, 7);
        int[] labels = new int[2];
        set.labels(order, 0, 2, labels, 0);
        assertThat(labels).containsExactly(1, 2);
        assertThat(set.label(1)).isEqualTo(0);
    }

    @Test
    void reshapedKeepsTheDataAndChangesOnlyTheShape() {
        Dataset source = images();
        TrainingSet flat = TrainingSet.of(source).reshaped(4);
        assertThat(flat.sampleShape()).containsExactly(4);
        float[] out = new float[4];
        flat.features(new int[] {2}, 0, 1, out, 0);
        assertThat(out).containsExactly(8, 9, 10, 11);
        assertThat(flat.data().features()).isSameAs(source.features());
    }

    @Test
    void refusesAShapeOfAnotherSize() {
        assertThatThrownBy(() -> TrainingSet.of(images()).reshaped(5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shape [5] does not hold the 4 features of a sample of shape [1, 2, 2]");
        assertThatThrownBy(() -> TrainingSet.of(images()).reshaped(2, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAnIndexOutsideTheSet() {
        TrainingSet set = TrainingSet.of(images());
        assertThatThrownBy(() -> set.features(new int[] {3}, 0, 1, new float[4], 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
