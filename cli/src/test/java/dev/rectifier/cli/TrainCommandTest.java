package dev.rectifier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rectifier.io.Json;
import dev.rectifier.io.JsonLines;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train, evaluate and predict end to end on tiny data: exit codes, output, and every file a run leaves. */
class TrainCommandTest {
    @TempDir
    static Path tmp;
    static Path data;
    static Path run;
    static TinyData.Result trained;

    @BeforeAll
    static void trainOnce() throws IOException {
        data = TinyData.fashion(tmp.resolve("fashion"), 300, 100, 7);
        run = tmp.resolve("mlp-run");
        trained = TinyData.run("train", "--model", "mlp", "--hidden", "32", "--epochs", "2", "--batch-size", "32", "--lr", "0.02",
                "--threads", "2", "--data", data.toString(), "--out", run.toString());
    }

    @Test
    void trainingSucceedsAndSaysWhatItUsedAndWhereTheReportIs() {
        assertThat(trained.exitCode()).as(trained.toString()).isZero();
        assertThat(trained.err()).isEmpty();
        assertThat(trained.out())
                .contains("data: Fashion-MNIST (300 train / 100 test) from " + data)
                .contains("model: mlp [784] -> dense [32] -> dense [10]")
                .contains("270 training, 30 validation, 100 test samples")
                .contains("epoch 1/2: loss", "epoch 2/2: loss", "val_acc")
                .contains("test accuracy", "report: " + run.resolve("report.html"));
    }

    @Test
    void metricsFilesHoldOneWellFormedRowPerEpoch() throws IOException {
        List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
        assertThat(csv).hasSize(3);
        // the standard figures, then the diagnostics' (on by default): dead units, sparsity,
        // activation mean and spread per activation layer, weight-gradient norms per layer
        assertThat(csv.get(0)).startsWith("epoch,train_loss,train_accuracy,val_loss,val_accuracy,seconds,samples_per_second,lr,"
                + "dead_fraction,dead.L0_dense,nearly_dead.L0_dense,sparsity.L0_dense,mean.L0_dense,std.L0_dense,"
                + "grad_norm.L0_dense,grad_norm.L1_dense,diagnostics_seconds");
        int columns = csv.get(0).split(",").length;
        for (int e = 1; e <= 2; e++) {
            String[] fields = csv.get(e).split(",");
            assertThat(fields).hasSize(columns);
            assertThat(fields[0]).isEqualTo(Integer.toString(e));
            for (int i = 1; i < fields.length; i++) {
                assertThat(Double.parseDouble(fields[i])).as(csv.get(e)).isFinite();
            }
        }
        List<Object> jsonl = JsonLines.read(run.resolve("metrics.jsonl"));
        assertThat(jsonl).hasSize(2);
        @SuppressWarnings("unchecked")
        Map<String, Object> second = (Map<String, Object>) jsonl.get(1);
        assertThat(second.get("epoch")).isEqualTo(2L);
        assertThat(((Number) second.get("val_accuracy")).doubleValue()).isBetween(0.0, 1.0);
        assertThat(Double.parseDouble(csv.get(2).split(",")[4])).isEqualTo(((Number) second.get("val_accuracy")).doubleValue());
    }

    @Test
    void checkpointsBestModelSettingsAndSummaryAreWritten() throws IOException {
        assertThat(Files.readString(run.resolve("checkpoints/latest")).strip()).isEqualTo("epoch-0002");
        assertThat(run.resolve("checkpoints/epoch-0002/model.safetensors")).isNotEmptyFile();
        assertThat(run.resolve("checkpoints/epoch-0002/optimizer.safetensors")).isNotEmptyFile();
        assertThat(run.resolve("best/model.json")).isNotEmptyFile();
        Map<String, Object> settings = Json.readObject(run.resolve("settings.json"));
        assertThat(settings).containsEntry("model", "mlp").containsEntry("epochs", 2L).containsEntry("threads", 2L)
                .containsEntry("optimizer", "sgd(lr=0.02,momentum=0.9,nesterov=false,weight_decay=0.0)");
        Map<String, Object> summary = Json.readObject(run.resolve("summary.json"));
        assertThat(((Number) summary.get("test_accuracy")).doubleValue()).isGreaterThan(0.5);
        assertThat(summary).containsEntry("epochs_completed", 2L).containsEntry("monitor", "val_accuracy");
        try (var files = Files.list(run)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp"));
        }
    }

    @Test
    void reportReferencesItsFiguresWhichAreNonEmptyPngAndSvg() throws IOException {
        String html = Files.readString(run.resolve("report.html"));
        for (String name : List.of("loss", "accuracy", "confusion", "samples")) {
            Path png = run.resolve("report/" + name + ".png");
            Path svg = run.resolve("report/" + name + ".svg");
            assertThat(html).contains("src=\"report/" + name + ".png\"").contains("href=\"report/" + name + ".svg\"");
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image).as(name).isNotNull();
            assertThat(image.getWidth()).isGreaterThan(300);
            assertThat(Files.readString(svg)).startsWith("<?xml").contains("<svg");
        }
        assertThat(html).contains("Test results", "test accuracy", "sgd(lr=0.02", "seed", "threads", "samples/s",
                "Fashion-MNIST (300 train / 100 test)");
    }

    @Test
    void evaluateReportsTheTestAccuracyOfTheBestModel() throws IOException {
        TinyData.Result r = TinyData.run("evaluate", "--model", run.toString(), "--threads", "1");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Map<String, Object> summary = Json.readObject(run.resolve("summary.json"));
        long correct = (Long) summary.get("test_correct");
        assertThat(r.out()).contains("test accuracy: ").contains("(" + correct + " of 100)")
                .contains("confusion matrix").contains("accuracy per class");
    }

    @Test
    void predictGivesTheTopThreeClassesForIdxAndPngInputs() throws IOException {
        BufferedImage img = new BufferedImage(56, 50, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 56, 50);
        g.setColor(java.awt.Color.BLACK);
        g.fillRect(10, 8, 12, 30);
        g.dispose();
        Path png = tmp.resolve("item.png");
        ImageIO.write(img, "png", png.toFile());
        TinyData.Result r = TinyData.run("predict", "--model", run.toString(), "--limit", "3",
                data.resolve("t10k-images-idx3-ubyte").toString(), png.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("t10k-images-idx3-ubyte[0]: ").matches(".*: \\S.* \\d+\\.\\d%, .* \\d+\\.\\d%, .* \\d+\\.\\d%");
        assertThat(lines.get(3)).startsWith("item.png: ").contains("[inverted (light background), scaled from 56x50 and centred]");
    }

    @Test
    void aModelFileFromARunTrainsAgainFromScratch() {
        Path out = tmp.resolve("from-file");
        TinyData.Result r = TinyData.run("train", "--model", run.resolve("best/model.json").toString(), "--epochs", "1",
                "--threads", "1", "--data", data.toString(), "--out", out.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("[784] -> dense [32] -> dense [10]");
        assertThat(out.resolve("report.html")).isNotEmptyFile();
    }
}
