package dev.rectifier.cli.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rectifier.cli.CliEnvironment;
import dev.rectifier.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rectifier experiment} on the command line: listing, help, usage errors, and a quick run on tiny IDX files. */
class ExperimentCommandTest {
    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new CliEnvironment(null, null, false, Clock.systemUTC()), new PrintWriter(out, true), new PrintWriter(err, true),
                args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void listNamesEveryExperiment() {
        for (Result r : new Result[] {run("experiment", "list"), run("experiment")}) {
            assertThat(r.code()).isZero();
            assertThat(r.out()).contains("convergence", "vanishing-gradient", "dying-relu", "zero-centred", "cost");
        }
    }

    @Test
    void helpDescribesTheExperimentsWithExamples() {
        Result r = run("experiment", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--quick", "--seeds", "Examples:", "rectifier experiment convergence --quick", "90% training accuracy",
                "dying-relu", "zero-centred");
    }

    @Test
    void usageErrorsSayWhatIsWrong() {
        Result unknown = run("experiment", "dying");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown experiment 'dying'; choose one of convergence, vanishing-gradient, dying-relu");
        Result notFor = run("experiment", "cost", "--target", "0.9");
        assertThat(notFor.code()).isEqualTo(2);
        assertThat(notFor.err()).contains("--target does not apply to the cost experiment");
        Result target = run("experiment", "convergence", "--target", "90");
        assertThat(target.code()).isEqualTo(2);
        assertThat(target.err()).contains("--target 90.0: a training accuracy as a fraction in (0, 1]");
        Result seeds = run("experiment", "convergence", "--seeds", "1,1");
        assertThat(seeds.code()).isEqualTo(2);
        assertThat(seeds.err()).contains("seed 1 appears twice");
        Result data = run("experiment", "dying-relu", "--data", tmp.resolve("nowhere").toString());
        assertThat(data.code()).isEqualTo(2);
        assertThat(data.err()).contains("is not a directory");
    }

    @Test
    void aQuickRunOnTinyDataWritesItsFilesAndSaysWhichDataItUsed() throws IOException {
        Path data = Fixtures.idx(tmp.resolve("fashion"), 300, 60);
        Path out = tmp.resolve("vg");
        Result r = run("experiment", "vanishing-gradient", "--quick", "--data", data.toString(), "--out", out.toString(), "--threads", "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("experiment vanishing-gradient (quick): output in " + out,
                "data: Fashion-MNIST (300 train / 60 test) from " + data, "result:", "summary: " + out.resolve("summary.html"));
        assertThat(out.resolve("results.csv")).isNotEmptyFile();
        Fixtures.figure(out, "gradient-norms-depth-30");
        assertThat(Files.readString(out.resolve("summary.md"))).contains("Fashion-MNIST (300 train / 60 test)");
    }
}
