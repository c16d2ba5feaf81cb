package dev.rectifier.cli.report;

import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's XChart charts: figures per epoch as lines, the confusion matrix as a heat map. */
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
