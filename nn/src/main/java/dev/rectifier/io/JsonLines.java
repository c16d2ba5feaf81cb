package dev.rectifier.io;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * JSON Lines (one compact JSON value per line, UTF-8, LF after each): the format of per-epoch
 * metrics files, readable with {@code pandas.read_json(path, lines=True)} or {@code jq}.
 *
 * <p>A writer flushes after each line, so a file being written can be followed ({@code tail -f})
 * and a crash loses at most the line in progress; {@link #read} reports such a torn last line
 * as an error naming its line number.
 */
public final class JsonLines implements Closeable, Flushable {
    private final Path file;
    private final BufferedWriter out;
    private final Json.NonFinite nonFinite;

    private JsonLines(Path file, BufferedWriter out, Json.NonFinite nonFinite) {
        this.file = file;
        this.out = out;
        this.nonFinite = nonFinite;
    }

    /**
     * Opens {@code file} for writing lines, creating it (and its directory) if needed.
     *
     * @param append    true to add to an existing file (a resumed run), false to start it anew
     * @param nonFinite what to write for NaN and infinities (metrics often have NaN, e.g. a
     *                  validation loss without validation data: {@link Json.NonFinite#NULL})
     */
    public static JsonLines open(Path file, boolean append, Json.NonFinite nonFinite) throws IOException {
        Objects.requireNonNull(nonFinite, "nonFinite is null");
        Path dir = AtomicFiles.directoryOf(file);
        Files.createDirectories(dir);
        BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        return new JsonLines(file, w, nonFinite);
    }

    /**
     * Writes {@code value} as one line and flushes.
     *
     * @throws IllegalArgumentException if the value cannot be written (see {@link Json#write(Object, boolean, Json.NonFinite)});
     *                                  nothing is written then
     */
    public void write(Object value) throws IOException {
        String line = line(value, nonFinite);
        out.write(line);
        out.write('\n');
        out.flush();
    }

    /** The compact JSON of {@code value} as a line (without the LF); a JSON line never holds a raw newline. */
    public static String line(Object value, Json.NonFinite nonFinite) {
        return Json.write(value, false, nonFinite);
    }

    /** The file being written. */
    public Path file() {
        return file;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /**
     * Every value in a JSON Lines file, in order; blank lines are skipped.
     *
     * @throws FileFormatException naming the file, the line number and the column of the first
     *                             line that is not JSON
     */
    public static List<Object> read(Path file) throws IOException {
        String text = Json.decodeUtf8(Files.readAllBytes(file), file);
        List<Object> values = new ArrayList<>();
        int lineNumber = 0;
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            lineNumber++;
            String line = text.substring(start, end > start && text.charAt(end - 1) == '\r' ? end - 1 : end);
            start = end + 1;
            if (line.isBlank()) {
                continue;
            }
            try {
                values.add(Json.parse(line));
            } catch (JsonException e) {
                throw new FileFormatException(file, "line " + lineNumber + ", column " + e.column() + ": "
                        + e.getMessage().substring(e.getMessage().indexOf(": ") + 2), e);
            }
        }
        return values;
    }
}
