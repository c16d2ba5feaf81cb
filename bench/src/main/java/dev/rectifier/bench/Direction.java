package dev.rectifier.bench;

import java.util.Locale;

/**
 * What a benchmark row times, and the bytes it moves per element: the figure every GB/s in the
 * report is computed from, on the Java and the PyTorch side alike (decimal GB: bytes / ns).
 */
enum Direction {
    /** y = f(x): read x, write y. */
    FORWARD(8, "forward"),
    /** dx = dy * f'(x): read x and dy, write dx. */
    BACKWARD(12, "backward"),
    /** y = f(x) and one bit per element: read x, write y and the mask. */
    FORWARD_MASK(8 + 1.0 / 8, "forwardMask"),
    /** dx from the bits and dy: read the mask and dy, write dx. */
    BACKWARD_MASK(8 + 1.0 / 8, "backwardMask"),
    /** y = x: read x, write y; the bandwidth baseline. */
    COPY(8, "copy");

    final double bytesPerElement;
    /** The JMH benchmark method that times it. */
    final String method;

    Direction(double bytesPerElement, String method) {
        this.bytesPerElement = bytesPerElement;
        this.method = method;
    }

    /** The name in tables, CSV and the peer's output: forward, backward, forward_mask, backward_mask, copy. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The direction PyTorch is compared with: it keeps no bit masks, so its full-size forward or backward. */
    Direction peer() {
        return switch (this) {
            case FORWARD_MASK -> FORWARD;
            case BACKWARD_MASK -> BACKWARD;
            default -> this;
        };
    }

    static Direction ofMethod(String method) {
        for (Direction d : values()) {
            if (d.method.equals(method)) {
                return d;
            }
        }
        throw new IllegalArgumentException("no direction for benchmark method " + method);
    }

    static Direction ofLabel(String label) {
        for (Direction d : values()) {
            if (d.label().equals(label)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown direction '" + label + "'");
    }
}
