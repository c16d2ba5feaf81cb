package dev.rectifier.bench;

import dev.rectifier.bench.JmhKernels.Case;
import dev.rectifier.bench.Measurement.Statistic;
import dev.rectifier.bench.TorchPeer.Key;
import dev.rectifier.bench.TorchPeer.Variant;
import dev.rectifier.kernels.Spec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The report of {@code ./rectifier bench kernels}: one row per function, direction, size and
 * thread count, with Rectifier's GB/s beside PyTorch's (preallocated and allocating), the ratio,
 * the fraction of the copy bandwidth and the targets; rendered as aligned text, Markdown and CSV.
 */
final class KernelTable {
    /** A figure, or why there is none ("missing", "failed", "n/a", "-"). */
    record Cell(Measurement measurement, String status) {
        static Cell of(Measurement m) {
            return new Cell(m, null);
        }

        static Cell none(String status) {
            return new Cell(null, status);
        }

        boolean has() {
            return measurement != null;
        }
    }

    /**
     * One row.
     *
     * @param ratio             PyTorch time / Rectifier time (higher: Rectifier faster), NaN if unknown
     * @param ratioVsAllocating the ratio is against the allocating call (PyTorch has no preallocated one)
     * @param copyFraction      Rectifier GB/s / Rectifier copy GB/s at the same size and threads
     */
    record Row(String function, Direction direction, int size, int threads, Cell rectifier, Cell torchOut,
               Cell torchAlloc, double ratio, boolean ratioVsAllocating, double copyFraction, String targets) {}

    private final List<String[]> header;
    private final List<Row> rows;
    private final List<String> notes;
    private final Statistic statistic;

    private KernelTable(List<String[]> header, List<Row> rows, List<String> notes, Statistic statistic) {
        this.header = header;
        this.rows = rows;
        this.notes = notes;
        this.statistic = statistic;
    }

    List<Row> rows() {
        return rows;
    }

    List<String> notes() {
        return notes;
    }

    /**
     * Builds the rows: the copy baseline first, then each spec in order, forward and backward,
     * and the bit-mask pair for the specs in {@code maskSpecs}.
     *
     * @param header         label/value pairs shown above the table (CPU, JDK, ...)
     * @param missingInBuild per spec, why Rectifier has no kernel for it (not in this build)
     */
    static KernelTable build(List<String[]> header, List<String> specs, Map<String, String> missingInBuild,
                             List<String> maskSpecs, int[] sizes, int[] threads, JmhKernels.Results jmh,
                             TorchPeer.Results torch, Statistic statistic) {
        List<Row> rows = new ArrayList<>();
        Set<String> notes = new LinkedHashSet<>();
        Map<String, List<Direction>> plan = new LinkedHashMap<>();
        plan.put("copy", List.of(Direction.COPY));
        for (String spec : specs) {
            plan.put(spec, maskSpecs.contains(spec)
                    ? List.of(Direction.FORWARD, Direction.BACKWARD, Direction.FORWARD_MASK, Direction.BACKWARD_MASK)
                    : List.of(Direction.FORWARD, Direction.BACKWARD));
        }
        missingInBuild.forEach((spec, why) -> notes.add(spec + ": no Rectifier figures, " + why + "."));
        if (torch.unavailable() != null) {
            notes.add("PyTorch: " + torch.unavailable() + ".");
        }
        torch.missingFunctions().forEach((spec, why) -> notes.add(spec + ": no PyTorch figures, " + why + "."));

        for (var entry : plan.entrySet()) {
            String spec = entry.getKey();
            String name = spec.equals("copy") ? "copy" : Spec.parse(spec).name();
            for (Direction direction : entry.getValue()) {
                for (int size : sizes) {
                    for (int t : threads) {
                        Case c = new Case(spec, direction, size, t);
                        Cell rect = rectifierCell(c, missingInBuild, jmh, notes);
                        Cell out = torchCell(torch, spec, direction, Variant.PREALLOCATED, size, t, notes);
                        Cell alloc = torchCell(torch, spec, direction, Variant.ALLOCATING, size, t, notes);
                        if (!rect.has() && !out.has() && !alloc.has() && missingInBuild.containsKey(spec)) {
                            continue; // nothing to show on either side: the notes say why
                        }
                        Cell basis = out.has() ? out : alloc;
                        double ratio = rect.has() && basis.has()
                                ? basis.measurement().ns(statistic) / rect.measurement().ns(statistic) : Double.NaN;
                        Measurement copy = jmh.measured().get(new Case("copy", Direction.COPY, size, t));
                        double fraction = rect.has() && copy != null
                                ? rect.measurement().gbps(statistic) / copy.gbps(statistic) : Double.NaN;
                        String targets = Targets.check(name, direction, size, ratio, fraction);
                        rows.add(new Row(spec, direction, size, t, rect, out, alloc, ratio,
                                !out.has() && alloc.has(), fraction, targets));
                    }
                }
            }
        }
        return new KernelTable(header, rows, new ArrayList<>(notes), statistic);
    }

