package dev.rectifier.kernels;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Bad arguments are refused before any work, with messages that name the values. */
class GemmArgumentsTest {
    private final Gemm gemm = Gemm.serial();
    private final float[] a = new float[10 * 12], b = new float[12 * 5], c = new float[10 * 5];

    @Test
    void leadingDimensionsTooSmall() {
        assertThatThrownBy(() -> gemm.sgemm(false, false, 10, 5, 12, 1f, a, 0, 10, b, 0, 5, 0f, c, 0, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lda=10 but k=12 (transA=false needs lda >= k)");
        assertThatThrownBy(() -> gemm.sgemm(true, false, 10, 5, 12, 1f, a, 0, 9, b, 0, 5, 0f, c, 0, 5))
                .hasMessage("lda=9 but m=10 (transA=true needs lda >= m)");
        assertThatThrownBy(() -> gemm.sgemm(false, false, 10, 5, 12, 1f, a, 0, 12, b, 0, 4, 0f, c, 0, 5))
                .hasMessage("ldb=4 but n=5 (transB=false needs ldb >= n)");
        assertThatThrownBy(() -> gemm.sgemm(false, true, 10, 5, 12, 1f, a, 0, 12, b, 0, 11, 0f, c, 0, 5))
                .hasMessage("ldb=11 but k=12 (transB=true needs ldb >= k)");
        assertThatThrownBy(() -> gemm.sgemm(false, false, 10, 5, 12, 1f, a, 0, 12, b, 0, 5, 0f, c, 0, 4))
                .hasMessage("ldc=4 but n=5 (needs ldc >= n)");
    }

    @Test
    void arraysTooShortOrNull() {
        assertThatThrownBy(() -> gemm.sgemm(false, false, 10, 5, 12, 1f, a, 1, 12, b, 0, 5, 0f, c, 0, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a.length=120 but aOff=1, lda=12 and a stored 10 x 12 matrix need 121");
        assertThatThrownBy(() -> gemm.sgemm(false, false, 10, 5, 12, 1f, a, 0, 12, b, 0, 6, 0f, c, 0, 5))
                .hasMessage("b.length=60 but bOff=0, ldb=6 and a stored 12 x 5 matrix need 71");
        assertThatThrownBy(() -> gemm.sgemm(false, false, 10, 5, 12, 1f, a, 0, 12, b, 0, 5, 0f, c, -1, 5))
                .hasMessage("cOff=-1 is negative");
        assertThatThrownBy(() -> gemm.sgemm(false, false, 10, 5, 12, 1f, null, 0, 12, b, 0, 5, 0f, c, 0, 5))
                .isInstanceOf(NullPointerException.class).hasMessage("a is null");
        assertThatThrownBy(() -> gemm.sgemm(false, false, 10, 5, 12, 1f, a, 0, 12, b, 0, 5, 0f, c, 0, 5, null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void negativeSizes() {
        assertThatThrownBy(() -> gemm.sgemm(false, false, -1, 5, 12, 1f, a, 0, 12, b, 0, 5, 0f, c, 0, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("m=-1, n=5, k=12 but sizes must not be negative");
    }

    @Test
    void epilogueThatDoesNotFit() {
        float[] bias = new float[4];
        assertThatThrownBy(() -> gemm.sgemm(false, false, 10, 5, 12, 1f, a, 0, 12, b, 0, 5, 0f, c, 0, 5,
                GemmEpilogue.NONE.withBias(bias, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bias.length=4 but biasOff=0 and n=5 columns need 5");
        long[] mask = new long[9];
        assertThatThrownBy(() -> gemm.sgemm(false, false, 10, 5, 12, 1f, a, 0, 12, b, 0, 5, 0f, c, 0, 5,
                GemmEpilogue.NONE.withActivation(Activations.relu()).withMask(mask, 0)))
                .hasMessage("mask.length=9 but maskOff=0 and m=10 rows of maskWords(n=5)=1 words need 10");
        assertThatThrownBy(() -> gemm.sgemm(false, false, 10, 5, 12, 1f, a, 0, 12, b, 0, 5, 0f, c, 0, 5,
                GemmEpilogue.NONE.withMask(new long[10], 0)))
                .hasMessageContaining("a mask was given without an activation");
        assertThatThrownBy(() -> GemmEpilogue.NONE.withBias(bias, -1)).hasMessage("biasOff=-1 is negative");
    }

    @Test
    void columnSumsArguments() {
        assertThatThrownBy(() -> gemm.columnSums(c, 0, 4, 10, 5, new float[5], 0, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ldx=4 but cols=5 (needs ldx >= cols)");
        assertThatThrownBy(() -> gemm.columnSums(c, 0, 5, 10, 5, new float[4], 0, false))
                .hasMessageContaining("sums.length=4");
    }

    @Test
    void rowSumsArguments() {
        assertThatThrownBy(() -> gemm.rowSums(c, 0, 4, 10, 5, new float[10], 0, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ldx=4 but cols=5 (needs ldx >= cols)");
        assertThatThrownBy(() -> gemm.rowSums(c, 0, 5, 10, 5, new float[9], 0, false))
                .hasMessageContaining("sums.length=9");
        assertThatThrownBy(() -> gemm.rowSums(c, 0, 5, -1, 5, new float[9], 0, false))
                .hasMessage("rows=-1 and cols=5 must not be negative");
    }
}
