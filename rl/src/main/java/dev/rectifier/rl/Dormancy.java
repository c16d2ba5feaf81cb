package dev.rectifier.rl;

import dev.rectifier.diagnostics.Revive;
import dev.rectifier.kernels.Parallelism;
import dev.rectifier.nn.ActivationSite;
import dev.rectifier.nn.Context;
import dev.rectifier.nn.Dense;
import dev.rectifier.nn.Layer;
import dev.rectifier.nn.Sequential;
import dev.rectifier.optim.Optimizer;
import dev.rectifier.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Dead and dormant hidden units of a network on a probe batch, as Sokar et al. define them (ICML
 * 2023, "The Dormant Neuron Phenomenon in Deep Reinforcement Learning"): unit i of a layer with
 * H units has the score {@code s_i = E|h_i| / ((1/H) sum_k E|h_k|)}, the expectation over the
 * probe; it is tau-dormant when {@code s_i <= tau}, and dead when its output is exactly 0 on every
 * probe input (for ReLU: tau = 0). Dead is ReLU's notion and never happens to leaky_relu, whose
 * output is 0 only at 0; the score applies to any activation.
 *
 * @param layers one entry per activation layer, in order
 */
public record Dormancy(List<LayerUnits> layers) {

    /**
     * One activation layer's units.
     *
     * @param name    e.g. {@code 1:dense(relu)} (index among the network's leaves)
     * @param dead    units whose output was 0 on every probe input
     * @param dormant indices of the tau-dormant units
     * @param score   each unit's score s_i
     */
    public record LayerUnits(String name, int dead, int[] dormant, double[] score, Dense producer, Dense consumer) {
        public int units() {
            return score.length;
        }
    }

    /** Measures {@code network} on {@code probe} ([N, features]) in evaluation mode. */
    public static Dormancy measure(Sequential network, Tensor probe, double tau, Parallelism parallelism) {
        if (!(tau >= 0)) {
            throw new IllegalArgumentException("tau=" + tau + " must be >= 0");
        }
        List<Layer> leaves = network.leaves();
        Context eval = Context.eval(parallelism);
        List<LayerUnits> out = new ArrayList<>();
        Tensor x = probe;
        int n = probe.dim(0);
        for (int i = 0; i < leaves.size(); i++) {
            Layer layer = leaves.get(i);
            x = layer.forward(x, eval);
            if (!(layer instanceof ActivationSite site) || site.activationSpec() == null || site.activationSpec().equals("identity")) {
                continue;
            }
            int units = x.dim(1);
            double[] meanAbs = new double[units];
            int[] zeros = new int[units];
            float[] d = x.data();
            for (int b = 0; b < n; b++) {
                int row = x.offset() + b * units;
                for (int u = 0; u < units; u++) {
                    float v = d[row + u];
                    meanAbs[u] += Math.abs(v);
                    if (v == 0f) {
                        zeros[u]++;
                    }
                }
            }
            double layerMean = 0;
            for (int u = 0; u < units; u++) {
                meanAbs[u] /= Math.max(1, n);
                layerMean += meanAbs[u] / units;
            }
            int dead = 0;
            List<Integer> dormant = new ArrayList<>();
            double[] score = new double[units];
            for (int u = 0; u < units; u++) {
                dead += n > 0 && zeros[u] == n ? 1 : 0;
                score[u] = layerMean == 0 ? 0 : meanAbs[u] / layerMean;
                if (score[u] <= tau) {
                    dormant.add(u);
                }
            }
            out.add(new LayerUnits(i + ":" + layer.type() + "(" + site.activationSpec() + ")", dead,
                    dormant.stream().mapToInt(Integer::intValue).toArray(), score, producer(leaves, i), consumer(leaves, i)));
        }
        return new Dormancy(List.copyOf(out));
    }

    /** Hidden units over all activation layers. */
    public int units() {
        return layers.stream().mapToInt(LayerUnits::units).sum();
    }

    /** Fraction of hidden units that are dead (NaN for a network without activation layers). */
    public double deadFraction() {
        int units = units();
        return units == 0 ? Double.NaN : (double) layers.stream().mapToInt(LayerUnits::dead).sum() / units;
    }

    /** Fraction of hidden units that are tau-dormant. */
    public double dormantFraction() {
        int units = units();
        return units == 0 ? Double.NaN : (double) layers.stream().mapToInt(l -> l.dormant().length).sum() / units;
    }

    /**
     * ReDo: re-initialises every tau-dormant unit (fresh incoming weights from the layer's
     * initialiser, zero bias, zero outgoing weights, optimiser moments reset; see
     * {@link Revive#reviveUnits}).
     *
     * @return units re-initialised
     */
    public int revive(Optimizer optimizer, SplittableRandom random) {
        int total = 0;
        for (LayerUnits l : layers) {
            if (l.dormant().length > 0 && l.producer() != null && l.producer().out() == l.units()) {
                Revive.reviveUnits(l.producer(), l.consumer(), l.dormant(), optimizer, random);
                total += l.dormant().length;
            }
        }
        return total;
    }

    /** The Dense layer whose outputs the activation at {@code site} sees (itself when fused). */
    private static Dense producer(List<Layer> leaves, int site) {
        for (int i = site; i >= 0; i--) {
            if (leaves.get(i) instanceof Dense d) {
                return d;
            }
        }
        return null;
    }

    /** The next Dense layer, which reads the units. */
    private static Dense consumer(List<Layer> leaves, int site) {
        for (int i = site + 1; i < leaves.size(); i++) {
            if (leaves.get(i) instanceof Dense d) {
                return d;
            }
        }
        return null;
    }
}
