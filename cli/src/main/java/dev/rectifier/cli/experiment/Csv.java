package dev.rectifier.cli.experiment;

import dev.rectifier.io.AtomicFiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV table of raw figures: a header, then rows of the same width. Numbers are written with 7
 * significant digits (Java's parseable notation), NaN as an empty field; text is quoted when it
 * holds a comma, quote or line break.
 */
final class Csv {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Csv(String... header) {
        this.header = List.of(header);
    }

    /** Appends a row of exactly as many values as the header has columns. */
    Csv row(Object... values) {
        if (values.length != header.size()) {
            throw new IllegalArgumentException("a row of " + values.length + " values for " + header.size() + " columns " + header);
        }
        List<String> r = new ArrayList<>(values.length);
        for (Object v : values) {
            r.add(field(v));
        }
        rows.add(r);
        return this;
    }

    int rows() {
        return rows.size();
    }

    List<String> header() {
        return header;
    }

    /** Writes the table (to a temporary name, then renamed). */
    void write(Path file) throws IOException {
        StringBuilder s = new StringBuilder(String.join(",", header)).append('\n');
        for (List<String> r : rows) {
            s.append(String.join(",", r)).append('\n');
        }
        byte[] bytes = s.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    static String field(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double || v instanceof Float) {
            return number(((Number) v).doubleValue());
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        String s = v.toString();
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    static String number(double d) {
        if (Double.isNaN(d)) {
            return "";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return "0";
        }
        return new BigDecimal(d).round(new MathContext(7)).stripTrailingZeros().toString();
    }
}
