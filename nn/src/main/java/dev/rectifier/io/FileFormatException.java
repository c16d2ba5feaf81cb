package dev.rectifier.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file that cannot be used as what it claims to be: corrupt, truncated, of another format or
 * version, or not matching what it is loaded into. The message starts with the file and then
 * says what is wrong, e.g. {@code run/model.safetensors: tensor 0.weight has shape [256, 784]
 * but the architecture needs [128, 784]}.
 */
public class FileFormatException extends IOException {
    private final transient Path file;

    public FileFormatException(Path file, String problem) {
        super(Objects.requireNonNull(file, "file is null") + ": " + problem);
        this.file = file;
    }

    public FileFormatException(Path file, String problem, Throwable cause) {
        super(Objects.requireNonNull(file, "file is null") + ": " + problem, cause);
        this.file = file;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }
}
