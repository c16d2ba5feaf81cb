package dev.rectifier.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Reads and writes IDX files, the format of MNIST and Fashion-MNIST, plain or gzip-compressed.
 *
 * <p>An IDX file is a big-endian header followed by the data: a 4-byte magic number
 * {@code 0x00 0x00 type dims}, then {@code dims} sizes of 4 bytes each (unsigned), then
 * {@code size0 * size1 * ...} values. Label files are {@code 0x00000801} (unsigned bytes, one
 * dimension: the count); image files are {@code 0x00000803} (unsigned bytes, three dimensions:
 * count, rows, cols). Only the unsigned byte type ({@code 0x08}) is read.
 *
 * <p>Gzip is recognised by its magic bytes {@code 0x1f 0x8b}, never by the file name. Every read
 * checks the magic number (leading zeros, type byte, dimension count), the sizes, and that the
 * data is exactly as long as the header says: a short file is refused as truncated and a longer
 * one as having trailing data. Failures throw {@link DataException} with the file and the
 * problem; an {@link IOException} is kept as its cause.
 */
public final class Idx {
    /** The IDX type byte of unsigned 8-bit values, the only type this reader accepts. */
    public static final int UNSIGNED_BYTE = 0x08;
    /** Magic number of an unsigned byte file of one dimension: labels. */
    public static final int LABELS_MAGIC = 0x00000801;
    /** Magic number of an unsigned byte file of three dimensions: images. */
    public static final int IMAGES_MAGIC = 0x00000803;

    /** The largest array the JVM reliably allocates; a header asking for more is refused. */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final int BUFFER = 1 << 16;

    private Idx() {}

    /**
     * Reads an image file ({@code 0x00000803}).
     *
     * @throws DataException naming {@code path} if it cannot be read or is not a well-formed image file
     */
    public static IdxImages readImages(Path path) {
        Raw raw = readFile(path, 3);
        return new IdxImages((int) raw.dims[0], (int) raw.dims[1], (int) raw.dims[2], raw.data);
    }

    /**
     * Reads a label file ({@code 0x00000801}): one unsigned byte per label, returned as 0..255.
     *
     * @throws DataException naming {@code path} if it cannot be read or is not a well-formed label file
     */
    public static int[] readLabels(Path path) {
        return toInts(readFile(path, 1).data);
    }

    /**
     * Reads an image file from a stream (plain or gzip); {@code source} names it in messages.
     * The stream is read to its end but not closed.
     */
    public static IdxImages readImages(String source, InputStream in) {
        Raw raw = read(source, in, 3, -1);
        return new IdxImages((int) raw.dims[0], (int) raw.dims[1], (int) raw.dims[2], raw.data);
    }

    /** Reads a label file from a stream; see {@link #readImages(String, InputStream)}. */
    public static int[] readLabels(String source, InputStream in) {
        return toInts(read(source, in, 1, -1).data);
    }

    /**
     * Reads an image file and its label file into a dataset of {@code count} samples of shape
     * {@code [1, rows, cols]}, pixels scaled by {@code scale}.
     *
     * @throws DataException if either file is bad, if the counts differ ("... has 60000 images but
     *                       ... has 59999 labels"), or if a label is not a class index
     */
    public static Dataset readLabelledImages(Path images, Path labels, List<String> classNames, PixelScale scale) {
        Objects.requireNonNull(classNames, "classNames is null");
        Objects.requireNonNull(scale, "scale is null");
        IdxImages x = readImages(images);
        int[] y = readLabels(labels);
        return labelled(images.toString(), x, labels.toString(), y, classNames, scale);
    }

    static Dataset labelled(String imagesSource, IdxImages x, String labelsSource, int[] y,
                            List<String> classNames, PixelScale scale) {
        if (x.count() != y.length) {
            throw new DataException(labelsSource, "has " + y.length + " labels but " + imagesSource
                    + " has " + x.count() + " images; the two files must describe the same samples");
        }
        for (int i = 0; i < y.length; i++) {
            if (y[i] >= classNames.size()) {
                throw new DataException(labelsSource, "label " + y[i] + " at index " + i + " but there are only "
                        + classNames.size() + " classes (0.." + (classNames.size() - 1) + ")");
            }
        }
        return Dataset.ofImages(x, y, classNames, scale);
    }

    /**
     * Writes {@code images} to {@code path} as an IDX image file, gzip-compressed (at the highest
     * level) if {@code gzip}. The file is written beside and then moved into place, so a failed
     * write never leaves a partial file under {@code path}.
     */
    public static void writeImages(Path path, IdxImages images, boolean gzip) {
        Objects.requireNonNull(images, "images is null");
        write(path, gzip, out -> writeImages(out, images));
    }

    /**
     * Writes {@code labels} (each 0..255) to {@code path} as an IDX label file; see
     * {@link #writeImages(Path, IdxImages, boolean)}.
     *
     * @throws IllegalArgumentException if a label is outside 0..255
     */
    public static void writeLabels(Path path, int[] labels, boolean gzip) {
        byte[] bytes = toUnsignedBytes(labels);
        write(path, gzip, out -> writeHeaderAndData(out, LABELS_MAGIC, new int[] {labels.length}, bytes));
    }

