package dev.rectifier.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CsvLoaderTest {
    private static final String IRIS = """
            sepal_length,sepal_width,species,petal_length
            5.1,3.5,setosa,1.4
            7.0,3.2,versicolor,4.7
            6.3,3.3,virginica,6.0
            4.9,3.0,setosa,1.4
            """;

    @TempDir
    Path tmp;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static Dataset load(CsvLoader loader, String text) {
        return loader.load("t.csv", new StringReader(text));
    }

    @Test
    void stringLabelsBecomeSortedClassIndices() throws IOException {
        Dataset d = CsvLoader.labelColumn("species").load(file("iris.csv", IRIS));
        assertThat(d.classNames()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(d.labels()).containsExactly(0, 1, 2, 0);
        assertThat(d.featureNames()).containsExactly("sepal_length", "sepal_width", "petal_length");
        assertThat(d.sampleShape()).containsExactly(3);
        assertThat(d.features()).containsExactly(5.1f, 3.5f, 1.4f, 7.0f, 3.2f, 4.7f, 6.3f, 3.3f, 6.0f, 4.9f, 3.0f, 1.4f);
    }

    @Test
    void numericLabelsAreTheClassIndex() {
        Dataset d = load(CsvLoader.labelColumn("y"), "x,y\n0.5,2\n1.5,0\n-2,2.0\n");
        assertThat(d.labels()).containsExactly(2, 0, 2);
        assertThat(d.classNames()).containsExactly("0", "1", "2");
        Dataset names = load(CsvLoader.labelColumn("y").withLabelMode(CsvLoader.LabelMode.NAMES), "x,y\n1,10\n2,9\n");
        assertThat(names.classNames()).as("String order, not numeric").containsExactly("10", "9");
        assertThat(names.labels()).containsExactly(0, 1);
        Dataset signed = load(CsvLoader.labelColumn("y"), "x,y\n1,-1\n2,1\n");
        assertThat(signed.classNames()).as("-1 is no index, so AUTO falls back to names").containsExactly("-1", "1");
    }

    @Test
    void indexModeRefusesANameWithItsLine() {
        assertThatThrownBy(() -> load(CsvLoader.labelColumn("y").withLabelMode(CsvLoader.LabelMode.INDICES),
                "x,y\n1,0\n2,cat\n"))
                .isInstanceOf(DataException.class)
                .hasMessage("t.csv: line 3: label column 'y': 'cat' is not a class index (a whole number from 0 to 65535);"
                        + " load the labels as names instead");
    }

    @Test
    void quotedFieldsHoldDelimitersQuotesAndLineBreaks() {
        String text = "\"id\",\"a, b\",label,\"c\"\n"
                + "\"1\",\" 2.5 \",\"big, \"\"red\"\"\",3\n"
                + "2,-1e-3,\"two\nlines\",  \"4\"  \n"
                + "3,.5,plain,5\n";
        Dataset d = load(CsvLoader.labelColumn("label").withIgnoredColumns("id"), text);
        assertThat(d.featureNames()).containsExactly("a, b", "c");
        assertThat(d.classNames()).containsExactly("big, \"red\"", "plain", "two\nlines");
        assertThat(d.labels()).containsExactly(0, 2, 1);
        assertThat(d.features()).containsExactly(2.5f, 3f, -1e-3f, 4f, 0.5f, 5f);
    }

    @Test
    void otherDelimitersCrlfBomAndBlankLines() {
        Dataset semicolon = load(CsvLoader.labelColumn("k").withDelimiter(';'),
                "\uFEFFk;v;w\r\n\r\na;1.5;2\r\n   \r\nb;3;4\r\n\r\n");
        assertThat(semicolon.featureNames()).containsExactly("v", "w");
        assertThat(semicolon.labels()).containsExactly(0, 1);
        assertThatThrownBy(() -> load(CsvLoader.labelColumn("k").withDelimiter(';'), "k;v\na;1,5\n"))
                .hasMessage("t.csv: line 2: column 'v': '1,5' is not a number");

        Dataset tabs = load(CsvLoader.labelColumn("k").withDelimiter('\t'), "k\tv\tw\na\t1\t2\nb\t\"3\"\t4");
        assertThat(tabs.features()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void unnamedColumnGetsAPositionalName() {
        Dataset d = load(CsvLoader.labelColumn("y").withIgnoredColumns("column 1"), ",x,y\n0,1.5,a\n1,2.5,b\n");
        assertThat(d.featureNames()).containsExactly("x");
        assertThat(d.features()).containsExactly(1.5f, 2.5f);
    }

    @Test
    void numbersAreCorrectlyRoundedFloats() {
        Dataset d = load(CsvLoader.labelColumn("y"), "x,y\n0.1,0\n16777217,0\n1e-46,0\n-0,0\n");
        assertThat(d.features()).containsExactly(0.1f, 16777216f, 0f, -0f);
        assertThat(Float.floatToRawIntBits(d.features()[3])).isEqualTo(Float.floatToRawIntBits(-0f));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("short row", "a,b,y\n1,2,p\n3,q\n",
                        "t.csv: line 3: expected 3 fields (as in the header) but found 2"),
                Arguments.of("long row", "a,b,y\n1,2,p\n\n3,4,q,5\n",
                        "t.csv: line 4: expected 3 fields (as in the header) but found 4"),
                Arguments.of("text in a feature", "a,b,y\n1,2,p\n3,abc,q\n",
                        "t.csv: line 3: column 'b': 'abc' is not a number"),
                Arguments.of("empty feature", "a,b,y\n1,,p\n",
                        "t.csv: line 2: column 'b': empty value (missing values are not supported)"),
                Arguments.of("NaN", "a,b,y\n1,NaN,p\n", "t.csv: line 2: column 'b': 'NaN' is not a number"),
                Arguments.of("Infinity", "a,b,y\n-Infinity,1,p\n", "t.csv: line 2: column 'a': '-Infinity' is not a number"),
                Arguments.of("Java float suffix", "a,b,y\n1f,1,p\n", "t.csv: line 2: column 'a': '1f' is not a number"),
                Arguments.of("hex", "a,b,y\n0x1p3,1,p\n", "t.csv: line 2: column 'a': '0x1p3' is not a number"),
                Arguments.of("overflow", "a,b,y\n1e39,1,p\n",
                        "t.csv: line 2: column 'a': '1e39' is outside the float range (magnitude above 3.4028235E38)"),
                Arguments.of("empty label", "a,b,y\n1,2,\n", "t.csv: line 2: label column 'y' is empty"),
                Arguments.of("unclosed quote", "a,b,y\n1,2,p\n3,4,\"q\n5,6,r\n",
                        "t.csv: line 3: field 3: quoted field is never closed (the file ends inside it)"),
                Arguments.of("text after closing quote", "a,b,y\n1,\"2\"x,p\n",
                        "t.csv: line 2: field 2: 'x' after the closing quote; expected the delimiter ',' or the end of the line"),
                Arguments.of("stray quote", "a,b,y\n1,2\"5,p\n",
                        "t.csv: line 2: field 2: a quote inside an unquoted field; quote the whole field and double the quote (\"\")"),
                Arguments.of("no label column", "a,b,c\n1,2,3\n",
                        "t.csv: no column named 'y' for the labels; the header has 'a', 'b', 'c'"),
                Arguments.of("duplicate column", "a,b,a,y\n1,2,3,p\n",
                        "t.csv: line 1: header names column 'a' twice (fields 1 and 3)"),
                Arguments.of("empty file", "", "t.csv: empty file: expected a header row naming the columns"),
                Arguments.of("header only", "a,y\n\n", "t.csv: no data rows after the header"),
                Arguments.of("label only", "y\np\n", "t.csv: no feature columns: the header has 'y', of which 'y' is the label"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedInputIsRefusedWithLineAndReason(String name, String text, String message) {
        assertThatThrownBy(() -> load(CsvLoader.labelColumn("y"), text))
                .isInstanceOf(DataException.class)
                .hasMessage(message);
    }

    @Test
    void lineNumbersCountLinesInsideQuotedFields() {
        String text = "a,y\n1,\"x\ny\"\n2,\"p\r\nq\"\nbad,z\n";
        assertThatThrownBy(() -> load(CsvLoader.labelColumn("y"), text))
                .hasMessage("t.csv: line 6: column 'a': 'bad' is not a number");
    }

    @Test
    void fileErrorsNameThePath() throws IOException {
        Path missing = tmp.resolve("missing.csv");
        assertThatThrownBy(() -> CsvLoader.labelColumn("y").load(missing))
                .isInstanceOf(DataException.class).hasMessage(missing + ": no such file");

        Path latin1 = tmp.resolve("latin1.csv");
        Files.write(latin1, new byte[] {'a', ',', 'y', '\n', '1', ',', (byte) 0xE9, '\n'});
        assertThatThrownBy(() -> CsvLoader.labelColumn("y").load(latin1))
                .isInstanceOf(DataException.class).hasMessage(latin1 + ": line 2: not valid UTF-8 (byte 0xE9 at offset 6); save the file as UTF-8");

        Path wrongField = file("w.csv", "a,b,y\n1,2,p\n1,2\n");
        assertThatThrownBy(() -> CsvLoader.labelColumn("y").load(wrongField))
                .hasMessage(wrongField + ": line 3: expected 3 fields (as in the header) but found 2");
    }

    @Test
    void ignoringAnUnknownColumnIsAnError() {
        assertThatThrownBy(() -> load(CsvLoader.labelColumn("y").withIgnoredColumns("idd"), "id,a,y\n1,2,p\n"))
                .hasMessage("t.csv: no column named 'idd' to ignore; the header has 'id', 'a', 'y'");
        assertThatThrownBy(() -> CsvLoader.labelColumn("y").withDelimiter('"'))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("delimiter='\"' but it cannot be a quote or a line break");
    }

    @Test
    void manyRowsGrowTheArrays() {
        StringBuilder text = new StringBuilder("a,b,y\n");
        for (int i = 0; i < 5000; i++) {
            text.append(i).append(',').append(-i).append(',').append(i % 3 == 0 ? "x" : "z").append('\n');
        }
        Dataset d = load(CsvLoader.labelColumn("y"), text.toString());
        assertThat(d.size()).isEqualTo(5000);
        assertThat(d.features()[2 * 4999]).isEqualTo(4999f);
        assertThat(d.features()[2 * 4999 + 1]).isEqualTo(-4999f);
        assertThat(d.classCounts()).containsExactly(1667, 3333);
    }
}
