package dev.rectifier.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rectifier.kernels.Activations;
import dev.rectifier.kernels.Parallelism;
import dev.rectifier.nn.ActivationLayer;
import dev.rectifier.nn.Context;
import dev.rectifier.nn.Dense;
import dev.rectifier.nn.Sequential;
import dev.rectifier.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir
    Path dir;

    static Sequential model(int hidden, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return Sequential.of(new Dense(8, hidden, Activations.relu(), r),
                Sequential.named("head", List.of(new Dense(hidden, hidden, false, Activations.leakyRelu(0.2), null, r),
                        ActivationLayer.of("leaky_relu(negative_slope=0.05)"), new Dense(hidden, 3, null, r))));
    }

    static Tensor batch(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[32 * 8];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return Tensor.of(x, 32, 8);
    }

    static int[] bits(Tensor t) {
        int[] out = new int[t.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.floatToRawIntBits(t.at(i));
        }
        return out;
    }

    @Test
    void savedAndLoadedModelGivesBitIdenticalOutputs() throws Exception {
        Sequential model = model(16, 1);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("classes", List.of("a", "b", "c"));
        meta.put("activation", "relu");
        Path saved = dir.resolve("m");
        ModelFile.save(saved, model, new int[] {8}, meta);

        ModelFile.Loaded loaded = ModelFile.load(saved);
        assertThat(loaded.inputShape()).containsExactly(8);
        assertThat(loaded.metadata()).isEqualTo(Map.of("classes", List.of("a", "b", "c"), "activation", "relu"));
        assertThat(loaded.model().namedParameters().keySet())
                .containsExactly("0.weight", "0.bias", "head.0.weight", "head.2.weight", "head.2.bias");
        Tensor x = batch(2);
        Tensor expected = model.forward(x, Context.eval(Parallelism.serial())).copy();
        Tensor actual = loaded.model().forward(x, Context.eval(Parallelism.serial()));
        assertThat(bits(actual)).isEqualTo(bits(expected));
        assertThat(ModelFile.load(saved.resolve(ModelFile.ARCHITECTURE_FILE)).model().parameters()).hasSize(5);

        Map<String, Object> doc = Json.readObject(saved.resolve("model.json"));
        assertThat(doc).containsEntry("format", "rectifier-model").containsEntry("version", 1L)
                .containsEntry("input_shape", List.of(8L)).containsEntry("output_shape", List.of(3L))
                .containsEntry("parameters", (long) (8 * 16 + 16 + 16 * 16 + 16 * 3 + 3));
        assertThat(doc.keySet()).containsExactly("format", "version", "input_shape", "output_shape", "parameters", "layers",
                "weights", "metadata");
        assertThat(SafeTensors.read(saved.resolve("model.safetensors")).metadata()).containsEntry("format", "pt");
        export(model, x, expected);
    }

    /** With -Drectifier.io.export=DIR, also writes the model and a batch for safetensors_interop.py to run in PyTorch. */
    private static void export(Sequential model, Tensor x, Tensor y) throws IOException {
        String target = System.getProperty("rectifier.io.export");
        if (target != null) {
            ModelFile.save(Path.of(target), model, new int[] {8}, null);
            SafeTensors.write(Path.of(target, "batch.safetensors"), Map.of("input", x, "output", y), null);
        }
    }

    @Test
    void refusesWeightsOfAnotherShapeNamingTheFileAndBothShapes() throws Exception {
        Path a = dir.resolve("a");
        ModelFile.save(a, model(16, 1), new int[] {8}, null);
        Path weights = a.resolve("model.safetensors");
        SafeTensors.write(weights, ModelFile.stateDict(model(32, 1)), Map.of("format", "pt"));
        assertThatThrownBy(() -> ModelFile.load(a)).isInstanceOf(FileFormatException.class)
                .hasMessage(weights + ": tensor 0.weight has shape [32, 8] but the architecture needs [16, 8]");
    }

    @Test
    void refusesAPairFromTwoDifferentSaves() throws Exception {
        Path a = dir.resolve("a");
        ModelFile.save(a, model(16, 1), new int[] {8}, null);
        Path b = dir.resolve("b");
        ModelFile.save(b, model(16, 2), new int[] {8}, null);
        Files.copy(b.resolve("model.safetensors"), a.resolve("model.safetensors"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> ModelFile.load(a)).isInstanceOf(FileFormatException.class)
                .hasMessageStartingWith(a.resolve("model.safetensors") + ": SHA-256 is ")
                .hasMessageEndingWith("the two files are not from the same save (an interrupted save, or files copied from different models)");
    }

    @Test
    void refusesMissingAndExtraTensors() throws Exception {
        Path a = dir.resolve("a");
        Sequential model = model(16, 1);
        ModelFile.save(a, model, new int[] {8}, null);
        Path weights = a.resolve("model.safetensors");
        Map<String, Tensor> state = new LinkedHashMap<>(ModelFile.stateDict(model));
        state.remove("head.2.bias");
        state.put("head.9.weight", Tensor.zeros(2));
        SafeTensors.write(weights, state, null);
        assertThatThrownBy(() -> ModelFile.load(a)).hasMessage(weights + ": missing tensor head.2.bias; unexpected tensor head.9.weight "
                + "(the architecture has 0.weight, 0.bias, head.0.weight, head.2.weight, head.2.bias)");
    }

    @Test
    void refusesCorruptTruncatedAndNonF32Weights() throws Exception {
        Path a = dir.resolve("a");
        ModelFile.save(a, model(16, 1), new int[] {8}, null);
        Path weights = a.resolve("model.safetensors");
        byte[] good = Files.readAllBytes(weights);

        Files.write(weights, java.util.Arrays.copyOf(good, 100));
        assertThatThrownBy(() -> ModelFile.load(a)).isInstanceOf(FileFormatException.class)
                .hasMessageStartingWith(weights + ": header length ").hasMessageContaining("runs past the end of the file (100 bytes)");

        Files.write(weights, java.util.Arrays.copyOf(good, good.length - 4));
        assertThatThrownBy(() -> ModelFile.load(a)).hasMessageStartingWith(weights + ": tensor ")
                .hasMessageEndingWith("(the file is truncated)");

        String header = "{\"0.weight\":{\"dtype\":\"F16\",\"shape\":[16,8],\"data_offsets\":[0,256]}}";
        Files.write(weights, SafeTensorsTest.assemble(header, new byte[256]));
        assertThatThrownBy(() -> ModelFile.load(a))
                .hasMessage(weights + ": tensor 0.weight has dtype F16, but only F32 tensors can be loaded (convert it with tensor.float() before saving)");

        Files.delete(weights);
        assertThatThrownBy(() -> ModelFile.load(a)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void refusesBadArchitectureFiles() throws Exception {
        Path a = dir.resolve("a");
        ModelFile.save(a, model(16, 1), new int[] {8}, null);
        Path json = a.resolve("model.json");
        String good = Files.readString(json);

        Files.writeString(json, good.replace("\"layers\": [", "\"layers\": [,"));
        assertThatThrownBy(() -> ModelFile.load(a)).isInstanceOf(FileFormatException.class)
                .hasMessageMatching(java.util.regex.Pattern.quote(json.toString()) + ": line \\d+, column \\d+: expected an array element but found ','");

        Files.writeString(json, good.replaceFirst("\"type\": \"dense\"", "\"type\": \"conv9\""));
        assertThatThrownBy(() -> ModelFile.load(a)).hasMessage(json + ": cannot build the layers: unknown layer type 'conv9'; known: "
                + String.join(", ", dev.rectifier.nn.Layers.TYPES));

        Files.writeString(json, good.replace("\"version\": 1", "\"version\": 2"));
        assertThatThrownBy(() -> ModelFile.load(a)).hasMessage(json + ": version 2 is not one this Rectifier reads (1 to 1); "
                + "it was written by a newer Rectifier");

        Files.writeString(json, good.replace("\"rectifier-model\"", "\"keras\""));
        assertThatThrownBy(() -> ModelFile.load(a)).hasMessage(json + ": format is \"keras\", not \"rectifier-model\": not a Rectifier model file");

        Files.writeString(json, good.replaceFirst("\"input_shape\": \\[8]", "\"input_shape\": [9]"));
        assertThatThrownBy(() -> ModelFile.load(a)).hasMessage(json + ": cannot build the layers: layer 0 (dense): "
                + "dense expects input [N, 8] but got [N, 9]");

        Files.writeString(json, good.replaceFirst("\"input_shape\": \\[8]", "\"input_shape\": [8.5]"));
        assertThatThrownBy(() -> ModelFile.load(a)).hasMessage(json + ": \"input_shape\" is [8.5]; expected a list of positive whole numbers such as [784]");
    }

    @Test
    void aFailedWriteLeavesThePreviousFileIntactAndNoTemporaryFile() throws Exception {
        Path target = dir.resolve("file.bin");
        AtomicFiles.write(target, out -> out.write(new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]);
            throw new IOException("disk full (simulated)");
        })).hasMessage("disk full (simulated)");
        assertThat(Files.readAllBytes(target)).containsExactly(1, 2, 3);
        assertThat(list(dir)).containsExactly("file.bin");

        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write(7);
            throw new IllegalStateException("crash (simulated)");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(Files.readAllBytes(target)).containsExactly(1, 2, 3);
        assertThat(list(dir)).containsExactly("file.bin");

        AtomicFiles.write(target, out -> out.write(new byte[] {4}));
        assertThat(Files.readAllBytes(target)).containsExactly(4);
        assertThat(list(dir)).containsExactly("file.bin");
    }

    @Test
    void aSaveRefusedBeforeWritingLeavesThePreviousModelLoadable() throws Exception {
        Path a = dir.resolve("a");
        Sequential first = model(16, 1);
        ModelFile.save(a, first, new int[] {8}, null);
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("best_loss", Double.NaN);
        assertThatThrownBy(() -> ModelFile.save(a, model(16, 2), new int[] {8}, bad))
                .hasMessage("NaN at $.metadata.best_loss is not a JSON number (JSON has no NaN or infinity)");
        assertThat(list(a)).containsExactly("model.json", "model.safetensors");
        Tensor x = batch(3);
        assertThat(bits(ModelFile.load(a).model().forward(x, Context.eval(Parallelism.serial()))))
                .isEqualTo(bits(first.forward(x, Context.eval(Parallelism.serial()))));
    }

    static List<String> list(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
