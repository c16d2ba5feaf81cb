package dev.rectifier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rectifier.io.Checkpoint;
import dev.rectifier.nn.Parameter;
import dev.rectifier.train.EpochMetrics;
import dev.rectifier.train.TrainingListener;
import dev.rectifier.train.TrainingRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An interrupted run (the stop signal that Ctrl-C raises, mid-epoch) keeps its last complete
 * checkpoint, and --resume continues from it to exactly the weights and figures of a run that
 * was never interrupted: momentum, the cosine schedule and the shuffle order all carry over.
 */
class ResumeTest {
    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void data() throws IOException {
        data = TinyData.fashion(tmp.resolve("fashion"), 200, 40, 11);
    }

    private static TrainSettings settings() {
        return new TrainSettings("mlp", "leaky_relu(negative_slope=0.1)", new int[] {16}, 3, 32,
                "sgd(lr=0.05,momentum=0.9,nesterov=false,weight_decay=0.0001)", "cosine(min_lr=0.0)", 5, 2, data.toString(), null,
                null, 0.2, true, false);
    }

    /** Raises the stop signal at the given epoch's given batch. */
    private record StopAt(StopSignal signal, int epoch, int step) implements TrainingListener {
        @Override
        public void onBatchEnd(TrainingRun run, BatchResult batch) {
            if (batch.epoch() == epoch && batch.step() == step) {
                signal.request();
            }
        }
    }

    private static TinyData.Result session(TrainSettings s, Path out, StopSignal signal, List<TrainingListener> extra)
            throws IOException {
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = new TrainingSession(TinyData.env(), new PrintWriter(o, true), new PrintWriter(e, true), extra, signal).start(s, out);
        return new TinyData.Result(code, o.toString(), e.toString());
    }

    @Test
    void resumingAnInterruptedRunReachesTheWeightsOfAnUninterruptedOne() throws IOException {
        Path whole = tmp.resolve("whole"), broken = tmp.resolve("broken");
        TinyData.Result a = session(settings(), whole, new StopSignal(), List.of());
        assertThat(a.exitCode()).as(a.toString()).isZero();

        StopSignal signal = new StopSignal();
        TinyData.Result b = session(settings(), broken, signal, List.of(new StopAt(signal, 2, 1)));
        assertThat(b.exitCode()).as(b.toString()).isEqualTo(TrainingSession.INTERRUPTED);
        assertThat(b.errLines()).containsExactly("interrupted: epoch 1 is the last complete checkpoint; continue with: rectifier train --resume "
                + broken);
        assertThat(Files.readString(broken.resolve("checkpoints/latest")).strip()).isEqualTo("epoch-0001");
        assertThat(Files.readAllLines(broken.resolve("metrics.csv"))).hasSize(2);
        assertThat(broken.resolve("report.html")).doesNotExist();

        TinyData.Result c = TinyData.run("train", "--resume", broken.toString());
        assertThat(c.exitCode()).as(c.toString()).isZero();
        assertThat(c.out()).contains("resuming after epoch 1 of 3").contains("epoch 2/3", "epoch 3/3").doesNotContain("epoch 1/3");

        List<float[]> expected = weights(whole), actual = weights(broken);
        assertThat(actual).hasSameSizeAs(expected);
        for (int p = 0; p < expected.size(); p++) {
            int mismatch = java.util.Arrays.mismatch(expected.get(p), actual.get(p));
            assertThat(mismatch).as("parameter %d: first differing element %d", p, mismatch).isEqualTo(-1);
        }
        List<Map<String, Double>> m1 = MetricsFiles.read(whole), m2 = MetricsFiles.read(broken);
        assertThat(m2).hasSize(3);
        for (int i = 0; i < 3; i++) {
            for (String key : List.of("epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "lr")) {
                assertThat(m2.get(i).get(key)).as("epoch " + (i + 1) + " " + key).isEqualTo(m1.get(i).get(key));
            }
        }
        assertThat(Files.readString(broken.resolve("summary.json"))).contains("\"resumed_after_epoch\": 1");
        assertThat(Files.readString(broken.resolve("report.html"))).contains("Resumed after epoch 1");
    }

    @Test
    void anInterruptionInTheFirstEpochLeavesNoCheckpointAndResumeStartsAgain() throws IOException {
        Path out = tmp.resolve("early");
        StopSignal signal = new StopSignal();
        TinyData.Result b = session(settings().withEpochs(1), out, signal, List.of(new StopAt(signal, 1, 0)));
        assertThat(b.exitCode()).isEqualTo(TrainingSession.INTERRUPTED);
        assertThat(b.err()).contains("no epoch was completed, so there is no checkpoint yet");
        TinyData.Result c = TinyData.run("train", "--resume", out.toString());
        assertThat(c.exitCode()).as(c.toString()).isZero();
        assertThat(c.out()).contains("training again from epoch 1").contains("epoch 1/1");
    }

    @Test
    void aSignalAfterAnEpochsLastBatchStopsAfterThatEpochsCheckpoint() throws IOException {
        Path out = tmp.resolve("late");
        StopSignal signal = new StopSignal();
        int lastStep = (160 + 31) / 32 - 1; // 200 samples, 20% for validation, batches of 32
        TinyData.Result b = session(settings(), out, signal, List.of(new StopAt(signal, 1, lastStep)));
        assertThat(b.exitCode()).as(b.toString()).isEqualTo(TrainingSession.INTERRUPTED);
        assertThat(b.errLines()).containsExactly("interrupted: epoch 1 is the last complete checkpoint; continue with: rectifier train "
                + "--resume " + out);
        assertThat(out.resolve("report.html")).doesNotExist();
        assertThat(Files.readString(out.resolve("checkpoints/latest")).strip()).isEqualTo("epoch-0001");
    }

    @Test
    void extraListenersFiguresReachTheMetricsFilesAndTheReport() throws IOException {
        TrainingListener probe = new TrainingListener() {
            @Override
            public void onEpochEnd(TrainingRun run, EpochMetrics m) {
                m.put("dead_fraction.layer0", 0.1 * m.epoch());
                m.put("dead_fraction.layer1", 0.05 * m.epoch());
                m.put("grad_norm", 1.0 / m.epoch());
            }
        };
        Path out = tmp.resolve("extra");
        TinyData.Result r = session(settings().withEpochs(2), out, new StopSignal(), List.of(probe));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(Files.readAllLines(out.resolve("metrics.csv")).get(0)).contains(",lr,dead_fraction.layer0,dead_fraction.layer1,grad_norm,");
        assertThat(out.resolve("report/extra-dead_fraction.png")).isNotEmptyFile();
        assertThat(out.resolve("report/extra-grad_norm.svg")).isNotEmptyFile();
        assertThat(Files.readString(out.resolve("report.html"))).contains("report/extra-dead_fraction.png", "dead_fraction.layer1");
    }

    private static List<float[]> weights(Path run) throws IOException {
        Checkpoint.Loaded latest = Checkpoint.loadLatest(run.resolve("checkpoints")).orElseThrow();
        assertThat(latest.progress().epoch()).isEqualTo(3);
        return latest.model().model().parameters().stream().map(Parameter::value).map(t -> t.toArray()).toList();
    }
}
