package dev.rectifier.nn;

import dev.rectifier.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * A network layer: forward, backward, its parameters and its description.
 *
 * <p>Tensors carry the batch in dimension 0: a layer maps {@code [N, in...]} to
 * {@code [N, out...]}, where {@link #outputShape} gives {@code out...} for {@code in...}.
 * Image tensors are {@code [N, C, H, W]} as in PyTorch.
 *
 * <p>Buffers: the tensors that forward and backward return belong to the layer and are reused by
 * its next call with the same batch size; copy one to keep it. A layer keeps (in training mode)
 * only what its backward needs, e.g. one bit per element after a ReLU.
 *
 * <p>Contract: {@link #backward} follows a training-mode {@link #forward} and accumulates the
 * parameters' gradients (+=), as PyTorch does; the trainer clears them before each step.
 */
public interface Layer {
    /** A short type name used in model files, e.g. {@code dense}, {@code conv2d}. */
    String type();

    /**
     * The per-sample output shape for a per-sample input shape (both without the batch).
     *
     * @throws IllegalArgumentException naming both shapes if this layer cannot take the input
     */
    int[] outputShape(int[] inputShape);

    /** The output for {@code input}; in training mode also keeps what backward needs. */
    Tensor forward(Tensor input, Context context);

    /**
     * The gradient with respect to the last forward's input, from the gradient with respect to
     * its output; accumulates the parameters' gradients.
     */
    Tensor backward(Tensor gradOutput);

    /**
     * Backward for the first layer of a network: accumulates the parameters' gradients but may
     * skip the input gradient, which nobody needs (for a Dense layer, a third of the work).
     */
    default void backwardParametersOnly(Tensor gradOutput) {
        backward(gradOutput);
    }

    /** The learned parameters (possibly none), in a stable order. */
    default List<Parameter> parameters() {
        return List.of();
    }

    /** Non-learned state that a model file keeps too (batch norm's running statistics). */
    default Map<String, Tensor> buffers() {
        return Map.of();
    }

    /**
     * The layer's settings as JSON-compatible values (numbers, strings, booleans, lists, maps),
     * from which {@link Layers#fromConfig} rebuilds it; does not include {@code type}.
     */
    Map<String, Object> config();
}
