package dev.rectifier.data;

import java.util.Objects;

/**
 * A data file that cannot be read or is not what it claims to be: missing, unreadable, corrupt,
 * truncated, oversized or malformed. The message starts with the file (and, for text formats,
 * the line) and says what was wrong, so that a command-line tool can print it as is, for example
 * {@code "train-images-idx3-ubyte.gz: truncated: header says 60000 images of 28x28 (47040000
 * bytes after the 16-byte header) but the file ends after 1234567 bytes"}. An underlying
 * {@link java.io.IOException} is kept as the cause.
 */
public final class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String source;

    /**
     * @param source  the file or resource the problem is in, as the user would name it
     * @param problem what was wrong, without the source
     */
    public DataException(String source, String problem) {
        super(Objects.requireNonNull(source, "source is null") + ": " + Objects.requireNonNull(problem, "problem is null"));
        this.source = source;
    }

    /** As {@link #DataException(String, String)}, keeping {@code cause} (usually an IOException). */
    public DataException(String source, String problem, Throwable cause) {
        super(Objects.requireNonNull(source, "source is null") + ": " + Objects.requireNonNull(problem, "problem is null"), cause);
        this.source = source;
    }

    /** The file or resource the problem is in. */
    public String source() {
        return source;
    }
}
