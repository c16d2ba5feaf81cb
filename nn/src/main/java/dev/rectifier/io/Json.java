package dev.rectifier.io;

import java.io.IOException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A small, strict JSON (RFC 8259) reader and writer with no dependency.
 *
 * <p><b>Reading</b> maps objects to {@code LinkedHashMap<String, Object>} (members in file
 * order), arrays to {@code List<Object>}, strings to String, {@code true}/{@code false} to
 * Boolean, {@code null} to null, and numbers to <b>Long</b> when the literal has no fraction and
 * no exponent and fits in a long ({@code 784}, {@code -3}), else to <b>Double</b> ({@code 0.5},
 * {@code 1e-3}, {@code 2.0}, and integers beyond long, rounded to nearest). Strict means:
 * no comments, trailing commas, single quotes, leading zeros, {@code NaN} or {@code Infinity},
 * control characters or unpaired surrogates in strings, byte order marks, duplicate member names,
 * numbers beyond the range of double, or anything after the value. A problem throws
 * {@link JsonException} with the line, the column and what was expected there.
 *
 * <p><b>Writing</b> takes maps with String keys, collections, arrays (object and primitive),
 * CharSequence, Boolean, null, and the JDK's numbers. Numbers read back exactly: a double is
 * written as {@link Double#toString(double)}, the shortest decimal that rounds back to the same
 * double (JDK 19+), which always has a '.' or an exponent so it reads back as a Double; a float
 * as {@link Float#toString(float)}, the shortest decimal that rounds back to the same float (it
 * reads back as the Double nearest that decimal, whose float cast is the original); integers in
 * full. NaN and the infinities are not JSON: by default ({@link NonFinite#REFUSE}) the writer
 * refuses them with the path of the value ({@code $.metrics[3].val_loss}); with
 * {@link NonFinite#NULL} it writes {@code null}, as JavaScript's JSON.stringify does (pandas
 * reads it back as NaN). Compact output has no blanks ({@code {"a":[1,2]}}); pretty output
 * indents by two spaces and keeps arrays of scalars on one line.
 */
public final class Json {
    private Json() {}

    /** What the writer does with NaN and the infinities, which JSON cannot represent. */
    public enum NonFinite {
        /** Throw IllegalArgumentException naming the value's path. */
        REFUSE,
        /** Write {@code null}. */
        NULL
    }

    /**
     * The value {@code text} holds (see the class comment for the types).
     *
     * @throws JsonException with line and column if {@code text} is not strict JSON
     */
    public static Object parse(String text) {
        return JsonParser.parse(Objects.requireNonNull(text, "text is null"));
    }

    /**
     * The object {@code text} holds.
     *
     * @throws JsonException if {@code text} is not strict JSON or not an object
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object v = parse(text);
        if (!(v instanceof Map<?, ?>)) {
            throw new JsonException("expected a JSON object but the text holds " + describe(v), 1, 1, 0);
        }
        return (Map<String, Object>) v;
    }

    /**
     * The object in a UTF-8 file.
     *
     * @throws FileFormatException naming the file, with line and column, if the bytes are not
     *                             UTF-8 or the text is not a strict JSON object
     */
    public static Map<String, Object> readObject(Path file) throws IOException {
        String text = decodeUtf8(Files.readAllBytes(file), file);
        try {
            return parseObject(text);
        } catch (JsonException e) {
            throw new FileFormatException(file, e.getMessage(), e);
        }
    }

    /** Strict UTF-8 decoding: malformed bytes are an error, not U+FFFD. */
    static String decodeUtf8(byte[] bytes, Path file) throws FileFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new FileFormatException(file, "not valid UTF-8 text", e);
        }
    }

    /** Compact JSON for {@code value}, refusing NaN and infinities. */
    public static String write(Object value) {
        return write(value, false, NonFinite.REFUSE);
    }

    /** Indented JSON for {@code value}, refusing NaN and infinities. */
    public static String writePretty(Object value) {
        return write(value, true, NonFinite.REFUSE);
    }

    /**
     * JSON for {@code value}.
     *
     * @throws IllegalArgumentException naming the path ({@code $.layers[2].alpha}) of a value
     *                                  that cannot be written: an unsupported type, a non-String
     *                                  map key, an unpaired surrogate, or (with REFUSE) NaN or an
     *                                  infinity
     */
    public static String write(Object value, boolean pretty, NonFinite nonFinite) {
        StringBuilder out = new StringBuilder();
        new Writer(out, pretty, Objects.requireNonNull(nonFinite, "nonFinite is null")).value(value, "$", 0);
        return out.toString();
    }

    /** Atomically replaces {@code file} with the pretty JSON of {@code value} and a final newline. */
    public static void write(Path file, Object value) throws IOException {
        byte[] bytes = (writePretty(value) + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    static String describe(Object v) {
        return switch (v) {
            case null -> "null";
            case Map<?, ?> m -> "an object";
            case List<?> l -> "an array";
            case String s -> "a string";
            case Boolean b -> "a boolean (" + b + ")";
            case Number n -> "a number (" + n + ")";
            default -> v.getClass().getSimpleName();
        };
    }

    private static final class Writer {
        private static final int INLINE_WIDTH = 100;
        private final StringBuilder out;
        private final boolean pretty;
        private final NonFinite nonFinite;

        Writer(StringBuilder out, boolean pretty, NonFinite nonFinite) {
            this.out = out;
            this.pretty = pretty;
            this.nonFinite = nonFinite;
        }

        void value(Object v, String path, int indent) {
            switch (v) {
                case null -> out.append("null");
                case CharSequence s -> string(s.toString(), path);
                case Boolean b -> out.append(b);
                case Number n -> number(n, path);
                case Map<?, ?> m -> object(m, path, indent);
                case Collection<?> c -> array(c.toArray(), path, indent);
                case Object[] a -> array(a, path, indent);
                default -> {
                    if (!v.getClass().isArray()) {
                        throw new IllegalArgumentException("cannot write a " + v.getClass().getName() + " as JSON at " + path);
                    }
                    Object[] boxed = new Object[Array.getLength(v)];
                    for (int i = 0; i < boxed.length; i++) {
                        boxed[i] = Array.get(v, i);
                    }
                    array(boxed, path, indent);
                }
            }
        }

        private void number(Number n, String path) {
            switch (n) {
                case Double d when !Double.isFinite(d) -> nonFinite(d, path);
                case Float f when !Float.isFinite(f) -> nonFinite(f, path);
                case Double d -> out.append(Double.toString(d));
                case Float f -> out.append(Float.toString(f));
                case Long l -> out.append(l.longValue());
                case Integer i -> out.append(i.intValue());
                case Short s -> out.append(s.shortValue());
                case Byte b -> out.append(b.byteValue());
                case BigInteger b -> out.append(b);
                case BigDecimal b -> out.append(b);
                default -> throw new IllegalArgumentException("cannot write a " + n.getClass().getName() + " as a JSON number at " + path);
            }
        }

        private void nonFinite(Number n, String path) {
            if (nonFinite == NonFinite.REFUSE) {
                throw new IllegalArgumentException(n + " at " + path + " is not a JSON number (JSON has no NaN or infinity)");
            }
            out.append("null");
        }

        private void object(Map<?, ?> m, String path, int indent) {
            if (m.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("JSON object keys must be strings but " + path + " has the key "
                            + e.getKey() + (e.getKey() == null ? "" : " (" + e.getKey().getClass().getName() + ")"));
                }
                out.append(first ? "" : ",");
                first = false;
                newline(indent + 1);
                String childPath = path + pathKey(key);
                string(key, childPath);
                out.append(pretty ? ": " : ":");
                value(e.getValue(), childPath, indent + 1);
            }
            newline(indent);
            out.append('}');
        }

        private void array(Object[] a, String path, int indent) {
            if (a.length == 0) {
                out.append("[]");
                return;
            }
            boolean inline = !pretty || scalars(a);
            int start = out.length();
            out.append('[');
            for (int i = 0; i < a.length; i++) {
                out.append(i == 0 ? "" : pretty && inline ? ", " : ",");
                if (!inline) {
                    newline(indent + 1);
                }
                value(a[i], path + "[" + i + "]", indent + 1);
            }
            if (pretty && inline && out.length() - start > INLINE_WIDTH) {
                out.setLength(start);
                out.append('[');
                for (int i = 0; i < a.length; i++) {
                    out.append(i == 0 ? "" : ",");
                    newline(indent + 1);
                    value(a[i], path + "[" + i + "]", indent + 1);
                }
                inline = false;
            }
            if (!inline) {
                newline(indent);
            }
            out.append(']');
        }

        private static boolean scalars(Object[] a) {
            for (Object o : a) {
                if (o instanceof Map<?, ?> || o instanceof Collection<?> || (o != null && o.getClass().isArray())) {
                    return false;
                }
            }
            return true;
        }

        private void newline(int indent) {
            if (pretty) {
                out.append('\n');
                out.repeat("  ", indent);
            }
        }

        private void string(String s, String path) {
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    case '\b' -> out.append("\\b");
                    case '\f' -> out.append("\\f");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                            out.append(c).append(s.charAt(++i));
                        } else if (Character.isSurrogate(c)) {
                            throw new IllegalArgumentException("unpaired surrogate U+" + String.format("%04X", (int) c)
                                    + " in the string at " + path + " cannot be written as UTF-8");
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }

        private static String pathKey(String key) {
            return key.matches("[A-Za-z_][A-Za-z0-9_]*") ? "." + key : "[" + Json.write(key) + "]";
        }
    }
}
