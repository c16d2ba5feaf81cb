package dev.rectifier.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** RFC 8259 JSON, strictly: the reader behind {@link Json#parse}. */
final class JsonParser {
    /** Deep enough for any real document, shallow enough that hostile input cannot overflow the stack. */
    static final int MAX_DEPTH = 512;

    private final String text;
    private int pos;
    private int depth;

    private JsonParser(String text) {
        this.text = text;
    }

    static Object parse(String text) {
        JsonParser p = new JsonParser(text);
        p.skipBlanks();
        if (p.pos < text.length() && text.charAt(p.pos) == '\uFEFF') {
            throw p.error("a byte order mark is not allowed in JSON; save the file as UTF-8 without BOM", p.pos);
        }
        Object value = p.value("a JSON value");
        p.skipBlanks();
        if (p.pos < text.length()) {
            throw p.error("expected the end of the text after the JSON value but found " + p.describe(p.pos), p.pos);
        }
        return value;
    }

    private Object value(String expected) {
        if (pos >= text.length()) {
            throw error("expected " + expected + " but found the end of the text", pos);
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE, expected);
            case 'f' -> literal("false", Boolean.FALSE, expected);
            case 'n' -> literal("null", null, expected);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("expected " + expected + " but found " + describe(pos)
                        + (c == '\'' ? " (JSON strings take double quotes)" : ""), pos);
            }
        };
    }

    private Map<String, Object> object() {
        enter();
        pos++;
        Map<String, Object> map = new LinkedHashMap<>();
        skipBlanks();
        if (peek() == '}') {
            pos++;
            depth--;
            return map;
        }
        while (true) {
            skipBlanks();
            if (peek() != '"') {
                throw error("expected a member name in double quotes but found " + describe(pos)
                        + (peek() == '}' ? " (a trailing comma is not allowed)" : ""), pos);
            }
            int keyAt = pos;
            String key = string();
            skipBlanks();
            expect(':', "after the member name \"" + key + "\"");
            skipBlanks();
            Object v = value("a value for \"" + key + "\"");
            if (map.containsKey(key)) {
                throw error("duplicate member name \"" + key + "\"", keyAt);
            }
            map.put(key, v);
            skipBlanks();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == '}') {
                pos++;
                depth--;
                return map;
            } else {
                throw error("expected ',' or '}' after an object member but found " + describe(pos), pos);
            }
        }
    }

    private List<Object> array() {
        enter();
        pos++;
        List<Object> list = new ArrayList<>();
        skipBlanks();
        if (peek() == ']') {
            pos++;
            depth--;
            return list;
        }
        while (true) {
            skipBlanks();
            if (peek() == ']') {
                throw error("expected an array element but found ']' (a trailing comma is not allowed)", pos);
            }
            list.add(value("an array element"));
            skipBlanks();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == ']') {
                pos++;
                depth--;
                return list;
            } else {
                throw error("expected ',' or ']' after an array element but found " + describe(pos), pos);
            }
        }
    }

    private String string() {
        int start = pos;
        pos++;
        StringBuilder b = null;
        int runStart = pos;
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string (started at column " + columnOf(start) + ")", pos);
            }
            char c = text.charAt(pos);
            if (c == '"') {
                String s = b == null ? text.substring(runStart, pos) : b.append(text, runStart, pos).toString();
                pos++;
                return s;
            }
            if (c < 0x20) {
                throw error("control character U+" + String.format("%04X", (int) c)
                        + " in a string; write it as an escape such as \\n or \\u" + String.format("%04X", (int) c), pos);
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && pos + 1 < text.length() && Character.isLowSurrogate(text.charAt(pos + 1))) {
                    pos += 2;
                    continue;
                }
                throw error("unpaired surrogate U+" + String.format("%04X", (int) c) + " in a string", pos);
            }
            if (c != '\\') {
                pos++;
                continue;
            }
            if (b == null) {
                b = new StringBuilder();
            }
            b.append(text, runStart, pos);
            int escapeAt = pos;
            pos++;
            char e = pos < text.length() ? text.charAt(pos) : 0;
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    char u = hex4(pos + 1);
                    pos += 4;
                    if (Character.isHighSurrogate(u)) {
                        if (!text.startsWith("\\u", pos + 1) || !Character.isLowSurrogate(hex4(pos + 3))) {
                            throw error("escape \\u" + String.format("%04X", (int) u)
                                    + " is a high surrogate not followed by a \\u escape of a low surrogate", escapeAt);
                        }
                        b.append(u).append(hex4(pos + 3));
                        pos += 6;
                    } else if (Character.isLowSurrogate(u)) {
                        throw error("escape \\u" + String.format("%04X", (int) u) + " is an unpaired low surrogate", escapeAt);
                    } else {
                        b.append(u);
                    }
                }
                default -> throw error("expected an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX) but found "
                        + (pos < text.length() ? "\\" + describeChar(e) : "the end of the text"), escapeAt);
            }
            pos++;
            runStart = pos;
        }
    }

    private char hex4(int at) {
        if (at + 4 > text.length()) {
            throw error("expected 4 hex digits after \\u but found the end of the text", Math.min(at, text.length()));
        }
        int v = 0;
        for (int i = at; i < at + 4; i++) {
            char c = text.charAt(i);
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) {
                throw error("expected a hex digit in a \\u escape but found " + describe(i), i);
            }
            v = v * 16 + d;
        }
        return (char) v;
    }

    /**
     * Integers (no fraction, no exponent) that fit become Long; every other number becomes Double,
     * correctly rounded. An integer beyond the range of long becomes the nearest Double, and a
     * number beyond the range of double is refused (it could not be written back).
     */
    private Object number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) {
                throw error("a number may not have a leading zero", start);
            }
        } else if (isDigit(peek())) {
            while (isDigit(peek())) {
                pos++;
            }
        } else {
            throw error("expected a digit after '-' but found " + describe(pos), pos);
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            pos++;
            if (!isDigit(peek())) {
                throw error("expected a digit after the decimal point but found " + describe(pos), pos);
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("expected a digit in the exponent but found " + describe(pos), pos);
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        String literal = text.substring(start, pos);
        if (integral) {
            try {
                return Long.parseLong(literal);
            } catch (NumberFormatException beyondLong) {
                // Falls through to the nearest double, as JavaScript and Python's float() read it.
            }
        }
        double d = Double.parseDouble(literal);
        if (Double.isInfinite(d)) {
            throw error("number " + literal + " is beyond the range of a double", start);
        }
        return d;
    }

    private Object literal(String word, Object value, String expected) {
        if (!text.startsWith(word, pos)) {
            throw error("expected " + expected + " but found " + describe(pos), pos);
        }
        pos += word.length();
        return value;
    }

    private void expect(char c, String where) {
        if (peek() != c) {
            throw error("expected '" + c + "' " + where + " but found " + describe(pos), pos);
        }
        pos++;
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels", pos);
        }
    }

    private void skipBlanks() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private String describe(int at) {
        return at >= text.length() ? "the end of the text" : describeChar(text.charAt(at));
    }

    private static String describeChar(char c) {
        if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) || c == '\uFEFF') {
            return String.format("U+%04X", (int) c);
        }
        return "'" + c + "'";
    }

    private int columnOf(int at) {
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                lineStart = i + 1;
            }
        }
        return at - lineStart + 1;
    }

    private JsonException error(String problem, int at) {
        int line = 1;
        for (int i = 0; i < at && i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                line++;
            }
        }
        return new JsonException(problem, line, columnOf(at), at);
    }
}
