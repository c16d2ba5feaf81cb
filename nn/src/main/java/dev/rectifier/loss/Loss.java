package dev.rectifier.loss;

import dev.rectifier.tensor.Tensor;

/**
 * A training loss with PyTorch's mean reduction: {@link #forward} returns the mean over the
 * batch and keeps what {@link #backward} needs; backward returns dLoss/dPrediction (the 1/N of
 * the mean included). Targets are class indices ({@link #forward(Tensor, int[], int)}) or a
 * tensor shaped like the prediction ({@link #forward(Tensor, Tensor)}); each loss takes one kind.
 */
public interface Loss {
    /** PyTorch-style name, e.g. {@code cross_entropy}, {@code mse}. */
    String name();

    /** True when the targets are class indices, false when they are a tensor. */
    boolean takesLabels();

    /**
     * Mean loss of {@code prediction} [N, ...] against class indices {@code labels[off, off + N)}.
     *
     * @throws UnsupportedOperationException for a loss that takes a target tensor
     */
    default double forward(Tensor prediction, int[] labels, int off) {
        throw new UnsupportedOperationException(name() + " takes a target tensor, not class indices");
    }

    /**
     * Mean loss of {@code prediction} against {@code target} of the same shape.
     *
     * @throws UnsupportedOperationException for a loss that takes class indices
     */
    default double forward(Tensor prediction, Tensor target) {
        throw new UnsupportedOperationException(name() + " takes class indices, not a target tensor");
    }

    /** dLoss/dPrediction for the last forward; a buffer of the loss, valid until the next call. */
    Tensor backward();

    /** The loss for a name: cross_entropy, mse, huber (delta 1), bce_with_logits. */
    static Loss named(String name) {
        return switch (name) {
            case "cross_entropy", "softmax_cross_entropy" -> new SoftmaxCrossEntropy();
            case "mse" -> new MeanSquaredError();
            case "huber", "smooth_l1" -> new Huber(1.0);
            case "bce_with_logits", "binary_cross_entropy_with_logits" -> new BinaryCrossEntropyWithLogits();
            default -> throw new IllegalArgumentException("unknown loss '" + name + "'; known: cross_entropy, mse, huber, bce_with_logits");
        };
    }
}
