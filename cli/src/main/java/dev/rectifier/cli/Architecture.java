package dev.rectifier.cli;

import dev.rectifier.io.Json;
import dev.rectifier.io.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A model architecture file, {@code model.json} as {@link ModelFile} writes it, read for
 * {@code train --model FILE}: its per-sample input shape and its layer configs. Only the
 * architecture is used; the network starts from a fresh, seeded initialisation.
 */
record Architecture(int[] inputShape, List<Map<String, Object>> layers) {

    /**
     * Reads {@code file} (or {@code file/model.json} for a model directory).
     *
     * @throws CliException naming the file and what is wrong with it
     */
    @SuppressWarnings("unchecked")
    static Architecture read(Path file) {
        Path json = Files.isDirectory(file) ? file.resolve(ModelFile.ARCHITECTURE_FILE) : file;
        if (!Files.isRegularFile(json)) {
            throw CliException.failure("--model " + file + ": no such file; give mlp, cnn, autoencoder or a model architecture file ("
                    + ModelFile.ARCHITECTURE_FILE + ")");
        }
        Map<String, Object> doc;
        try {
            doc = Json.readObject(json);
        } catch (IOException e) {
            throw CliException.failure("--model " + json + ": " + RunDirectory.reason(e) + "; expected a model architecture file as train writes it",
                    e);
        }
        if (!ModelFile.FORMAT.equals(doc.get("format"))) {
            throw CliException.failure(json + ": not a Rectifier model file (its \"format\" is " + doc.get("format") + ", not \""
                    + ModelFile.FORMAT + "\")");
        }
        if (!(doc.get("layers") instanceof List<?> layers) || layers.isEmpty()) {
            throw CliException.failure(json + ": \"layers\" is missing or empty; expected a list of layer configs");
        }
        if (!(doc.get("input_shape") instanceof List<?> shape) || shape.isEmpty()) {
            throw CliException.failure(json + ": \"input_shape\" is missing; expected the per-sample input shape, e.g. [784]");
        }
        int[] input = new int[shape.size()];
        for (int i = 0; i < input.length; i++) {
            if (!(shape.get(i) instanceof Number n) || n.intValue() < 1 || n.doubleValue() != n.intValue()) {
                throw CliException.failure(json + ": \"input_shape\" holds " + shape.get(i) + ", not a size >= 1");
            }
            input[i] = n.intValue();
        }
        for (Object layer : layers) {
            if (!(layer instanceof Map<?, ?>)) {
                throw CliException.failure(json + ": \"layers\" holds " + layer + ", not a layer config object");
            }
        }
        return new Architecture(input, (List<Map<String, Object>>) layers);
    }
}
