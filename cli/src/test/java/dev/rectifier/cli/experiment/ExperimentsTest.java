package dev.rectifier.cli.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each experiment on a tiny budget: the files it writes are well formed and the summary states what it computed. */
class ExperimentsTest {
    @TempDir
    Path tmp;

    @Test
    void convergenceWritesStepsCurvesChartsAndSummary() throws IOException {
        ExperimentData data = Fixtures.data(300, 50);
        ConvergenceExperiment.Params p = new ConvergenceExperiment.Params(List.of("relu", "tanh", "sigmoid"), new int[] {16}, 32, 0.05,
                0.9, 0.5, 3, 4, List.of(1L, 2L), 2, false, Integer.MAX_VALUE);
        StringWriter log = new StringWriter();
        Experiment.Outcome o = new ConvergenceExperiment(p).run(Fixtures.context(tmp, data, List.of(), log));

        List<String> results = Fixtures.csv(tmp.resolve("results.csv"), "framework,activation,init,seed,target,window,steps_to_target,"
                + "epoch_of_target,seconds_to_target,steps_to_target_epoch_running,seconds_to_target_epoch_running,steps_trained,"
                + "last_epoch_train_accuracy,threads,failure");
        assertThat(results).hasSize(1 + 3 * 2);
        String reluSeed1 = results.get(1);
        assertThat(reluSeed1).startsWith("rectifier,relu,\"kaiming_normal(mode=fan_in,gain=1.4142135623730951)\",1,0.5,3,");
        long steps = Long.parseLong(Fixtures.fields(reluSeed1)[6]);
        assertThat(steps).as("tiny blocks are learnt to 50%% within 4 epochs: %s", log).isBetween(3L, 40L);
        List<String> curves = Fixtures.csv(tmp.resolve("curves.csv"), "framework,activation,seed,step,window_accuracy,window_loss");
        assertThat(curves.size()).isGreaterThan(6);
        for (String f : List.of("learning-curves", "loss-curves", "steps-to-target")) {
            Fixtures.figure(tmp, f);
        }
        String md = Files.readString(tmp.resolve(Summary.MARKDOWN));
        assertThat(md).contains("# Convergence: optimiser steps to 50.0% training accuracy", "tiny test images (300 / 50)",
                "tanh/relu = ", "sigmoid/relu = ", "PyTorch peer: not run", "![", "learning-curves.png");
        double[] relu = {steps, Long.parseLong(Fixtures.fields(results.get(2))[6])};
        assertThat(md).contains("relu: " + Training.count(Math.round(Stats.mean(relu))) + " steps");
        assertThat(Files.readString(tmp.resolve(Summary.HTML))).contains("<h1>Convergence", "<img src=\"learning-curves.png\"");
        assertThat(o.headline()).anyMatch(l -> l.startsWith("claim: relu reaches the target in fewer steps than tanh"));
        assertThat(o.files()).contains(tmp.resolve("results.csv"), tmp.resolve("summary.html"));
    }

    @Test
    void vanishingGradientWritesNormsPerLayer() throws IOException {
        ExperimentData data = Fixtures.data(96, 20);
        VanishingGradientExperiment.Params p = new VanishingGradientExperiment.Params(new int[] {2, 6}, 16,
                VanishingGradientExperiment.Params.standardConfigs(), 3, 2, 32, 0.01, 0.9, List.of(1L));
        Experiment.Outcome o = new VanishingGradientExperiment(p).run(Fixtures.context(tmp, data, List.of(), new StringWriter()));
        List<String> rows = Fixtures.csv(tmp.resolve("results.csv"), "depth,config,activation,init,seed,layer,grad_norm_init,"
                + "grad_norm_after,steps,train_accuracy_after,train_loss_after");
        // 5 configurations; depth 2 has 3 weighted layers, depth 6 has 7.
        assertThat(rows).hasSize(1 + 5 * (3 + 7));
        for (String r : rows.subList(1, rows.size())) {
            assertThat(Double.parseDouble(Fixtures.fields(r)[6])).as(r).isGreaterThanOrEqualTo(0);
        }
        Fixtures.figure(tmp, "gradient-norms-depth-2");
        Fixtures.figure(tmp, "gradient-norms-depth-6");
        String md = Files.readString(tmp.resolve(Summary.MARKDOWN));
        assertThat(md).contains("depth 6, layer 1 / layer 7 gradient norm at initialisation: sigmoid, Xavier ", "| 6 | relu, He |");
        assertThat(o.headline()).anyMatch(l -> l.startsWith("claim: the input side of a deep sigmoid network"));
    }

