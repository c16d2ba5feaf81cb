package dev.rectifier.cli.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rectifier.init.Init;
import dev.rectifier.kernels.Activations;
import dev.rectifier.kernels.Parallelism;
import dev.rectifier.nn.Dense;
import dev.rectifier.nn.PReluLayer;
import dev.rectifier.nn.Sequential;
import dev.rectifier.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The figures the experiments compute: steps to a target, ratios and spreads, windows, dead-unit counts. */
class ComputationsTest {

    @Test
    void stepsToTargetUsesTheRunningAccuracyOfTheCurrentEpochOnly() {
        // 3 steps per epoch, batches of 10 (the last of each epoch 5): epoch 1 runs 7/10, 9/10 (80% running), 5/5 (84%);
        // epoch 2 starts again from nothing: 9/10 is 90% at once.
        int[] correct = {7, 9, 5, 9, 8, 5};
        int[] sizes = {10, 10, 5, 10, 10, 5};
        assertThat(StepRecorder.stepsToTarget(correct, sizes, 6, 3, 0.90)).isEqualTo(4);
        assertThat(StepRecorder.stepsToTarget(correct, sizes, 6, 3, 0.84)).isEqualTo(3);
        assertThat(StepRecorder.stepsToTarget(correct, sizes, 6, 3, 0.70)).isEqualTo(1);
        assertThat(StepRecorder.stepsToTarget(correct, sizes, 6, 3, 0.95)).isEqualTo(-1);
        // Only the first `steps` entries count.
        assertThat(StepRecorder.stepsToTarget(correct, sizes, 3, 3, 0.90)).isEqualTo(-1);
    }

    @Test
    void windowStepsToTargetNeedsAFullWindowAndCrossesEpochs() {
        int[] correct = {10, 2, 9, 9, 10, 10};
        int[] sizes = {10, 10, 10, 10, 10, 10};
        // A single perfect batch is not a window of 2.
        assertThat(StepRecorder.windowStepsToTarget(correct, sizes, 6, 2, 0.95)).isEqualTo(5); // (9 + 10) / 20
        assertThat(StepRecorder.windowStepsToTarget(correct, sizes, 6, 2, 0.90)).isEqualTo(4); // (9 + 9) / 20
        assertThat(StepRecorder.windowStepsToTarget(correct, sizes, 6, 1, 1.0)).isEqualTo(1);
        assertThat(StepRecorder.windowStepsToTarget(correct, sizes, 6, 3, 1.0)).isEqualTo(-1);
        assertThat(StepRecorder.windowStepsToTarget(new int[] {5, 5}, new int[] {5, 5}, 2, 3, 0.5)).isEqualTo(-1);
        assertThatThrownBy(() -> StepRecorder.windowStepsToTarget(correct, sizes, 6, 0, 0.9))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window=0");
    }

    @Test
    void theRecorderFindsOnlineWhatTheFunctionsFindAfterwards() {
        ExperimentData data = Fixtures.data(200, 50);
        StepRecorder rec = new StepRecorder(0.6, 4, false);
        Sequential model = Training.mlp(784, new int[] {16}, 10, "relu", Training.properInit("relu"), 3);
        Training.fit(model, Training.sgd(model, 0.05, 0.9), data.train(), null, 3, 32, 3, Parallelism.serial(), List.of(rec));
        int stepsPerEpoch = (200 + 31) / 32;
        assertThat(rec.steps()).isEqualTo(3 * stepsPerEpoch);
        assertThat(rec.reachedStep()).isEqualTo(StepRecorder.stepsToTarget(rec.correct(), rec.sizes(), rec.steps(), stepsPerEpoch, 0.6));
        assertThat(rec.reachedWindowStep()).isEqualTo(StepRecorder.windowStepsToTarget(rec.correct(), rec.sizes(), rec.steps(), 4, 0.6));
        assertThat(rec.reachedWindowStep()).as("the blocks are learnt within three epochs").isPositive();
        assertThat(rec.sizes()[stepsPerEpoch - 1]).isEqualTo(200 - (stepsPerEpoch - 1) * 32);
        assertThat(java.util.Arrays.stream(rec.accuracies()).boxed().toList()).allSatisfy(a -> assertThat(a).isBetween(0.0, 1.0));
        assertThat(rec.seconds()).isSorted();
        assertThat(rec.epochs()).hasSize(3);
    }

