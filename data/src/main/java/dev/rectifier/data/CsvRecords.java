package dev.rectifier.data;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text into records of fields (RFC 4180 with the relaxations {@link CsvLoader}
 * documents), tracking line numbers for messages. A record may span lines when a quoted field
 * holds a line break; {@link #recordLine()} is the line the last record started on.
 */
final class CsvRecords {
    private static final int EOF = -1;

    private final String source;
    private final Reader in;
    private final char delimiter;
    private final char[] buffer = new char[1 << 14];
    private int pos, limit;
    private int line = 1;
    private int recordLine;
    private boolean started;
    private boolean blank;

    CsvRecords(String source, Reader in, char delimiter) {
        this.source = source;
        this.in = in;
        this.delimiter = delimiter;
    }

    /** Line (1-based) being read; after a failure, where it happened. */
    int line() {
        return line;
    }

    /** Line on which the record last returned by {@link #next()} started. */
    int recordLine() {
        return recordLine;
    }

    /** The next non-blank record's fields (spaces around unquoted fields stripped), or null at the end. */
    List<String> next() throws IOException {
        while (peek() != EOF) {
            recordLine = line;
            blank = true;
            List<String> fields = record();
            if (fields.size() > 1 || !blank) {
                return fields;
            }
            // a line of nothing but spaces: skipped like an empty one
        }
        return null;
    }

    private List<String> record() throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        while (true) {
            field.setLength(0);
            skipSpaces();
            int c = peek();
            if (c == '"') {
                read();
                blank = false;
                quoted(field, fields.size() + 1);
                skipSpaces();
                c = read();
                if (c != delimiter && c != '\n' && c != '\r' && c != EOF) {
                    throw new DataException(source, "line " + line + ": field " + (fields.size() + 1) + ": "
                            + describe(c) + " after the closing quote; expected the delimiter "
                            + CsvLoader.printable(delimiter) + " or the end of the line");
                }
                fields.add(field.toString());
            } else {
                while ((c = read()) != delimiter && c != '\n' && c != '\r' && c != EOF) {
                    if (c == '"') {
                        throw new DataException(source, "line " + line + ": field " + (fields.size() + 1)
                                + ": a quote inside an unquoted field; quote the whole field and double the quote (\"\")");
                    }
                    field.append((char) c);
                }
                String value = field.toString().strip();
                blank &= value.isEmpty();
                fields.add(value);
            }
            if (c != delimiter) {
                if (c != EOF) {
                    endOfLine(c);
                }
                return fields;
            }
        }
    }

    /** Reads a quoted field's content up to and including its closing quote. */
    private void quoted(StringBuilder field, int fieldNumber) throws IOException {
        int startLine = line;
        while (true) {
            int c = read();
            if (c == EOF) {
                throw new DataException(source, "line " + startLine + ": field " + fieldNumber
                        + ": quoted field is never closed (the file ends inside it)");
            }
            if (c == '"') {
                if (peek() != '"') {
                    return;
                }
                read();
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && peek() == '\n') {
                    read();
                }
                line++;
                c = '\n'; // a line break inside a field is kept as LF whatever the file uses
            }
            field.append((char) c);
        }
    }

    private void skipSpaces() throws IOException {
        int c;
        while (((c = peek()) == ' ' || c == '\t') && c != delimiter) {
            read();
        }
    }

    private void endOfLine(int c) throws IOException {
        if (c == '\r' && peek() == '\n') {
            read();
        }
        line++;
    }

    private static String describe(int c) {
        return c == EOF ? "end of file" : "'" + (char) c + "'";
    }

    private int peek() throws IOException {
        if (pos == limit && !fill()) {
            return EOF;
        }
        return buffer[pos];
    }

    private int read() throws IOException {
        if (pos == limit && !fill()) {
            return EOF;
        }
        return buffer[pos++];
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        if (!started) {
            started = true;
            if (buffer[0] == '\uFEFF') { // byte-order mark some editors write
                pos = 1;
                return pos < limit || fill();
            }
        }
        return true;
    }
}
