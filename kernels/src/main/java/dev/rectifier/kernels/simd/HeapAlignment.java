package dev.rectifier.kernels.simd;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Where an element of a {@code float[]} lies relative to a vector boundary, so that a
 * memory-bound kernel can start its vector loop at an element whose stores do not straddle two
 * cache lines. A Java array's elements start 16 bytes into the object, which itself is only 8-byte
 * aligned, so a 64-byte vector store into it crosses a cache line unless the loop is shifted. On
 * this project's machine (AMD EPYC, AVX-512) relu forward at 1M floats, which lives in L3, runs at
 * about 83 GB/s with crossing stores and 91 GB/s with aligned ones; from 16M floats, which come
 * from DRAM, alignment makes no difference.
 *
 * <p>Java has no API for an array's address. The foreign-function API gives it for the length of
 * one call: a "critical" downcall may receive a heap array, and {@code memmove(p, p, 0)} returns
 * {@code p} untouched. That needs native access ({@code --enable-native-access=ALL-UNNAMED}, or
 * the module's name), which the {@code rectifier} launcher, the benchmarks and the tests grant.
 * Without it, or where the C library cannot be linked, {@link #floatsToBoundary} answers 0 and
 * the kernels run unshifted: the same results, a little slower. The answer is a hint for speed
 * only: the garbage collector may move the array at any time after the call, and no result
 * depends on where the loop starts (the kernels that use it compute the same bits in their scalar
 * and vector paths).
 */
public final class HeapAlignment {
    private HeapAlignment() {}

    /** {@code void* memmove(void*, const void*, size_t)} as a critical downcall, or null. */
    private static final MethodHandle MEMMOVE = link();

    @SuppressWarnings("restricted") // linked only when native access is granted, checked first
    private static MethodHandle link() {
        try {
            // Without native access, linking would print a warning (JDK 24 and later) or fail.
            if (!HeapAlignment.class.getModule().isNativeAccessEnabled()) {
                return null;
            }
            Linker linker = Linker.nativeLinker();
            Optional<MemorySegment> memmove = linker.defaultLookup().find("memmove");
            if (memmove.isEmpty()) {
                return null;
            }
            MethodHandle handle = linker.downcallHandle(memmove.get(),
                    FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
                    Linker.Option.critical(true));
            float[] probe = new float[2];
            long first = address(handle, probe);
            return first != 0 && (first & 3) == 0 ? handle : null;
        } catch (Throwable e) {
            return null; // no linker on this platform, no memmove: run unshifted
        }
    }

    private static long address(MethodHandle memmove, float[] array) throws Throwable {
        MemorySegment segment = MemorySegment.ofArray(array);
        return ((MemorySegment) memmove.invokeExact(segment, segment, 0L)).address();
    }

    /** True when {@link #floatsToBoundary} can answer (native access granted and memmove linked). */
    public static boolean available() {
        return MEMMOVE != null;
    }

    /**
     * How many elements from {@code a[off]} to the first one at or after it whose address is a
     * multiple of {@code bytes}: in {@code [0, bytes / 4)}, and 0 when not {@link #available()}.
     *
     * @param bytes a power of two from 4 to 4096 (a vector's size in bytes)
     */
    public static int floatsToBoundary(float[] a, int off, int bytes) {
        if (MEMMOVE == null) {
            return 0;
        }
        long address;
        try {
            address = address(MEMMOVE, a);
        } catch (Throwable e) {
            return 0;
        }
        int past = (int) ((address + 4L * off) & (bytes - 1));
        return past == 0 ? 0 : (bytes - past) >>> 2;
    }
}
