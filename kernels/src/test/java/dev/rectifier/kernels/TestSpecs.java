package dev.rectifier.kernels;

import java.util.List;

/**
 * The activations every generic test runs, with the parameters worth covering, and how far the
 * vector path may be from the scalar reference (0: bit for bit, for piecewise-linear functions;
 * for smooth ones in ulps, or in the units of {@link Tolerance} where the formula cancels).
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
            new TestSpec("identity", 0),
            // Smooth functions: ulps, or units of the magnitude of the terms that cancel (see
            // Tolerance). The largest measured over every 29th float with |x| <= 200 (78M inputs,
            // random dy), forward and backward: gelu none 1 and 3, gelu tanh 2 and 4, silu 4 and
            // 4, mish 6 and 5. A 1-ulp change of exp, erf or tanh moves PyTorch's formulas by up
            // to that much: 1 + exp(-x) re-rounds it (silu), so do 0.5 + x pdf, 1 + tanh, and
            // mish's one-exp form has two more roundings than the reference's exp-log1p-tanh.
            new TestSpec("gelu(approximate=none)", 3),
            new TestSpec("gelu(approximate=tanh)", 4),
            new TestSpec("silu", 4),
            new TestSpec("mish", 6));
}