    /** Writes {@code images} as an uncompressed IDX image file to {@code out} (not closed). */
    public static void writeImages(OutputStream out, IdxImages images) throws IOException {
        writeHeaderAndData(out, IMAGES_MAGIC, new int[] {images.count(), images.rows(), images.cols()}, images.pixels());
    }

    /** Writes {@code labels} (each 0..255) as an uncompressed IDX label file to {@code out} (not closed). */
    public static void writeLabels(OutputStream out, int[] labels) throws IOException {
        writeHeaderAndData(out, LABELS_MAGIC, new int[] {labels.length}, toUnsignedBytes(labels));
    }

    // ---------------------------------------------------------------------------------------------

    private record Raw(long[] dims, byte[] data) {}

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static Raw readFile(Path path, int expectedDims) {
        Objects.requireNonNull(path, "path is null");
        String source = path.toString();
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            throw openFailure(source, e);
        }
        try (InputStream in = Files.newInputStream(path)) {
            return read(source, in, expectedDims, size);
        } catch (IOException e) {
            throw openFailure(source, e);
        }
    }

    private static DataException openFailure(String source, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new DataException(source, "no such file", e);
        }
        if (e instanceof AccessDeniedException) {
            return new DataException(source, "permission denied", e);
        }
        return new DataException(source, "cannot read: " + e, e);
    }

    /**
     * The whole read: gzip detection, header checks, data, end of file. {@code fileSize} is the
     * size on disk when known (else -1); for a plain file it lets a truncated file be refused
     * before its data is read.
     */
    private static Raw read(String source, InputStream raw, int expectedDims, long fileSize) {
        Objects.requireNonNull(source, "source is null");
        Objects.requireNonNull(raw, "in is null");
        Counter in = new Counter(source);
        try {
            BufferedInputStream buffered = new BufferedInputStream(raw, BUFFER);
            buffered.mark(2);
            int b0 = buffered.read(), b1 = b0 < 0 ? -1 : buffered.read();
            buffered.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            in.gzip = gzip;
            in.in = gzip ? new GZIPInputStream(buffered, BUFFER) : buffered;

            byte[] magic = new byte[4];
            int got = in.readFully(magic, 0, 4);
            if (got == 0) {
                throw new DataException(source, "empty file: an IDX file starts with a 4-byte magic number (expected "
                        + hex(magicFor(expectedDims)) + ")");
            }
            if (got < 4) {
                throw new DataException(source, "truncated header: the file ends after " + got + " bytes" + in.note()
                        + " but the magic number alone takes 4");
            }
            int m = bigEndian(magic, 0);
            checkMagic(source, m, expectedDims);

            byte[] header = new byte[4 * expectedDims];
            got = in.readFully(header, 0, header.length);
            int headerBytes = 4 + header.length;
            if (got < header.length) {
                throw new DataException(source, "truncated header: the file ends after " + (4 + got) + " bytes"
                        + in.note() + " but a header of " + expectedDims + " dimension" + (expectedDims == 1 ? "" : "s")
                        + " takes " + headerBytes);
            }
            long[] dims = new long[expectedDims];
            double product = 1; // up to 2^96: exact enough to compare with MAX_ARRAY, and it cannot wrap
            for (int d = 0; d < expectedDims; d++) {
                dims[d] = bigEndian(header, 4 * d) & 0xFFFF_FFFFL;
                product *= dims[d];
            }
            String says = "header says " + describe(dims);
            if (expectedDims == 3 && (dims[1] == 0 || dims[2] == 0)) {
                throw new DataException(source, says + " but an image needs at least 1 row and 1 column");
            }
            if (product > MAX_ARRAY) {
                throw new DataException(source, "oversized: " + says + ", more than the " + MAX_ARRAY
                        + " bytes a Java array can hold");
            }
            long length = (long) product;
            String expected = says + " (" + length + " bytes after the " + headerBytes + "-byte header)";
            if (!gzip && fileSize >= 0 && fileSize < headerBytes + length) {
                throw new DataException(source, "truncated: " + expected + " but the file ends after " + fileSize + " bytes");
            }

            byte[] data = in.readExactly((int) length);
            if (data.length < length) {
                throw new DataException(source, "truncated: " + expected + " but the file ends after "
                        + in.count + " bytes" + in.note());
            }
            long extra = in.skipToEnd();
            if (extra > 0) {
                throw new DataException(source, "trailing data: " + expected + " but the file has " + extra
                        + " more byte" + (extra == 1 ? "" : "s") + in.note() + " after them");
            }
            return new Raw(dims, data);
        } catch (EOFException e) {
            // GZIPInputStream's way of saying the compressed stream stops early
            throw new DataException(source, "truncated gzip stream: it ends after " + in.count
                    + " decompressed bytes (" + e.getMessage() + ")", e);
        } catch (ZipException e) {
            throw new DataException(source, "corrupt gzip data after " + in.count + " decompressed bytes: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new DataException(source, "read failed after " + in.count + " bytes" + in.note() + ": " + e, e);
        }
    }

    private static void checkMagic(String source, int magic, int expectedDims) {
        int want = magicFor(expectedDims);
        String kind = expectedDims == 1 ? "a label file" : "an image file";
        if ((magic >>> 16) != 0) {
            throw new DataException(source, "bad magic number " + hex(magic) + ": an IDX file starts with two zero bytes"
                    + " (expected " + hex(want) + " for " + kind + "); is this an IDX file?");
        }
        int type = (magic >>> 8) & 0xFF;
        int dims = magic & 0xFF;
        if (type != UNSIGNED_BYTE) {
            throw new DataException(source, "magic number " + hex(magic) + " has data type 0x" + String.format("%02X", type)
                    + " (" + typeName(type) + ") but only 0x08 (unsigned byte) is supported (expected "
                    + hex(want) + " for " + kind + ")");
        }
        if (dims != expectedDims) {
            String guess = dims == 1 ? "; is this a label file?" : dims == 3 ? "; is this an image file?" : "";
            throw new DataException(source, "magic number " + hex(magic) + " says " + dims + " dimension"
                    + (dims == 1 ? "" : "s") + " but " + kind + " has " + expectedDims + " (expected " + hex(want) + ")"
                    + guess);
        }
    }

    private static int magicFor(int dims) {
        return (UNSIGNED_BYTE << 8) | dims;
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0x08 -> "unsigned byte";
            case 0x09 -> "signed byte";
            case 0x0B -> "short";
            case 0x0C -> "int";
            case 0x0D -> "float";
            case 0x0E -> "double";
            default -> "not an IDX type";
        };
    }

    private static String describe(long[] dims) {
        if (dims.length == 1) {
            return dims[0] + " label" + (dims[0] == 1 ? "" : "s");
        }
        return dims[0] + " image" + (dims[0] == 1 ? "" : "s") + " of " + dims[1] + "x" + dims[2];
    }

    private static String hex(int magic) {
        return String.format("0x%08X", magic);
    }

    private static int bigEndian(byte[] b, int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
    }

    private static int[] toInts(byte[] bytes) {
        int[] out = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[i] & 0xFF;
        }
        return out;
    }

    private static byte[] toUnsignedBytes(int[] labels) {
        Objects.requireNonNull(labels, "labels is null");
        byte[] bytes = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] > 255) {
                throw new IllegalArgumentException("labels[" + i + "]=" + labels[i] + " but an IDX label is an unsigned byte (0..255)");
            }
            bytes[i] = (byte) labels[i];
        }
        return bytes;
    }

    private static void writeHeaderAndData(OutputStream out, int magic, int[] dims, byte[] data) throws IOException {
        byte[] header = new byte[4 + 4 * dims.length];
        putBigEndian(header, 0, magic);
        for (int d = 0; d < dims.length; d++) {
            putBigEndian(header, 4 + 4 * d, dims[d]);
        }
        out.write(header);
        out.write(data);
    }

    private static void putBigEndian(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    private static void write(Path path, boolean gzip, Writer body) {
        Objects.requireNonNull(path, "path is null");
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try {
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp), BUFFER);
                 OutputStream out = gzip ? new BestGzip(file) : file) {
                body.write(out);
            }
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            Path parent = path.toAbsolutePath().getParent();
            if (e instanceof NoSuchFileException && parent != null && !Files.isDirectory(parent)) {
                throw new DataException(path.toString(), "cannot write: no such directory " + parent, e);
            }
            throw new DataException(path.toString(), "write failed: " + e, e);
        }
    }

    /** Gzip at the highest compression level (the bundled sample is committed, so size matters). */
    private static final class BestGzip extends GZIPOutputStream {
        BestGzip(OutputStream out) throws IOException {
            super(out, BUFFER);
            def.setLevel(Deflater.BEST_COMPRESSION);
        }
    }

    /** Reads from the (possibly decompressing) stream and counts the IDX bytes seen so far. */
    private static final class Counter {
        final String source;
        InputStream in;
        boolean gzip;
        long count;

        Counter(String source) {
            this.source = source;
        }

        String note() {
            return gzip ? " (decompressed)" : "";
        }

        int readFully(byte[] b, int off, int len) throws IOException {
            int n = in.readNBytes(b, off, len);
            count += n;
            return n;
        }

        /**
         * Reads {@code length} bytes, or fewer if the stream ends first. The array grows as data
         * arrives, so a header that lies about a huge size costs no more memory than the file has.
         */
        byte[] readExactly(int length) throws IOException {
            byte[] data = new byte[Math.min(length, 1 << 20)];
            int filled = 0;
            while (filled < length) {
                if (filled == data.length) {
                    data = Arrays.copyOf(data, (int) Math.min(length, 2L * data.length));
                }
                int n = in.read(data, filled, data.length - filled);
                if (n < 0) {
                    break;
                }
                filled += n;
                count += n;
            }
            return filled == data.length ? data : Arrays.copyOf(data, filled);
        }

        long skipToEnd() throws IOException {
            long extra = 0;
            byte[] sink = new byte[8192];
            for (int n; (n = in.read(sink)) >= 0; ) {
                extra += n;
            }
            return extra;
        }
    }
}
