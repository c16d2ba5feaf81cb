package dev.rectifier.io;

/**
 * Text that is not the JSON expected: where (1-based line and column, and the 0-based character
 * offset) and what was expected there, e.g. {@code line 3, column 14: expected ',' or '}' after
 * an object member but found 'x'}.
 */
public final class JsonException extends IllegalArgumentException {
    private final int line;
    private final int column;
    private final int offset;

    JsonException(String problem, int line, int column, int offset) {
        super("line " + line + ", column " + column + ": " + problem);
        this.line = line;
        this.column = column;
        this.offset = offset;
    }

    /** 1-based line of the problem (lines end at LF, CR or CR LF). */
    public int line() {
        return line;
    }

    /** 1-based column of the problem, counted in UTF-16 code units from the line's start. */
    public int column() {
        return column;
    }

    /** 0-based character offset of the problem in the text. */
    public int offset() {
        return offset;
    }
}
