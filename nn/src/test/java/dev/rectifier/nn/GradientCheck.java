package dev.rectifier.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rectifier.kernels.Parallelism;
import dev.rectifier.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Finite-difference gradient checks. The scalar objective is L = sum(output * R) for a fixed
 * random R, summed in double; the analytic gradients come from one backward(R). Each checked
 * coordinate is perturbed by +-h and (L(+h) - L(-h)) / 2h is computed in double from the float
 * forward passes. Coordinates whose central difference disagrees with the one-sided ones by more
 * than the tolerance sit on a kink (relu at 0, max-pool ties) and are skipped, counted, and
 * must stay few.
 */
public final class GradientCheck {
    private GradientCheck() {}

    public static final double H = 1e-2;
    public static final double RTOL = 2e-2;
    public static final double ATOL = 2e-3;

    /** Checks input and parameter gradients of {@code layer} at {@code input} on up to {@code samples} coordinates each. */
    public static void check(Layer layer, Tensor input, long seed, int samples) {
        SplittableRandom random = new SplittableRandom(seed);
        Context train = Context.train(Parallelism.serial());
        Tensor out = layer.forward(input, train);
        Tensor r = Tensor.zeros(out.shape());
        for (int i = 0; i < r.size(); i++) {
            r.data()[i] = (float) random.nextGaussian();
        }
        for (Parameter p : layer.parameters()) {
            p.zeroGrad();
        }
        Tensor dx = layer.backward(r).copy();
        Supplier<Double> objective = () -> {
            Tensor o = layer.forward(input, train);
            double s = 0;
            for (int i = 0; i < o.size(); i++) {
                s += (double) o.data()[o.offset() + i] * r.data()[i];
            }
            return s;
        };
        int skipped = compare("input", input, dx, objective, random, samples);
        for (Parameter p : layer.parameters()) {
            skipped += compare(p.name(), p.value(), p.grad().copy(), objective, random, samples);
        }
        assertThat(skipped).as("coordinates skipped as kinks").isLessThanOrEqualTo(Math.max(2, samples / 5));
    }

    private static int compare(String what, Tensor t, Tensor analytic, Supplier<Double> objective, SplittableRandom random, int samples) {
        int skipped = 0;
        int count = Math.min(samples, t.size());
        for (int s = 0; s < count; s++) {
            int i = t.size() <= samples ? s : random.nextInt(t.size());
            float[] d = t.data();
            int at = t.offset() + i;
            float original = d[at];
            double base = objective.get();
            d[at] = (float) (original + H);
            double plus = objective.get();
            d[at] = (float) (original - H);
            double minus = objective.get();
            d[at] = original;
            double central = (plus - minus) / (2 * H);
            double forward = (plus - base) / H, backward = (base - minus) / H;
            double a = analytic.data()[analytic.offset() + i];
            double tol = ATOL + RTOL * Math.max(Math.abs(a), Math.abs(central));
            if (Math.abs(forward - backward) > 4 * tol) {
                skipped++; // a kink between x - h and x + h
                continue;
            }
            assertThat(Math.abs(a - central))
                    .as("%s[%d]: analytic %.6f, numeric %.6f", what, i, a, central)
                    .isLessThanOrEqualTo(tol);
        }
        objective.get();
        return skipped;
    }

    /** A tensor of the given shape with normal entries of scale {@code scale}. */
    public static Tensor randomTensor(SplittableRandom random, double scale, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = (float) (random.nextGaussian() * scale);
        }
        return t;
    }
}
