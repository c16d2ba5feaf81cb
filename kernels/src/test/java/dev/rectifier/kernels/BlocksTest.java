package dev.rectifier.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rectifier.kernels.scalar.ScalarBlocks;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Strided block copies and sums against the reference loops, at every run length around the vector widths. */
@Tag("simd-width")
class BlocksTest {
    @Test
    void copyAndAddEqualTheReferenceForEveryRunLength() {
        SplittableRandom random = new SplittableRandom(11);
        for (int cols = 0; cols <= 3 * 16 + 9; cols++) {
            for (int rows : new int[] {0, 1, 3}) {
                for (int planes : new int[] {1, 2}) {
                    int srcStride = cols + 3, dstStride = cols + 5, srcPlane = rows * srcStride + 7, dstPlane = rows * dstStride + 2;
                    float[] src = Floats.inputs(random, 4 + planes * srcPlane + 16);
                    float[] dst0 = Floats.gradients(random, 6 + planes * dstPlane + 16);

                    float[] expected = dst0.clone(), actual = dst0.clone();
                    ScalarBlocks.copy(src, 4, srcPlane, srcStride, expected, 6, dstPlane, dstStride, planes, rows, cols);
                    Blocks.copy(src, 4, srcPlane, srcStride, actual, 6, dstPlane, dstStride, planes, rows, cols);
                    Floats.assertClose("copy cols=" + cols + " rows=" + rows + " planes=" + planes, null, 0, expected, 0, actual, 0,
                            expected.length, 0);

                    expected = dst0.clone();
                    actual = dst0.clone();
                    ScalarBlocks.add(src, 4, srcPlane, srcStride, expected, 6, dstPlane, dstStride, planes, rows, cols);
                    Blocks.add(src, 4, srcPlane, srcStride, actual, 6, dstPlane, dstStride, planes, rows, cols);
                    Floats.assertClose("add cols=" + cols + " rows=" + rows + " planes=" + planes, null, 0, expected, 0, actual, 0,
                            expected.length, 0);
                }
            }
        }
    }

    @Test
    void twoDimensionalFormsAreOnePlane() {
        float[] src = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] dst = new float[10];
        Blocks.copy(src, 1, 3, dst, 0, 4, 3, 2);   // runs [2,3], [5,6], [8,9] to 0, 4 and 8
        assertThat(dst).containsExactly(2, 3, 0, 0, 5, 6, 0, 0, 8, 9);
        Blocks.add(src, 0, 3, dst, 2, 4, 2, 2);    // [1,2] and [4,5] added at 2 and 6
        assertThat(dst).containsExactly(2, 3, 1, 2, 5, 6, 4, 5, 8, 9);
    }

    @Test
    void outOfBoundsBlocksAreRefusedWithTheSizes() {
        assertThatThrownBy(() -> Blocks.copy(new float[10], 0, 4, new float[10], 0, 4, 3, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("src.length=10");
        assertThatThrownBy(() -> Blocks.add(new float[10], 0, 2, new float[10], 0, 4, 1, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("srcStride=2").hasMessageContaining("cols=3");
        assertThatThrownBy(() -> Blocks.copy(new float[100], 0, 48, 4, new float[100], 0, 10, 4, 3, 2, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("src.length=100");
    }
}
