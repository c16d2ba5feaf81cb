package dev.rectifier.kernels;

/**
 * An activation whose derivative can be computed from its output y instead of its input x
 * (relu, sigmoid, tanh, elu with alpha >= 0, ...), so that a layer may keep y, which the next
 * layer holds anyway, instead of also keeping x. The result equals
 * {@link Activation#backward} from the input bit for bit where the formulas allow (relu,
 * leaky_relu, sigmoid and tanh, whose backward from the input recomputes y); the ELU family uses
 * PyTorch's own formula from the output, which rounds differently, and its classes state the
 * bound.
 */
public interface BackwardFromOutput extends Activation {
    /**
     * Whether the output determines the derivative for these parameters (false, e.g., for a
     * leaky_relu with a negative slope or an elu with a negative alpha, where two inputs give
     * the same output); {@link #backwardFromOutput} throws IllegalStateException when false.
     */
    default boolean supportsBackwardFromOutput() {
        return true;
    }

    /** dx[dxOff + i] = dy[dyOff + i] * f'(x_i), where y[yOff + i] = f(x_i). */
    void backwardFromOutput(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n);
}
