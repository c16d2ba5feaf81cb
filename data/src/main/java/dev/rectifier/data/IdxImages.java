package dev.rectifier.data;

import java.util.Objects;

/**
 * Images as an IDX file stores them: {@code count} images of {@code rows x cols} unsigned bytes,
 * row-major, image after image. Pixel {@code (i, r, c)} is {@code pixels[(i * rows + r) * cols + c] & 0xFF}.
 *
 * <p>The array is not copied: the record owns it and nothing here writes to it.
 *
 * @param count  number of images, {@code >= 0}
 * @param rows   rows per image, {@code >= 1}
 * @param cols   columns per image, {@code >= 1}
 * @param pixels {@code count * rows * cols} bytes
 */
public record IdxImages(int count, int rows, int cols, byte[] pixels) {
    /** @throws IllegalArgumentException if a size is out of range or pixels.length disagrees */
    public IdxImages {
        Objects.requireNonNull(pixels, "pixels is null");
        if (count < 0 || rows < 1 || cols < 1) {
            throw new IllegalArgumentException("count=" + count + ", rows=" + rows + ", cols=" + cols
                    + " but count must be >= 0 and rows, cols >= 1");
        }
        if ((long) count * rows * cols != pixels.length) {
            throw new IllegalArgumentException("pixels.length=" + pixels.length + " but count x rows x cols = "
                    + count + " x " + rows + " x " + cols + " = " + (long) count * rows * cols);
        }
    }

    /** Pixels per image, {@code rows * cols}. */
    public int pixelsPerImage() {
        return rows * cols;
    }

    /** The image {@code i} as unsigned values 0..255 (a copy), for inspection and tests. */
    public int[] image(int i) {
        Objects.checkIndex(i, count);
        int n = rows * cols;
        int[] out = new int[n];
        for (int p = 0; p < n; p++) {
            out[p] = pixels[i * n + p] & 0xFF;
        }
        return out;
    }

    @Override
    public String toString() {
        return "IdxImages[" + count + " images of " + rows + "x" + cols + "]";
    }
}
