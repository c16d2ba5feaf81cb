package dev.rectifier.kernels;

import java.util.Optional;

/**
 * Which vector width the kernels use, decided once when the class loads.
 *
 * <p>The width is the machine's preferred one ({@code FloatVector.SPECIES_PREFERRED}: 512 bits
 * on AVX-512, 256 on AVX2, 128 on NEON), unless the system property {@code rectifier.simd.bits}
 * names another: 64, 128, 256 or 512 selects that width, 0 turns the vector paths off and every
 * kernel runs its scalar reference. Tests use the property to run every width on any CPU.
 *
 * <p>If the {@code jdk.incubator.vector} module is not in the boot layer (the JVM was started
 * without {@code --add-modules jdk.incubator.vector}), the kernels run their scalar reference:
 * correct, only slower. {@link #describe()} says which path is active.
 *
 * <p>This class itself never touches the incubator API, so it loads on any JDK 25.
 */
public final class Simd {
    private Simd() {}

    /** Vector width in bits, or 0 when the scalar reference runs. */
    public static final int BITS = chooseBits();

    /** True when the kernels take their Vector API paths. */
    public static final boolean ENABLED = BITS > 0;

    /** Number of float lanes in one vector, or 1 when the vector paths are off. */
    public static final int FLOAT_LANES = ENABLED ? BITS / Float.SIZE : 1;

    private static int chooseBits() {
        boolean moduleLoaded = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        String requested = System.getProperty("rectifier.simd.bits");
        if (requested != null && !requested.isBlank()) {
            int bits;
            try {
                bits = Integer.parseInt(requested.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "rectifier.simd.bits=" + requested + " but it must be one of 0, 64, 128, 256, 512");
            }
            if (bits != 0 && bits != 64 && bits != 128 && bits != 256 && bits != 512) {
                throw new IllegalArgumentException(
                        "rectifier.simd.bits=" + bits + " but it must be one of 0, 64, 128, 256, 512");
            }
            return moduleLoaded ? bits : 0;
        }
        return moduleLoaded ? preferredBits().orElse(0) : 0;
    }

    private static Optional<Integer> preferredBits() {
        try {
            // Reflection keeps this class loadable without the incubator module.
            Class<?> c = Class.forName("dev.rectifier.kernels.simd.PreferredWidth");
            return Optional.of((Integer) c.getMethod("preferredBits").invoke(null));
        } catch (ReflectiveOperationException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** One line for logs and benchmark reports, e.g. "Vector API, 512-bit (16 float lanes)". */
    public static String describe() {
        return ENABLED
                ? "Vector API, " + BITS + "-bit (" + FLOAT_LANES + " float lanes)"
                : "scalar reference (vector paths off: start the JVM with --add-modules jdk.incubator.vector"
                        + " and leave rectifier.simd.bits unset)";
    }
}
