package dev.rectifier.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Array sizes in floats as people write them: 4096, 4K (= 4096), 1M (= 1,048,576). */
final class Sizes {
    private Sizes() {}

    /** Every size the full benchmark runs: L1, L2, last-level cache, and two far beyond it. */
    static final int[] FULL = {4 << 10, 64 << 10, 1 << 20, 16 << 20, 64 << 20};

    /** The smoke run's: one size where per-call overhead shows, one where memory bandwidth does. */
    static final int[] QUICK = {4 << 10, 16 << 20};

    /** Largest array Java allows, rounded down to whole 64-element blocks. */
    static final int MAX = (Integer.MAX_VALUE - 64) & ~63;

    /**
     * Parses a comma-separated list such as {@code 4K,64K,1M}; K and M are binary (1024, 1024^2).
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    static int[] parseList(String text) {
        List<Integer> sizes = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                sizes.add(parse(part.strip()));
            }
        }
        if (sizes.isEmpty()) {
            throw new IllegalArgumentException("no sizes in '" + text + "'; give e.g. 4K,64K,1M,16M,64M");
        }
        return sizes.stream().mapToInt(Integer::intValue).distinct().toArray();
    }

    static int parse(String text) {
        String s = text.toUpperCase(Locale.ROOT);
        long unit = 1;
        if (s.endsWith("K")) {
            unit = 1 << 10;
        } else if (s.endsWith("M")) {
            unit = 1 << 20;
        }
        String digits = unit == 1 ? s : s.substring(0, s.length() - 1);
        long value;
        try {
            value = Long.parseLong(digits) * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size '" + text + "' is not a number of floats such as 4096, 64K or 16M");
        }
        if (value < 1 || value > MAX) {
            throw new IllegalArgumentException("size '" + text + "' = " + value + " floats is outside 1.." + MAX);
        }
        return (int) value;
    }

    /** 4096 -> "4K", 16777216 -> "16M", 1000 -> "1000". */
    static String format(int size) {
        if (size % (1 << 20) == 0) {
            return size / (1 << 20) + "M";
        }
        if (size % (1 << 10) == 0) {
            return size / (1 << 10) + "K";
        }
        return Integer.toString(size);
    }

    /** Parses thread counts such as {@code 1,2}. */
    static int[] parseThreads(String text) {
        List<Integer> counts = new ArrayList<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int t;
            try {
                t = Integer.parseInt(part.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("thread count '" + part.strip() + "' is not a whole number");
            }
            if (t < 1) {
                throw new IllegalArgumentException("thread count " + t + " must be at least 1");
            }
            counts.add(t);
        }
        if (counts.isEmpty()) {
            throw new IllegalArgumentException("no thread counts in '" + text + "'; give e.g. 1,2");
        }
        return counts.stream().mapToInt(Integer::intValue).distinct().toArray();
    }

    /**
     * Splits a list of activation specs at the commas that are not inside brackets, so that
     * {@code relu,softplus(beta=2,threshold=10)} gives two specs.
     */
    static List<String> splitSpecs(String text) {
        List<String> specs = new ArrayList<>();
        int depth = 0, start = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ',';
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth <= 0) {
                String spec = text.substring(start, i).strip();
                if (!spec.isEmpty()) {
                    specs.add(spec);
                }
                start = i + 1;
                depth = 0;
            }
        }
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("no functions in '" + text + "'; give e.g. relu,leaky_relu(negative_slope=0.2)");
        }
        return specs;
    }
}
