package dev.rectifier.diagnostics;

import dev.rectifier.kernels.Parallelism;
import dev.rectifier.nn.ActivationSite;
import dev.rectifier.nn.Context;
import dev.rectifier.nn.Layer;
import dev.rectifier.nn.Sequential;
import dev.rectifier.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a model in evaluation mode over probe samples and measures every activation layer's
 * output ({@link UnitStats}). The probe is a fixed set of inputs (e.g. 2,048 training samples),
 * so successive measurements are comparable; evaluating it costs about one forward pass over
 * those samples.
 */
public final class ActivationProbe {
    private ActivationProbe() {}

    /**
     * Stats for each activation layer (in order of the model's leaves), over the samples of
     * {@code probe} (shape [N, ...]), processed {@code batchSize} at a time.
     */
    public static List<UnitStats> measure(Sequential model, Tensor probe, int batchSize, Parallelism parallelism) {
        List<Layer> leaves = model.leaves();
        int sites = 0;
        for (Layer l : leaves) {
            if (isSite(l)) {
                sites++;
            }
        }
        long[][] zeros = new long[leaves.size()][];
        double[] sum = new double[leaves.size()], sumSq = new double[leaves.size()];
        long[] count = new long[leaves.size()];
        Context eval = Context.eval(parallelism);
        int n = probe.dim(0);
        for (int from = 0; from < n && sites > 0; from += batchSize) {
            Tensor x = probe.rows(from, Math.min(n, from + batchSize));
            for (int i = 0; i < leaves.size(); i++) {
                Layer layer = leaves.get(i);
                x = layer.forward(x, eval);
                if (isSite(layer)) {
                    int units = x.dim(1);
                    if (zeros[i] == null) {
                        zeros[i] = new long[units];
                    }
                    accumulate(x, zeros[i], i, sum, sumSq, count);
                }
            }
        }
        List<UnitStats> out = new ArrayList<>();
        for (int i = 0; i < leaves.size(); i++) {
            if (zeros[i] == null) {
                continue;
            }
            long perUnit = count[i] / zeros[i].length;
            double[] fraction = new double[zeros[i].length];
            long zeroTotal = 0;
            for (int u = 0; u < fraction.length; u++) {
                fraction[u] = perUnit == 0 ? 0 : (double) zeros[i][u] / perUnit;
                zeroTotal += zeros[i][u];
            }
            double mean = sum[i] / count[i];
            double var = Math.max(0, sumSq[i] / count[i] - mean * mean);
            ActivationSite site = (ActivationSite) leaves.get(i);
            out.add(new UnitStats(i, i + ":" + site.type() + "(" + site.activationSpec() + ")", site.activationSpec(),
                    fraction, (double) zeroTotal / count[i], mean, Math.sqrt(var), n));
        }
        return out;
    }

    static boolean isSite(Layer l) {
        return l instanceof ActivationSite s && s.activationSpec() != null && !s.activationSpec().equals("identity");
    }

    private static void accumulate(Tensor x, long[] zeros, int i, double[] sum, double[] sumSq, long[] count) {
        int batch = x.dim(0), units = x.dim(1);
        int inner = x.size() / Math.max(1, batch * units);
        float[] d = x.data();
        int off = x.offset();
        double s = 0, sq = 0;
        for (int b = 0; b < batch; b++) {
            for (int u = 0; u < units; u++) {
                int base = off + (b * units + u) * inner;
                long z = 0;
                for (int k = 0; k < inner; k++) {
                    float v = d[base + k];
                    if (v == 0f) {
                        z++;
                    }
                    s += v;
                    sq += (double) v * v;
                }
                zeros[u] += z;
            }
        }
        sum[i] += s;
        sumSq[i] += sq;
        count[i] += x.size();
    }
}
