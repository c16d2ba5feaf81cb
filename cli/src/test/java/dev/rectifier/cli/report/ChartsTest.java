package dev.rectifier.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

class ChartsTest {
    private static final double[] X = {1, 2, 3};

    @Test
    void aLogAxisIsUsedOnlyWhereTheValuesSpanAboutADecadeOrMore() {
        List<Charts.Line> narrow = List.of(new Charts.Line("loss", X, new double[] {0.9, 0.4, 0.15}));
        List<Charts.Line> wide = List.of(new Charts.Line("norm", X, new double[] {1e-18, 1e-3, 2.0}));
        assertThat(Charts.spanInDecades(narrow)).isCloseTo(Math.log10(6), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Charts.spanInDecades(wide)).isGreaterThan(18);

        XYChart linear = Charts.lines("t", "x", "y", narrow, true);
        XYChart log = Charts.lines("t", "x", "y", wide, true);
        assertThat(linear.getStyler().isYAxisLogarithmic()).isFalse();
        assertThat(log.getStyler().isYAxisLogarithmic()).isTrue();
        // a fixed range keeps the axis asked for
        assertThat(Charts.lines("t", "x", "y", narrow, true, 0.1, 1).getStyler().isYAxisLogarithmic()).isTrue();
    }

    @Test
    void theSpanCountsBandsAndIgnoresValuesALogAxisCannotShow() {
        Charts.Line banded = new Charts.Line("b", X, new double[] {1, 1, 1}, new double[] {0.01, 0, -1}, new double[] {1, Double.NaN, 5}, -1,
                false);
        assertThat(Charts.spanInDecades(List.of(banded))).isCloseTo(Math.log10(500), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Charts.spanInDecades(List.of(new Charts.Line("zero", X, new double[] {0, 0, 0})))).isZero();
    }
}
