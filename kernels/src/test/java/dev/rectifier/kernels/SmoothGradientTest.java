package dev.rectifier.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rectifier.kernels.scalar.Erf;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finite-difference checks: the backward of gelu (both forms), silu and mish against a central
 * difference of the function itself evaluated in double, and the forward against that double
 * function. This checks the derivative formulas, not PyTorch's roundings, so the tolerance is a
 * float one relative to the size of the terms, 1e-5 of (|f'| + |x f''|-ish) = 1e-5 (1 + |x|).
 */
class SmoothGradientTest {
    static Stream<Arguments> functions() {
        DoubleUnaryOperator gelu = x -> 0.5 * x * (1 + Erf.erf(x / Math.sqrt(2)));
        DoubleUnaryOperator geluTanh = x -> 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
        DoubleUnaryOperator silu = x -> x / (1 + Math.exp(-x));
        DoubleUnaryOperator mish = x -> x * Math.tanh(Math.log1p(Math.exp(x)));
        return Stream.of(
                Arguments.of("gelu(approximate=none)", gelu),
                Arguments.of("gelu(approximate=tanh)", geluTanh),
                Arguments.of("silu", silu),
                Arguments.of("mish", mish));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void backwardMatchesCentralDifference(String spec, DoubleUnaryOperator f) {
        Activation act = Activations.parse(spec).withParallelism(Parallelism.serial());
        SplittableRandom random = new SplittableRandom(spec.hashCode());
        int n = 4001;
        float[] x = new float[n], dy = new float[n], dx = new float[n], y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i < 2001 ? -10f + i * 0.01f : (float) (random.nextGaussian() * 3);
            dy[i] = (float) random.nextGaussian();
        }
        act.forward(x, 0, y, 0, n);
        act.backward(x, 0, dy, 0, dx, 0, n);
        double h = 1e-5;
        for (int i = 0; i < n; i++) {
            double xi = x[i];
            double slope = (f.applyAsDouble(xi + h) - f.applyAsDouble(xi - h)) / (2 * h);
            double tolerance = 1e-5 * (1 + Math.abs(xi)) * Math.max(1, Math.abs(dy[i]));
            assertThat((double) dx[i]).as("%s dx at x=%s dy=%s", spec, x[i], dy[i]).isCloseTo(dy[i] * slope,
                    org.assertj.core.api.Assertions.within(tolerance));
            double value = f.applyAsDouble(xi);
            assertThat((double) y[i]).as("%s y at x=%s", spec, x[i]).isCloseTo(value,
                    org.assertj.core.api.Assertions.within(1e-6 * (1 + Math.abs(value))));
        }
    }
}
