package dev.rectifier.cli;

/**
 * A failure the user can act on: the message is the one line printed on stderr (what is wrong
 * and how to fix it), the exit code 1 (a failure) or 2 (a usage error).
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Exit code of a run that failed. */
    public static final int FAILURE = 1;
    /** Exit code of a command line that is wrong. */
    public static final int USAGE = 2;

    private final int exitCode;

    private CliException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** A failure (exit 1): missing data, an unwritable directory, a corrupt file. */
    public static CliException failure(String message) {
        return new CliException(message, FAILURE, null);
    }

    /** A failure (exit 1) caused by {@code cause}, kept for --verbose. */
    public static CliException failure(String message, Throwable cause) {
        return new CliException(message, FAILURE, cause);
    }

    /** A usage error (exit 2): an option value that cannot work. */
    public static CliException usage(String message) {
        return new CliException(message, USAGE, null);
    }

    /** A usage error (exit 2) caused by {@code cause}. */
    public static CliException usage(String message, Throwable cause) {
        return new CliException(message, USAGE, cause);
    }

    /** The process exit code: {@link #FAILURE} or {@link #USAGE}. */
    public int exitCode() {
        return exitCode;
    }
}
