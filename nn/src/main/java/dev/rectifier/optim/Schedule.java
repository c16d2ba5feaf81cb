package dev.rectifier.optim;

import dev.rectifier.kernels.Spec;

/**
 * A learning-rate schedule: the rate for an optimiser step, from the base rate, as PyTorch's
 * schedulers compute it but counted in steps, so that a schedule given in epochs is converted
 * once with the number of steps per epoch. Specs: {@code constant}, {@code step(step_size=10,gamma=0.1)}
 * (epochs), {@code cosine(min_lr=0)} (over the whole run), each optionally with {@code warmup=N}
 * epochs of linear warm-up from 0 (e.g. {@code cosine(warmup=1)}).
 */
public record Schedule(String kind, double stepSizeEpochs, double gamma, double minLr, double warmupEpochs) {

    public static Schedule constant() {
        return new Schedule("constant", 0, 1, 0, 0);
    }

    /** Parses a schedule spec (see the class comment). */
    public static Schedule parse(String text) {
        Spec spec = Spec.parse(text);
        Schedule s = switch (spec.name()) {
            case "constant" -> new Schedule("constant", 0, 1, 0, spec.number("warmup", 0));
            case "step" -> new Schedule("step", spec.number("step_size", 10), spec.number("gamma", 0.1), 0, spec.number("warmup", 0));
            case "cosine" -> new Schedule("cosine", 0, 1, spec.number("min_lr", 0), spec.number("warmup", 0));
            default -> throw new IllegalArgumentException("unknown schedule '" + spec.name() + "' in '" + text + "'; known: constant, step, cosine");
        };
        spec.finish();
        if (s.stepSizeEpochs < 0 || s.warmupEpochs < 0 || s.gamma <= 0 || s.minLr < 0) {
            throw new IllegalArgumentException("schedule '" + text + "' needs step_size >= 0, warmup >= 0, gamma > 0 and min_lr >= 0");
        }
        return s;
    }

    /** The spec string {@link #parse} reads back. */
    public String spec() {
        String warm = warmupEpochs > 0 ? "warmup=" + Spec.format(warmupEpochs) : "";
        return switch (kind) {
            case "step" -> "step(step_size=" + Spec.format(stepSizeEpochs) + ",gamma=" + Spec.format(gamma) + (warm.isEmpty() ? "" : "," + warm) + ")";
            case "cosine" -> "cosine(min_lr=" + Spec.format(minLr) + (warm.isEmpty() ? "" : "," + warm) + ")";
            default -> warm.isEmpty() ? "constant" : "constant(" + warm + ")";
        };
    }

    /**
     * The rate at optimiser step {@code step} (0-based) of a run of {@code totalSteps}, with
     * {@code stepsPerEpoch} steps per epoch.
     */
    public double rate(double baseLr, long step, long stepsPerEpoch, long totalSteps) {
        double epoch = (double) step / Math.max(1, stepsPerEpoch);
        double warmSteps = warmupEpochs * stepsPerEpoch;
        if (step < warmSteps) {
            return baseLr * (step + 1) / warmSteps;
        }
        return switch (kind) {
            case "step" -> stepSizeEpochs == 0 ? baseLr : baseLr * Math.pow(gamma, Math.floor(epoch / stepSizeEpochs));
            case "cosine" -> {
                double span = Math.max(1, totalSteps - warmSteps);
                double progress = Math.min(1, (step - warmSteps) / span);
                yield minLr + (baseLr - minLr) * (1 + Math.cos(Math.PI * progress)) / 2;
            }
            default -> baseLr;
        };
    }
}
