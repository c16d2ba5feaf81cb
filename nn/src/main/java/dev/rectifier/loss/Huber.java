package dev.rectifier.loss;

import dev.rectifier.tensor.Tensor;

/**
 * Huber loss ({@code torch.nn.HuberLoss(delta)}; with delta = 1 it is SmoothL1Loss, the DQN
 * loss), mean over every element: for d = p - t, {@code 0.5 d^2} where |d| < delta and
 * {@code delta (|d| - 0.5 delta)} elsewhere; {@code dp = clamp(d, -delta, delta) / numel}.
 */
public final class Huber implements Loss {
    private final double delta;
    private Tensor grad;

    public Huber(double delta) {
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("huber delta=" + delta + " but it must be a finite number > 0");
        }
        this.delta = delta;
    }

    @Override
    public String name() {
        return "huber";
    }

    public double delta() {
        return delta;
    }

    @Override
    public boolean takesLabels() {
        return false;
    }

    @Override
    public double forward(Tensor p, Tensor t) {
        Tensor.requireShape("huber target", t, p.shape());
        if (grad == null || !grad.sameShape(p)) {
            grad = Tensor.zeros(p.shape());
        }
        int n = p.size();
        float[] pd = p.data(), td = t.data(), g = grad.data();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double d = (double) pd[p.offset() + i] - td[t.offset() + i];
            double a = Math.abs(d);
            sum += a < delta ? 0.5 * d * d : delta * (a - 0.5 * delta);
            g[i] = (float) (Math.max(-delta, Math.min(delta, d)) / n);
        }
        return n == 0 ? 0 : sum / n;
    }

    @Override
    public Tensor backward() {
        if (grad == null) {
            throw new IllegalStateException("huber backward before forward");
        }
        return grad;
    }
}
