package dev.rectifier.cli.experiment;

import dev.rectifier.data.TrainingSet;
import dev.rectifier.kernels.Parallelism;
import dev.rectifier.nn.ActivationSite;
import dev.rectifier.nn.Context;
import dev.rectifier.nn.Layer;
import dev.rectifier.nn.PReluLayer;
import dev.rectifier.nn.RReluLayer;
import dev.rectifier.nn.Sequential;
import dev.rectifier.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Counts, in evaluation mode over a fixed probe of samples, per activation layer, the dead units
 * (output exactly 0 for every probe sample, as {@link dev.rectifier.diagnostics.UnitStats}
 * counts them) and the units in the negative regime (output at most 0 for every sample: the
 * input is never positive). Under relu the two are the same and the unit gets no gradient;
 * under leaky_relu, prelu or elu a unit in the negative regime still outputs and passes a
 * gradient, so it can come back. Unlike {@link dev.rectifier.diagnostics.ActivationProbe} it
 * also sees PReLU and RReLU layers.
 */
final class UnitProbe {
    private UnitProbe() {}

    /** One activation layer: units, dead ones, ones in the negative regime. */
    record Site(int layer, int units, int dead, int negative) {}

    /** The whole network's figures: fractions over all activation units. */
    record Measurement(List<Site> sites) {
        double deadFraction() {
            int units = sites.stream().mapToInt(Site::units).sum();
            return units == 0 ? 0 : (double) sites.stream().mapToInt(Site::dead).sum() / units;
        }

        double negativeFraction() {
            int units = sites.stream().mapToInt(Site::units).sum();
            return units == 0 ? 0 : (double) sites.stream().mapToInt(Site::negative).sum() / units;
        }
    }

    /** The first {@code n} samples of {@code data} as one tensor [n, features...] (the probe the diagnostics use too). */
    static Tensor probe(TrainingSet data, int n) {
        int count = Math.min(n, data.size());
        int[] shape = new int[data.sampleShape().length + 1];
        shape[0] = count;
        System.arraycopy(data.sampleShape(), 0, shape, 1, data.sampleShape().length);
        Tensor t = Tensor.zeros(shape);
        int[] first = new int[count];
        Arrays.setAll(first, i -> i);
        data.features(first, 0, count, t.data(), t.offset());
        return t;
    }

    static boolean isSite(Layer l) {
        if (l instanceof PReluLayer || l instanceof RReluLayer) {
            return true;
        }
        return l instanceof ActivationSite s && s.activationSpec() != null && !s.activationSpec().equals("identity");
    }

    /** Measures {@code model} over {@code probe}, {@code batch} samples at a time. */
    static Measurement measure(Sequential model, Tensor probe, int batch, Parallelism parallelism) {
        List<Layer> leaves = model.leaves();
        boolean[][] nonZero = new boolean[leaves.size()][];
        boolean[][] positive = new boolean[leaves.size()][];
        Context eval = Context.eval(parallelism);
        int n = probe.dim(0);
        for (int from = 0; from < n; from += batch) {
            Tensor x = probe.rows(from, Math.min(n, from + batch));
            for (int i = 0; i < leaves.size(); i++) {
                x = leaves.get(i).forward(x, eval);
                if (isSite(leaves.get(i))) {
                    int rows = x.dim(0), units = x.dim(1);
                    int inner = x.size() / Math.max(1, rows * units);
                    if (nonZero[i] == null) {
                        nonZero[i] = new boolean[units];
                        positive[i] = new boolean[units];
                    }
                    float[] d = x.data();
                    for (int r = 0; r < rows; r++) {
                        for (int u = 0; u < units; u++) {
                            int base = x.offset() + (r * units + u) * inner;
                            for (int k = 0; k < inner; k++) {
                                float v = d[base + k];
                                nonZero[i][u] |= v != 0f;
                                // NaN counts as alive: a unit whose output is NaN is broken, not dead.
                                positive[i][u] |= !(v <= 0f);
                            }
                        }
                    }
                }
            }
        }
        List<Site> sites = new ArrayList<>();
        for (int i = 0; i < leaves.size(); i++) {
            if (nonZero[i] != null) {
                sites.add(new Site(i, nonZero[i].length, count(nonZero[i], false), count(positive[i], false)));
            }
        }
        return new Measurement(sites);
    }

    private static int count(boolean[] flags, boolean value) {
        int c = 0;
        for (boolean f : flags) {
            if (f == value) {
                c++;
            }
        }
        return c;
    }
}
