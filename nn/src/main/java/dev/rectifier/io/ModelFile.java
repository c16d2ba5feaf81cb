package dev.rectifier.io;

import dev.rectifier.nn.Layers;
import dev.rectifier.nn.Parameter;
import dev.rectifier.nn.Sequential;
import dev.rectifier.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A saved model: a directory holding {@value #ARCHITECTURE_FILE}, the architecture, and
 * {@value #WEIGHTS_FILE}, the weights.
 *
 * <p>{@code model.json}: {@code {"format": "rectifier-model", "version": 1, "input_shape": [784],
 * "output_shape": [10], "parameters": 203530, "layers": [{"type": "dense", "in": 784, "out": 256,
 * "bias": true, "activation": "relu", "init": "..."}, ...], "weights": {"file": "model.safetensors",
 * "bytes": 814224, "sha256": "..."}, "metadata": {...}}}: the layers are the configs of
 * {@link Layers#toConfig} (a named top-level sequential adds {@code "name"}); {@code metadata} is
 * free (class names, the activation spec, training settings).
 *
 * <p>{@code model.safetensors}: every parameter and buffer by its name in
 * {@link Sequential#namedParameters()} / {@link Sequential#namedBuffers()} ({@code 0.weight},
 * {@code encoder.1.bias}, {@code 2.running_mean}): PyTorch's state_dict names and layouts (a Dense
 * weight is (out, in), as nn.Linear's), with {@code __metadata__ {"format": "pt"}}, so
 * {@code safetensors.torch.load_file} gives a state_dict for the equivalent torch.nn model.
 *
 * <p>Loading rebuilds the network through {@link Layers#fromConfig} and fills it, refusing
 * anything that does not fit with a {@link FileFormatException} naming the file and the problem:
 * bad JSON, another format or a newer version, an unknown layer type, layers that do not take the
 * input shape, a corrupt or truncated safetensors file, a dtype other than F32, a missing or extra
 * tensor, a wrong shape ({@code model.safetensors: tensor 0.weight has shape [256, 784] but the
 * architecture needs [128, 784]}), or weights from another save than the architecture's.
 *
 * <p>Crash safety: each file is replaced atomically ({@link AtomicFiles}), the weights first and
 * then the architecture, which records the weights' size and SHA-256. An interruption therefore
 * never leaves a half-written file, and if it falls between the two renames, the pair does not
 * match and loading says so instead of mixing two saves. To keep the previous state loadable
 * through any interruption, use {@link Checkpoint}, which versions whole directories.
 */
public final class ModelFile {
    private ModelFile() {}

    public static final String FORMAT = "rectifier-model";
    public static final int VERSION = 1;
    public static final String ARCHITECTURE_FILE = "model.json";
    public static final String WEIGHTS_FILE = "model.safetensors";

    /**
     * A loaded model: the network (in whatever mode its layers start in), the per-sample input
     * shape it was saved with, and the free metadata.
     */
    public record Loaded(Sequential model, int[] inputShape, Map<String, Object> metadata) {
        public Loaded {
            inputShape = inputShape.clone();
        }

        @Override
        public int[] inputShape() {
            return inputShape.clone();
        }
    }

    /**
     * Saves {@code model} into {@code directory} (created if needed), replacing a model saved
     * there before.
     *
     * @param inputShape per-sample input shape, e.g. {784} or {1, 28, 28}
     * @param metadata   free JSON-compatible values kept under {@code "metadata"} (may be null)
     * @throws IllegalArgumentException if the layers do not take {@code inputShape} or the
     *                                  metadata cannot be written as JSON; nothing is written then
     */
    public static void save(Path directory, Sequential model, int[] inputShape, Map<String, Object> metadata) throws IOException {
        Map<String, Object> doc = architecture(model, inputShape, metadata);
        Json.writePretty(doc); // refuses unwritable metadata before any file is touched
        Map<String, Tensor> state = stateDict(model);
        Files.createDirectories(directory);
        MessageDigest sha = sha256();
        AtomicFiles.write(directory.resolve(WEIGHTS_FILE), out -> {
            sha.reset();
            SafeTensors.write(new DigestOutputStream(out, sha), state, Map.of("format", "pt"));
        });
        long bytes = SafeTensors.header(state, Map.of("format", "pt")).length;
        for (Tensor t : state.values()) {
            bytes += 4L * t.size();
        }
        Map<String, Object> weights = new LinkedHashMap<>();
        weights.put("file", WEIGHTS_FILE);
        weights.put("bytes", bytes);
        weights.put("sha256", HexFormat.of().formatHex(sha.digest()));
        doc.put("weights", weights);
        if (doc.containsKey("metadata")) {
            doc.put("metadata", doc.remove("metadata"));
        }
        Json.write(directory.resolve(ARCHITECTURE_FILE), doc);
    }

    /**
     * The {@code model.json} document for {@code model} (without the {@code weights} entry that
     * {@link #save} adds).
     */
    public static Map<String, Object> architecture(Sequential model, int[] inputShape, Map<String, Object> metadata) {
        Objects.requireNonNull(model, "model is null");
        Objects.requireNonNull(inputShape, "inputShape is null");
        int[] outputShape = model.outputShape(inputShape);
        Map<String, Object> config = Layers.toConfig(model);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", FORMAT);
        doc.put("version", VERSION);
        doc.put("input_shape", inputShape.clone());
        doc.put("output_shape", outputShape);
        long count = 0;
        for (Parameter p : model.parameters()) {
            count += p.size();
        }
        doc.put("parameters", count);
        if (config.containsKey("name")) {
            doc.put("name", config.get("name"));
        }
        doc.put("layers", config.get("layers"));
        if (metadata != null) {
            doc.put("metadata", new LinkedHashMap<>(metadata));
        }
        return doc;
    }

    /** Every parameter value and buffer of {@code model} by qualified name (views, not copies). */
    public static Map<String, Tensor> stateDict(Sequential model) {
        Map<String, Tensor> state = new LinkedHashMap<>();
        model.namedParameters().forEach((name, p) -> state.put(name, p.value()));
        model.namedBuffers().forEach((name, t) -> {
            if (state.put(name, t) != null) {
                throw new IllegalArgumentException("the model has a parameter and a buffer both named " + name);
            }
        });
        return state;
    }

    /**
     * Loads the model in {@code path}: a directory holding {@value #ARCHITECTURE_FILE} and
     * {@value #WEIGHTS_FILE}, or the {@value #ARCHITECTURE_FILE} file itself.
     *
     * @throws FileFormatException naming the file and the problem (see the class comment)
     */
    public static Loaded load(Path path) throws IOException {
        Path directory = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
        Path json = Files.isDirectory(path) ? path.resolve(ARCHITECTURE_FILE) : path;
        if (!Files.exists(json)) {
            throw new NoSuchFileException(json.toString(), null,
                    "no saved model here (a model directory holds " + ARCHITECTURE_FILE + " and " + WEIGHTS_FILE + ")");
        }
        Map<String, Object> doc = Json.readObject(json);
        Object format = doc.get("format");
        if (!FORMAT.equals(format)) {
            throw new FileFormatException(json, "format is " + (format == null ? "missing" : Json.write(format, false, Json.NonFinite.NULL))
                    + ", not \"" + FORMAT + "\": not a Rectifier model file");
        }
        long version = Fields.integer(doc, "version", json);
        if (version > VERSION || version < 1) {
            throw new FileFormatException(json, "version " + version + " is not one this Rectifier reads (1 to " + VERSION
                    + "); it was written by a newer Rectifier");
        }
        int[] inputShape = Fields.shape(doc, "input_shape", json);
        Object layers = doc.get("layers");
        if (!(layers instanceof List<?>)) {
            throw new FileFormatException(json, "\"layers\" is " + (layers == null ? "missing" : Json.describe(layers))
                    + "; expected a list of layer configs");
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("type", "sequential");
        if (doc.get("name") instanceof String name) {
            config.put("name", name);
        }
        config.put("layers", layers);
        Sequential model;
        try {
            // The seed does not matter: every parameter is overwritten by the saved weights.
            if (!(Layers.fromConfig(config, new SplittableRandom(0)) instanceof Sequential s)) {
                throw new IllegalStateException("a sequential config gave another layer");
            }
            model = s;
            model.outputShape(inputShape);
        } catch (RuntimeException e) {
            throw new FileFormatException(json, "cannot build the layers: " + e.getMessage(), e);
        }
        Path weights = directory.resolve(WEIGHTS_FILE);
        // Most specific first: structure, then names and shapes, then whether the pair is from one save.
        loadStateDict(model, SafeTensors.read(weights).tensors(), weights);
        if (doc.get("weights") instanceof Map<?, ?> w) {
            checkIdentity(weights, w, json);
        }
        Object metadata = doc.get("metadata");
        @SuppressWarnings("unchecked")
        Map<String, Object> meta = metadata instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        return new Loaded(model, inputShape, meta);
    }

    /**
     * Copies {@code state} into the model's parameters and buffers, which must match exactly.
     *
     * @param file names the source in messages
     * @throws FileFormatException naming the file, and the missing, extra or misshapen tensors
     */
    public static void loadStateDict(Sequential model, Map<String, Tensor> state, Path file) throws FileFormatException {
        Map<String, Tensor> expected = stateDict(model);
        List<String> missing = new ArrayList<>();
        for (String name : expected.keySet()) {
            if (!state.containsKey(name)) {
                missing.add(name);
            }
        }
        List<String> extra = new ArrayList<>();
        for (String name : state.keySet()) {
            if (!expected.containsKey(name)) {
                extra.add(name);
            }
        }
        if (!missing.isEmpty() || !extra.isEmpty()) {
            String problem = (missing.isEmpty() ? "" : "missing tensor" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing))
                    + (missing.isEmpty() || extra.isEmpty() ? "" : "; ")
                    + (extra.isEmpty() ? "" : "unexpected tensor" + (extra.size() == 1 ? " " : "s ") + String.join(", ", extra));
            throw new FileFormatException(file, problem + " (the architecture has " + String.join(", ", expected.keySet()) + ")");
        }
        for (Map.Entry<String, Tensor> e : expected.entrySet()) {
            Tensor source = state.get(e.getKey());
            if (!source.sameShape(e.getValue())) {
                throw new FileFormatException(file, "tensor " + e.getKey() + " has shape " + Tensor.format(source.shape())
                        + " but the architecture needs " + Tensor.format(e.getValue().shape()));
            }
        }
        for (Map.Entry<String, Tensor> e : expected.entrySet()) {
            e.getValue().copyFrom(state.get(e.getKey()));
        }
    }

    private static void checkIdentity(Path weights, Map<?, ?> recorded, Path json) throws IOException {
        if (!Files.exists(weights)) {
            throw new NoSuchFileException(weights.toString(), null, "the weights that " + json.getFileName() + " refers to are missing");
        }
        long size = Files.size(weights);
        Object bytes = recorded.get("bytes");
        Object sha = recorded.get("sha256");
        String mismatch = "; the two files are not from the same save (an interrupted save, or files copied from different models)";
        if (bytes instanceof Long b && b != size) {
            throw new FileFormatException(weights, "has " + size + " bytes but " + json.getFileName() + " records " + b + mismatch);
        }
        if (sha instanceof String s) {
            MessageDigest digest = sha256();
            try (InputStream in = Files.newInputStream(weights)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equalsIgnoreCase(s)) {
                throw new FileFormatException(weights, "SHA-256 is " + actual + " but " + json.getFileName() + " records " + s + mismatch);
            }
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }
}
