package dev.rectifier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rectifier.io.Json;
import dev.rectifier.nn.Sequential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in architectures, the autoencoder and CSV paths end to end, and the pieces they rest on. */
class ModelsAndDataTest {
    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void data() throws IOException {
        data = TinyData.fashion(tmp.resolve("fashion"), 120, 30, 5);
    }

    @Test
    void architecturesHaveTheDocumentedShapes() {
        SplittableRandom r = new SplittableRandom(1);
        Sequential mlp = Models.build(Models.mlp(784, new int[] {256, 256}, 10, "relu", r), r);
        assertThat(TrainingSession.describe(mlp, new int[] {784}))
                .isEqualTo("[784] -> dense [256] -> dense [256] -> dense [10]");
        assertThat(TrainingSession.parameterCount(mlp)).isEqualTo(784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10);
        Sequential cnn = Models.build(Models.cnn(10, "leaky_relu(negative_slope=0.1)", r), r);
        assertThat(TrainingSession.describe(cnn, new int[] {1, 28, 28})).isEqualTo("[1, 28, 28] -> conv2d [32, 24, 24] -> maxpool2d "
                + "[32, 12, 12] -> conv2d [64, 8, 8] -> maxpool2d [64, 4, 4] -> flatten [1024] -> dense [128] -> dense [10]");
        Sequential ae = Models.build(Models.autoencoder(784, new int[] {256, 64}, "relu", r), r);
        assertThat(TrainingSession.describe(ae, new int[] {784}))
                .isEqualTo("[784] -> dense [256] -> dense [64] -> dense [256] -> dense [784]");
        assertThat(ae.namedParameters().keySet()).contains("encoder.0.weight", "decoder.1.bias");
        List<Map<String, Object>> layers = Models.autoencoder(784, new int[] {256, 64}, "relu", r);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> decoder = (List<Map<String, Object>>) layers.get(1).get("layers");
        assertThat(decoder.get(1)).doesNotContainKey("activation"); // a linear output
        assertThat(decoder.get(1)).containsEntry("init", Models.TORCH_LINEAR_INIT);
        dev.rectifier.nn.Dense first = (dev.rectifier.nn.Dense) ae.leaves().get(0);
        float bound = (float) (1 / Math.sqrt(784)); // torch.nn.Linear's default: U(-1/sqrt(fan_in), 1/sqrt(fan_in))
        float max = 0;
        for (float w : first.weight().value().toArray()) {
            max = Math.max(max, Math.abs(w));
        }
        assertThat(max).isLessThanOrEqualTo(bound).isGreaterThan(0.99f * bound);
        assertThat(decoder.get(0)).containsEntry("activation", "relu");
    }

    @Test
    void sameSeedSameModel() {
        Sequential a = Models.build(Models.mlp(20, new int[] {8}, 3, "relu", new SplittableRandom(9)), new SplittableRandom(9));
        Sequential b = Models.build(Models.mlp(20, new int[] {8}, 3, "relu", new SplittableRandom(9)), new SplittableRandom(9));
        assertThat(a.parameters().get(0).value().toArray()).containsExactly(b.parameters().get(0).value().toArray());
    }

