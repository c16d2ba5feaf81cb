package dev.rectifier.loss;

import dev.rectifier.tensor.Tensor;

/**
 * Mean squared error ({@code torch.nn.MSELoss}, mean over every element):
 * {@code loss = mean((p - t)^2)}, {@code dp = 2 (p - t) / numel}.
 */
public final class MeanSquaredError implements Loss {
    private Tensor grad;

    @Override
    public String name() {
        return "mse";
    }

    @Override
    public boolean takesLabels() {
        return false;
    }

    @Override
    public double forward(Tensor p, Tensor t) {
        Tensor.requireShape("mse target", t, p.shape());
        if (grad == null || !grad.sameShape(p)) {
            grad = Tensor.zeros(p.shape());
        }
        int n = p.size();
        float[] pd = p.data(), td = t.data(), g = grad.data();
        int po = p.offset(), to = t.offset();
        double sum = 0;
        float scale = 2f / n;
        for (int i = 0; i < n; i++) {
            float d = pd[po + i] - td[to + i];
            sum += (double) d * d;
            g[i] = d * scale;
        }
        return n == 0 ? 0 : sum / n;
    }

    @Override
    public Tensor backward() {
        if (grad == null) {
            throw new IllegalStateException("mse backward before forward");
        }
        return grad;
    }
}
