package dev.rectifier.loss;

import dev.rectifier.tensor.Tensor;

/**
 * Softmax cross-entropy from logits, fused and numerically stable ({@code torch.nn.CrossEntropyLoss}
 * with mean reduction): for logits z of [N, C] and labels t,
 * {@code loss = mean_i (logsumexp(z_i) - z_i[t_i])}, computed with the row maximum subtracted so
 * that no exp overflows; {@code dz_i = (softmax(z_i) - onehot(t_i)) / N}. Sums are in double.
 */
public final class SoftmaxCrossEntropy implements Loss {
    private Tensor grad;
    private int correct;

    @Override
    public String name() {
        return "cross_entropy";
    }

    @Override
    public boolean takesLabels() {
        return true;
    }

    @Override
    public double forward(Tensor logits, int[] labels, int off) {
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("cross_entropy expects logits [N, C] but got " + Tensor.format(logits.shape()));
        }
        int n = logits.dim(0), c = logits.dim(1);
        if (off < 0 || off > labels.length - n) {
            throw new IllegalArgumentException("cross_entropy: " + n + " logit rows but labels.length=" + labels.length + " from offset " + off);
        }
        if (grad == null || !grad.sameShape(logits)) {
            grad = Tensor.zeros(n, c);
        }
        float[] z = logits.data();
        float[] g = grad.data();
        double total = 0;
        correct = 0;
        for (int i = 0; i < n; i++) {
            int row = logits.offset() + i * c;
            int label = labels[off + i];
            if (label < 0 || label >= c) {
                throw new IllegalArgumentException("label " + label + " at index " + (off + i) + " is outside [0, " + c + ")");
            }
            float max = Float.NEGATIVE_INFINITY;
            int argmax = 0;
            for (int j = 0; j < c; j++) {
                if (z[row + j] > max) {
                    max = z[row + j];
                    argmax = j;
                }
            }
            if (argmax == label) {
                correct++;
            }
            double sum = 0;
            for (int j = 0; j < c; j++) {
                double e = Math.exp(z[row + j] - max);
                g[i * c + j] = (float) e;
                sum += e;
            }
            total += Math.log(sum) + max - z[row + label];
            double scale = 1.0 / (sum * n);
            for (int j = 0; j < c; j++) {
                g[i * c + j] = (float) (g[i * c + j] * scale);
            }
            g[i * c + label] -= (float) (1.0 / n);
        }
        return n == 0 ? 0 : total / n;
    }

    /** How many rows of the last forward had their largest logit at the label. */
    public int correct() {
        return correct;
    }

    @Override
    public Tensor backward() {
        if (grad == null) {
            throw new IllegalStateException("cross_entropy backward before forward");
        }
        return grad;
    }
}
