package dev.rectifier.optim;

import dev.rectifier.nn.Parameter;
import java.util.List;

/** Operations over all gradients of a model. */
public final class Gradients {
    private Gradients() {}

    /** The L2 norm of all gradients together, summed in double. */
    public static double norm(List<Parameter> parameters) {
        double sum = 0;
        for (Parameter p : parameters) {
            float[] g = p.grad().data();
            int off = p.grad().offset();
            for (int i = 0; i < p.size(); i++) {
                sum += (double) g[off + i] * g[off + i];
            }
        }
        return Math.sqrt(sum);
    }

    /**
     * Scales all gradients so that their joint L2 norm is at most {@code maxNorm}, as
     * {@code torch.nn.utils.clip_grad_norm_} (coefficient maxNorm / (norm + 1e-6) when below 1).
     *
     * @return the norm before clipping
     */
    public static double clipNorm(List<Parameter> parameters, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("max_norm=" + maxNorm + " but it must be > 0");
        }
        double norm = norm(parameters);
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1) {
            float c = (float) coef;
            for (Parameter p : parameters) {
                float[] g = p.grad().data();
                int off = p.grad().offset();
                for (int i = 0; i < p.size(); i++) {
                    g[off + i] *= c;
                }
            }
        }
        return norm;
    }
}
