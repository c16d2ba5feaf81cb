package dev.rectifier.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that decides a training run, resolved (defaults filled in): what {@code train}
 * records in the run directory ({@code settings.json}) and what {@code --resume} reads back, so
 * a resumed run continues with exactly the settings it started with.
 *
 * @param model      {@code mlp}, {@code cnn}, {@code autoencoder}, or the path of a model
 *                   architecture file ({@code model.json})
 * @param activation the activation spec of the hidden layers (ignored for a model file)
 * @param hidden     hidden sizes (mlp), or encoder sizes (autoencoder); empty for cnn
 * @param optimizer  the optimiser spec, e.g. {@code sgd(lr=0.05,momentum=0.9,weight_decay=0.0)}
 * @param schedule   the learning-rate schedule spec, e.g. {@code constant}, {@code cosine}
 * @param threads    worker threads (1 = the calling thread only)
 * @param data       the data as given ({@code --data}: a Fashion-MNIST directory or a CSV file),
 *                   or null for the default search
 * @param label      the label column of CSV data, or null
 * @param testData   a CSV test file, or null to hold out {@link #CSV_TEST_FRACTION} of the data
 * @param validation fraction of the training data held out for validation, in [0, 1)
 * @param diagnostics whether the dead-unit, activation and gradient diagnostics run (default on)
 * @param revive     whether dead units are re-initialised after each measurement (ReDo)
 */
public record TrainSettings(String model, String activation, int[] hidden, int epochs, int batchSize, String optimizer,
                            String schedule, long seed, int threads, String data, String label, String testData,
                            double validation, boolean diagnostics, boolean revive) {

    /** Part of a CSV file held out for testing when no test file is given. */
    public static final double CSV_TEST_FRACTION = 0.2;

    /** Copies {@code hidden}, so the record stays immutable. */
    public TrainSettings {
        hidden = hidden.clone();
    }

    /** The hidden sizes (a copy). */
    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    /** True for mlp, cnn and autoencoder; false for a model architecture file. */
    public boolean builtIn() {
        return Models.NAMES.contains(model);
    }

    /** The settings as JSON values, the form of {@code settings.json}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("activation", activation);
        List<Object> h = new ArrayList<>();
        for (int x : hidden) {
            h.add(x);
        }
        m.put("hidden", h);
        m.put("epochs", epochs);
        m.put("batch_size", batchSize);
        m.put("optimizer", optimizer);
        m.put("schedule", schedule);
        m.put("seed", seed);
        m.put("threads", threads);
        m.put("data", data);
        m.put("label", label);
        m.put("test_data", testData);
        m.put("validation", validation);
        m.put("diagnostics", diagnostics);
        m.put("revive", revive);
        return m;
    }

    /**
     * Reads {@link #toMap()}'s form back.
     *
     * @throws IllegalArgumentException naming the entry that is missing or of the wrong type
     */
    public static TrainSettings fromMap(Map<String, Object> m) {
        Object h = m.get("hidden");
        if (!(h instanceof List<?> list)) {
            throw new IllegalArgumentException("'hidden' is not a list of sizes");
        }
        int[] hidden = new int[list.size()];
        for (int i = 0; i < hidden.length; i++) {
            if (!(list.get(i) instanceof Number n)) {
                throw new IllegalArgumentException("'hidden' holds " + list.get(i) + ", not a size");
            }
            hidden[i] = n.intValue();
        }
        return new TrainSettings(string(m, "model", false), string(m, "activation", false), hidden,
                (int) number(m, "epochs"), (int) number(m, "batch_size"), string(m, "optimizer", false),
                string(m, "schedule", false), (long) number(m, "seed"), (int) number(m, "threads"),
                string(m, "data", true), string(m, "label", true), string(m, "test_data", true), number(m, "validation"),
                bool(m, "diagnostics", true), bool(m, "revive", false));
    }

    /** This run continued to {@code epochs} epochs (a resumed run may be given more). */
    public TrainSettings withEpochs(int epochs) {
        return new TrainSettings(model, activation, hidden, epochs, batchSize, optimizer, schedule, seed, threads, data, label,
                testData, validation, diagnostics, revive);
    }

    private static String string(Map<String, Object> m, String key, boolean nullable) {
        Object v = m.get(key);
        if (v == null && nullable) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("'" + key + "' is " + (v == null ? "missing" : v + ", not text"));
        }
        return s;
    }

    /** A boolean entry, or {@code absent} for settings written before it existed. */
    private static boolean bool(Map<String, Object> m, String key, boolean absent) {
        Object v = m.get(key);
        if (v == null) {
            return absent;
        }
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException("'" + key + "' is " + v + ", not true or false");
        }
        return b;
    }

    private static double number(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof Number n)) {
            throw new IllegalArgumentException("'" + key + "' is " + (m.get(key) == null ? "missing" : m.get(key) + ", not a number"));
        }
        return n.doubleValue();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainSettings t && toMap().equals(t.toMap());
    }

    @Override
    public int hashCode() {
        return toMap().hashCode();
    }

    @Override
    public String toString() {
        return "TrainSettings" + toMap() + " hidden=" + Arrays.toString(hidden);
    }
}
