package dev.rectifier.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The performance targets of the kernels, checked row by row (bench/README.md lists them):
 * <ul>
 *   <li>relu forward and backward at 16M floats and more: at least 90% of the copy bandwidth;</li>
 *   <li>relu, leaky_relu, prelu and elu forward and backward: at least 1.0x PyTorch with a
 *       preallocated output at every size, 3x at 64K floats and below (per-call overhead), and
 *       5x for prelu and elu backward.</li>
 * </ul>
 * The ratio is PyTorch's time over Rectifier's, against the preallocated call where PyTorch has
 * one and its allocating call otherwise.
 */
final class Targets {
    private Targets() {}

    private static final Set<String> AGAINST_TORCH = Set.of("relu", "leaky_relu", "prelu", "elu");
    private static final Set<String> BACKWARD_5X = Set.of("prelu", "elu");
    static final double COPY_FRACTION = 0.90;
    static final int LARGE = 16 << 20;
    static final int SMALL = 64 << 10;

    /** The ratio to PyTorch a row must reach, or NaN when none applies. */
    static double requiredRatio(String name, Direction direction, int size) {
        if (!AGAINST_TORCH.contains(name) || (direction != Direction.FORWARD && direction != Direction.BACKWARD)) {
            return Double.NaN;
        }
        double need = size <= SMALL ? 3.0 : 1.0;
        if (direction == Direction.BACKWARD && BACKWARD_5X.contains(name)) {
            need = Math.max(need, 5.0);
        }
        return need;
    }

    /** Whether the row must reach {@link #COPY_FRACTION} of the copy bandwidth. */
    static boolean needsCopyFraction(String name, Direction direction, int size) {
        return name.equals("relu") && (direction == Direction.FORWARD || direction == Direction.BACKWARD) && size >= LARGE;
    }

    /**
     * "ok", "miss: ..." naming each missed target, "?" when a target applies but a figure is
     * missing, or "" when no target applies to the row.
     *
     * @param ratio        PyTorch time / Rectifier time, NaN if unknown
     * @param copyFraction Rectifier GB/s / copy GB/s, NaN if unknown
     */
    static String check(String name, Direction direction, int size, double ratio, double copyFraction) {
        double need = requiredRatio(name, direction, size);
        boolean copy = needsCopyFraction(name, direction, size);
        if (Double.isNaN(need) && !copy) {
            return "";
        }
        List<String> misses = new ArrayList<>();
        boolean unknown = false;
        if (!Double.isNaN(need)) {
            if (Double.isNaN(ratio)) {
                unknown = true;
            } else if (ratio < need) {
                misses.add(String.format("%.2fx < %.0fx", ratio, need));
            }
        }
        if (copy) {
            if (Double.isNaN(copyFraction)) {
                unknown = true;
            } else if (copyFraction < COPY_FRACTION) {
                misses.add(String.format("%.0f%% < %.0f%% of copy", copyFraction * 100, COPY_FRACTION * 100));
            }
        }
        if (!misses.isEmpty()) {
            return "miss: " + String.join(", ", misses);
        }
        return unknown ? "?" : "ok";
    }
}
