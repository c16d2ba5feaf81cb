package dev.rectifier.cli.experiment;

import dev.rectifier.cli.report.Report;
import dev.rectifier.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An experiment's summary, written twice from the same blocks: {@value #MARKDOWN} and
 * {@value #HTML} (in the reports' style, figures shown as PNG with their SVG linked).
 */
final class Summary {
    static final String MARKDOWN = "summary.md";
    static final String HTML = "summary.html";

    private sealed interface Block permits Heading, Paragraph, Bullets, Table, Figure {}

    private record Heading(String text) implements Block {}

    private record Paragraph(String text) implements Block {}

    private record Bullets(List<String> items) implements Block {}

    private record Table(List<String> header, List<List<String>> rows) implements Block {}

    private record Figure(String caption, String png, String svg) implements Block {}

    private final String title;
    private final List<Block> blocks = new ArrayList<>();

    Summary(String title) {
        this.title = title;
    }

    Summary heading(String text) {
        blocks.add(new Heading(text));
        return this;
    }

    Summary paragraph(String text) {
        blocks.add(new Paragraph(text));
        return this;
    }

    Summary bullets(List<String> items) {
        blocks.add(new Bullets(List.copyOf(items)));
        return this;
    }

    /** A table; each row has as many cells as the header. */
    Summary table(List<String> header, List<List<String>> rows) {
        for (List<String> r : rows) {
            if (r.size() != header.size()) {
                throw new IllegalArgumentException("a row of " + r.size() + " cells under a header of " + header.size() + ": " + r);
            }
        }
        blocks.add(new Table(List.copyOf(header), rows.stream().map(List::copyOf).toList()));
        return this;
    }

    /** A figure as {@link dev.rectifier.cli.report.Figures#save} wrote it: the PNG and the SVG file names. */
    Summary figure(String caption, List<String> files) {
        blocks.add(new Figure(caption, files.get(0), files.get(1)));
        return this;
    }

    String markdown() {
        StringBuilder m = new StringBuilder("# ").append(title).append("\n\n");
        for (Block b : blocks) {
            switch (b) {
                case Heading h -> m.append("## ").append(h.text()).append("\n\n");
                case Paragraph p -> m.append(p.text()).append("\n\n");
                case Bullets l -> {
                    l.items().forEach(i -> m.append("- ").append(i).append('\n'));
                    m.append('\n');
                }
                case Table t -> {
                    m.append("| ").append(String.join(" | ", cells(t.header()))).append(" |\n|");
                    t.header().forEach(h -> m.append(" --- |"));
                    m.append('\n');
                    t.rows().forEach(r -> m.append("| ").append(String.join(" | ", cells(r))).append(" |\n"));
                    m.append('\n');
                }
                case Figure f -> m.append("![").append(f.caption()).append("](").append(f.png()).append(")\n\n*")
                        .append(f.caption()).append("* ([SVG](").append(f.svg()).append("))\n\n");
            }
        }
        return m.toString();
    }

    private static List<String> cells(List<String> row) {
        return row.stream().map(c -> c.replace("|", "\\|")).toList();
    }

    String html() {
        StringBuilder h = new StringBuilder(Report.pageStart(title));
        h.append("<h1>").append(Report.esc(title)).append("</h1>\n");
        for (Block b : blocks) {
            switch (b) {
                case Heading x -> h.append("<h2>").append(Report.esc(x.text())).append("</h2>\n");
                case Paragraph p -> h.append("<p>").append(Report.esc(p.text())).append("</p>\n");
                case Bullets l -> {
                    h.append("<ul>\n");
                    l.items().forEach(i -> h.append("<li>").append(Report.esc(i)).append("</li>\n"));
                    h.append("</ul>\n");
                }
                case Table t -> {
                    h.append("<table>\n<tr>");
                    t.header().forEach(c -> h.append("<th>").append(Report.esc(c)).append("</th>"));
                    h.append("</tr>\n");
                    for (List<String> r : t.rows()) {
                        h.append("<tr>");
                        r.forEach(c -> h.append(numeric(c) ? "<td class=\"num\">" : "<td>").append(Report.esc(c)).append("</td>"));
                        h.append("</tr>\n");
                    }
                    h.append("</table>\n");
                }
                case Figure f -> h.append("<figure><img src=\"").append(Report.esc(f.png())).append("\" alt=\"")
                        .append(Report.esc(f.caption())).append("\"><figcaption>").append(Report.esc(f.caption()))
                        .append(" (<a href=\"").append(Report.esc(f.svg())).append("\">SVG</a>)</figcaption></figure>\n");
            }
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static boolean numeric(String cell) {
        return !cell.isEmpty() && cell.chars().allMatch(c -> Character.isDigit(c) || ",.-+%eE x×".indexOf(c) >= 0);
    }

    /** Writes both files into {@code dir}; returns their paths (Markdown first). */
    List<Path> write(Path dir) throws IOException {
        byte[] md = markdown().getBytes(StandardCharsets.UTF_8);
        byte[] html = html().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(dir.resolve(MARKDOWN), out -> out.write(md));
        AtomicFiles.write(dir.resolve(HTML), out -> out.write(html));
        return List.of(dir.resolve(MARKDOWN), dir.resolve(HTML));
    }
}
