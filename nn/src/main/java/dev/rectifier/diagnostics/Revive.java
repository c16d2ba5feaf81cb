package dev.rectifier.diagnostics;

import dev.rectifier.nn.Dense;
import dev.rectifier.nn.Layer;
import dev.rectifier.nn.Parameter;
import dev.rectifier.nn.Sequential;
import dev.rectifier.optim.Optimizer;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Recycles dead units, the ReDo method of Sokar et al. (ICML 2023, "The Dormant Neuron
 * Phenomenon in Deep Reinforcement Learning"): a dormant unit's incoming weights are drawn
 * again from the layer's initial distribution and its bias set to 0, its outgoing weights (in
 * the next layer) are set to 0 so that the network's function does not jump, and the optimiser's
 * moments for all of those weights are reset. The unit then starts over with live gradients.
 *
 * <p>Handles units produced by a Dense layer with a fused activation (or followed by an
 * activation layer) and consumed by the next Dense layer.
 */
public final class Revive {
    private Revive() {}

    /** What one call changed: units re-initialised per layer name. */
    public record Result(int units, String description) {}

    /**
     * Re-initialises the dead units that {@code stats} report.
     *
     * @param optimizer whose state for the changed weights is reset, or null
     * @return how many units were re-initialised, and where
     */
    public static Result revive(Sequential model, List<UnitStats> stats, Optimizer optimizer, SplittableRandom random) {
        List<Layer> leaves = model.leaves();
        int total = 0;
        StringBuilder where = new StringBuilder();
        for (UnitStats s : stats) {
            int[] dead = s.deadUnits();
            if (dead.length == 0) {
                continue;
            }
            Dense producer = producer(leaves, s.layer());
            if (producer == null || producer.out() != s.units()) {
                continue;
            }
            Dense consumer = consumer(leaves, s.layer(), producer.out());
            for (int unit : dead) {
                reinitialiseIncoming(producer, unit, optimizer, random);
                if (consumer != null) {
                    zeroOutgoing(consumer, unit, optimizer);
                }
            }
            total += dead.length;
            where.append(where.isEmpty() ? "" : ", ").append(dead.length).append(" in ").append(s.name());
        }
        return new Result(total, total == 0 ? "no dead units" : "re-initialised " + where);
    }

    /** Units {@code units} of layer {@code producer}: fresh incoming weights, zero bias, zero outgoing. */
    public static void reviveUnits(Dense producer, Dense consumer, int[] units, Optimizer optimizer, SplittableRandom random) {
        for (int unit : units) {
            reinitialiseIncoming(producer, unit, optimizer, random);
            if (consumer != null) {
                zeroOutgoing(consumer, unit, optimizer);
            }
        }
    }

    private static Dense producer(List<Layer> leaves, int site) {
        for (int i = site; i >= 0; i--) {
            if (leaves.get(i) instanceof Dense d) {
                return d;
            }
            if (!leaves.get(i).parameters().isEmpty()) {
                return null;
            }
        }
        return null;
    }

    private static Dense consumer(List<Layer> leaves, int site, int units) {
        for (int i = site + 1; i < leaves.size(); i++) {
            if (leaves.get(i) instanceof Dense d) {
                return d.in() == units ? d : null;
            }
            if (!leaves.get(i).parameters().isEmpty()) {
                return null;
            }
        }
        return null;
    }

    private static void reinitialiseIncoming(Dense layer, int unit, Optimizer optimizer, SplittableRandom random) {
        Parameter w = layer.weight();
        int in = layer.in();
        layer.init().fill(w.value(), unit * in, in, in, layer.out(), random);
        if (optimizer != null) {
            for (int j = 0; j < in; j++) {
                optimizer.resetState(w, unit * in + j);
            }
        }
        Parameter b = layer.bias();
        if (b != null) {
            b.value().data()[b.value().offset() + unit] = 0f;
            if (optimizer != null) {
                optimizer.resetState(b, unit);
            }
        }
    }

    private static void zeroOutgoing(Dense next, int unit, Optimizer optimizer) {
        Parameter w = next.weight();
        int in = next.in();
        float[] d = w.value().data();
        for (int r = 0; r < next.out(); r++) {
            d[w.value().offset() + r * in + unit] = 0f;
            if (optimizer != null) {
                optimizer.resetState(w, r * in + unit);
            }
        }
    }
}