    private static Cell rectifierCell(Case c, Map<String, String> missingInBuild, JmhKernels.Results jmh, Set<String> notes) {
        Measurement m = jmh.measured().get(c);
        if (m != null) {
            return Cell.of(m);
        }
        if (missingInBuild.containsKey(c.function())) {
            return Cell.none("missing");
        }
        String why = jmh.failed().get(c);
        notes.add(c.function() + " " + c.direction().label() + " " + Sizes.format(c.size()) + " x" + c.threads()
                + ": failed: " + (why == null ? "not run" : why));
        return Cell.none("failed");
    }

    private static Cell torchCell(TorchPeer.Results torch, String spec, Direction direction, Variant variant, int size,
                                  int threads, Set<String> notes) {
        if (torch.unavailable() != null) {
            return Cell.none("-");
        }
        Key key = new Key(spec, direction.peer(), variant, size, threads);
        Measurement m = torch.measured().get(key);
        if (m != null) {
            return Cell.of(m);
        }
        String why = torch.missing().get(key);
        if (why != null) {
            notes.add(spec + " " + direction.peer().label() + " " + variant.label() + ": n/a, " + why + ".");
        }
        return Cell.none("n/a");
    }

    // ---- rendering ----

    private static final String[] COLUMNS = {"function", "direction", "size", "threads", "Rectifier GB/s",
        "PyTorch out= GB/s", "PyTorch alloc GB/s", "x PyTorch", "of copy", "targets"};

    private String[] cells(Row r) {
        return new String[] {r.function(), r.direction().label(), Sizes.format(r.size()), Integer.toString(r.threads()),
            gbps(r.rectifier()), gbps(r.torchOut()), gbps(r.torchAlloc()),
            Double.isNaN(r.ratio()) ? "-" : String.format("%.2fx%s", r.ratio(), r.ratioVsAllocating() ? "*" : ""),
            Double.isNaN(r.copyFraction()) ? "-" : String.format("%.0f%%", r.copyFraction() * 100),
            r.targets().isEmpty() ? "-" : r.targets()};
    }

    private String gbps(Cell c) {
        if (!c.has()) {
            return c.status();
        }
        Measurement m = c.measurement();
        return String.format("%.2f +-%.0f%%", m.gbps(statistic), m.spreadPercent());
    }

    private List<String> legend() {
        List<String> legend = new ArrayList<>();
        legend.add("GB/s = bytes moved per element (forward 8, backward 12, masks 8 1/8, copy 8) x size / time per call"
                + " (decimal GB), from the " + (statistic == Statistic.BEST ? "fastest" : "median")
                + " round; +-N% = half the range of the rounds.");
        legend.add("x PyTorch = PyTorch's time / Rectifier's time against PyTorch out= (* = against its allocating"
                + " call: it has no out= kernel); mask rows compare with PyTorch's full-size forward/backward.");
        legend.add("of copy = Rectifier GB/s / Rectifier's copy (System.arraycopy) GB/s at the same size and threads.");
        return legend;
    }

    /** Aligned plain text for the console. */
    String toText() {
        StringBuilder s = new StringBuilder();
        int labelWidth = header.stream().mapToInt(h -> h[0].length()).max().orElse(0);
        for (String[] h : header) {
            s.append(String.format("%-" + labelWidth + "s  %s%n", h[0], h[1]));
        }
        s.append('\n');
        List<String[]> lines = new ArrayList<>();
        lines.add(COLUMNS);
        rows.forEach(r -> lines.add(cells(r)));
        int[] widths = new int[COLUMNS.length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        String previous = null;
        for (int k = 0; k < lines.size(); k++) {
            String[] line = lines.get(k);
            String group = k == 0 ? null : line[0] + " " + line[1];
            if (k > 1 && !group.equals(previous)) {
                s.append('\n');
            }
            previous = group;
            StringBuilder l = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                boolean left = i < 2 || i == line.length - 1;
                l.append(left ? String.format("%-" + widths[i] + "s", line[i]) : String.format("%" + widths[i] + "s", line[i]));
                l.append(i < line.length - 1 ? "  " : "");
            }
            s.append(l.toString().stripTrailing()).append('\n');
        }
        s.append('\n');
        legend().forEach(l -> s.append(l).append('\n'));
        notes.forEach(n -> s.append("Note: ").append(n).append('\n'));
        return s.toString();
    }

