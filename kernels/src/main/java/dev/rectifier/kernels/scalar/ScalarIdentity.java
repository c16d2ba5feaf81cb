package dev.rectifier.kernels.scalar;

/**
 * Reference loops for the identity {@code y = x}, {@code dx = dy}: every bit pattern is copied
 * unchanged (NaN payloads, -0.0 and subnormals included).
 */
public final class ScalarIdentity {
    private ScalarIdentity() {}

    /** {@code to[toOff + i] = from[fromOff + i]}; a no-op when the ranges are the same. */
    public static void copy(float[] from, int fromOff, float[] to, int toOff, int n) {
        if (from == to && fromOff == toOff) {
            return;
        }
        for (int i = 0; i < n; i++) {
            to[toOff + i] = from[fromOff + i];
        }
    }
}
