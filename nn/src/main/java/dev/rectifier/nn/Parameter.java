package dev.rectifier.nn;

import dev.rectifier.tensor.Tensor;
import java.util.Objects;

/**
 * A learned tensor and the gradient that backward accumulates into it.
 *
 * <p>{@code decay} says whether weight decay applies: true for weights, false for biases,
 * normalisation parameters and PReLU slopes (He et al. 2015 train the slopes without decay,
 * since decay pulls them towards 0, i.e. towards plain ReLU).
 */
public final class Parameter {
    private final String name;
    private final Tensor value;
    private final Tensor grad;
    private final boolean decay;

    public Parameter(String name, Tensor value, boolean decay) {
        this.name = Objects.requireNonNull(name, "name is null");
        this.value = Objects.requireNonNull(value, "value is null");
        this.grad = Tensor.zeros(value.shape());
        this.decay = decay;
    }

    /** The name within its layer, e.g. {@code weight}, {@code bias}. */
    public String name() {
        return name;
    }

    public Tensor value() {
        return value;
    }

    /** Accumulated by backward; cleared by {@link #zeroGrad()}. */
    public Tensor grad() {
        return grad;
    }

    /** Whether weight decay applies (false for biases, norms and PReLU slopes). */
    public boolean decay() {
        return decay;
    }

    public int size() {
        return value.size();
    }

    public void zeroGrad() {
        grad.fill(0f);
    }

    @Override
    public String toString() {
        return name + Tensor.format(value.shape());
    }
}
