package dev.rectifier.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Crash-safe file replacement: the content goes to a temporary file in the target's directory
 * ({@code .NAME.tmp-RANDOM}), which is flushed to the disk ({@code fsync}) and then renamed over
 * the target in one atomic step ({@link StandardCopyOption#ATOMIC_MOVE}; where the file system
 * cannot, {@link StandardCopyOption#REPLACE_EXISTING}); the directory is then synced so the
 * rename itself survives a power cut. A reader therefore sees the old file or the new one, never
 * a part: a crash or an exception while writing leaves the previous file as it was, and the
 * temporary file is deleted (after a hard crash it may remain, under a name starting with '.'
 * that no loader reads).
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes the content of a file to a stream (which the caller closes). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Replaces {@code target} with what {@code content} writes.
     *
     * @throws IOException from the content or the file system; {@code target} is then unchanged
     */
    public static void write(Path target, Content content) throws IOException {
        Objects.requireNonNull(content, "content is null");
        Path dir = directoryOf(target);
        Files.createDirectories(dir);
        // Not Files.createTempFile: its owner-only permissions would pass to the target.
        Path tmp = temporarySibling(dir, target.getFileName().toString());
        boolean done = false;
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            move(tmp, target);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
        syncDirectory(dir);
    }

    /** A name for a temporary file or directory beside {@code name} in {@code dir}; not created. */
    static Path temporarySibling(Path dir, String name) {
        return dir.resolve("." + name + ".tmp-" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 1));
    }

    /** Renames {@code source} to {@code target} atomically where the file system can. */
    static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Flushes a directory's entries (new names, renames) to the disk. Best effort: some systems
     * (Windows) cannot open a directory, and there the rename is as durable as the OS makes it.
     */
    static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not possible on this platform; the data itself was already forced.
        }
    }

    static Path directoryOf(Path file) {
        Path abs = Objects.requireNonNull(file, "file is null").toAbsolutePath();
        if (abs.getFileName() == null) {
            throw new IllegalArgumentException("'" + file + "' names no file");
        }
        return abs.getParent();
    }
}
