package dev.rectifier.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {
    @TempDir
    Path dir;

    @Test
    void readsEveryTypeInFileOrder() {
        Object v = Json.parse(" {\"b\": 1, \"a\": [true, false, null, \"s\\u00e9\\n\\\"\", -0.5, 2e3, 7, -0], \"c\": {}} ");
        assertThat(v).isInstanceOf(LinkedHashMap.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        assertThat(m.keySet()).containsExactly("b", "a", "c");
        assertThat(m.get("b")).isEqualTo(1L);
        @SuppressWarnings("unchecked")
        List<Object> a = (List<Object>) m.get("a");
        assertThat(a).containsExactly(true, false, null, "sé\n\"", -0.5, 2000.0, 7L, 0L);
        assertThat(m.get("c")).isEqualTo(Map.of());
    }

    @Test
    void integersAreLongsAndEverythingElseDoubles() {
        assertThat(Json.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(Json.parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(Json.parse("9223372036854775808")).isEqualTo(9.223372036854775808e18);
        assertThat(Json.parse("1.0")).isEqualTo(1.0);
        assertThat(Json.parse("1E2")).isEqualTo(100.0);
        assertThat(Json.parse("-0.0")).isEqualTo(-0.0);
        assertThat(Json.parse("4.9e-324")).isEqualTo(Double.MIN_VALUE);
    }

    @Test
    void doublesRoundTripBitForBitThroughTheShortestDecimal() {
        SplittableRandom r = new SplittableRandom(11);
        double[] corners = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE,
            0.1, 1.0 / 3, 1e23, 2e-323, 123456789012345678.0, Math.PI, Math.ulp(1.0)};
        List<Object> values = new ArrayList<>();
        for (double d : corners) {
            values.add(d);
        }
        for (int i = 0; i < 2000; i++) {
            values.add(Double.longBitsToDouble(r.nextLong()) % 1e300);
            values.add(r.nextDouble() * Math.pow(10, r.nextInt(-300, 300)));
        }
        values.removeIf(d -> !Double.isFinite((Double) d));
        List<?> back = (List<?>) Json.parse(Json.write(values));
        for (int i = 0; i < values.size(); i++) {
            double expected = (Double) values.get(i);
            Object actual = back.get(i);
            assertThat(actual).as("index %d, value %s, text %s", i, expected, Double.toString(expected)).isInstanceOf(Double.class);
            assertThat(Double.doubleToRawLongBits((Double) actual)).as("index %d, value %s", i, expected)
                    .isEqualTo(Double.doubleToRawLongBits(expected));
        }
        assertThat(Json.write(0.1)).isEqualTo("0.1");
        assertThat(Json.write(1e-5)).isEqualTo("1.0E-5");
        assertThat(Json.write(3.0)).isEqualTo("3.0");
    }

    @Test
    void floatsAreWrittenAsTheirShortestDecimal() {
        SplittableRandom r = new SplittableRandom(12);
        for (int i = 0; i < 2000; i++) {
            float f = Float.intBitsToFloat(r.nextInt());
            if (!Float.isFinite(f)) {
                continue;
            }
            Object back = Json.parse(Json.write(f));
            assertThat((float) ((Number) back).doubleValue()).as("float bits %08x", Float.floatToRawIntBits(f)).isEqualTo(f);
        }
        assertThat(Json.write(0.1f)).isEqualTo("0.1");
        assertThat(Json.write(List.of(1, 2L, (short) 3, (byte) 4))).isEqualTo("[1,2,3,4]");
    }

    @Test
    void nonFiniteNumbersAreRefusedWithTheirPathOrWrittenAsNull() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("metrics", List.of(Map.of("loss", 1.0), Map.of("val loss", Double.NaN)));
        assertThatThrownBy(() -> Json.write(m)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("NaN at $.metrics[1][\"val loss\"] is not a JSON number (JSON has no NaN or infinity)");
        assertThatThrownBy(() -> Json.write(new float[] {1, Float.NEGATIVE_INFINITY}))
                .hasMessageContaining("-Infinity at $[1]");
        assertThat(Json.write(m, false, Json.NonFinite.NULL)).isEqualTo("{\"metrics\":[{\"loss\":1.0},{\"val loss\":null}]}");
    }

    @Test
    void refusesWhatJsonCannotHold() {
        assertThatThrownBy(() -> Json.write(Map.of(1, 2))).hasMessageContaining("keys must be strings but $ has the key 1");
        assertThatThrownBy(() -> Json.write(List.of(new Object()))).hasMessageContaining("at $[0]");
        assertThatThrownBy(() -> Json.write("a\uD800b")).hasMessageContaining("unpaired surrogate U+D800");
    }

    @Test
    void escapesControlCharactersAndKeepsOtherTextAsIs() {
        String s = "q\" b\\ \n\r\t\b\f \u0001 / é 😀 \u007f";
        String json = Json.write(s);
        assertThat(json).isEqualTo("\"q\\\" b\\\\ \\n\\r\\t\\b\\f \\u0001 / é 😀 \u007f\"");
        assertThat(Json.parse(json)).isEqualTo(s);
        assertThat(Json.parse("\"\\ud83d\\ude00\\/\"")).isEqualTo("😀/");
    }

    @Test
    void prettyOutputIndentsAndKeepsShortScalarArraysOnOneLine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("shape", new int[] {256, 784});
        m.put("layers", List.of(Map.of("type", "dense"), List.of()));
        m.put("empty", Map.of());
        List<Integer> longList = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            longList.add(1000 + i);
        }
        m.put("long", longList);
        String pretty = Json.writePretty(m);
        assertThat(pretty).startsWith("{\n  \"shape\": [256, 784],\n  \"layers\": [\n    {\n      \"type\": \"dense\"\n    },\n    []\n  ],\n"
                + "  \"empty\": {},\n  \"long\": [\n    1000,\n    1001,");
        assertThat(Json.parse(pretty)).isEqualTo(Json.parse(Json.write(m)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``                  | 1 | 1 | expected a JSON value but found the end of the text",
        "`{\"a\": 1,}`       | 1 | 9 | expected a member name in double quotes but found '}' (a trailing comma is not allowed)",
        "`[1, 2,]`           | 1 | 7 | expected an array element but found ']' (a trailing comma is not allowed)",
        "`{\"a\" 1}`         | 1 | 6 | expected ':' after the member name \"a\" but found '1'",
        "`{\n  \"a\": 1\n  \"b\": 2}` | 3 | 3 | expected ',' or '}' after an object member but found '\"'",
        "`[01]`              | 1 | 2 | a number may not have a leading zero",
        "`[1.]`              | 1 | 4 | expected a digit after the decimal point but found ']'",
        "`-`                 | 1 | 2 | expected a digit after '-' but found the end of the text",
        "`1e400`             | 1 | 1 | number 1e400 is beyond the range of a double",
        "`NaN`               | 1 | 1 | expected a JSON value but found 'N'",
        "`['a']`             | 1 | 2 | expected an array element but found ''' (JSON strings take double quotes)",
        "`\"abc`             | 1 | 5 | unterminated string (started at column 1)",
        "`\"a\\x\"`          | 1 | 3 | expected an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX) but found \\'x'",
        "`\"\\u12g4\"`       | 1 | 6 | expected a hex digit in a \\u escape but found 'g'",
        "`\"\\ud800x\"`      | 1 | 2 | escape \\uD800 is a high surrogate not followed by a \\u escape of a low surrogate",
        "`{\"a\": 1, \"a\": 2}` | 1 | 10 | duplicate member name \"a\"",
        "`[1] 2`             | 1 | 5 | expected the end of the text after the JSON value but found '2'",
        "`[1] // note`       | 1 | 5 | expected the end of the text after the JSON value but found '/'",
        "`tru`               | 1 | 1 | expected a JSON value but found 't'",
        "`{\"a\":\r\n\r\n x}` | 3 | 2 | expected a value for \"a\" but found 'x'",
    })
    void parseErrorsGiveLineColumnAndWhatWasExpected(String text, int line, int column, String problem) {
        String input = text.replace("\\n", "\n").replace("\\r", "\r");
        JsonException e = catchThrowableOfType(JsonException.class, () -> Json.parse(input));
        assertThat(e).as("input %s", input).isNotNull();
        assertThat(e.getMessage()).as("input %s", input).isEqualTo("line " + line + ", column " + column + ": " + problem);
        assertThat(e.line()).isEqualTo(line);
        assertThat(e.column()).isEqualTo(column);
    }

    @Test
    void refusesControlCharactersBomAndDeepNesting() {
        assertThatThrownBy(() -> Json.parse("\"a\tb\"")).hasMessage("line 1, column 3: control character U+0009 in a string; "
                + "write it as an escape such as \\n or \\u0009");
        assertThatThrownBy(() -> Json.parse("\uFEFF{}")).hasMessageContaining("byte order mark");
        assertThatThrownBy(() -> Json.parse("[".repeat(600) + "]".repeat(600))).hasMessageContaining("nesting deeper than 512");
        assertThat(Json.parse("[".repeat(512) + "]".repeat(512))).isInstanceOf(List.class);
    }

    @Test
    void readObjectNamesTheFileAndRejectsBadUtf8() throws Exception {
        Path good = dir.resolve("good.json");
        Json.write(good, Map.of("format", "x"));
        assertThat(Files.readString(good)).isEqualTo("{\n  \"format\": \"x\"\n}\n");
        assertThat(Json.readObject(good)).containsEntry("format", "x");

        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\n \"a\": }");
        assertThatThrownBy(() -> Json.readObject(bad)).isInstanceOf(FileFormatException.class)
                .hasMessage(bad + ": line 2, column 7: expected a value for \"a\" but found '}'");
        Files.write(bad, new byte[] {'"', (byte) 0xC3, '"'});
        assertThatThrownBy(() -> Json.readObject(bad)).hasMessage(bad + ": not valid UTF-8 text");
        Files.writeString(bad, "[1]");
        assertThatThrownBy(() -> Json.readObject(bad)).hasMessageContaining("expected a JSON object but the text holds an array");
    }

    @Test
    void jsonLinesWritesOneCompactValuePerLineAndReadsThemBack() throws Exception {
        Path file = dir.resolve("runs/metrics.jsonl");
        try (JsonLines lines = JsonLines.open(file, false, Json.NonFinite.NULL)) {
            lines.write(Map.of("epoch", 1, "val_loss", Double.NaN));
            lines.write(Map.of("epoch", 2, "text", "a\nb"));
        }
        try (JsonLines lines = JsonLines.open(file, true, Json.NonFinite.NULL)) {
            lines.write(List.of(3));
        }
        assertThat(Files.readString(file, StandardCharsets.UTF_8).lines()).hasSize(3);
        List<Object> back = JsonLines.read(file);
        assertThat(back).hasSize(3);
        assertThat(asMap(back.get(0))).containsEntry("epoch", 1L).containsEntry("val_loss", null);
        assertThat(asMap(back.get(1))).containsEntry("text", "a\nb");

        Files.writeString(file, "{\"epoch\":1}\n\n{\"epoch\":2,\"lo", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> JsonLines.read(file)).isInstanceOf(FileFormatException.class)
                .hasMessage(file + ": line 3, column 15: unterminated string (started at column 12)");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }
}
