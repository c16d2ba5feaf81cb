package dev.rectifier.kernels;

import java.util.Objects;

/**
 * Argument checks shared by every kernel entry point. Each check runs once per call, before
 * any work, and its message names the argument and the values that were wrong.
 */
public final class Checks {
    private Checks() {}

    /**
     * Checks that {@code array[off, off + n)} exists.
     *
     * @throws NullPointerException     if {@code array} is null ("x is null")
     * @throws IllegalArgumentException if {@code n < 0}, {@code off < 0} or
     *                                  {@code off + n > array.length}, naming all three
     */
    public static void range(String name, float[] array, int off, int n) {
        Objects.requireNonNull(array, () -> name + " is null");
        check(name, array.length, off, n);
    }

    /** {@link #range(String, float[], int, int)} for a {@code long[]} (bit masks, in words). */
    public static void range(String name, long[] array, int off, int n) {
        Objects.requireNonNull(array, () -> name + " is null");
        check(name, array.length, off, n);
    }

    /**
     * Checks that {@code mask} holds the ceil(n / 64) words from {@code maskOff} that a bit mask
     * of {@code n} elements takes.
     */
    public static void mask(long[] mask, int maskOff, int n) {
        Objects.requireNonNull(mask, "mask is null");
        if (n < 0) {
            throw new IllegalArgumentException("n=" + n + " is negative");
        }
        int words = (n + 63) >>> 6;
        if (maskOff < 0 || maskOff > mask.length - words) {
            throw new IllegalArgumentException("mask.length=" + mask.length + " but maskOff=" + maskOff
                    + " and n=" + n + " elements need " + words + " words (one bit per element)");
        }
    }

    /** {@link #range(String, float[], int, int)} for a {@code double[]}. */
    public static void range(String name, double[] array, int off, int n) {
        Objects.requireNonNull(array, () -> name + " is null");
        check(name, array.length, off, n);
    }

    /** {@link #range(String, float[], int, int)} for a {@code byte[]}. */
    public static void range(String name, byte[] array, int off, int n) {
        Objects.requireNonNull(array, () -> name + " is null");
        check(name, array.length, off, n);
    }

    private static void check(String name, int length, int off, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n=" + n + " is negative (" + name + ")");
        }
        if (off < 0 || off > length - n) {
            throw new IllegalArgumentException(
                    name + ".length=" + length + " but " + name + "Off=" + off + " and n=" + n
                            + " (need 0 <= " + name + "Off and " + name + "Off + n <= " + name + ".length)");
        }
    }

    /** Throws IllegalArgumentException naming {@code what} unless {@code value} is finite. */
    public static double finite(String what, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(what + "=" + value + " but it must be a finite number");
        }
        return value;
    }

    /**
     * The float that a parameter of a float kernel becomes, refusing what PyTorch refuses when it
     * converts a Scalar for a float tensor: NaN, infinities and |value| > Float.MAX_VALUE.
     */
    public static float floatParameter(String what, double value) {
        if (!(Math.abs(value) <= Float.MAX_VALUE)) {
            throw new IllegalArgumentException(what + "=" + value
                    + " but it must be a finite number within float range (|" + what + "| <= " + Float.MAX_VALUE + ")");
        }
        return (float) value;
    }

    /** Throws IllegalArgumentException unless {@code value >= 1}. */
    public static int positive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + "=" + value + " but it must be at least 1");
        }
        return value;
    }
}
