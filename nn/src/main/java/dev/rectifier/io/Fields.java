package dev.rectifier.io;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Typed reads of JSON members, refusing a wrong or missing value with the file and key. */
final class Fields {
    private Fields() {}

    static long integer(Map<String, Object> doc, String key, Path file) throws FileFormatException {
        Object v = doc.get(key);
        if (!(v instanceof Long l)) {
            throw new FileFormatException(file, "\"" + key + "\" is " + (v == null ? "missing" : Json.describe(v)) + "; expected a whole number");
        }
        return l;
    }

    static String string(Map<String, Object> doc, String key, Path file) throws FileFormatException {
        Object v = doc.get(key);
        if (!(v instanceof String s)) {
            throw new FileFormatException(file, "\"" + key + "\" is " + (v == null ? "missing" : Json.describe(v)) + "; expected a string");
        }
        return s;
    }

    /** A number, or NaN for null (how non-finite values are stored). */
    static double number(Map<String, Object> doc, String key, Path file) throws FileFormatException {
        Object v = doc.get(key);
        if (v == null) {
            return Double.NaN;
        }
        if (!(v instanceof Number n)) {
            throw new FileFormatException(file, "\"" + key + "\" is " + Json.describe(v) + "; expected a number or null");
        }
        return n.doubleValue();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> doc, String key, Path file) throws FileFormatException {
        Object v = doc.get(key);
        if (!(v instanceof Map<?, ?> m)) {
            throw new FileFormatException(file, "\"" + key + "\" is " + (v == null ? "missing" : Json.describe(v)) + "; expected an object");
        }
        return (Map<String, Object>) m;
    }

    static int[] shape(Map<String, Object> doc, String key, Path file) throws FileFormatException {
        Object v = doc.get(key);
        if (v instanceof List<?> list) {
            int[] out = new int[list.size()];
            boolean ok = true;
            for (int i = 0; i < out.length && ok; i++) {
                ok = list.get(i) instanceof Long l && l >= 1 && l <= Integer.MAX_VALUE;
                out[i] = ok ? (int) (long) (Long) list.get(i) : 0;
            }
            if (ok) {
                return out;
            }
        }
        throw new FileFormatException(file, "\"" + key + "\" is " + (v == null ? "missing" : Json.write(v, false, Json.NonFinite.NULL))
                + "; expected a list of positive whole numbers such as [784]");
    }
}
