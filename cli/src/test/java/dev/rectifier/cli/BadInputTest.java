package dev.rectifier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input ends with one line on stderr saying what is wrong (and how to fix it)
 * and a non-zero exit code: 2 for a wrong command line, 1 for a failure; never a stack trace
 * unless --verbose asks for one.
 */
class BadInputTest {
    @TempDir
    static Path tmp;
    static Path data;
    static Path run;

    @BeforeAll
    static void setUp() throws IOException {
        data = TinyData.fashion(tmp.resolve("fashion"), 100, 20, 3);
        run = tmp.resolve("run");
        TinyData.Result r = TinyData.run("train", "--model", "mlp", "--hidden", "8", "--epochs", "1", "--threads", "1",
                "--data", data.toString(), "--out", run.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    static Stream<Arguments> cases() throws IOException {
        Path incomplete = Files.createDirectories(tmp.resolve("incomplete"));
        Files.copy(data.resolve("t10k-images-idx3-ubyte"), incomplete.resolve("t10k-images-idx3-ubyte"));
        Path aFile = Files.writeString(tmp.resolve("a-file"), "x");
        Path corruptModel = Files.createDirectories(tmp.resolve("corrupt-model"));
        Files.writeString(corruptModel.resolve("model.json"), "{\"format\": \"rectifier-model\", \"version\": 1, ");
        Path truncatedWeights = tmp.resolve("truncated");
        copyTree(run.resolve("best"), truncatedWeights);
        byte[] w = Files.readAllBytes(truncatedWeights.resolve("model.safetensors"));
        Files.write(truncatedWeights.resolve("model.safetensors"), java.util.Arrays.copyOf(w, w.length / 2));
        Path csv = TinyData.csv(tmp.resolve("t.csv"), 30, 1);
        Path notImage = Files.writeString(tmp.resolve("notes.png"), "not a png at all");
        Path corruptIdx = tmp.resolve("corrupt-idx");
        copyTree(data, corruptIdx);
        Files.write(corruptIdx.resolve("t10k-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 20, 1, 2});
        List<Arguments> cases = new ArrayList<>();
        cases.add(Arguments.of(2, "unknown model 'resnet'; use mlp, cnn, autoencoder", List.of("train", "--model", "resnet")));
        cases.add(Arguments.of(2, "--activation: unknown activation 'relu7'", List.of("train", "--activation", "relu7")));
        cases.add(Arguments.of(2, "--activation: malformed activation spec 'leaky_relu(0.1'",
                List.of("train", "--activation", "leaky_relu(0.1")));
        cases.add(Arguments.of(2, "negative_slope", List.of("train", "--activation", "leaky_relu(slope=0.1)")));
        cases.add(Arguments.of(2, "Unknown options: '--epoch', '3'; did you mean --epochs?", List.of("train", "--epoch", "3")));
        cases.add(Arguments.of(2, "Invalid value for option '--epochs'", List.of("train", "--epochs", "three")));
        cases.add(Arguments.of(2, "--epochs 0: must be at least 1", List.of("train", "--epochs", "0")));
        cases.add(Arguments.of(2, "--validation 1.0: the fraction must be at least 0 and below 1", List.of("train", "--validation", "1")));
        cases.add(Arguments.of(2, "unknown optimizer 'rmsprop'; use sgd, adam or adamw", List.of("train", "--optimizer", "rmsprop")));
        cases.add(Arguments.of(2, "--momentum applies to sgd", List.of("train", "--optimizer", "adam", "--momentum", "0.9")));
        cases.add(Arguments.of(2, "--schedule: unknown schedule 'linear'", List.of("train", "--schedule", "linear")));
        cases.add(Arguments.of(2, "--hidden does not apply to the cnn", List.of("train", "--model", "cnn", "--hidden", "10")));
        cases.add(Arguments.of(1, "no such directory; expected a directory holding the Fashion-MNIST files",
                List.of("train", "--data", tmp.resolve("nowhere").toString())));
        cases.add(Arguments.of(1, "missing train-images-idx3-ubyte[.gz]", List.of("train", "--data", incomplete.toString())));
        cases.add(Arguments.of(1, "t10k-labels-idx1-ubyte", List.of("train", "--data", corruptIdx.toString(), "--out",
                tmp.resolve("corrupt-idx-run").toString())));
        cases.add(Arguments.of(1, "cannot write to " + aFile.resolve("run") + " (", List.of("train", "--data", data.toString(),
                "--out", aFile.resolve("run").toString())));
        cases.add(Arguments.of(2, run + " already holds a run; continue it with --resume", List.of("train", "--data", data.toString(),
                "--out", run.toString())));
        cases.add(Arguments.of(2, data + " exists and is not empty; give train a new --out directory", List.of("train", "--data",
                data.toString(), "--out", data.toString())));
        cases.add(Arguments.of(1, "training diverged; lower the learning rate", List.of("train", "--data", data.toString(), "--lr", "1e6",
                "--hidden", "8", "--threads", "1", "--out", tmp.resolve("diverged").toString())));
        cases.add(Arguments.of(2, "needs --label COLUMN", List.of("train", "--data", csv.toString())));
        cases.add(Arguments.of(1, "no column named 'kind' for the labels", List.of("train", "--data", csv.toString(), "--label", "kind",
                "--out", tmp.resolve("csv-bad-label").toString())));
        cases.add(Arguments.of(2, "the cnn model takes 28x28 grey images", List.of("train", "--model", "cnn", "--data", csv.toString(),
                "--label", "species", "--out", tmp.resolve("csv-cnn").toString())));
        cases.add(Arguments.of(2, "--resume takes every setting from", List.of("train", "--resume", run.toString(), "--epochs", "5")));
        cases.add(Arguments.of(1, "not a run directory", List.of("train", "--resume", data.toString())));
        cases.add(Arguments.of(1, "no such file; give mlp, cnn, autoencoder or a model architecture file",
                List.of("train", "--model", tmp.resolve("missing.json").toString())));
        cases.add(Arguments.of(1, "cannot load the model in " + corruptModel, List.of("evaluate", "--model", corruptModel.toString())));
        cases.add(Arguments.of(1, "model.safetensors", List.of("evaluate", "--model", truncatedWeights.toString())));
        cases.add(Arguments.of(1, "holds no model", List.of("evaluate", "--model", data.toString())));
        cases.add(Arguments.of(2, "Missing required option: '--model=DIR'", List.of("evaluate")));
        cases.add(Arguments.of(1, "not an image format the JDK reads", List.of("predict", "--model", run.toString(), notImage.toString())));
        cases.add(Arguments.of(1, "no such file; predict takes PNG or JPEG images or IDX image files",
                List.of("predict", "--model", run.toString(), tmp.resolve("none.png").toString())));
        cases.add(Arguments.of(2, "no command given; choose one of train, evaluate, predict, quickstart", List.of()));
        return cases.stream();
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("cases")
    void oneLineAndAnExitCode(int exitCode, String message, List<String> args) {
        TinyData.Result r = TinyData.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(exitCode);
        assertThat(r.errLines()).as(r.toString()).hasSize(1);
        assertThat(r.err()).contains(message).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void verboseAddsTheStackTrace() {
        TinyData.Result r = TinyData.run("train", "--verbose", "--data", tmp.resolve("nowhere").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines().get(0)).contains("no such directory");
        assertThat(r.err()).contains("\tat dev.rectifier.");
    }

    @Test
    void everyCommandHasHelpWithExamples() {
        for (String command : List.of("train", "evaluate", "predict", "quickstart")) {
            TinyData.Result r = TinyData.run(command, "--help");
            assertThat(r.exitCode()).isZero();
            assertThat(r.out()).as(command).contains("Usage: rectifier " + command).contains("Examples:");
        }
        assertThat(TinyData.run("--help").out()).contains("quickstart", "Examples:");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