    @Test
    void autoencoderTrainsEvaluatesAndPredictsWithReconstructionLoss() {
        Path run = tmp.resolve("ae");
        TinyData.Result r = TinyData.run("train", "--model", "autoencoder", "--hidden", "32,8", "--epochs", "1", "--threads", "2",
                "--data", data.toString(), "--out", run.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("adam(lr=0.001").contains("test loss (mean squared error)")
                .contains("[784] -> dense [32] -> dense [8] -> dense [32] -> dense [784]").doesNotContain("acc ");
        assertThat(run.resolve("report/reconstructions.png")).isNotEmptyFile();
        assertThat(run.resolve("report/reconstructions.svg")).isNotEmptyFile();
        assertThat(run.resolve("report/accuracy.png")).doesNotExist();
        assertThat(run.resolve("report/confusion.png")).doesNotExist();
        TinyData.Result e = TinyData.run("evaluate", "--model", run.toString());
        assertThat(e.exitCode()).as(e.toString()).isZero();
        assertThat(e.out()).contains("test loss (mean squared error): ").contains("on 30 images");
        TinyData.Result p = TinyData.run("predict", "--model", run.toString(), "--limit", "2",
                data.resolve("t10k-images-idx3-ubyte").toString());
        assertThat(p.out().lines()).hasSize(2).allMatch(l -> l.contains(": reconstruction error (mean squared) "));
    }

    @Test
    void csvTablesTrainAnMlpWithAHeldOutTestSplit() throws IOException {
        Path csv = TinyData.csv(tmp.resolve("iris.csv"), 150, 3);
        Path run = tmp.resolve("csv");
        TinyData.Result r = TinyData.run("train", "--data", csv.toString(), "--label", "species", "--hidden", "8", "--epochs", "20",
                "--batch-size", "16", "--threads", "1", "--out", run.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("data: CSV " + csv + " (150 rows, 4 features, 3 classes), 20% held out for testing (30 rows)")
                .contains("[4] -> dense [8] -> dense [3]");
        Map<String, Object> summary = Json.readObject(run.resolve("summary.json"));
        assertThat(((Number) summary.get("test_accuracy")).doubleValue()).isGreaterThan(0.8);
        assertThat(run.resolve("report/samples.png")).doesNotExist();
        assertThat(run.resolve("report/confusion.png")).isNotEmptyFile();
        TinyData.Result e = TinyData.run("evaluate", "--model", run.toString());
        assertThat(e.exitCode()).as(e.toString()).isZero();
        assertThat(e.out()).contains("(" + summary.get("test_correct") + " of 30)").contains("setosa", "virginica");
        Path other = TinyData.csv(tmp.resolve("other.csv"), 12, 99);
        TinyData.Result f = TinyData.run("evaluate", "--model", run.resolve("best").toString(), "--data", other.toString());
        assertThat(f.exitCode()).as(f.toString()).isZero();
        assertThat(f.out()).contains("(12 rows, 4 features, 3 classes), all rows as the test set").contains(" of 12)");
        TinyData.Result p = TinyData.run("predict", "--model", run.toString(), other.toString());
        assertThat(p.exitCode()).isEqualTo(2);
        assertThat(p.err()).contains("was trained on tabular data (CSV)");
    }

    @Test
    void theCnnTrainsOnImages() throws IOException {
        Path run = tmp.resolve("cnn");
        TinyData.Result r = TinyData.run("train", "--model", "cnn", "--activation", "leaky_relu(negative_slope=0.1)", "--epochs", "1",
                "--validation", "0", "--threads", "2", "--data", data.toString(), "--out", run.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("120 training, 0 validation, 30 test samples").contains("test accuracy");
        assertThat(Files.readString(run.resolve("best/model.json"))).contains("\"conv2d\"", "leaky_relu(negative_slope=0.1)");
        assertThat(Json.readObject(run.resolve("summary.json"))).containsEntry("monitor", "train_accuracy");
        assertThat(Files.readAllLines(run.resolve("metrics.csv")).get(1)).contains(",nan,nan,");
    }

    @Test
    void quickstartTrainsTheCnnThroughTheTrainMachinery() throws IOException {
        Path tiny = TinyData.fashion(tmp.resolve("tiny"), 40, 10, 8);
        Path run = tmp.resolve("quick");
        TinyData.Result r = TinyData.run("quickstart", "--data", tiny.toString(), "--threads", "2", "--out", run.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("quickstart: training the CNN with ReLU")
                .contains("adam(lr=0.001", "schedule cosine(min_lr=0.0)", "epoch 8/8", "report: " + run.resolve("report.html"));
        Map<String, Object> settings = Json.readObject(run.resolve("settings.json"));
        assertThat(settings).containsEntry("model", "cnn").containsEntry("activation", "relu").containsEntry("epochs", 8L)
                .containsEntry("batch_size", 64L);
        assertThat(run.resolve("report/samples.png")).isNotEmptyFile();
    }

    @Test
    void settingsRoundTripThroughJson() {
        TrainSettings s = new TrainSettings("cnn", "relu", new int[0], 4, 64, "sgd(lr=0.05,momentum=0.9,nesterov=false,weight_decay=0.0)",
                "cosine(min_lr=0.0)", 7, 2, null, null, null, 0.1, true, false);
        assertThat(TrainSettings.fromMap(Json.parseObject(Json.write(s.toMap())))).isEqualTo(s);
    }

    @Test
    void imagesAreScaledByAreaAndCentred() {
        float[] white = new float[10 * 20];
        java.util.Arrays.fill(white, 1f);
        float[] fitted = ImageInput.fit(white, 20, 10, 28, 28); // 20 wide, 10 high: becomes 28 x 14, rows 7..20
        assertThat(fitted[6 * 28 + 14]).isZero();
        assertThat(fitted[7 * 28]).isEqualTo(1f);
        assertThat(fitted[20 * 28 + 27]).isEqualTo(1f);
        assertThat(fitted[21 * 28 + 14]).isZero();
    }

    @Test
    void metricsResumeKeepsOnlyCheckpointedEpochs() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("metrics"));
        Files.writeString(dir.resolve(MetricsFiles.JSONL), "{\"epoch\":1,\"train_loss\":0.5,\"val_loss\":null}\n"
                + "{\"epoch\":2,\"train_loss\":0.4,\"val_loss\":null}\n{\"epoch\":3,\"train_loss\":0.3,\"val_loss\":null}\n");
        MetricsFiles m = MetricsFiles.resume(dir, 2);
        assertThat(m.rows()).hasSize(2);
        assertThat(m.rows().get(1).get("val_loss")).isNaN();
        m.write();
        assertThat(Files.readAllLines(dir.resolve(MetricsFiles.CSV))).containsExactly("epoch,train_loss,val_loss", "1,0.5,nan", "2,0.4,nan");
    }
}
