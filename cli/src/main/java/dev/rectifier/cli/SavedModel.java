package dev.rectifier.cli;

import dev.rectifier.io.ModelFile;
import dev.rectifier.nn.Sequential;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model that train saved, with what its metadata says about using it: the task, the class
 * names, the normaliser fitted on its training data, what input it takes and the settings it was
 * trained with.
 */
record SavedModel(Path path, Sequential model, int[] inputShape, boolean classification, List<String> classNames,
                  RunData.Normalization normalization, boolean images, Map<String, Object> settings,
                  Map<String, Object> metadata) {

    /**
     * Loads the model in {@code path} (a run or model directory, or a model.json).
     *
     * @throws CliException if there is none, it is damaged, or it was not saved by train
     */
    @SuppressWarnings("unchecked")
    static SavedModel load(Path path) {
        ModelFile.Loaded loaded = RunDirectory.loadModel(path);
        Map<String, Object> meta = loaded.metadata();
        try {
            List<String> names = new ArrayList<>();
            if (meta.get("class_names") instanceof List<?> list) {
                for (Object o : list) {
                    names.add(String.valueOf(o));
                }
            }
            RunData.Normalization norm = RunData.Normalization.fromMap(meta.get("normalization"));
            Map<String, Object> settings = meta.get("settings") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            boolean classification = !"reconstruction".equals(meta.get("task"));
            if (classification && names.isEmpty()) {
                throw new IllegalArgumentException("'class_names' is missing");
            }
            return new SavedModel(path, loaded.model(), loaded.inputShape(), classification, names, norm,
                    !"table".equals(meta.get("input")), settings, meta);
        } catch (IllegalArgumentException e) {
            throw CliException.failure(path + ": the model's metadata are incomplete (" + e.getMessage()
                    + "); evaluate and predict take models saved by 'rectifier train'", e);
        }
    }

    /** A setting the model was trained with, or null. */
    String setting(String key) {
        Object v = settings.get(key);
        return v == null ? null : String.valueOf(v);
    }

    /** The names of its input features (tabular data), or an empty list. */
    List<String> featureNames() {
        List<String> names = new ArrayList<>();
        if (metadata.get("feature_names") instanceof List<?> list) {
            for (Object o : list) {
                names.add(String.valueOf(o));
            }
        }
        return names;
    }

    /** The seed it was trained with (which fixed the CSV test split). */
    long seed() {
        return settings.get("seed") instanceof Number n ? n.longValue() : 1;
    }

    /** "the best model (val_accuracy 0.91 at epoch 7)" or similar, from the metadata. */
    String describe() {
        StringBuilder s = new StringBuilder(String.valueOf(metadata.getOrDefault("model", "model")));
        if (metadata.get("best") instanceof Map<?, ?> best) {
            s.append(", best ").append(best.get("monitor")).append(" at epoch ").append(best.get("epoch"));
        }
        return s.toString();
    }
}
