package dev.rectifier.nn;

import dev.rectifier.kernels.Parallelism;
import java.util.Objects;

/**
 * How a forward pass runs: in training mode (layers keep what backward needs; dropout drops,
 * batch norm uses batch statistics and updates its running ones) or evaluation mode, and with
 * which threads. Backward runs with the context of the forward pass it follows.
 */
public record Context(boolean training, Parallelism parallelism) {
    public Context {
        Objects.requireNonNull(parallelism, "parallelism is null");
    }

    /** Training mode on {@code parallelism}. */
    public static Context train(Parallelism parallelism) {
        return new Context(true, parallelism);
    }

    /** Evaluation (inference) mode on {@code parallelism}. */
    public static Context eval(Parallelism parallelism) {
        return new Context(false, parallelism);
    }
}
