package dev.rectifier.kernels;

import java.util.List;

/**
 * The activations every generic test runs, with the parameters worth covering, and how far the
 * vector path may be from the scalar reference (0: bit for bit, for piecewise-linear functions).
 */
final class TestSpecs {
    private TestSpecs() {}

    /** One spec and its bound: vector path against the scalar reference, in ulps. */
    record TestSpec(String spec, long maxUlps) {
        @Override
        public String toString() {
            return spec;
        }
    }

    static final List<TestSpec> ALL = List.of(
            new TestSpec("relu", 0),
            new TestSpec("leaky_relu", 0),
            new TestSpec("leaky_relu(negative_slope=0.2)", 0),
            new TestSpec("leaky_relu(negative_slope=-0.5)", 0));
}
