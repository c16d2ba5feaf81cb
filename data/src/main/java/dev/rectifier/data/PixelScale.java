package dev.rectifier.data;

/** How unsigned byte pixels (0..255) become floats. */
public enum PixelScale {
    /**
     * {@code x = b / 255f}, in [0, 1]: torchvision's {@code ToTensor()}, bit for bit (one correctly
     * rounded float division per pixel).
     */
    UNIT,
    /** {@code x = b}, the raw byte value 0..255 as a float. */
    RAW;

    /** The float for unsigned byte {@code b} (0..255). */
    public float apply(int b) {
        return this == UNIT ? b / 255f : b;
    }
}
