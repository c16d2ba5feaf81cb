package dev.rectifier.kernels.simd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The array-address probe behind the aligned stores of relu and leaky_relu. The build runs the
 * tests with native access granted, as the launcher and the benchmarks run the kernels, so the
 * probe must answer here.
 */
class HeapAlignmentTest {
    @Test
    void answersWhenNativeAccessIsGranted() {
        assertThat(HeapAlignment.class.getModule().isNativeAccessEnabled())
                .as("the tests run with --enable-native-access=ALL-UNNAMED (rectifier.jvm.flags in pom.xml)")
                .isTrue();
        assertThat(HeapAlignment.available()).isTrue();
    }

    @Test
    void distancesToABoundaryAgreeAcrossOffsetsAndSizes() {
        float[] a = new float[4096];
        // The garbage collector may move the array between two probes; a move shows as a
        // disagreement, so a few attempts are allowed before the answers must agree.
        boolean agreed = false;
        for (int attempt = 0; attempt < 5 && !agreed; attempt++) {
            agreed = consistent(a);
        }
        assertThat(agreed).as("floatsToBoundary agrees with itself across offsets and boundary sizes").isTrue();
    }

    private static boolean consistent(float[] a) {
        int to64 = HeapAlignment.floatsToBoundary(a, 0, 64);
        for (int off = 0; off < 40; off++) {
            int d64 = HeapAlignment.floatsToBoundary(a, off, 64);
            int d32 = HeapAlignment.floatsToBoundary(a, off, 32);
            int d16 = HeapAlignment.floatsToBoundary(a, off, 16);
            assertThat(d64).isBetween(0, 15);
            assertThat(d32).isBetween(0, 7);
            assertThat(d16).isBetween(0, 3);
            // a[off + d64] lies on a 64-byte boundary, which is also a 32- and a 16-byte one.
            if (Math.floorMod(to64 - off, 16) != d64 || d64 % 8 != d32 || d64 % 4 != d16) {
                return false;
            }
        }
        // Java arrays hold their elements at 4-byte (float) alignment at least.
        return HeapAlignment.floatsToBoundary(a, 0, 4) == 0;
    }
}
