package dev.rectifier.kernels.simd;

import jdk.incubator.vector.FloatVector;

/**
 * The machine's preferred vector width. Kept apart from {@link FloatSpecies} so that
 * {@link dev.rectifier.kernels.Simd} can ask for it while it is still deciding the width.
 */
public final class PreferredWidth {
    private PreferredWidth() {}

    /** Bits of {@code FloatVector.SPECIES_PREFERRED} on this machine. */
    public static int preferredBits() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }
}