    /** A Markdown document: header list, table, legend and notes. */
    String toMarkdown(Map<String, String> opsUsed) {
        StringBuilder s = new StringBuilder("# Rectifier kernels against PyTorch\n\n");
        for (String[] h : header) {
            s.append("- **").append(h[0]).append("**: ").append(h[1]).append('\n');
        }
        s.append("\n| ").append(String.join(" | ", COLUMNS)).append(" |\n|");
        for (int i = 0; i < COLUMNS.length; i++) {
            s.append(i < 2 || i == COLUMNS.length - 1 ? "---|" : "---:|");
        }
        s.append('\n');
        for (Row r : rows) {
            s.append("| ").append(String.join(" | ", escape(cells(r)))).append(" |\n");
        }
        s.append('\n');
        legend().forEach(l -> s.append("- ").append(l.replace("*", "\\*")).append('\n'));
        if (!notes.isEmpty()) {
            s.append("\n## Notes\n\n");
            notes.forEach(n -> s.append("- ").append(n).append('\n'));
        }
        if (!opsUsed.isEmpty()) {
            s.append("\n## PyTorch calls timed\n\n");
            opsUsed.forEach((what, op) -> {
                // The peer writes "call (why)": the call as code, the reason as prose.
                int why = op.indexOf(" (");
                String code = why < 0 ? op : op.substring(0, why);
                s.append("- ").append(what).append(": `").append(code).append('`')
                        .append(why < 0 ? "" : op.substring(why)).append('\n');
            });
        }
        return s.toString();
    }

    private static String[] escape(String[] cells) {
        String[] out = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            out[i] = cells[i].replace("|", "\\|").replace("*", "\\*");
        }
        return out;
    }

    /** CSV with raw numbers (ns per call, GB/s from the chosen statistic), one row per table row. */
    String toCsv() {
        StringBuilder s = new StringBuilder("function,direction,size,threads,bytes_per_element,"
                + "rectifier_gbps,rectifier_median_ns,rectifier_min_ns,rectifier_spread_pct,rectifier_status,"
                + "torch_out_gbps,torch_out_median_ns,torch_out_min_ns,torch_out_spread_pct,torch_out_status,"
                + "torch_alloc_gbps,torch_alloc_median_ns,torch_alloc_min_ns,torch_alloc_spread_pct,torch_alloc_status,"
                + "ratio_vs_torch,ratio_basis,copy_fraction,targets\n");
        for (Row r : rows) {
            List<String> f = new ArrayList<>(List.of(csv(r.function()), r.direction().label(), Integer.toString(r.size()),
                    Integer.toString(r.threads()), Double.toString(r.direction().bytesPerElement)));
            for (Cell c : List.of(r.rectifier(), r.torchOut(), r.torchAlloc())) {
                Measurement m = c.measurement();
                f.add(m == null ? "" : String.format("%.4f", m.gbps(statistic)));
                f.add(m == null ? "" : String.format("%.1f", m.medianNs()));
                f.add(m == null ? "" : String.format("%.1f", m.minNs()));
                f.add(m == null ? "" : String.format("%.2f", m.spreadPercent()));
                f.add(m == null ? c.status() : "ok");
            }
            f.add(Double.isNaN(r.ratio()) ? "" : String.format("%.4f", r.ratio()));
            f.add(Double.isNaN(r.ratio()) ? "" : r.ratioVsAllocating() ? "allocating" : "preallocated");
            f.add(Double.isNaN(r.copyFraction()) ? "" : String.format("%.4f", r.copyFraction()));
            f.add(csv(r.targets()));
            s.append(String.join(",", f)).append('\n');
        }
        return s.toString();
    }

    private static String csv(String field) {
        return field.contains(",") || field.contains("\"") ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
    }
}
