package dev.rectifier.optim;

import dev.rectifier.kernels.Spec;
import dev.rectifier.nn.Parameter;
import dev.rectifier.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with momentum, Nesterov momentum and weight decay, exactly as
 * {@code torch.optim.SGD}: {@code g = grad + wd * p}; with momentum {@code b = g} on the first
 * step, then {@code b = mu * b + (1 - dampening) * g}; {@code g = nesterov ? g + mu * b : b};
 * {@code p -= lr * g}.
 */
public final class Sgd extends Optimizer {
    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;
    private final double dampening;
    private final float[][] buffers;

    public Sgd(List<Parameter> parameters, double lr, double momentum, boolean nesterov, double weightDecay, double dampening) {
        super(parameters, lr);
        if (!(momentum >= 0) || momentum >= 1 && momentum != 1) {
            throw new IllegalArgumentException("sgd momentum=" + momentum + " but it must be in [0, 1]");
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("sgd weight_decay=" + weightDecay + " but it must be >= 0");
        }
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("sgd nesterov=true needs momentum > 0 and dampening = 0 (as in PyTorch), got momentum="
                    + momentum + ", dampening=" + dampening);
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
        this.dampening = dampening;
        this.buffers = new float[parameters.size()][];
    }

    /** Plain SGD with momentum. */
    public Sgd(List<Parameter> parameters, double lr, double momentum) {
        this(parameters, lr, momentum, false, 0, 0);
    }

    @Override
    public String spec() {
        return "sgd(lr=" + Spec.format(learningRate) + ",momentum=" + Spec.format(momentum) + ",nesterov=" + nesterov
                + ",weight_decay=" + Spec.format(weightDecay) + (dampening != 0 ? ",dampening=" + Spec.format(dampening) : "") + ")";
    }

    @Override
    public void step() {
        float lr = (float) learningRate, mu = (float) momentum, damp = (float) (1 - dampening);
        for (int k = 0; k < parameters.size(); k++) {
            Parameter param = parameters.get(k);
            float[] p = param.value().data(), g = param.grad().data();
            int po = param.value().offset(), go = param.grad().offset(), n = param.size();
            float wd = param.decay() ? (float) weightDecay : 0f;
            if (momentum == 0) {
                for (int i = 0; i < n; i++) {
                    p[po + i] -= lr * (g[go + i] + wd * p[po + i]);
                }
                continue;
            }
            float[] b = buffers[k];
            boolean first = b == null;
            if (first) {
                b = buffers[k] = new float[n];
            }
            for (int i = 0; i < n; i++) {
                float d = g[go + i] + wd * p[po + i];
                float buf = first ? d : mu * b[i] + damp * d;
                b[i] = buf;
                p[po + i] -= lr * (nesterov ? d + mu * buf : buf);
            }
        }
        steps++;
    }

    @Override
    protected void resetBuffers(int k, int index) {
        if (buffers[k] != null) {
            buffers[k][index] = 0f;
        }
    }

    @Override
    protected void addState(Map<String, Tensor> state) {
        for (int k = 0; k < buffers.length; k++) {
            if (buffers[k] != null) {
                state.put(k + ".momentum_buffer", Tensor.of(buffers[k].clone(), buffers[k].length));
            }
        }
    }

    @Override
    protected void loadBuffers(Map<String, Tensor> state) {
        for (int k = 0; k < buffers.length; k++) {
            Tensor t = state.get(k + ".momentum_buffer");
            buffers[k] = t == null ? null : require(state, k + ".momentum_buffer", parameters.get(k).size()).toArray();
        }
    }
}
