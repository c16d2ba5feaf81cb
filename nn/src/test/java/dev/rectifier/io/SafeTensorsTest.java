package dev.rectifier.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rectifier.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SafeTensorsTest {
    @TempDir
    Path dir;

    static Path resource(String name) throws URISyntaxException {
        return Path.of(SafeTensorsTest.class.getResource("/io/" + name).toURI());
    }

    /** A file assembled byte by byte: the 8-byte little-endian length, the header text as given, the data. */
    static byte[] assemble(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(h.length).put(h).put(data).array();
    }

    /** Little-endian bytes of float bit patterns, written out by hand rather than through a float buffer. */
    static byte[] le(int... bits) {
        byte[] out = new byte[4 * bits.length];
        for (int i = 0; i < bits.length; i++) {
            out[4 * i] = (byte) bits[i];
            out[4 * i + 1] = (byte) (bits[i] >>> 8);
            out[4 * i + 2] = (byte) (bits[i] >>> 16);
            out[4 * i + 3] = (byte) (bits[i] >>> 24);
        }
        return out;
    }

    static int bits(float f) {
        return Float.floatToRawIntBits(f);
    }

    static int[] rawBits(Tensor t) {
        int[] out = new int[t.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.floatToRawIntBits(t.at(i));
        }
        return out;
    }

    @Test
    void readsTheFileTheReferenceImplementationWrote() throws Exception {
        SafeTensors.Contents c = SafeTensors.read(resource("reference.safetensors"));
        assertThat(c.metadata()).containsExactly(Map.entry("format", "pt"));
        assertThat(c.tensors().keySet()).containsExactly("0.bias", "0.weight", "1.running_mean", "empty", "scalar");
        Tensor w = c.tensors().get("0.weight");
        assertThat(w.shape()).containsExactly(3, 2);
        assertThat(rawBits(w)).containsExactly(bits(1.5f), bits(-0.0f), 0x7FC00001, bits(Float.POSITIVE_INFINITY),
                bits(Float.NEGATIVE_INFINITY), 1);
        assertThat(rawBits(c.tensors().get("0.bias"))).containsExactly(bits(0.1f), bits(-2.5f), bits(Float.MAX_VALUE));
        assertThat(c.tensors().get("scalar").shape()).isEmpty();
        assertThat(c.tensors().get("scalar").at(0)).isEqualTo(42f);
        assertThat(c.tensors().get("empty").shape()).containsExactly(0, 3);
        assertThat(c.tensors().get("1.running_mean").toArray()).containsExactly(-1.25f, 7f);
    }

    @Test
    void writesTheSameBytesAsTheReferenceImplementation() throws Exception {
        Path reference = resource("reference.safetensors");
        SafeTensors.Contents c = SafeTensors.read(reference);
        // Another insertion order: the writer orders by name as the reference does.
        Map<String, Tensor> shuffled = new LinkedHashMap<>();
        for (String name : List.of("scalar", "0.weight", "empty", "1.running_mean", "0.bias")) {
            shuffled.put(name, c.tensors().get(name));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SafeTensors.write(out, shuffled, Map.of("format", "pt"));
        assertThat(out.toByteArray()).isEqualTo(Files.readAllBytes(reference));
    }

    @Test
    void readsAFileAssembledByHand() throws Exception {
        // Unpadded header (its length is not a multiple of 8), entries not in offset order, a scalar.
        String header = "{\"b\":{\"dtype\":\"F32\",\"shape\":[2,1],\"data_offsets\":[4,12]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},\"__metadata__\":{\"k\":\"v\"}}";
        Path file = dir.resolve("hand.safetensors");
        Files.write(file, assemble(header, le(0x3F800000, 0xC0490FDB, 0x00000001)));
        SafeTensors.Contents c = SafeTensors.read(file);
        assertThat(c.tensors().keySet()).containsExactly("b", "a");
        assertThat(c.tensors().get("a").at(0)).isEqualTo(1.0f);
        assertThat(c.tensors().get("b").shape()).containsExactly(2, 1);
        assertThat(rawBits(c.tensors().get("b"))).containsExactly(0xC0490FDB, 1);
        assertThat(c.metadata()).containsExactly(Map.entry("k", "v"));

        SafeTensors.Header h = SafeTensors.readHeader(file);
        assertThat(h.dataStart()).isEqualTo(8 + header.length());
        assertThat(h.entries()).extracting(SafeTensors.Entry::name).containsExactly("b", "a");
        assertThat(h.entry("b").begin()).isEqualTo(4);
        assertThat(h.entry("b").end()).isEqualTo(12);
    }

    @Test
    void ourFileHasExactlyTheExpectedHeaderOffsetsAndBytes() throws Exception {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("w", Tensor.of(new float[] {1, 2, 3, 4, 5, -0.0f}, 2, 3));
        tensors.put("b", Tensor.of(new float[] {0.5f, Float.NaN, Float.MIN_VALUE}, 3));
        Path file = dir.resolve("ours.safetensors");
        SafeTensors.write(file, tensors, Map.of("format", "pt"));
        byte[] bytes = Files.readAllBytes(file);

        String json = "{\"__metadata__\":{\"format\":\"pt\"},\"b\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[12,36]}}";
        int padded = (json.length() + 7) / 8 * 8;
        assertThat(ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong()).isEqualTo(padded);
        assertThat(new String(bytes, 8, padded, StandardCharsets.UTF_8)).isEqualTo(json + " ".repeat(padded - json.length()));
        byte[] data = Arrays.copyOfRange(bytes, 8 + padded, bytes.length);
        assertThat(data).isEqualTo(concat(le(bits(0.5f), 0x7FC00000, 1), le(bits(1), bits(2), bits(3), bits(4), bits(5), 0x80000000)));
    }

    @Test
    void headersArePaddedWithSpacesToEightBytesAndPaddedHeadersAreRead() throws Exception {
        for (int length = 1; length <= 9; length++) {
            String name = "n".repeat(length);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            SafeTensors.write(out, Map.of(name, Tensor.of(new float[] {length}, 1)), null);
            byte[] bytes = out.toByteArray();
            long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertThat(n % 8).as("header length for a name of %d characters", length).isZero();
            String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
            assertThat(header.stripTrailing()).endsWith("}}");
            assertThat(header.substring(header.stripTrailing().length())).matches(" *");
            Path file = dir.resolve("pad" + length + ".safetensors");
            Files.write(file, bytes);
            assertThat(SafeTensors.read(file).tensors().get(name).at(0)).isEqualTo(length);
        }
        Path wide = dir.resolve("wide.safetensors");
        Files.write(wide, assemble("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}" + " ".repeat(21), le(bits(3f))));
        assertThat(SafeTensors.read(wide).tensors().get("x").at(0)).isEqualTo(3f);
    }

    @Test
    void roundTripsRawBitsViewsAndTensorsLargerThanTheCopyBuffer() throws Exception {
        SplittableRandom r = new SplittableRandom(21);
        float[] big = new float[700_001];
        for (int i = 0; i < big.length; i++) {
            big[i] = Float.intBitsToFloat(r.nextInt());
        }
        float[] backing = {9, 9, 1, 2, 3, 4, 9};
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("big", Tensor.of(big, 700_001));
        tensors.put("view", Tensor.view(backing, 2, 2, 2));
        tensors.put("empty", Tensor.zeros(4, 0));
        Path file = dir.resolve("round.safetensors");
        SafeTensors.write(file, tensors, Map.of("α", "β\n"));
        SafeTensors.Contents c = SafeTensors.read(file);
        int[] expected = new int[big.length];
        for (int i = 0; i < big.length; i++) {
            expected[i] = Float.floatToRawIntBits(big[i]);
        }
        assertThat(rawBits(c.tensors().get("big"))).isEqualTo(expected);
        assertThat(c.tensors().get("view").toArray()).containsExactly(1, 2, 3, 4);
        assertThat(c.tensors().get("view").shape()).containsExactly(2, 2);
        assertThat(c.tensors().get("empty").shape()).containsExactly(4, 0);
        assertThat(c.metadata()).containsExactly(Map.entry("α", "β\n"));
    }

    @Test
    void refusesOtherDtypesNamingTheTensorButCanInspectTheirHeader() throws Exception {
        Path f16 = resource("reference_f16.safetensors");
        assertThatThrownBy(() -> SafeTensors.read(f16)).isInstanceOf(FileFormatException.class)
                .hasMessage(f16 + ": tensor half has dtype F16, but only F32 tensors can be loaded (convert it with tensor.float() before saving)");
        SafeTensors.Header h = SafeTensors.readHeader(f16);
        assertThat(h.entry("half").dtype()).isEqualTo("F16");
        assertThat(h.entry("half").shape()).containsExactly(2);
    }

    @Test
    void refusesTheMetadataKeyAsATensorName() {
        assertThatThrownBy(() -> SafeTensors.write(new ByteArrayOutputStream(), Map.of("__metadata__", Tensor.zeros(1)), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved for metadata");
    }

    private static final String A = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "hole            | `{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}` | 8 "
            + "| bytes [0, 4) of the data buffer belong to no tensor (a hole before tensor a); the specification requires the tensors to be contiguous",
        "overlap         | `{A,\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}` | 8 "
            + "| tensor b (bytes [4, 8)) overlaps tensor a (bytes [0, 8))",
        "beyond buffer   | `{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}` | 8 "
            + "| tensor a ends at byte 16 of the data buffer, but the buffer has only 8 bytes (the file is truncated)",
        "shape vs length | `{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}` | 8 "
            + "| tensor a has shape [3] and dtype F32, which need 12 bytes, but its data_offsets [0, 8] hold 8",
        "end < begin     | `{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,0]}}` | 8 "
            + "| tensor a has data_offsets [8, 0]: the end is before the begin",
        "trailing bytes  | `{A}` | 12 "
            + "| 4 bytes follow the last tensor's data (the data buffer has 12 bytes, the tensors cover 8); the specification allows no trailing bytes",
        "unknown dtype   | `{\"a\":{\"dtype\":\"F17\",\"shape\":[2],\"data_offsets\":[0,8]}}` | 8 "
            + "| tensor a has the unknown dtype \"F17\"; the specification defines BOOL, F4, F6_E2M3, F6_E3M2, U8, I8, F8_E5M2, F8_E4M3, "
            + "F8_E8M0, F8_E4M3FNUZ, F8_E5M2FNUZ, I16, U16, F16, BF16, I32, U32, F32, C64, F64, I64, U64",
        "no dtype        | `{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}` | 8 "
            + "| tensor a has no dtype; expected a string such as \"F32\"",
        "float offset    | `{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8.0]}}` | 8 "
            + "| tensor a has data_offsets [0,8.0]; expected a list of 2 non-negative integers",
        "negative dim    | `{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}` | 8 "
            + "| tensor a has shape [-2]; expected a list of non-negative integers",
        "one offset      | `{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8]}}` | 8 "
            + "| tensor a has data_offsets [8]; expected a list of 2 non-negative integers",
        "unknown field   | `{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"offsets\":[0,8]}}` | 8 "
            + "| tensor a has the unknown field \"offsets\" (the specification defines dtype, shape and data_offsets)",
        "not an object   | `{\"a\":[1]}` | 0 | tensor a is described by an array instead of an object with dtype, shape and data_offsets",
        "metadata value  | `{\"__metadata__\":{\"epoch\":3},A}` | 8 | __metadata__ entry \"epoch\" is a number (3), but metadata values must be strings",
        "duplicate name  | `{A,A}` | 8 | header is not valid JSON: line 1, column 55: duplicate member name \"a\"",
        "bad JSON        | `{\"a\":{\"dtype\":F32}}` | 8 | header is not valid JSON: line 1, column 15: expected a value for \"dtype\" but found 'F'",
        "NUL padding     | `{A}\u0000\u0000` | 8 | header is not valid JSON: line 1, column 55: expected the end of the text after the JSON value but found U+0000",
        "array header    | `[]` | 0 | header holds an array but must be a JSON object",
        "empty header    | `` | 0 | header is not valid JSON: line 1, column 1: expected a JSON value but found the end of the text",
        "overflow        | `{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}}` | 8 "
            + "| tensor a has shape [4294967296, 4294967296], whose size overflows 64 bits",
        "half bytes      | `{\"a\":{\"dtype\":\"F4\",\"shape\":[3],\"data_offsets\":[0,2]}}` | 2 "
            + "| tensor a of dtype F4 has 3 elements, which do not fill whole bytes",
    })
    void refusesHeadersThatBreakTheSpecification(String what, String header, int dataBytes, String problem) throws Exception {
        Path file = dir.resolve(what.replace(' ', '_') + ".safetensors");
        Files.write(file, assemble(header.replace("A", A).replace("\\u0000", "\u0000"), new byte[dataBytes]));
        assertThatThrownBy(() -> SafeTensors.read(file)).as(what).isInstanceOf(FileFormatException.class)
                .hasMessage(file + ": " + problem);
        assertThatThrownBy(() -> SafeTensors.readHeader(file)).as(what).isInstanceOf(FileFormatException.class);
    }

    @Test
    void refusesShortTruncatedAndOversizedFiles() throws Exception {
        Path ours = dir.resolve("ok.safetensors");
        SafeTensors.write(ours, Map.of("a", Tensor.of(new float[] {1, 2, 3}, 3)), null);
        byte[] bytes = Files.readAllBytes(ours);

        Path f = dir.resolve("broken.safetensors");
        Files.write(f, Arrays.copyOf(bytes, 5));
        assertThatThrownBy(() -> SafeTensors.read(f)).isInstanceOf(FileFormatException.class)
                .hasMessage(f + ": the file has 5 bytes, fewer than the 8 of a safetensors header length (truncated, or not a safetensors file)");

        Files.write(f, Arrays.copyOf(bytes, 30));
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThatThrownBy(() -> SafeTensors.read(f))
                .hasMessage(f + ": header length " + n + " runs past the end of the file (30 bytes): the file is truncated or not a safetensors file");

        Files.write(f, Arrays.copyOf(bytes, bytes.length - 1));
        assertThatThrownBy(() -> SafeTensors.read(f))
                .hasMessage(f + ": tensor a ends at byte 12 of the data buffer, but the buffer has only 11 bytes (the file is truncated)");

        byte[] huge = bytes.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L);
        Files.write(f, huge);
        assertThatThrownBy(() -> SafeTensors.read(f))
                .hasMessage(f + ": header length 18446744073709551615 is larger than the limit of 100000000 bytes (corrupt, or not a safetensors file)");

        Files.write(f, concat(Arrays.copyOf(bytes, 8), new byte[] {(byte) 0xFF}, Arrays.copyOfRange(bytes, 9, bytes.length)));
        assertThatThrownBy(() -> SafeTensors.read(f)).hasMessage(f + ": not valid UTF-8 text");

        Files.writeString(f, "PK\u0003\u0004 a zip file, e.g. a torch.save checkpoint");
        assertThatThrownBy(() -> SafeTensors.read(f)).hasMessageContaining("is larger than the limit");
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }
}
