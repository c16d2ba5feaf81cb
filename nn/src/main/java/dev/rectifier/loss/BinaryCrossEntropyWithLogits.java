package dev.rectifier.loss;

import dev.rectifier.tensor.Tensor;

/**
 * Binary cross-entropy from logits ({@code torch.nn.BCEWithLogitsLoss}, mean over every
 * element), in the stable form {@code max(x, 0) - x t + log(1 + exp(-|x|))};
 * {@code dx = (sigmoid(x) - t) / numel}. Targets in [0, 1].
 */
public final class BinaryCrossEntropyWithLogits implements Loss {
    private Tensor grad;

    @Override
    public String name() {
        return "bce_with_logits";
    }

    @Override
    public boolean takesLabels() {
        return false;
    }

    @Override
    public double forward(Tensor x, Tensor t) {
        Tensor.requireShape("bce_with_logits target", t, x.shape());
        if (grad == null || !grad.sameShape(x)) {
            grad = Tensor.zeros(x.shape());
        }
        int n = x.size();
        float[] xd = x.data(), td = t.data(), g = grad.data();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double v = xd[x.offset() + i], target = td[t.offset() + i];
            sum += Math.max(v, 0) - v * target + Math.log1p(Math.exp(-Math.abs(v)));
            double sigmoid = v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
            g[i] = (float) ((sigmoid - target) / n);
        }
        return n == 0 ? 0 : sum / n;
    }

    @Override
    public Tensor backward() {
        if (grad == null) {
            throw new IllegalStateException("bce_with_logits backward before forward");
        }
        return grad;
    }
}
