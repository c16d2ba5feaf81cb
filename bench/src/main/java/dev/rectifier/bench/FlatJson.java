package dev.rectifier.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one flat JSON object, as the PyTorch peer prints one per line: string, number, boolean
 * and null values, and arrays of those; no nested objects. Numbers come back as Double, strings
 * as String, null as null, arrays as an unmodifiable List.
 */
final class FlatJson {
    private final String text;
    private int pos;

    private FlatJson(String text) {
        this.text = text;
    }

    /**
     * @throws IllegalArgumentException if {@code line} is not a flat JSON object, saying where
     */
    static Map<String, Object> parse(String line) {
        FlatJson p = new FlatJson(line);
        Map<String, Object> object = new LinkedHashMap<>();
        p.skipBlanks();
        p.expect('{');
        p.skipBlanks();
        if (p.peek() == '}') {
            p.pos++;
            return object;
        }
        while (true) {
            p.skipBlanks();
            String key = p.string();
            p.skipBlanks();
            p.expect(':');
            p.skipBlanks();
            object.put(key, p.value());
            p.skipBlanks();
            char c = p.next();
            if (c == '}') {
                return object;
            }
            if (c != ',') {
                throw p.error("expected ',' or '}'");
            }
        }
    }

    private Object value() {
        char c = peek();
        if (c == '[') {
            pos++;
            java.util.List<Object> items = new java.util.ArrayList<>();
            skipBlanks();
            if (peek() == ']') {
                pos++;
                return java.util.List.of();
            }
            while (true) {
                skipBlanks();
                items.add(value());
                skipBlanks();
                char d = next();
                if (d == ']') {
                    return java.util.Collections.unmodifiableList(items);
                }
                if (d != ',') {
                    throw error("expected ',' or ']'");
                }
            }
        }
        if (c == '"') {
            return string();
        }
        if (text.startsWith("null", pos)) {
            pos += 4;
            return null;
        }
        if (text.startsWith("true", pos)) {
            pos += 4;
            return Boolean.TRUE;
        }
        if (text.startsWith("false", pos)) {
            pos += 5;
            return Boolean.FALSE;
        }
        int start = pos;
        while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        String number = text.substring(start, pos);
        if (text.startsWith("NaN", pos) || text.startsWith("Infinity", pos)) {
            String word = text.startsWith("NaN", pos) ? "NaN" : "Infinity";
            pos += word.length();
            number += word;
        }
        try {
            return Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw error("expected a value");
        }
    }

    private String string() {
        expect('"');
        StringBuilder s = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return s.toString();
            }
            if (c != '\\') {
                s.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case 'n' -> s.append('\n');
                case 't' -> s.append('\t');
                case 'r' -> s.append('\r');
                case 'b' -> s.append('\b');
                case 'f' -> s.append('\f');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw error("short \\u escape");
                    }
                    s.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    pos += 4;
                }
                default -> s.append(e); // \" \\ \/
            }
        }
    }

    private void skipBlanks() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("unexpected end");
        }
        return text.charAt(pos);
    }

    private char next() {
        char c = peek();
        pos++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            pos--;
            throw error("expected '" + c + "'");
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at column " + (pos + 1) + " of: " + text);
    }
}
