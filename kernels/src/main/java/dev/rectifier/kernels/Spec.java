package dev.rectifier.kernels;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A parsed activation spec such as {@code leaky_relu(negative_slope=0.2)}: a name and named
 * parameters, read by the activation's factory through the typed getters, which check each
 * value. {@link #finish()} then refuses any parameter the factory did not read.
 *
 * <p>Grammar: {@code name} or {@code name(key=value, ...)}; names and keys are PyTorch's
 * (lower case, underscores); values are decimal numbers or words ({@code tanh}); blanks around
 * tokens are ignored; an empty pair of brackets is allowed.
 */
public final class Spec {
    private final String text;
    private final String name;
    private final Map<String, String> params;
    private final Set<String> accepted = new LinkedHashSet<>();

    private Spec(String text, String name, Map<String, String> params) {
        this.text = text;
        this.name = name;
        this.params = params;
    }

    /**
     * Parses {@code text}.
     *
     * @throws NullPointerException     if {@code text} is null
     * @throws IllegalArgumentException if it does not follow the grammar, naming where
     */
    public static Spec parse(String text) {
        if (text == null) {
            throw new NullPointerException("activation spec is null");
        }
        String s = text.strip();
        int open = s.indexOf('(');
        String name = (open < 0 ? s : s.substring(0, open)).strip().toLowerCase(Locale.ROOT);
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw malformed(text, "expected an activation name such as relu or leaky_relu(negative_slope=0.2)");
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (open >= 0) {
            if (!s.endsWith(")")) {
                throw malformed(text, "missing ')' at the end");
            }
            String inside = s.substring(open + 1, s.length() - 1).strip();
            if (!inside.isEmpty()) {
                for (String pair : inside.split(",", -1)) {
                    int eq = pair.indexOf('=');
                    if (eq < 0) {
                        throw malformed(text, "parameter '" + pair.strip() + "' has no '=value'");
                    }
                    String key = pair.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                    String value = pair.substring(eq + 1).strip();
                    if (!key.matches("[a-z][a-z0-9_]*") || value.isEmpty() || value.contains("(") || value.contains(")")) {
                        throw malformed(text, "parameter '" + pair.strip() + "' is not of the form key=value");
                    }
                    if (params.put(key, value) != null) {
                        throw malformed(text, "parameter '" + key + "' is given twice");
                    }
                }
            }
        }
        return new Spec(text, name, params);
    }

    private static IllegalArgumentException malformed(String text, String why) {
        return new IllegalArgumentException("malformed activation spec '" + text + "': " + why);
    }

    /** The activation's name, lower case. */
    public String name() {
        return name;
    }

    /** The text this spec was parsed from. */
    public String text() {
        return text;
    }

    /**
     * A number parameter, or {@code defaultValue} when absent. NaN and infinities are refused.
     */
    public double number(String key, double defaultValue) {
        accepted.add(key);
        String value = params.get(key);
        return value == null ? defaultValue : parseNumber(key, value);
    }

    /**
     * A number parameter that a float kernel converts to float, or {@code defaultValue} when
     * absent: refused, as PyTorch refuses it, beyond float range (|value| > Float.MAX_VALUE).
     */
    public double floatNumber(String key, double defaultValue) {
        double d = number(key, defaultValue);
        if (Math.abs(d) > Float.MAX_VALUE) {
            throw illegal(key, params.get(key), "is beyond float range (|" + key + "| <= " + Float.MAX_VALUE + " is accepted)");
        }
        return d;
    }

    /** A number parameter that has no default. */
    public double requiredNumber(String key) {
        accepted.add(key);
        String value = params.get(key);
        if (value == null) {
            throw new IllegalArgumentException(
                    name + " needs parameter " + key + " (in '" + text + "'), e.g. " + name + "(" + key + "=0.5)");
        }
        return parseNumber(key, value);
    }

    /** A whole-number parameter, or {@code defaultValue} when absent. */
    public int integer(String key, int defaultValue) {
        accepted.add(key);
        String value = params.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    name + " parameter " + key + "=" + value + " is not a whole number (in '" + text + "')");
        }
    }

    /** A word parameter that must be one of {@code choices}, or the first choice when absent. */
    public String choice(String key, String... choices) {
        accepted.add(key);
        String value = params.get(key);
        if (value == null) {
            return choices[0];
        }
        String lower = value.toLowerCase(Locale.ROOT);
        for (String c : choices) {
            if (c.equals(lower)) {
                return c;
            }
        }
        throw new IllegalArgumentException(name + " parameter " + key + "=" + value + " is not one of "
                + String.join(", ", choices) + " (in '" + text + "')");
    }

    /** Refuses a value that fails a check: "softplus parameter beta=0.0 must be non-zero". */
    public IllegalArgumentException illegal(String key, Object value, String requirement) {
        return new IllegalArgumentException(
                name + " parameter " + key + "=" + value + " " + requirement + " (in '" + text + "')");
    }

    /** Throws if a parameter was given that no getter asked for, listing the accepted ones. */
    public void finish() {
        List<String> unknown = new ArrayList<>();
        for (String key : params.keySet()) {
            if (!accepted.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(name + " has no parameter " + String.join(", ", unknown)
                    + " (in '" + text + "'); it accepts "
                    + (accepted.isEmpty() ? "no parameters" : String.join(", ", accepted)));
        }
    }

    private double parseNumber(String key, String value) {
        double d;
        try {
            d = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    name + " parameter " + key + "=" + value + " is not a number (in '" + text + "')");
        }
        if (!Double.isFinite(d)) {
            throw illegal(key, value, "must be a finite number");
        }
        return d;
    }

    /** Formats a parameter value so that {@link #parse} gives back exactly the same double. */
    public static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value) + ".0";
        }
        return Double.toString(value);
    }

    /** Formats a float parameter with the fewest digits that give back the same float. */
    public static String format(float value) {
        return Float.toString(value);
    }
}
