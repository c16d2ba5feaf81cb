package dev.rectifier.nn;

import java.util.List;
import java.util.Map;

/** Typed reads from a layer's config map, with messages naming the key and what was found. */
final class Configs {
    private Configs() {}

    static int integer(Map<String, Object> c, String key) {
        Object v = c.get(key);
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new IllegalArgumentException("layer config needs a whole number '" + key + "' but has " + v);
        }
        return n.intValue();
    }

    static int integer(Map<String, Object> c, String key, int defaultValue) {
        return c.containsKey(key) ? integer(c, key) : defaultValue;
    }

    static double number(Map<String, Object> c, String key, double defaultValue) {
        Object v = c.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("layer config needs a number '" + key + "' but has " + v);
        }
        return n.doubleValue();
    }

    static boolean bool(Map<String, Object> c, String key, boolean defaultValue) {
        Object v = c.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException("layer config needs true or false for '" + key + "' but has " + v);
        }
        return b;
    }

    static int[] ints(Map<String, Object> c, String key) {
        Object v = c.get(key);
        if (!(v instanceof List<?> list)) {
            throw new IllegalArgumentException("layer config needs a list of whole numbers '" + key + "' but has " + v);
        }
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Number n)) {
                throw new IllegalArgumentException("layer config '" + key + "' has a non-number " + list.get(i));
            }
            out[i] = n.intValue();
        }
        return out;
    }

    /**
     * A number or a list of two numbers (PyTorch's {@code int or (int, int)}), as {h, w};
     * {@code defaultValue} when absent (null: required).
     */
    static int[] pair(Map<String, Object> c, String key, int[] defaultValue) {
        Object v = c.get(key);
        if (v == null) {
            if (defaultValue == null) {
                throw new IllegalArgumentException("layer config needs '" + key + "' (a whole number or a list of two)");
            }
            return defaultValue.clone();
        }
        if (v instanceof Number) {
            int n = integer(c, key);
            return new int[] {n, n};
        }
        int[] list = ints(c, key);
        if (list.length != 2) {
            throw new IllegalArgumentException("layer config needs a whole number or a list of two for '" + key + "' but has " + v);
        }
        return list;
    }

    /** A whole number that may exceed the int range (a seed). */
    static long longInteger(Map<String, Object> c, String key, long defaultValue) {
        Object v = c.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof Number n) || (!(v instanceof Long) && !(v instanceof Integer)
                && n.doubleValue() != Math.rint(n.doubleValue()))) {
            throw new IllegalArgumentException("layer config needs a whole number '" + key + "' but has " + v);
        }
        return n.longValue();
    }
}