    @Test
    void dyingReluWritesDeadFractionsOverTime() throws IOException {
        ExperimentData data = Fixtures.data(200, 40);
        DyingReluExperiment.Params p = new DyingReluExperiment.Params(new int[] {32, 32}, DyingReluExperiment.Params.standardConfigs(),
                0.1, 0.9, -3.0, 32, 2, 3, 100, List.of(1L), Integer.MAX_VALUE);
        Experiment.Outcome o = new DyingReluExperiment(p).run(Fixtures.context(tmp, data, List.of(), new StringWriter()));
        List<String> rows = Fixtures.csv(tmp.resolve("results.csv"), "config,activation,revive,seed,step,dead_fraction,"
                + "negative_regime_fraction,diagnostics_dead_fraction,train_accuracy_since_last");
        // 7 steps per epoch, 2 epochs: step 0, steps 3, 6 (not 7: the epoch's last), the end of epoch 1 (7), 9, 12, end (14).
        assertThat(rows).hasSize(1 + 5 * 7);
        assertThat(rows.get(1)).startsWith("relu,relu,false,1,0,");
        assertThat(rows.stream().filter(r -> r.startsWith("relu,")).map(r -> r.split(",")[4]).toList())
                .containsExactly("0", "3", "6", "7", "9", "12", "14");
        for (String r : rows.subList(1, rows.size())) {
            String[] f = r.split(",", -1);
            double dead = Double.parseDouble(f[5]);
            assertThat(dead).as(r).isBetween(0.0, 1.0).isLessThanOrEqualTo(Double.parseDouble(f[6]));
            if (f[1].equals("relu")) {
                assertThat(dead).as("relu: dead is negative regime: %s", r).isEqualTo(Double.parseDouble(f[6]));
                if (!f[4].equals("0")) {
                    assertThat(Double.parseDouble(f[7])).as("the diagnostics agree: %s", r).isEqualTo(dead);
                }
            } else {
                assertThat(dead).as(r).isZero();
            }
        }
        Fixtures.csv(tmp.resolve("test-accuracy.csv"), "config,seed,epoch,test_accuracy,units_revived_in_run");
        for (String f : List.of("dead-fraction", "negative-regime", "accuracy")) {
            Fixtures.figure(tmp, f);
        }
        String md = Files.readString(tmp.resolve(Summary.MARKDOWN));
        assertThat(md).contains("# Dying ReLU", "| relu + revive |", "claim: relu's dead fraction at the end well above");
        assertThat(o.headline().getFirst()).startsWith("relu: dead ");
    }

    @Test
    void zeroCentredWritesMeansPerLayer() throws IOException {
        ExperimentData data = Fixtures.data(200, 40);
        ZeroCentredExperiment.Params p = new ZeroCentredExperiment.Params(new int[] {16, 16, 16}, List.of("relu", "elu"), 0.05, 0.9, 32,
                0.5, 2, 4, 100, 2, List.of(1L, 2L), Integer.MAX_VALUE);
        Experiment.Outcome o = new ZeroCentredExperiment(p).run(Fixtures.context(tmp, data, List.of(), new StringWriter()));
        List<String> rows = Fixtures.csv(tmp.resolve("activations.csv"), "activation,seed,step,layer,mean,std");
        // step 0, steps 4 and the end of each epoch (7, 14; 8 and 12 are within epoch 2: 4, 7, 8, 12, 14): 6 measurements x 3 layers.
        assertThat(rows).hasSize(1 + 2 * 2 * 6 * 3);
        for (String r : rows.subList(1, rows.size())) {
            String[] f = r.split(",");
            if (f[0].equals("relu")) {
                assertThat(Double.parseDouble(f[4])).as("relu outputs are never negative: %s", r).isGreaterThanOrEqualTo(0);
            }
            assertThat(Double.parseDouble(f[5])).as(r).isGreaterThan(0);
        }
        Fixtures.csv(tmp.resolve("convergence.csv"), "activation,seed,target,steps_to_target,steps_trained,last_epoch_train_accuracy");
        for (String f : List.of("mean-activation", "std-activation", "loss-curves")) {
            Fixtures.figure(tmp, f);
        }
        assertThat(Files.readString(tmp.resolve(Summary.MARKDOWN))).contains("# Zero-centred activations", "| relu | L1 |", "| elu | L3 |",
                "claim (Clevert et al. 2015)");
        assertThat(o.headline()).hasSize(5);
    }

    @Test
    void costTimesEveryKernel() throws IOException {
        CostExperiment.Params p = new CostExperiment.Params(CostExperiment.SPECS, new int[] {64, 256}, 2, 0.0002, 0.001, 50);
        Experiment.Outcome o = new CostExperiment(p).run(Fixtures.context(tmp, null, List.of(), new StringWriter()));
        List<String> rows = Fixtures.csv(tmp.resolve("results.csv"), "activation,spec,elements,kernel,path,ns_per_element_median,"
                + "ns_per_element_min,rounds,calls_per_round");
        assertThat(rows).hasSize(1 + 17 * 2 * 4);
        for (String r : rows.subList(1, rows.size())) {
            String[] f = Fixtures.fields(r);
            assertThat(Double.parseDouble(f[5])).as(r).isPositive().isGreaterThanOrEqualTo(Double.parseDouble(f[6]));
        }
        Fixtures.figure(tmp, "cost-256");
        Fixtures.figure(tmp, "cost-64");
        String md = Files.readString(tmp.resolve(Summary.MARKDOWN));
        assertThat(md).contains("in-process timings on a shared machine", "bench/", "| mish |", "| relu | ");
        String relu = rows.stream().filter(r -> r.startsWith("relu,relu,256,forward,vector,")).findFirst().orElseThrow();
        assertThat(o.headline().getFirst()).contains(String.format(java.util.Locale.ROOT, "relu %.3f ns/element",
                Double.parseDouble(Fixtures.fields(relu)[5])));
    }
}
