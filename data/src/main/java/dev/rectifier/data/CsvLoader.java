package dev.rectifier.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads a classification table from a CSV file (UTF-8): a header row naming the columns, one
 * label column, every other column a numeric feature (unless ignored).
 *
 * <p>Fields follow RFC 4180: separated by the delimiter (',' unless set), optionally in double
 * quotes, inside which the delimiter and line breaks are data and {@code ""} is one quote. Spaces
 * around a field are dropped. Lines may end in LF or CRLF; blank lines are skipped; a leading
 * byte-order mark is ignored. An empty header field is named {@code "column N"} (N counting from
 * 1), as pandas leaves its index column unnamed.
 *
 * <p>Features are parsed as decimal floats ({@code 1}, {@code -2.5}, {@code .5}, {@code 3e-4}),
 * correctly rounded. Empty values, {@code NaN}, infinities and values outside the float range are
 * refused: a loader that guessed would hide a broken file.
 *
 * <p>Labels become class indices by {@link LabelMode}: names sorted in {@link String} order
 * ({@code "setosa" < "versicolor" < "virginica"} become 0, 1, 2), or whole numbers used as the
 * index itself (classes {@code 0..max}, named {@code "0"}, {@code "1"}, ...).
 *
 * <p>A malformed file is refused with a {@link DataException} naming the file, the line and what
 * was wrong: {@code "iris.csv: line 17: expected 5 fields (as in the header) but found 4"},
 * {@code "iris.csv: line 9: column 'petal_width': 'abc' is not a number"}.
 *
 * <p>Instances are immutable; the {@code with...} methods return modified copies.
 */
public final class CsvLoader {
    /** How label values become class indices. */
    public enum LabelMode {
        /** {@link #INDICES} if every label is a whole number {@code >= 0}, else {@link #NAMES}. */
        AUTO,
        /** Distinct label strings sorted in {@link String#compareTo} order; class k is the k-th. */
        NAMES,
        /** Each label is a whole number {@code >= 0} ({@code 3} or {@code 3.0}) and is the class index. */
        INDICES
    }

    /** Largest class index {@link LabelMode#INDICES} accepts, so a stray value cannot allocate millions of classes. */
    public static final int MAX_CLASS_INDEX = 65_535;

    private final String labelColumn;
    private final char delimiter;
    private final LabelMode labelMode;
    private final Set<String> ignored;

    private CsvLoader(String labelColumn, char delimiter, LabelMode labelMode, Set<String> ignored) {
        this.labelColumn = labelColumn;
        this.delimiter = delimiter;
        this.labelMode = labelMode;
        this.ignored = ignored;
    }

    /** A loader taking labels from the column named {@code labelColumn}, comma-separated, {@link LabelMode#AUTO}. */
    public static CsvLoader labelColumn(String labelColumn) {
        Objects.requireNonNull(labelColumn, "labelColumn is null");
        return new CsvLoader(labelColumn.strip(), ',', LabelMode.AUTO, Set.of());
    }