    @Test
    void ratiosPairSeedsAndBecomeLowerBoundsWhenARunNeverReached() {
        Stats.Ratio r = Stats.ratio(new double[] {300, 330, 360}, new double[] {200, 300, 240}, 1000);
        assertThat(r.perSeed()).containsExactly(1.5, 1.1, 1.5);
        assertThat(r.mean()).isCloseTo(4.1 / 3, within(1e-12));
        assertThat(r.min()).isEqualTo(1.1);
        assertThat(r.max()).isEqualTo(1.5);
        assertThat(r.lowerBound()).isFalse();
        assertThat(r.describe()).isEqualTo("1.37 (1.10 to 1.50 over 3 seeds)");

        // Infinite: never reached, counted at the cap (a lower bound); NaN: failed, left out.
        Stats.Ratio bound = Stats.ratio(new double[] {Double.POSITIVE_INFINITY, 600, Double.NaN}, new double[] {250, 200, 100}, 1000);
        assertThat(bound.perSeed()).containsExactly(4.0, 3.0, Double.NaN);
        assertThat(bound.lowerBound()).isTrue();
        assertThat(bound.describe()).isEqualTo("more than 3.50 (3.00 to 4.00 over 2 seeds)");

        Stats.Ratio left = Stats.ratio(new double[] {Double.POSITIVE_INFINITY, 600}, new double[] {250, 200}, Double.NaN);
        assertThat(left.perSeed()[0]).isNaN();
        assertThat(left.describe()).isEqualTo("3.00");
        assertThat(Stats.ratio(new double[] {300}, new double[] {Double.POSITIVE_INFINITY}, 1000).describe()).isEqualTo("n/a");
        assertThatThrownBy(() -> Stats.ratio(new double[1], new double[2], 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void meansSpreadsAndWindows() {
        double[] v = {4, Double.NaN, 1, 3, 2};
        assertThat(Stats.mean(v)).isEqualTo(2.5);
        assertThat(Stats.std(v)).isCloseTo(Math.sqrt(5.0 / 3), within(1e-12));
        assertThat(Stats.median(v)).isEqualTo(2.5);
        assertThat(Stats.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(Stats.min(v)).isEqualTo(1);
        assertThat(Stats.max(v)).isEqualTo(4);
        assertThat(Stats.finiteCount(v)).isEqualTo(4);
        assertThat(Stats.mean(new double[] {Double.NaN})).isNaN();
        assertThat(Stats.windowMeans(new double[] {1, 2, 3, 4, 5}, 2)).containsExactly(1.5, 3.5, 5);
        assertThat(Stats.windowEnds(5, 2)).containsExactly(2, 4, 5);
        double[][] mm = Stats.meanMinMax(new double[][] {{1, 2, 3}, {3, 6}});
        assertThat(mm[0]).containsExactly(2, 4);
        assertThat(mm[1]).containsExactly(1, 2);
        assertThat(mm[2]).containsExactly(3, 6);
    }

    @Test
    void deadAndNegativeUnitsAreCountedPerActivationLayer() {
        // Dense 2 -> 3 with relu: unit 0 always negative (dead), unit 1 always positive, unit 2 positive for some inputs.
        Dense relu = new Dense(2, 3, true, Activations.parse("relu"), Init.parse("zeros"), new SplittableRandom(1));
        float[] w = relu.weight().value().data();
        float[] b = relu.bias().value().data();
        w[0] = 1; w[1] = 1; b[0] = -100;
        w[2] = 1; w[3] = 1; b[1] = 100;
        w[4] = 1; w[5] = 0; b[2] = 0;
        // The same pre-activations through a linear layer and PReLU: nothing is exactly 0, unit 0 is in the negative regime.
        Dense linear = new Dense(2, 3, true, null, Init.parse("zeros"), new SplittableRandom(1));
        System.arraycopy(w, 0, linear.weight().value().data(), 0, 6);
        System.arraycopy(b, 0, linear.bias().value().data(), 0, 3);
        Tensor probe = Tensor.of(new float[] {1, 2, -1, 3, 2, -5}, 3, 2);

        UnitProbe.Measurement m = UnitProbe.measure(Sequential.of(relu), probe, 2, Parallelism.serial());
        assertThat(m.sites()).containsExactly(new UnitProbe.Site(0, 3, 1, 1));
        assertThat(m.deadFraction()).isEqualTo(1.0 / 3);
        assertThat(m.negativeFraction()).isEqualTo(1.0 / 3);

        UnitProbe.Measurement p = UnitProbe.measure(Sequential.of(linear, new PReluLayer(1, 0.25)), probe, 3, Parallelism.serial());
        assertThat(p.sites()).containsExactly(new UnitProbe.Site(1, 3, 0, 1));
        assertThat(p.deadFraction()).isZero();
        assertThat(p.negativeFraction()).isEqualTo(1.0 / 3);
    }

    @Test
    void reviveReportsAreCountedOverLayers() {
        assertThat(DyingReluExperiment.revivedUnits("revive (ReDo) after step 50: re-initialised 12 in 0:dense(relu), 3 in 1:dense(relu)"))
                .isEqualTo(15);
        assertThat(DyingReluExperiment.revivedUnits("warning: 12.0% of the units of layer 0:dense(relu) are dead")).isZero();
        assertThat(DyingReluExperiment.range(new double[] {0.1, 0.3})).isEqualTo("20.0% (10.0 to 30.0%)");
        assertThat(DyingReluExperiment.range(new double[] {0.25})).isEqualTo("25.0%");
    }

    @Test
    void gradientRatiosAndGeometricMeans() {
        assertThat(VanishingGradientExperiment.ratio(new double[] {1e-6, 1, 1e-2})).isCloseTo(1e-4, within(1e-18));
        double[] g = VanishingGradientExperiment.geometricMean(List.of(new double[] {1e-2, 4}, new double[] {1e-4, 1}));
        assertThat(g[0]).isCloseTo(1e-3, within(1e-15));
        assertThat(g[1]).isCloseTo(2, within(1e-12));
        assertThat(VanishingGradientExperiment.geometricMean(List.of(new double[] {0}, new double[] {5}))[0]).isZero();
    }

    @Test
    void properInitialisationFollowsThePeer() {
        assertThat(Training.properInit("relu").spec()).isEqualTo("kaiming_normal(mode=fan_in,gain=" + Math.sqrt(2) + ")");
        assertThat(Training.properInit("elu")).isEqualTo(Training.properInit("relu"));
        assertThat(Training.properInit("prelu")).isEqualTo(Training.properInit("relu"));
        assertThat(Training.properInit("tanh").spec()).isEqualTo("xavier_normal(gain=" + 5.0 / 3 + ")");
        assertThat(Training.properInit("sigmoid").spec()).isEqualTo("xavier_normal(gain=1.0)");
    }

    @Test
    void csvFieldsAreQuotedAndNumbersShort() {
        assertThat(Csv.field(0.1 + 0.2)).isEqualTo("0.3");
        assertThat(Csv.field(1.0 / 3)).isEqualTo("0.3333333");
        assertThat(Csv.field(2.5e-9)).isEqualTo("2.5E-9");
        assertThat(Csv.field(Double.NaN)).isEmpty();
        assertThat(Csv.field(null)).isEmpty();
        assertThat(Csv.field(469L)).isEqualTo("469");
        assertThat(Csv.field("relu, He")).isEqualTo("\"relu, He\"");
        assertThat(Csv.field("a \"b\"")).isEqualTo("\"a \"\"b\"\"\"");
        assertThatThrownBy(() -> new Csv("a", "b").row(1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[a, b]");
    }

    @Test
    void summariesRenderTheSameBlocksAsMarkdownAndEscapedHtml() {
        Summary s = new Summary("T <1>").bullets(List.of("a < b")).heading("H").paragraph("p & q")
                .table(List.of("x", "y|z"), List.of(List.of("1", "2"))).figure("F", List.of("f.png", "f.svg"));
        assertThat(s.markdown()).isEqualTo("# T <1>\n\n- a < b\n\n## H\n\np & q\n\n| x | y\\|z |\n| --- | --- |\n| 1 | 2 |\n\n"
                + "![F](f.png)\n\n*F* ([SVG](f.svg))\n\n");
        assertThat(s.html()).contains("<title>T &lt;1&gt;</title>", "<li>a &lt; b</li>", "<p>p &amp; q</p>", "<td class=\"num\">1</td>",
                "<img src=\"f.png\"", "<a href=\"f.svg\">SVG</a>").endsWith("</html>\n");
        assertThatThrownBy(() -> new Summary("t").table(List.of("a"), List.of(List.of("1", "2"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
