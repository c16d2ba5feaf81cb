package dev.rectifier.io;

import dev.rectifier.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The safetensors format (Hugging Face), read and written exactly per its specification, so
 * that {@code safetensors.torch.load_file} reads our files and we read theirs.
 *
 * <p>Layout: 8 bytes, N as an unsigned little-endian 64-bit integer; N bytes of UTF-8 JSON, the
 * header, {@code {"NAME": {"dtype": "F32", "shape": [2, 3], "data_offsets": [BEGIN, END]}, ...,
 * "__metadata__": {"key": "value"}}}; then the data buffer. A tensor's bytes are
 * {@code buffer[BEGIN, END)}, row-major, little-endian, so {@code END - BEGIN} = product(shape)
 * times the dtype's size (a shape {@code []} is a scalar of one element; a 0 in the shape means
 * no bytes). The header may end in spaces, which writers add so the buffer starts 8-byte
 * aligned. {@code __metadata__} is optional and maps strings to strings.
 *
 * <p>Reading validates everything before any tensor is allocated, as the reference
 * implementation does: the file is at least 8 bytes; N is at most {@value #MAX_HEADER_BYTES}
 * and within the file; the header is UTF-8 and strict JSON (duplicate names are refused, as the
 * specification says) holding an object; each tensor entry has exactly a known dtype, a shape of
 * non-negative integers and two non-negative offsets; sorted by offset, the tensors tile the
 * buffer exactly: no overlap, no hole, no byte after the last one, and each range's length
 * matches its shape and dtype. Every failure is a {@link FileFormatException} naming the file
 * and, where there is one, the tensor. Only F32 tensors can be loaded ({@link #read}); the
 * header of a file with other dtypes can still be inspected ({@link #readHeader}).
 *
 * <p>Writing produces what the reference writer ({@code safetensors.torch.save_file}) produces
 * for float32 tensors: compact JSON with {@code __metadata__} first (omitted when empty), the
 * tensors in order of name (UTF-8 bytes), data in that order, the header padded with spaces to a
 * multiple of 8 bytes. A file with at most one metadata entry is byte-identical to the
 * reference's (the reference orders several metadata entries unpredictably).
 */
public final class SafeTensors {
    private SafeTensors() {}

    /** The largest header accepted, as in the reference implementation (a defence against hostile files). */
    public static final long MAX_HEADER_BYTES = 100_000_000;

    /** The key of the optional string-to-string metadata in the header. */
    public static final String METADATA_KEY = "__metadata__";

    /** The dtype names of the specification (safetensors 0.8) and their sizes in bits. */
    private static final Map<String, Integer> DTYPE_BITS = dtypes();

    private static Map<String, Integer> dtypes() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("BOOL", 8);
        m.put("F4", 4);
        m.put("F6_E2M3", 6);
        m.put("F6_E3M2", 6);
        m.put("U8", 8);
        m.put("I8", 8);
        m.put("F8_E5M2", 8);
        m.put("F8_E4M3", 8);
        m.put("F8_E8M0", 8);
        m.put("F8_E4M3FNUZ", 8);
        m.put("F8_E5M2FNUZ", 8);
        m.put("I16", 16);
        m.put("U16", 16);
        m.put("F16", 16);
        m.put("BF16", 16);
        m.put("I32", 32);
        m.put("U32", 32);
        m.put("F32", 32);
        m.put("C64", 64);
        m.put("F64", 64);
        m.put("I64", 64);
        m.put("U64", 64);
        return Collections.unmodifiableMap(m);
    }

    /** Every dtype name the specification defines. */
    public static List<String> dtypeNames() {
        return List.copyOf(DTYPE_BITS.keySet());
    }

    /**
     * One tensor's header entry: its byte range {@code [begin, end)} in the data buffer (relative
     * to the buffer's start) and, for a file of {@code dataStart}, the absolute position
     * {@code dataStart + begin}.
     */
    public record Entry(String name, String dtype, long[] shape, long begin, long end) {
        public Entry {
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        /** Number of elements: the product of the shape (1 for a scalar). */
        public long elements() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        @Override
        public String toString() {
            return name + " " + dtype + Arrays.toString(shape) + " [" + begin + ", " + end + ")";
        }
    }

    /**
     * A validated header: the entries in the order the header lists them, the metadata (empty when the
     * file has none), and where the data buffer starts in the file ({@code 8 + N}).
     */
    public record Header(List<Entry> entries, Map<String, String> metadata, long dataStart) {
        public Header {
            entries = List.copyOf(entries);
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }

        /** The entry named {@code name}, or null. */
        public Entry entry(String name) {
            for (Entry e : entries) {
                if (e.name.equals(name)) {
                    return e;
                }
            }
            return null;
        }
    }

    /** A file's tensors (in the header's order) and metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
        public Contents {
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    /**
     * Reads and validates the header of {@code file} without reading the tensors.
     *
     * @throws FileFormatException naming the file and the problem if the file breaks the specification
     */
    public static Header readHeader(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return readHeader(channel, file);
        }
    }

    /**
     * Reads every tensor of {@code file}, which must all be F32.
     *
     * @throws FileFormatException naming the file and the problem if the file breaks the
     *                             specification, or naming the tensor and its dtype if it is not F32
     */
    public static Contents read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Header header = readHeader(channel, file);
            for (Entry e : header.entries) {
                if (!e.dtype.equals("F32")) {
                    throw new FileFormatException(file, "tensor " + e.name + " has dtype " + e.dtype
                            + ", but only F32 tensors can be loaded (convert it with tensor.float() before saving)");
                }
                if (e.elements() > Integer.MAX_VALUE - 16) {
                    throw new FileFormatException(file, "tensor " + e.name + " has " + e.elements()
                            + " elements, more than the 2^31 - 17 a tensor can hold");
                }
            }
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Entry e : header.entries) {
                int[] shape = new int[e.shape.length];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = (int) e.shape[d];
                }
                Tensor t = Tensor.zeros(shape);
                readFloats(channel, header.dataStart + e.begin, t.data(), t.size(), file, e.name);
                tensors.put(e.name, t);
            }
            return new Contents(tensors, header.metadata);
        }
    }

    private static void readFloats(FileChannel channel, long position, float[] out, int count, Path file, String name)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(1 << 20, 4L * Math.max(count, 1))).order(ByteOrder.LITTLE_ENDIAN);
        int done = 0;
        long pos = position;
        while (done < count) {
            buffer.clear();
            buffer.limit((int) Math.min(buffer.capacity(), 4L * (count - done)));
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, pos);
                if (n < 0) {
                    throw new FileFormatException(file, "the file ended inside tensor " + name + " (it changed while being read?)");
                }
                pos += n;
            }
            buffer.flip();
            int floats = buffer.remaining() / 4;
            // A bulk copy, not a per-element conversion: NaN payloads survive bit for bit.
            buffer.asFloatBuffer().get(out, done, floats);
            done += floats;
        }
    }

    private record RawHeader(Map<String, Object> json, long length) {}

    private static RawHeader headerJson(FileChannel channel, Path file) throws IOException {
        long size = channel.size();
        if (size < 8) {
            throw new FileFormatException(file, "the file has " + size
                    + " bytes, fewer than the 8 of a safetensors header length (truncated, or not a safetensors file)");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, lengthBytes, 0, file);
        long n = lengthBytes.flip().getLong();
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw new FileFormatException(file, "header length " + Long.toUnsignedString(n) + " is larger than the limit of "
                    + MAX_HEADER_BYTES + " bytes (corrupt, or not a safetensors file)");
        }
        if (8 + n > size) {
            throw new FileFormatException(file, "header length " + n + " runs past the end of the file (" + size
                    + " bytes): the file is truncated or not a safetensors file");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) n);
        readFully(channel, headerBytes, 8, file);
        String text = Json.decodeUtf8(headerBytes.array(), file);
        Object json;
        try {
            json = Json.parse(text);
        } catch (JsonException e) {
            throw new FileFormatException(file, "header is not valid JSON: " + e.getMessage(), e);
        }
        if (!(json instanceof Map<?, ?>)) {
            throw new FileFormatException(file, "header holds " + Json.describe(json) + " but must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) json;
        return new RawHeader(map, n);
    }

    private static Header readHeader(FileChannel channel, Path file) throws IOException {
        RawHeader raw = headerJson(channel, file);
        long dataStart = 8 + raw.length;
        long bufferBytes = channel.size() - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Object> member : raw.json.entrySet()) {
            if (member.getKey().equals(METADATA_KEY)) {
                metadata = metadata(member.getValue(), file);
            } else {
                entries.add(entry(member.getKey(), member.getValue(), file));
            }
        }
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        Entry previous = null;
        for (Entry e : byOffset) {
            if (e.end < e.begin) {
                throw new FileFormatException(file, "tensor " + e.name + " has data_offsets [" + e.begin + ", " + e.end
                        + "]: the end is before the begin");
            }
            if (e.begin < expected) {
                throw new FileFormatException(file, "tensor " + e.name + " (bytes [" + e.begin + ", " + e.end
                        + ")) overlaps tensor " + previous.name + " (bytes [" + previous.begin + ", " + previous.end + "))");
            }
            if (e.begin > expected) {
                throw new FileFormatException(file, "bytes [" + expected + ", " + e.begin + ") of the data buffer belong to no tensor"
                        + " (a hole before tensor " + e.name + "); the specification requires the tensors to be contiguous");
            }
            if (e.end > bufferBytes) {
                throw new FileFormatException(file, "tensor " + e.name + " ends at byte " + e.end + " of the data buffer, but the buffer has only "
                        + bufferBytes + " bytes (the file is truncated)");
            }
            long needed = byteLength(e, file);
            if (e.end - e.begin != needed) {
                throw new FileFormatException(file, "tensor " + e.name + " has shape " + Arrays.toString(e.shape) + " and dtype " + e.dtype
                        + ", which need " + needed + " bytes, but its data_offsets [" + e.begin + ", " + e.end + "] hold "
                        + (e.end - e.begin));
            }
            expected = e.end;
            previous = e;
        }
        if (expected != bufferBytes) {
            throw new FileFormatException(file, (bufferBytes - expected) + " bytes follow the last tensor's data (the data buffer has "
                    + bufferBytes + " bytes, the tensors cover " + expected + "); the specification allows no trailing bytes");
        }
        return new Header(entries, metadata, dataStart);
    }

    private static long byteLength(Entry e, Path file) throws FileFormatException {
        long elements = 1;
        for (long d : e.shape) {
            if (d != 0 && elements > Long.MAX_VALUE / 8 / d) {
                throw new FileFormatException(file, "tensor " + e.name + " has shape " + Arrays.toString(e.shape)
                        + ", whose size overflows 64 bits");
            }
            elements *= d;
        }
        long bits = elements * DTYPE_BITS.get(e.dtype);
        if (bits % 8 != 0) {
            throw new FileFormatException(file, "tensor " + e.name + " of dtype " + e.dtype + " has " + elements
                    + " elements, which do not fill whole bytes");
        }
        return bits / 8;
    }

    private static Map<String, String> metadata(Object value, Path file) throws FileFormatException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new FileFormatException(file, METADATA_KEY + " is " + Json.describe(value) + " but must be an object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new FileFormatException(file, METADATA_KEY + " entry \"" + e.getKey() + "\" is " + Json.describe(e.getValue())
                        + ", but metadata values must be strings");
            }
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    private static Entry entry(String name, Object value, Path file) throws FileFormatException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new FileFormatException(file, "tensor " + name + " is described by " + Json.describe(value)
                    + " instead of an object with dtype, shape and data_offsets");
        }
        for (Object key : map.keySet()) {
            if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
                throw new FileFormatException(file, "tensor " + name + " has the unknown field \"" + key
                        + "\" (the specification defines dtype, shape and data_offsets)");
            }
        }
        if (!(map.get("dtype") instanceof String dtype)) {
            throw new FileFormatException(file, "tensor " + name + " has " + (map.containsKey("dtype") ? "dtype "
                    + Json.describe(map.get("dtype")) : "no dtype") + "; expected a string such as \"F32\"");
        }
        if (!DTYPE_BITS.containsKey(dtype)) {
            throw new FileFormatException(file, "tensor " + name + " has the unknown dtype \"" + dtype + "\"; the specification defines "
                    + String.join(", ", DTYPE_BITS.keySet()));
        }
        long[] shape = naturals(map.get("shape"), name, "shape", -1, file);
        long[] offsets = naturals(map.get("data_offsets"), name, "data_offsets", 2, file);
        return new Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] naturals(Object value, String name, String field, int count, Path file) throws FileFormatException {
        String want = count < 0 ? "a list of non-negative integers" : "a list of " + count + " non-negative integers";
        if (!(value instanceof List<?> list) || (count >= 0 && list.size() != count)) {
            throw new FileFormatException(file, "tensor " + name + " has " + (value == null ? "no " + field : field + " "
                    + Json.write(value, false, Json.NonFinite.NULL)) + "; expected " + want);
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long l) || l < 0) {
                throw new FileFormatException(file, "tensor " + name + " has " + field + " " + Json.write(list, false, Json.NonFinite.NULL)
                        + "; expected " + want);
            }
            out[i] = l;
        }
        return out;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position, Path file) throws IOException {
        long pos = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, pos);
            if (n < 0) {
                throw new FileFormatException(file, "the file ended early (it changed while being read?)");
            }
            pos += n;
        }
    }

    /**
     * Atomically replaces {@code file} with the tensors and metadata (see {@link AtomicFiles}).
     *
     * @param metadata string pairs for {@code __metadata__}, or null or empty for none
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        byte[] header = header(tensors, metadata);
        AtomicFiles.write(file, out -> writeBody(out, header, tensors));
    }

    /** Writes the tensors and metadata as a safetensors file to {@code out} (not closed). */
    public static void write(OutputStream out, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        writeBody(out, header(tensors, metadata), tensors);
    }

    /**
     * The header bytes for the tensors: the 8-byte length and the space-padded JSON.
     *
     * @throws IllegalArgumentException if a name is {@value #METADATA_KEY} or a tensor is null
     */
    static byte[] header(Map<String, Tensor> tensors, Map<String, String> metadata) {
        Objects.requireNonNull(tensors, "tensors is null");
        Map<String, Object> json = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) {
            json.put(METADATA_KEY, new LinkedHashMap<>(metadata));
        }
        long offset = 0;
        for (String name : order(tensors)) {
            Tensor t = tensors.get(name);
            if (t == null) {
                throw new IllegalArgumentException("tensor " + name + " is null");
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", "F32");
            entry.put("shape", t.shape());
            entry.put("data_offsets", new long[] {offset, offset + 4L * t.size()});
            json.put(name, entry);
            offset += 4L * t.size();
        }
        byte[] text = Json.write(json).getBytes(StandardCharsets.UTF_8);
        int padded = (text.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(text);
        while (b.hasRemaining()) {
            b.put((byte) ' ');
        }
        return b.array();
    }

    /** Names in the reference writer's order (for one dtype: by UTF-8 bytes), refusing the metadata key. */
    private static List<String> order(Map<String, Tensor> tensors) {
        List<String> names = new ArrayList<>(tensors.keySet());
        for (String name : names) {
            if (Objects.requireNonNull(name, "a tensor name is null").equals(METADATA_KEY)) {
                throw new IllegalArgumentException("'" + METADATA_KEY + "' is reserved for metadata and cannot name a tensor");
            }
        }
        names.sort((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
        return names;
    }

    private static void writeBody(OutputStream out, byte[] header, Map<String, Tensor> tensors) throws IOException {
        out.write(header);
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (String name : order(tensors)) {
            Tensor t = tensors.get(name);
            int done = 0;
            while (done < t.size()) {
                int n = Math.min(buffer.capacity() / 4, t.size() - done);
                buffer.clear();
                buffer.asFloatBuffer().put(t.data(), t.offset() + done, n);
                out.write(buffer.array(), 0, 4 * n);
                done += n;
            }
        }
    }
}
