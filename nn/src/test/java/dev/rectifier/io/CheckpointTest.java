package dev.rectifier.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rectifier.kernels.Activations;
import dev.rectifier.kernels.Parallelism;
import dev.rectifier.loss.SoftmaxCrossEntropy;
import dev.rectifier.nn.Dense;
import dev.rectifier.nn.Parameter;
import dev.rectifier.nn.Sequential;
import dev.rectifier.optim.Adam;
import dev.rectifier.optim.Optimizer;
import dev.rectifier.optim.Schedule;
import dev.rectifier.optim.Sgd;
import dev.rectifier.tensor.Tensor;
import dev.rectifier.train.ArrayDataset;
import dev.rectifier.train.EpochMetrics;
import dev.rectifier.train.History;
import dev.rectifier.train.Trainer;
import dev.rectifier.train.TrainingListener;
import dev.rectifier.train.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir
    Path dir;

    static final int EPOCHS = 4;
    static final ArrayDataset TRAIN = blobs(300, 11);
    static final ArrayDataset VALIDATION = blobs(100, 12);

    static ArrayDataset blobs(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * 6];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(3);
            for (int d = 0; d < 6; d++) {
                x[i * 6 + d] = (d % 3 == y[i] ? 1.5f : 0f) + (float) r.nextGaussian();
            }
        }
        return new ArrayDataset(x, new int[] {6}, y, 3);
    }

    static Sequential mlp() {
        SplittableRandom r = new SplittableRandom(5);
        return Sequential.of(new Dense(6, 24, Activations.relu(), r), new Dense(24, 24, Activations.leakyRelu(0.1), r),
                new Dense(24, 3, null, r));
    }

    static Trainer.Builder trainer(Optimizer optimizer, Schedule schedule) {
        return Trainer.builder().epochs(EPOCHS).batchSize(32).seed(77).loss(new SoftmaxCrossEntropy()).optimizer(optimizer)
                .schedule(schedule).parallelism(Parallelism.serial());
    }

    /** Stops the run after {@code epoch}, as Ctrl-C or a crash after the checkpoint would. */
    record StopAfter(int epoch) implements TrainingListener {
        @Override
        public void onEpochEnd(TrainingRun run, EpochMetrics m) {
            if (m.epoch() == epoch) {
                run.requestStop("interrupted (simulated)");
            }
        }
    }

    @Test
    void resumingAdamGivesTheWeightsOfTheUninterruptedRun() throws Exception {
        // No schedule: the learning rate is restored from the checkpoint (0.003 is not a float).
        resumeMatchesUninterrupted(params -> new Adam(params, 0.003, 0.9, 0.999, 1e-8, 0.01, true), null);
    }

    @Test
    void resumingSgdWithMomentumAndACosineScheduleGivesTheWeightsOfTheUninterruptedRun() throws Exception {
        resumeMatchesUninterrupted(params -> new Sgd(params, 0.05, 0.9, true, 1e-4, 0), Schedule.parse("cosine(warmup=1)"));
    }

    private void resumeMatchesUninterrupted(Function<List<Parameter>, Optimizer> optimizer, Schedule schedule) throws Exception {
        Sequential reference = mlp();
        History full = trainer(optimizer.apply(reference.parameters()), schedule).build().fit(reference, TRAIN, VALIDATION);

        Path root = dir.resolve("ckpt");
        Sequential interrupted = mlp();
        Optimizer first = optimizer.apply(interrupted.parameters());
        History part = trainer(first, schedule)
                .listener(new CheckpointListener(root, new int[] {6}, Map.of("classes", List.of("a", "b", "c")), 77, 1, 2, "val_loss",
                        Map.of("lr", 0.05)))
                .listener(new StopAfter(2)).build().fit(interrupted, TRAIN, VALIDATION);
        assertThat(part.epochs()).hasSize(2);

        Checkpoint.Loaded loaded = Checkpoint.loadLatest(root).orElseThrow();
        assertThat(loaded.directory().getFileName().toString()).isEqualTo("epoch-0002");
        assertThat(loaded.progress().epoch()).isEqualTo(2);
        assertThat(loaded.progress().globalStep()).isEqualTo(2 * 10);
        assertThat(loaded.progress().seed()).isEqualTo(77);
        assertThat(loaded.progress().settings()).isEqualTo(Map.of("lr", 0.05));
        assertThat(loaded.model().metadata()).containsEntry("classes", List.of("a", "b", "c"));
        assertThat(loaded.learningRate()).isEqualTo(first.learningRate());

        Sequential resumed = loaded.model().model();
        Optimizer second = optimizer.apply(resumed.parameters());
        Trainer rest = trainer(second, schedule).build(); // built before the restore: its base rate is the configured one
        loaded.restore(second);
        assertThat(second.steps()).isEqualTo(first.steps());
        History tail = rest.fit(resumed, TRAIN, VALIDATION, loaded.progress().epoch() + 1);

        assertThat(tail.epochs()).extracting(EpochMetrics::epoch).containsExactly(3, 4);
        assertThat(tail.last().trainLoss()).isEqualTo(full.last().trainLoss());
        List<Parameter> expected = reference.parameters();
        List<Parameter> actual = resumed.parameters();
        for (int k = 0; k < expected.size(); k++) {
            assertThat(ModelFileTest.bits(actual.get(k).value())).as("parameter %d (%s)", k, expected.get(k))
                    .isEqualTo(ModelFileTest.bits(expected.get(k).value()));
        }
    }

    @Test
    void keepsTheNewestCheckpointsAndTheBestModel() throws Exception {
        Path root = dir.resolve("ckpt");
        Sequential model = mlp();
        CheckpointListener listener = new CheckpointListener(root, new int[] {6}, null, 77, 1, 2, "val_accuracy", null);
        History h = trainer(new Sgd(model.parameters(), 0.05, 0.9), null).listener(listener).build().fit(model, TRAIN, VALIDATION);

        assertThat(ModelFileTest.list(root)).containsExactly("best", "epoch-0003", "epoch-0004", "latest");
        assertThat(Files.readString(root.resolve("latest"))).isEqualTo("epoch-0004\n");
        int bestEpoch = 1;
        for (EpochMetrics m : h.epochs()) {
            if (m.validationAccuracy() > h.epochs().get(bestEpoch - 1).validationAccuracy()) {
                bestEpoch = m.epoch();
            }
        }
        assertThat(listener.bestEpoch()).isEqualTo(bestEpoch);
        ModelFile.Loaded best = ModelFile.load(root.resolve("best"));
        @SuppressWarnings("unchecked")
        Map<String, Object> record = (Map<String, Object>) best.metadata().get("best");
        assertThat(record).containsEntry("monitor", "val_accuracy").containsEntry("epoch", (long) bestEpoch)
                .containsEntry("value", h.epochs().get(bestEpoch - 1).validationAccuracy());
        Checkpoint.Loaded latest = Checkpoint.loadLatest(root).orElseThrow();
        assertThat(latest.progress().bestEpoch()).isEqualTo(bestEpoch);
        assertThat(latest.optimizer().steps()).isEqualTo(40);
    }

    @Test
    void anInterruptedSaveLeavesThePreviousCheckpointLoadable() throws Exception {
        Path root = dir.resolve("ckpt");
        Sequential model = mlp();
        Optimizer sgd = new Sgd(model.parameters(), 0.1, 0.9);
        Checkpoint.save(root, model, new int[] {6}, null, sgd, progress(1), 3);
        float[] savedWeights = model.parameters().get(0).value().toArray();

        // A failure midway: the model files are already in the temporary directory when the
        // optimiser state cannot be produced.
        model.parameters().get(0).value().fill(9f);
        Optimizer failing = new Optimizer(model.parameters(), 0.1) {
            @Override
            public String spec() {
                return "sgd(lr=0.1)";
            }

            @Override
            public void step() {}

            @Override
            protected void addState(Map<String, Tensor> state) {
                throw new IllegalStateException("crash while writing (simulated)");
            }

            @Override
            protected void loadBuffers(Map<String, Tensor> state) {}

            @Override
            protected void resetBuffers(int k, int index) {}
        };
        assertThatThrownBy(() -> Checkpoint.save(root, model, new int[] {6}, null, failing, progress(2), 3))
                .hasMessage("crash while writing (simulated)");
        assertThat(ModelFileTest.list(root)).containsExactly("epoch-0001", "latest");

        // A crash after the new directory was renamed but before the pointer moved, and a
        // temporary directory left by a hard crash: neither is read.
        Files.createDirectories(root.resolve("epoch-0002"));
        Files.createDirectories(root.resolve(".epoch-0003.tmp-dead"));
        Files.writeString(root.resolve(".epoch-0003.tmp-dead/model.json"), "{\"format\": ");
        Checkpoint.Loaded loaded = Checkpoint.loadLatest(root).orElseThrow();
        assertThat(loaded.progress().epoch()).isEqualTo(1);
        assertThat(loaded.model().model().parameters().get(0).value().toArray()).containsExactly(savedWeights);

        // The next save takes a free name, moves the pointer and removes the debris.
        Path next = Checkpoint.save(root, model, new int[] {6}, null, sgd, progress(2), 3);
        assertThat(next.getFileName().toString()).isEqualTo("epoch-0002.1");
        assertThat(ModelFileTest.list(root)).containsExactly("epoch-0001", "epoch-0002", "epoch-0002.1", "latest");
        assertThat(Checkpoint.loadLatest(root).orElseThrow().progress().epoch()).isEqualTo(2);
    }

    @Test
    void refusesBrokenPointersAndMismatchedOptimizers() throws Exception {
        Path root = dir.resolve("ckpt");
        assertThat(Checkpoint.loadLatest(root)).isEmpty();
        Sequential model = mlp();
        Checkpoint.save(root, model, new int[] {6}, null, new Adam(model.parameters(), 0.001), progress(1), 1);

        Checkpoint.Loaded loaded = Checkpoint.loadLatest(root).orElseThrow();
        Optimizer other = new Adam(mlp().parameters().subList(0, 2), 0.001);
        Path optimizerFile = root.resolve("epoch-0001/optimizer.safetensors");
        assertThatThrownBy(() -> loaded.restore(new Adam(List.of(new Parameter("w", Tensor.zeros(2), true)), 0.1)))
                .isInstanceOf(FileFormatException.class).hasMessageStartingWith(optimizerFile + ": ");
        loaded.restore(other); // fewer parameters: their buffers are present and fit

        Files.writeString(root.resolve("latest"), "../elsewhere\n");
        assertThatThrownBy(() -> Checkpoint.loadLatest(root)).isInstanceOf(FileFormatException.class)
                .hasMessage(root.resolve("latest") + ": holds \"../elsewhere\", not a checkpoint directory name such as epoch-0007");
        Files.writeString(root.resolve("latest"), "epoch-0009\n");
        assertThatThrownBy(() -> Checkpoint.loadLatest(root))
                .hasMessage(root.resolve("latest") + ": names epoch-0009, which does not exist in " + root);
    }

    private static Checkpoint.Progress progress(int epoch) {
        return new Checkpoint.Progress(epoch, epoch * 10L, 77, "val_loss", Double.NaN, 0, null);
    }
}
