package dev.rectifier.optim;

import dev.rectifier.kernels.Spec;
import dev.rectifier.nn.Parameter;
import dev.rectifier.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Adam and AdamW, as {@code torch.optim.Adam} / {@code AdamW}: with t the step,
 * {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g^2},
 * {@code p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}. Adam adds weight decay to
 * the gradient ({@code g += wd * p}, L2); AdamW decouples it ({@code p *= 1 - lr * wd} first).
 */
public final class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupled;
    private final float[][] m;
    private final float[][] v;

    public Adam(List<Parameter> parameters, double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        super(parameters, lr);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("adam betas (" + beta1 + ", " + beta2 + ") must each be in [0, 1)");
        }
        if (!(eps >= 0) || !(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("adam eps=" + eps + ", weight_decay=" + weightDecay + " must be >= 0");
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
        this.m = new float[parameters.size()][];
        this.v = new float[parameters.size()][];
        for (int k = 0; k < parameters.size(); k++) {
            m[k] = new float[parameters.get(k).size()];
            v[k] = new float[parameters.get(k).size()];
        }
    }

    /** Adam with PyTorch's defaults but for the learning rate. */
    public Adam(List<Parameter> parameters, double lr) {
        this(parameters, lr, 0.9, 0.999, 1e-8, 0, false);
    }

    @Override
    public String spec() {
        return (decoupled ? "adamw" : "adam") + "(lr=" + Spec.format(learningRate) + ",beta1=" + Spec.format(beta1)
                + ",beta2=" + Spec.format(beta2) + ",eps=" + Spec.format(eps) + ",weight_decay=" + Spec.format(weightDecay) + ")";
    }

    @Override
    public void step() {
        steps++;
        double bc1 = 1 - Math.pow(beta1, steps), bc2 = 1 - Math.pow(beta2, steps);
        float stepSize = (float) (learningRate / bc1);
        float sqrtBc2 = (float) Math.sqrt(bc2);
        float b1 = (float) beta1, b2 = (float) beta2, e = (float) eps;
        for (int k = 0; k < parameters.size(); k++) {
            Parameter param = parameters.get(k);
            float[] p = param.value().data(), g = param.grad().data(), mk = m[k], vk = v[k];
            int po = param.value().offset(), go = param.grad().offset(), n = param.size();
            float wd = param.decay() ? (float) weightDecay : 0f;
            float shrink = decoupled ? (float) (1 - learningRate * wd) : 1f;
            float l2 = decoupled ? 0f : wd;
            for (int i = 0; i < n; i++) {
                float pi = p[po + i] * shrink;
                float gi = g[go + i] + l2 * pi;
                float mi = b1 * mk[i] + (1 - b1) * gi;
                float vi = b2 * vk[i] + (1 - b2) * gi * gi;
                mk[i] = mi;
                vk[i] = vi;
                p[po + i] = pi - stepSize * mi / ((float) Math.sqrt(vi) / sqrtBc2 + e);
            }
        }
    }

    @Override
    protected void resetBuffers(int k, int index) {
        m[k][index] = 0f;
        v[k][index] = 0f;
    }

    @Override
    protected void addState(Map<String, Tensor> state) {
        for (int k = 0; k < m.length; k++) {
            state.put(k + ".exp_avg", Tensor.of(m[k].clone(), m[k].length));
            state.put(k + ".exp_avg_sq", Tensor.of(v[k].clone(), v[k].length));
        }
    }

    @Override
    protected void loadBuffers(Map<String, Tensor> state) {
        for (int k = 0; k < m.length; k++) {
            m[k] = require(state, k + ".exp_avg", m[k].length).toArray();
            v[k] = require(state, k + ".exp_avg_sq", v[k].length).toArray();
        }
    }
}