    /**
     * This loader with another field delimiter, e.g. {@code ';'} or {@code '\t'}.
     *
     * @throws IllegalArgumentException if {@code delimiter} is a quote or a line break
     */
    public CsvLoader withDelimiter(char delimiter) {
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("delimiter=" + printable(delimiter) + " but it cannot be a quote or a line break");
        }
        return new CsvLoader(labelColumn, delimiter, labelMode, ignored);
    }

    /** This loader with another {@link LabelMode}. */
    public CsvLoader withLabelMode(LabelMode mode) {
        return new CsvLoader(labelColumn, delimiter, Objects.requireNonNull(mode, "mode is null"), ignored);
    }

    /** This loader skipping the named columns (ids, free text); each must exist in the header. */
    public CsvLoader withIgnoredColumns(String... columns) {
        Set<String> set = new LinkedHashSet<>(ignored);
        for (String c : columns) {
            set.add(Objects.requireNonNull(c, "column name is null").strip());
        }
        return new CsvLoader(labelColumn, delimiter, labelMode, Set.copyOf(set));
    }

    /**
     * Reads {@code path}: samples of shape {@code [features]}, feature names from the header.
     *
     * @throws DataException naming the file and line if the file cannot be read or is malformed
     */
    public Dataset load(Path path) {
        Objects.requireNonNull(path, "path is null");
        String source = path.toString();
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return load(source, reader);
        } catch (DataException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                // The decoder reads ahead of the parser, so find the exact place in a second pass.
                String where;
                try {
                    where = firstEncodingError(path);
                } catch (IOException again) {
                    where = "not valid UTF-8";
                }
                throw new DataException(source, where + "; save the file as UTF-8", e.getCause());
            }
            throw e;
        } catch (NoSuchFileException e) {
            throw new DataException(source, "no such file", e);
        } catch (AccessDeniedException e) {
            throw new DataException(source, "permission denied", e);
        } catch (IOException e) {
            throw new DataException(source, "cannot read: " + e, e);
        }
    }

    /**
     * Reads CSV text from {@code reader} (not closed); {@code source} names it in messages.
     *
     * @throws DataException naming {@code source} and the line if the text is malformed or unreadable
     */
    public Dataset load(String source, Reader reader) {
        Objects.requireNonNull(source, "source is null");
        Objects.requireNonNull(reader, "reader is null");
        CsvRecords records = new CsvRecords(source, reader, delimiter);
        try {
            return parse(source, records);
        } catch (CharacterCodingException e) {
            throw new DataException(source, "near line " + records.line() + ": not valid text in the reader's encoding (" + e + ")", e);
        } catch (IOException e) {
            throw new DataException(source, "read failed at line " + records.line() + ": " + e, e);
        }
    }

    /** "line N: not valid UTF-8 (byte 0xE9 at offset 6)" for the first malformed byte of {@code path}. */
    private static String firstEncodingError(Path path) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
        CharBuffer chars = CharBuffer.allocate(1 << 16);
        long consumed = 0;
        int line = 1;
        try (InputStream in = Files.newInputStream(path)) {
            boolean end = false;
            while (true) {
                int n = end ? -1 : in.read(bytes.array(), bytes.position(), bytes.remaining());
                end = n < 0;
                if (!end) {
                    bytes.position(bytes.position() + n);
                }
                bytes.flip();
                int before = bytes.position();
                CoderResult result = decoder.decode(bytes, chars, end);
                consumed += bytes.position() - before;
                chars.flip();
                while (chars.hasRemaining()) {
                    if (chars.get() == '\n') {
                        line++;
                    }
                }
                chars.clear();
                if (result.isError()) {
                    return "line " + line + ": not valid UTF-8 (byte 0x" + String.format("%02X", bytes.get() & 0xFF)
                            + " at offset " + consumed + ")";
                }
                bytes.compact();
                if (end && !result.isOverflow()) {
                    return "not valid UTF-8";
                }
            }
        }
    }

    private Dataset parse(String source, CsvRecords records) throws IOException {
        List<String> header = records.next();
        if (header == null) {
            throw new DataException(source, "empty file: expected a header row naming the columns");
        }
        int fieldCount = header.size();
        Map<String, Integer> position = new HashMap<>();
        for (int j = 0; j < fieldCount; j++) {
            String name = header.get(j).isEmpty() ? "column " + (j + 1) : header.get(j);
            header.set(j, name);
            Integer previous = position.putIfAbsent(name, j);
            if (previous != null) {
                throw new DataException(source, "line " + records.recordLine() + ": header names column '" + name
                        + "' twice (fields " + (previous + 1) + " and " + (j + 1) + ")");
            }
        }
        Integer labelAt = position.get(labelColumn);
        if (labelAt == null) {
            throw new DataException(source, "no column named '" + labelColumn + "' for the labels; the header has "
                    + quoted(header));
        }
        for (String c : ignored) {
            if (!position.containsKey(c)) {
                throw new DataException(source, "no column named '" + c + "' to ignore; the header has " + quoted(header));
            }
        }
        int[] featureAt = new int[fieldCount];
        List<String> featureNames = new ArrayList<>();
        for (int j = 0; j < fieldCount; j++) {
            if (j != labelAt && !ignored.contains(header.get(j))) {
                featureAt[featureNames.size()] = j;
                featureNames.add(header.get(j));
            }
        }
        int f = featureNames.size();
        if (f == 0) {
            throw new DataException(source, "no feature columns: the header has " + quoted(header) + ", of which '"
                    + labelColumn + "' is the label" + (ignored.isEmpty() ? "" : " and " + quoted(ignored) + " are ignored"));
        }

        float[] features = new float[f * 64];
        List<String> labels = new ArrayList<>();
        int[] lines = new int[64];
        for (List<String> row; (row = records.next()) != null; ) {
            int line = records.recordLine();
            if (row.size() != fieldCount) {
                throw new DataException(source, "line " + line + ": expected " + fieldCount + " fields (as in the header) but found "
                        + row.size() + (delimiter == ',' ? "" : " (delimiter " + printable(delimiter) + ")"));
            }
            int n = labels.size();
            if ((long) (n + 1) * f > Idx.MAX_ARRAY) {
                throw new DataException(source, "line " + line + ": too large: more than " + Idx.MAX_ARRAY
                        + " feature values do not fit in one array");
            }
            if ((n + 1) * f > features.length) {
                features = Arrays.copyOf(features, (int) Math.min(Idx.MAX_ARRAY, 2L * features.length));
            }
            if (n == lines.length) {
                lines = Arrays.copyOf(lines, 2 * n);
            }
            for (int k = 0; k < f; k++) {
                features[n * f + k] = parseFeature(source, line, header.get(featureAt[k]), row.get(featureAt[k]));
            }
            String label = row.get(labelAt);
            if (label.isEmpty()) {
                throw new DataException(source, "line " + line + ": label column '" + labelColumn + "' is empty");
            }
            labels.add(label);
            lines[n] = line;
        }
        if (labels.isEmpty()) {
            throw new DataException(source, "no data rows after the header");
        }
        int n = labels.size();
        int[] y = new int[n];
        List<String> classNames = classes(source, labels, lines, y);
        return Dataset.of(Arrays.copyOf(features, n * f), y, new int[] {f}, classNames, featureNames);
    }

    private List<String> classes(String source, List<String> labels, int[] lines, int[] y) {
        LabelMode mode = labelMode;
        if (mode == LabelMode.AUTO) {
            mode = LabelMode.INDICES;
            for (String label : labels) {
                if (classIndex(label) < 0) {
                    mode = LabelMode.NAMES;
                    break;
                }
            }
        }
        if (mode == LabelMode.INDICES) {
            int max = 0;
            for (int i = 0; i < y.length; i++) {
                y[i] = classIndex(labels.get(i));
                if (y[i] < 0) {
                    throw new DataException(source, "line " + lines[i] + ": label column '" + labelColumn + "': '"
                            + labels.get(i) + "' is not a class index (a whole number from 0 to " + MAX_CLASS_INDEX
                            + "); load the labels as names instead");
                }
                max = Math.max(max, y[i]);
            }
            List<String> names = new ArrayList<>();
            for (int k = 0; k <= max; k++) {
                names.add(Integer.toString(k));
            }
            return names;
        }
        List<String> names = new ArrayList<>(new TreeSet<>(labels));
        Map<String, Integer> index = new HashMap<>();
        for (int k = 0; k < names.size(); k++) {
            index.put(names.get(k), k);
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = index.get(labels.get(i));
        }
        return names;
    }

    /** The class index a label stands for, or -1 if it is not a whole number in [0, MAX_CLASS_INDEX]. */
    private static int classIndex(String label) {
        if (!isDecimal(label)) {
            return -1;
        }
        double v = Double.parseDouble(label);
        return v >= 0 && v <= MAX_CLASS_INDEX && v == Math.rint(v) ? (int) v : -1;
    }

    private static float parseFeature(String source, int line, String column, String field) {
        String text = field.strip(); // a quoted number may carry spaces inside its quotes
        if (text.isEmpty()) {
            throw new DataException(source, "line " + line + ": column '" + column + "': empty value (missing values are not supported)");
        }
        if (!isDecimal(text)) {
            throw new DataException(source, "line " + line + ": column '" + column + "': '" + text + "' is not a number");
        }
        float v = Float.parseFloat(text);
        if (Float.isInfinite(v)) {
            throw new DataException(source, "line " + line + ": column '" + column + "': '" + text
                    + "' is outside the float range (magnitude above " + Float.MAX_VALUE + ")");
        }
        return v;
    }

    /**
     * Whether {@code s} is a plain decimal: {@code [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?}.
     * Stricter than {@link Float#parseFloat}, which also takes "NaN", "Infinity", hex and a trailing 'f' or 'd'.
     */
    static boolean isDecimal(String s) {
        int i = 0, n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponent = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                exponent++;
            }
            if (exponent == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String quoted(Iterable<String> names) {
        StringBuilder s = new StringBuilder();
        for (String name : names) {
            s.append(s.isEmpty() ? "" : ", ").append('\'').append(name).append('\'');
        }
        return s.toString();
    }

    static String printable(char c) {
        return switch (c) {
            case '\t' -> "'\\t' (tab)";
            case '\n' -> "'\\n'";
            case '\r' -> "'\\r'";
            default -> "'" + c + "'";
        };
    }
}
