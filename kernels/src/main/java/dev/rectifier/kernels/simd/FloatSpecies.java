package dev.rectifier.kernels.simd;

import dev.rectifier.kernels.Simd;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float species every vector kernel uses: a constant, so that C2 compiles the Vector API
 * calls to machine instructions. Its width is {@link Simd#BITS}; loading this class while the
 * vector paths are off is a programming error.
 */
public final class FloatSpecies {
    private FloatSpecies() {}

    /** The species of {@link Simd#BITS} bits. */
    public static final VectorSpecies<Float> SPECIES = Simd.ENABLED
            ? FloatVector.SPECIES_64.withShape(VectorShape.forBitSize(Simd.BITS))
            : FloatVector.SPECIES_PREFERRED;

    /** Lanes of {@link #SPECIES}. */
    public static final int LANES = SPECIES.length();

    /**
     * {@link #SPECIES}, at most 256 bits wide: for loops that stream arrays larger than the
     * caches from memory, which ran 5% to 10% faster with 256-bit than with 512-bit loads and
     * stores on this project's AVX-512 machine (see {@link VectorRelu#STREAM_FROM}).
     */
    public static final VectorSpecies<Float> STREAM = SPECIES.vectorBitSize() > 256
            ? FloatVector.SPECIES_256 : SPECIES;
}
