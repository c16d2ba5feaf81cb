package dev.rectifier.cli.report;

import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The XChart charts of reports and experiments: figures per epoch as lines, the confusion matrix
 * as a heat map, general lines (linear or logarithmic, with shaded spreads) and bars.
 */
public final class Charts {
    private Charts() {}

    static final Color[] SERIES_COLORS = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
        new Color(127, 127, 127), new Color(188, 189, 34), new Color(23, 190, 207)};

    /**
     * A line chart of figures per epoch: one series per entry of {@code series} (name to values
     * by epoch; NaN values are left out, a series with none is dropped).
     *
     * @param epochs the x values
     */
    public static XYChart perEpoch(String title, String yTitle, double[] epochs, Map<String, double[]> series) {
        XYChart chart = new XYChartBuilder().width(640).height(400).title(title).xAxisTitle("epoch").yAxisTitle(yTitle).build();
        Styler s = chart.getStyler();
        style(chart);
        s.setLegendPosition(Styler.LegendPosition.OutsideS); // below the plot: never over a curve
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setSeriesColors(SERIES_COLORS);
        // Epochs are whole numbers: label only the ticks that fall on one.
        chart.getStyler().setXAxisDecimalPattern("#");
        double first = epochs.length == 0 ? 1 : epochs[0], last = epochs.length == 0 ? 1 : epochs[epochs.length - 1];
        double margin = Math.max(0.5, 0.04 * (last - first));
        chart.getStyler().setXAxisMin(first - margin);
        chart.getStyler().setXAxisMax(last + margin);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] v : series.values()) {
            for (double x : v) {
                if (Double.isFinite(x)) {
                    lo = Math.min(lo, x);
                    hi = Math.max(hi, x);
                }
            }
        }
        if (lo <= hi) {
            double pad = hi > lo ? 0.08 * (hi - lo) : Math.max(1e-6, 0.05 * Math.abs(hi));
            chart.getStyler().setYAxisMin(lo - pad);
            chart.getStyler().setYAxisMax(hi + pad);
        }
        chart.getStyler().setYAxisTickLabelsFormattingFunction(Charts::tick);
        int added = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            double[] v = e.getValue();
            for (int i = 0; i < v.length && i < epochs.length; i++) {
                if (Double.isFinite(v[i])) {
                    x.add(epochs[i]);
                    y.add(v[i]);
                }
            }
            if (x.isEmpty()) {
                continue;
            }
            XYSeries line = chart.addSeries(e.getKey(), x, y);
            line.setMarker(SeriesMarkers.CIRCLE);
            added++;
        }
        if (added == 0) {
            chart.addSeries("no data", new double[] {0}, new double[] {0});
        }
        return chart;
    }

    /**
     * The confusion matrix as a heat map, true class down the rows (first class at the top) and
     * predicted class across, each cell showing its count, shaded by it.
     */
    public static HeatMapChart confusion(int[][] confusion, List<String> classNames) {
        int k = classNames.size();
        int width = Math.max(560, 120 + 64 * k);
        int height = Math.max(480, 110 + 44 * k);
        HeatMapChart chart = new HeatMapChartBuilder().width(width).height(height).title("Confusion matrix (test set)")
                .xAxisTitle("predicted").yAxisTitle("true").build();
        style(chart);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setShowValue(true);
        chart.getStyler().setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, k > 12 ? 9 : 11));
        chart.getStyler().setValueFontColor(Color.BLACK);
        chart.getStyler().setHeatMapValueDecimalPattern("#");
        chart.getStyler().setRangeColors(new Color[] {new Color(247, 251, 255), new Color(107, 174, 214), new Color(8, 69, 148)});
        chart.getStyler().setXAxisLabelRotation(k > 4 ? 45 : 0);
        chart.getStyler().setXAxisTickMarkSpacingHint(8);
        chart.getStyler().setYAxisTickMarkSpacingHint(8);
        chart.getStyler().setPlotContentSize(1.0);
        int max = 1;
        for (int[] row : confusion) {
            for (int c : row) {
                max = Math.max(max, c);
            }
        }
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(max);
        chart.getStyler().setHeatMapDecimalValueFormatter(v -> String.format(Locale.ROOT, "%.0f", v));
        List<String> x = new ArrayList<>(classNames);
        List<String> y = new ArrayList<>();
        for (int i = k - 1; i >= 0; i--) {
            y.add(classNames.get(i)); // XChart draws the first y category at the bottom
        }
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                cells.add(new Number[] {p, k - 1 - t, confusion[t][p]});
            }
        }
        chart.addSeries("confusion", x, y, cells);
        return chart;
    }

    /**
     * One series of {@link #lines}: points (x, y), optionally a shaded band from {@code low} to
     * {@code high} at the same x (the spread over seeds, say; null for none).
     *
     * @param color  index into the palette, or -1 for the series' turn in it
     * @param dashed drawn dashed (a second measurement of the same configuration, a reference level)
     */
    public record Line(String name, double[] x, double[] y, double[] low, double[] high, int color, boolean dashed) {
        /** A plain line in the next palette colour. */
        public Line(String name, double[] x, double[] y) {
            this(name, x, y, null, null, -1, false);
        }
    }

    /**
     * A line chart of arbitrary x and y: points that are not finite (or not above 0 on a
     * logarithmic axis) are left out, a line with no points left is dropped. Bands are drawn
     * first, translucent, and kept out of the legend. Markers are drawn when there are few lines
     * of few points. The legend goes below the plot for up to four lines, else to its right. A
     * logarithmic y axis is asked for with {@code logY}; it is used when the values span more
     * than about a decade (log10 of max / min at least 1.3), else the axis stays linear.
     */
    public static XYChart lines(String title, String xTitle, String yTitle, List<Line> lines, boolean logY) {
        return lines(title, xTitle, yTitle, lines, logY, Double.NaN, Double.NaN);
    }

    /** As {@link #lines(String, String, String, List, boolean)} with the y axis from {@code yMin} to {@code yMax} (NaN: fitted). */
    public static XYChart lines(String title, String xTitle, String yTitle, List<Line> lines, boolean logY, double yMin, double yMax) {
        if (logY && Double.isNaN(yMin) && Double.isNaN(yMax) && spanInDecades(lines) < 1.3) {
            logY = false; // a log axis labels only powers of ten: over less than about a decade it would show one label or none
        }
        boolean wideLegend = lines.size() > 4;
        XYChart chart = new XYChartBuilder().width(wideLegend ? 900 : 720).height(460).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
                .build();
        style(chart);
        Styler s = chart.getStyler();
        s.setLegendPosition(wideLegend ? Styler.LegendPosition.OutsideE : Styler.LegendPosition.OutsideS);
        s.setLegendLayout(wideLegend ? Styler.LegendLayout.Vertical : Styler.LegendLayout.Horizontal);
        chart.getStyler().setYAxisLogarithmic(logY);
        if (!Double.isNaN(yMin)) {
            chart.getStyler().setYAxisMin(yMin);
        }
        if (!Double.isNaN(yMax)) {
            chart.getStyler().setYAxisMax(yMax);
        }
        chart.getStyler().setXAxisTickLabelsFormattingFunction(Charts::tick);
        if (!logY) {
            chart.getStyler().setYAxisTickLabelsFormattingFunction(Charts::tick);
        }
        int added = 0;
        for (int k = 0; k < lines.size(); k++) {
            Line line = lines.get(k);
            Color color = SERIES_COLORS[Math.floorMod(line.color() < 0 ? k : line.color(), SERIES_COLORS.length)];
            if (line.low() != null && line.high() != null) {
                List<Double> bx = new ArrayList<>(), by = new ArrayList<>();
                List<Double> back = new ArrayList<>(), backY = new ArrayList<>();
                for (int i = 0; i < line.x().length; i++) {
                    if (plottable(line.x()[i], false) && plottable(line.low()[i], logY) && plottable(line.high()[i], logY)) {
                        bx.add(line.x()[i]);
                        by.add(line.low()[i]);
                        back.add(0, line.x()[i]);
                        backY.add(0, line.high()[i]);
                    }
                }
                if (bx.size() > 1) {
                    bx.addAll(back);
                    by.addAll(backY);
                    XYSeries band = chart.addSeries(line.name() + " (spread)", bx, by);
                    band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                    band.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 45));
                    band.setLineColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 0));
                    band.setMarker(SeriesMarkers.NONE);
                    band.setShowInLegend(false);
                }
            }
            List<Double> x = new ArrayList<>(), y = new ArrayList<>();
            for (int i = 0; i < line.x().length && i < line.y().length; i++) {
                if (plottable(line.x()[i], false) && plottable(line.y()[i], logY)) {
                    x.add(line.x()[i]);
                    y.add(line.y()[i]);
                }
            }
            if (x.isEmpty()) {
                continue;
            }
            XYSeries series = chart.addSeries(line.name(), x, y);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            series.setLineColor(color);
            series.setMarkerColor(color);
            series.setMarker(x.size() <= 30 && lines.size() <= 6 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            series.setLineStyle(line.dashed() ? SeriesLines.DASH_DASH : SeriesLines.SOLID);
            added++;
        }
        if (added == 0) {
            chart.addSeries("no data", new double[] {1}, new double[] {1});
        }
        return chart;
    }

    /** log10(max / min) over the positive finite y values of the lines (0 if fewer than two). */
    static double spanInDecades(List<Line> lines) {
        double min = Double.POSITIVE_INFINITY, max = 0;
        for (Line line : lines) {
            for (double[] ys : new double[][] {line.y(), line.low(), line.high()}) {
                if (ys == null) {
                    continue;
                }
                for (double v : ys) {
                    if (plottable(v, true)) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
            }
        }
        return max > min ? Math.log10(max / min) : 0;
    }

    private static boolean plottable(double v, boolean log) {
        return Double.isFinite(v) && (!log || v > 0);
    }

    /**
     * A bar chart: one group of bars per category, one bar per series in each (NaN: no bar).
     *
     * @param series name to one value per category
     */
    public static CategoryChart bars(String title, String yTitle, List<String> categories, Map<String, double[]> series, boolean logY) {
        int width = Math.max(640, 120 + categories.size() * (28 + 14 * series.size()));
        CategoryChart chart = new CategoryChartBuilder().width(width).height(460).title(title).yAxisTitle(yTitle).build();
        style(chart);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setSeriesColors(SERIES_COLORS);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setXAxisLabelRotation(categories.size() > 6 ? 45 : 0);
        chart.getStyler().setOverlapped(false);
        if (!logY) {
            chart.getStyler().setYAxisMin(0.0);
            chart.getStyler().setYAxisTickLabelsFormattingFunction(Charts::tick);
        } else {
            // Bars grow from the axis minimum, which a logarithmic axis needs above 0: the power
            // of ten below the smallest value.
            double min = Double.POSITIVE_INFINITY;
            for (double[] v : series.values()) {
                for (double x : v) {
                    if (plottable(x, true)) {
                        min = Math.min(min, x);
                    }
                }
            }
            chart.getStyler().setYAxisMin(Double.isFinite(min) ? Math.pow(10, Math.floor(Math.log10(min))) : 1.0);
        }
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            List<Double> y = new ArrayList<>();
            for (int i = 0; i < categories.size(); i++) {
                double v = i < e.getValue().length ? e.getValue()[i] : Double.NaN;
                // XChart draws a null as no bar; a bar needs a positive value on a log axis.
                y.add(plottable(v, logY) ? v : null);
            }
            CategorySeries bar = chart.addSeries(e.getKey(), new ArrayList<>(categories), y);
            bar.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Bar);
        }
        return chart;
    }

    /** A tick value with at most 4 significant digits and no trailing zeros. */
    static String tick(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? "0" : Double.toString(v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    private static void style(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) {
        Styler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(200, 200, 200));
        s.setLegendBorderColor(new Color(220, 220, 220));
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        s.setAntiAlias(true);
        if (s instanceof org.knowm.xchart.style.AxesChartStyler a) {
            a.setPlotGridLinesColor(new Color(230, 230, 230));
            a.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            a.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        }
    }
}
