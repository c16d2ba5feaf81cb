package dev.rectifier.cli;

import dev.rectifier.io.AtomicFiles;
import dev.rectifier.io.Json;
import dev.rectifier.io.JsonLines;
import dev.rectifier.train.EpochMetrics;
import dev.rectifier.train.TrainingListener;
import dev.rectifier.train.TrainingRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-epoch metrics of a run, in {@value #CSV} (a header, then one row per epoch; NaN
 * written as {@code nan}) and {@value #JSONL} (one JSON object per epoch; NaN as null): every
 * figure of {@link EpochMetrics#all()}, the extra ones that listeners add included.
 *
 * <p>Both files are rewritten whole after each epoch, to a temporary name and renamed, so an
 * interruption leaves the previous complete version. A resumed run keeps the rows up to its
 * checkpoint's epoch and drops any later ones (epochs the interrupted run finished after its
 * last checkpoint, which the resumed run repeats).
 */
final class MetricsFiles implements TrainingListener {
    static final String CSV = "metrics.csv";
    static final String JSONL = "metrics.jsonl";

    private final Path directory;
    private final List<Map<String, Double>> rows = new ArrayList<>();

    private MetricsFiles(Path directory) {
        this.directory = directory;
    }

    /** Metrics files for a new run in {@code directory}. */
    static MetricsFiles create(Path directory) {
        return new MetricsFiles(directory);
    }

    /** Metrics files for a run resumed after {@code epoch}: the rows of epochs 1..epoch kept. */
    static MetricsFiles resume(Path directory, int epoch) throws IOException {
        MetricsFiles files = new MetricsFiles(directory);
        for (Map<String, Double> row : read(directory)) {
            if (row.getOrDefault("epoch", Double.NaN) <= epoch) {
                files.rows.add(row);
            }
        }
        return files;
    }

    /**
     * The rows of {@value #JSONL} in {@code directory} (null read as NaN), or none if the file
     * does not exist.
     */
    static List<Map<String, Double>> read(Path directory) throws IOException {
        Path file = directory.resolve(JSONL);
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Map<String, Double>> rows = new ArrayList<>();
        for (Object line : JsonLines.read(file)) {
            Map<String, Double> row = new LinkedHashMap<>();
            if (line instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    row.put((String) e.getKey(), e.getValue() instanceof Number n ? n.doubleValue() : Double.NaN);
                }
            }
            rows.add(row);
        }
        return rows;
    }

    /** The rows so far (every epoch of the run, resumed ones included). */
    List<Map<String, Double>> rows() {
        return Collections.unmodifiableList(rows);
    }

    @Override
    public void onEpochEnd(TrainingRun run, EpochMetrics metrics) {
        rows.add(new LinkedHashMap<>(metrics.all()));
        try {
            write();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + directory.resolve(CSV) + ": " + e.getMessage(), e);
        }
    }

    /** Rewrites both files from the rows. */
    void write() throws IOException {
        Set<String> columns = new LinkedHashSet<>();
        for (Map<String, Double> row : rows) {
            columns.addAll(row.keySet());
        }
        StringBuilder csv = new StringBuilder(String.join(",", columns)).append('\n');
        StringBuilder jsonl = new StringBuilder();
        for (Map<String, Double> row : rows) {
            List<String> fields = new ArrayList<>();
            Map<String, Object> json = new LinkedHashMap<>();
            for (String c : columns) {
                Double v = row.get(c);
                fields.add(v == null || v.isNaN() ? "nan" : c.equals("epoch") ? Long.toString(v.longValue()) : v.toString());
                if (v != null) {
                    json.put(c, c.equals("epoch") ? (Object) v.longValue() : v);
                }
            }
            csv.append(String.join(",", fields)).append('\n');
            jsonl.append(Json.write(json, false, Json.NonFinite.NULL)).append('\n');
        }
        byte[] csvBytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        byte[] jsonlBytes = jsonl.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(directory.resolve(CSV), out -> out.write(csvBytes));
        AtomicFiles.write(directory.resolve(JSONL), out -> out.write(jsonlBytes));
    }
}
