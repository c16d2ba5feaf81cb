package dev.rectifier.kernels;

import dev.rectifier.kernels.scalar.ScalarGelu;
import dev.rectifier.kernels.simd.VectorGelu;
import java.util.Locale;
import java.util.Objects;

/**
 * GELU, the Gaussian error linear unit: {@code f(x) = x * Phi(x)} with Phi the standard normal
 * distribution function. Spec: {@code gelu(approximate=none)} (PyTorch's default) or
 * {@code gelu(approximate=tanh)}.
 *
 * <ul>
 *   <li>{@code none}: f(x) = 0.5 x (1 + erf(x / sqrt 2)),
 *       f'(x) = 0.5 (1 + erf(x / sqrt 2)) + x exp(-x^2 / 2) / sqrt(2 pi).</li>
 *   <li>{@code tanh}: f(x) = 0.5 x (1 + tanh(u)), u = sqrt(2/pi) (x + 0.044715 x^3),
 *       f'(x) = 0.5 (1 + tanh u) + 0.5 x (1 - tanh^2 u) sqrt(2/pi) (1 + 3 * 0.044715 x^2).</li>
 * </ul>
 * The float operations, their order and the edge cases are PyTorch 1.13's, spelled out in
 * {@link ScalarGelu}: among them f(-0.0) = +0.0 and f(x) = +0.0 wherever 1 + erf rounds to 0
 * for {@code none} (oneDNN's form, which PyTorch runs on tensors of more than one element),
 * f(-0.0) = -0.0 for {@code tanh}; f(+inf) = +inf, f(-inf) = NaN, f'(+-inf) = NaN; f'(0) = 0.5.
 *
 * <p>Accuracy: the scalar reference rounds erf, exp and tanh from double, and is the
 * specification. The vector kernels use their own erf, exp and tanh, each within 1 ulp; through
 * PyTorch's formulas that becomes, measured over 78M inputs: {@code none} forward within 1 ulp,
 * backward 3; {@code tanh} forward 2, backward 4. Where 1 + erf or 1 + tanh cancels (f for x
 * below about -0.7, f' near its zero at -0.75 and below) these are ulps of the magnitude of the
 * terms that cancel, not of the tiny result: those terms carry an absolute error of an ulp of 1,
 * which no float evaluation of PyTorch's formula avoids (PyTorch's own two code paths differ
 * there by as much). Against PyTorch itself (golden vectors): {@code none} 6 ulps, because
 * PyTorch's oneDNN erf is the Abramowitz-Stegun 7.1.26 approximation (absolute error 1.5e-7);
 * {@code tanh} 2.
 *
 * <p>Backward needs the input x (saved by the layer); the output does not determine it (f is not
 * monotonic below x = -0.75).
 */
public final class Gelu extends ElementwiseActivation {
    static final String NAME = "gelu";

    /** PyTorch's {@code approximate} argument. */
    public enum Approximation {
        /** The exact form with erf (PyTorch's default). */
        NONE,
        /** The tanh approximation. */
        TANH;

        /** The spelling in a spec and in PyTorch: {@code none} or {@code tanh}. */
        public String spec() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    // Compute-bound, 2-5 ns per element on one core (512-bit vectors, AMD EPYC, JDK 25), so a
    // second thread should pay once its share outweighs a worker wake-up (~10-30 us): from about
    // 16K elements each. Measured on the shared 2-core test machine at load average 12-14, 2
    // threads did not beat 1 at any size up to 256K (the second core was busy), so this grain is
    // the estimate, to be confirmed with `./rectifier bench kernels` on a quiet machine.
    private static final int GRAIN = 1 << 14;

    private final Approximation approximation;

    /** Exact GELU using {@link Parallelism#defaults()}. */
    public Gelu() {
        this(Approximation.NONE);
    }

    /** GELU in the given form, using {@link Parallelism#defaults()}. */
    public Gelu(Approximation approximation) {
        this(approximation, Parallelism.defaults());
    }

    public Gelu(Approximation approximation, Parallelism parallelism) {
        super(parallelism, GRAIN, GRAIN);
        this.approximation = Objects.requireNonNull(approximation, "gelu approximation is null");
    }

    static Gelu fromSpec(Spec spec) {
        String approximate = spec.choice("approximate", "none", "tanh");
        spec.finish();
        return new Gelu(approximate.equals("tanh") ? Approximation.TANH : Approximation.NONE);
    }

    /** Which form this is. */
    public Approximation approximation() {
        return approximation;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String spec() {
        return NAME + "(approximate=" + approximation.spec() + ")";
    }

    @Override
    public Gelu withParallelism(Parallelism parallelism) {
        return new Gelu(approximation, parallelism);
    }

    @Override
    protected void forwardScalar(float[] x, int xOff, float[] y, int yOff, int n) {
        if (approximation == Approximation.TANH) {
            ScalarGelu.forwardTanh(x, xOff, y, yOff, n);
        } else {
            ScalarGelu.forward(x, xOff, y, yOff, n);
        }
    }

    @Override
    protected void forwardVector(float[] x, int xOff, float[] y, int yOff, int n) {
        if (approximation == Approximation.TANH) {
            VectorGelu.forwardTanh(x, xOff, y, yOff, n);
        } else {
            VectorGelu.forward(x, xOff, y, yOff, n);
        }
    }

    @Override
    protected void backwardScalar(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        if (approximation == Approximation.TANH) {
            ScalarGelu.backwardTanh(x, xOff, dy, dyOff, dx, dxOff, n);
        } else {
            ScalarGelu.backward(x, xOff, dy, dyOff, dx, dxOff, n);
        }
    }

    @Override
    protected void backwardVector(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        if (approximation == Approximation.TANH) {
            VectorGelu.backwardTanh(x, xOff, dy, dyOff, dx, dxOff, n);
        } else {
            VectorGelu.backward(x, xOff, dy, dyOff, dx, dxOff, n);
        }
    }
}
