package dev.rectifier.cli.report;

import dev.rectifier.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A run's report: {@value #HTML} in the run directory, self-contained but for the figures it
 * shows from {@value #FIGURES}/ (each as PNG, with its SVG linked): loss and accuracy per epoch
 * (training and validation), the learning rate when it changes, every extra per-epoch figure
 * that listeners added (grouped by the part of the name before the first '.'), the confusion
 * matrix, sample predictions or reconstructions; with the run's settings, the data used, the
 * timings (per epoch, in total, samples/s) and the test figures.
 */
public final class Report {
    private Report() {}

    public static final String HTML = "report.html";
    public static final String FIGURES = "report";

    /** Figures the trainer itself records; any other name in a metrics row is an extra figure. */
    static final Set<String> STANDARD = Set.of("epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "seconds",
            "samples_per_second", "lr");

    /** Sample predictions for the report: images in [0, 1], predicted and true classes. */
    public record Samples(String title, float[][] pixels, int rows, int cols, int[] predicted, int[] actual) {}

    /** Autoencoder samples: originals and reconstructions in [0, 1], and each one's error. */
    public record Reconstructions(float[][] originals, float[][] reconstructed, int rows, int cols, double[] errors) {}

    /**
     * What the report shows.
     *
     * @param title          the page title (the run's name)
     * @param settings       the run's settings, in display order
     * @param metrics        one row per epoch ({@code epoch}, {@code train_loss}, ... and extras)
     * @param classification true for a classifier, false for an autoencoder
     * @param testFigures    the final test figures, in display order
     * @param confusion      the test confusion matrix ({@code [true][predicted]}), or null
     * @param classNames     class names, or empty
     * @param samples        sample predictions, or null (tables, autoencoders)
     * @param reconstructions autoencoder samples, or null
     * @param timings        timing figures, in display order (total, wall time, ...)
     * @param notes          lines shown under the title (stopped early, resumed, ...)
     */
    public record Content(String title, Map<String, String> settings, List<Map<String, Double>> metrics, boolean classification,
                          Map<String, String> testFigures, int[][] confusion, List<String> classNames, Samples samples,
                          Reconstructions reconstructions, Map<String, String> timings, List<String> notes) {}

    /** Writes the figures and the page into {@code runDir}; returns the page. */
    public static Path write(Path runDir, Content c) throws IOException {
        Path figures = runDir.resolve(FIGURES);
        Files.createDirectories(figures);
        List<String[]> shown = new ArrayList<>(); // {title, png, svg}
        double[] epochs = column(c.metrics(), "epoch");

        Map<String, double[]> loss = new LinkedHashMap<>();
        loss.put("training", column(c.metrics(), "train_loss"));
        loss.put("validation", column(c.metrics(), "val_loss"));
        String lossName = c.classification() ? "cross-entropy loss" : "mean squared error";
        add(shown, "Loss per epoch", Figures.save(figures, "loss", Charts.perEpoch("Loss", lossName, epochs, loss)));
        if (c.classification()) {
            Map<String, double[]> acc = new LinkedHashMap<>();
            acc.put("training", scaled(column(c.metrics(), "train_accuracy"), 100));
            acc.put("validation", scaled(column(c.metrics(), "val_accuracy"), 100));
            add(shown, "Accuracy per epoch", Figures.save(figures, "accuracy", Charts.perEpoch("Accuracy", "accuracy (%)", epochs, acc)));
        }
        double[] lr = column(c.metrics(), "lr");
        if (varies(lr)) {
            add(shown, "Learning rate", Figures.save(figures, "lr", Charts.perEpoch("Learning rate (at each epoch's end)",
                    "learning rate", epochs, Map.of("lr", lr))));
        }
        for (Map.Entry<String, Map<String, double[]>> group : extraGroups(c.metrics()).entrySet()) {
            String name = "extra-" + group.getKey().replaceAll("[^A-Za-z0-9_-]", "_");
            add(shown, group.getKey() + " per epoch", Figures.save(figures, name,
                    Charts.perEpoch(group.getKey(), group.getKey(), epochs, group.getValue())));
        }
        if (c.confusion() != null) {
            add(shown, "Confusion matrix (rows: true class, columns: predicted)",
                    Figures.save(figures, "confusion", Charts.confusion(c.confusion(), c.classNames())));
        }
        if (c.samples() != null) {
            Samples s = c.samples();
            add(shown, "Sample predictions", Figures.save(figures, "samples",
                    ImageGrids.predictions(s.title(), s.pixels(), s.rows(), s.cols(), s.predicted(), s.actual(), c.classNames(), 8)));
        }
        if (c.reconstructions() != null) {
            Reconstructions r = c.reconstructions();
            add(shown, "Reconstructions", Figures.save(figures, "reconstructions",
                    ImageGrids.reconstructions(r.originals(), r.reconstructed(), r.rows(), r.cols(), 10, r.errors())));
        }
        Path page = runDir.resolve(HTML);
        byte[] html = html(c, shown).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(page, out -> out.write(html));
        return page;
    }

    /** Extra figures grouped by the part of their name before the first '.', in order of appearance. */
    static Map<String, Map<String, double[]>> extraGroups(List<Map<String, Double>> metrics) {
        Map<String, Map<String, double[]>> groups = new LinkedHashMap<>();
        for (Map<String, Double> row : metrics) {
            for (String key : row.keySet()) {
                if (STANDARD.contains(key)) {
                    continue;
                }
                int dot = key.indexOf('.');
                String group = dot < 0 ? key : key.substring(0, dot);
                String series = dot < 0 ? key : key.substring(dot + 1);
                groups.computeIfAbsent(group, g -> new LinkedHashMap<>()).computeIfAbsent(series, s -> column(metrics, key));
            }
        }
        return groups;
    }

    private static void add(List<String[]> shown, String title, List<String> files) {
        shown.add(new String[] {title, FIGURES + "/" + files.get(0), FIGURES + "/" + files.get(1)});
    }

    static double[] column(List<Map<String, Double>> rows, String key) {
        double[] v = new double[rows.size()];
        for (int i = 0; i < v.length; i++) {
            Double d = rows.get(i).get(key);
            v[i] = d == null ? Double.NaN : d;
        }
        return v;
    }

    private static double[] scaled(double[] v, double factor) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * factor;
        }
        return out;
    }

    private static boolean varies(double[] v) {
        for (double x : v) {
            if (Double.isFinite(x) && x != v[0]) {
                return true;
            }
        }
        return false;
    }

    private static String html(Content c, List<String[]> shown) {
        StringBuilder h = new StringBuilder(pageStart(c.title()));
        h.append("<h1>").append(esc(c.title())).append("</h1>\n");
        for (String note : c.notes()) {
            h.append("<p class=\"note\">").append(esc(note)).append("</p>\n");
        }
        h.append("<h2>Test results</h2>\n");
        table(h, c.testFigures());
        h.append("<h2>Settings</h2>\n");
        table(h, c.settings());
        h.append("<h2>Timings</h2>\n");
        table(h, c.timings());
        h.append("<h2>Charts</h2>\n");
        for (String[] f : shown) {
            h.append("<figure><img src=\"").append(esc(f[1])).append("\" alt=\"").append(esc(f[0])).append("\">")
                    .append("<figcaption>").append(esc(f[0])).append(" (<a href=\"").append(esc(f[2])).append("\">SVG</a>)</figcaption></figure>\n");
        }
        h.append("<h2>Per epoch</h2>\n");
        epochTable(h, c.metrics(), c.classification());
        h.append("<p>Metrics files: <a href=\"metrics.csv\">metrics.csv</a>, <a href=\"metrics.jsonl\">metrics.jsonl</a>.</p>\n");
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    /**
     * The start of a page in the reports' style, up to and including {@code <body>}: the title
     * (escaped) and the style sheet. Experiments' summaries use it too, so that every page looks
     * alike.
     */
    public static String pageStart(String title) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(esc(title))
                .append("</title>\n<style>\n")
                .append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}\n")
                .append("h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}\n")
                .append("table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:.25em .6em;text-align:left}\n")
                .append("th{background:#f5f5f5}td.num{text-align:right;font-variant-numeric:tabular-nums}\n")
                .append("figure{margin:1em 0}figure img{max-width:100%;border:1px solid #eee}figcaption{color:#555;font-size:.9em}\n")
                .append(".note{color:#8a5a00}\n</style>\n</head>\n<body>\n");
        return h.toString();
    }

    private static void table(StringBuilder h, Map<String, String> rows) {
        h.append("<table>\n");
        rows.forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>\n"));
        h.append("</table>\n");
    }

    private static void epochTable(StringBuilder h, List<Map<String, Double>> metrics, boolean classification) {
        List<String> columns = new ArrayList<>(List.of("epoch", "train_loss"));
        if (classification) {
            columns.add("train_accuracy");
        }
        columns.add("val_loss");
        if (classification) {
            columns.add("val_accuracy");
        }
        columns.addAll(List.of("seconds", "samples_per_second", "lr"));
        for (Map<String, Double> row : metrics) {
            for (String k : row.keySet()) {
                if (!columns.contains(k) && !STANDARD.contains(k)) {
                    columns.add(k);
                }
            }
        }
        columns.removeIf(k -> !k.equals("epoch") && java.util.Arrays.stream(column(metrics, k)).allMatch(Double::isNaN));
        h.append("<table>\n<tr>");
        for (String col : columns) {
            h.append("<th>").append(esc(col)).append("</th>");
        }
        h.append("</tr>\n");
        for (Map<String, Double> row : metrics) {
            h.append("<tr>");
            for (String col : columns) {
                h.append("<td class=\"num\">").append(esc(cell(col, row.get(col)))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static String cell(String column, Double v) {
        if (v == null || v.isNaN()) {
            return "";
        }
        return switch (column) {
            case "epoch" -> Long.toString(v.longValue());
            case "train_accuracy", "val_accuracy" -> String.format(Locale.ROOT, "%.2f%%", 100 * v);
            case "seconds" -> String.format(Locale.ROOT, "%.1f", v);
            case "samples_per_second" -> String.format(Locale.ROOT, "%.0f", v);
            case "lr" -> String.format(Locale.ROOT, "%.4g", v);
            default -> String.format(Locale.ROOT, "%.4g", v);
        };
    }

    /** {@code s} with the characters HTML gives a meaning to (&lt; &gt; &amp; &quot;) escaped; null is "". */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
