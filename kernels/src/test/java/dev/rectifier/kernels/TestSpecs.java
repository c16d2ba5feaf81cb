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
            new TestSpec("leaky_relu(negative_slope=-0.5)", 0),
            new TestSpec("relu6", 0),
            new TestSpec("threshold(threshold=0.1,value=20.0)", 0),
            new TestSpec("threshold(threshold=-1.5,value=-0.0)", 0),
            new TestSpec("threshold(threshold=6.0,value=6.0)", 0),
            new TestSpec("hardswish", 0),
            new TestSpec("rrelu", 0),
            new TestSpec("rrelu(lower=0.1,upper=0.3)", 0),
            new TestSpec("rrelu(lower=-0.5,upper=-0.5)", 0),
            new TestSpec("prelu", 0),
            new TestSpec("prelu(num_parameters=1,init=-0.3)", 0),
            new TestSpec("identity", 0));
}
