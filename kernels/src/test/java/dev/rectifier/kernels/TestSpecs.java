package dev.rectifier.kernels;

import java.util.List;

/**
 * The activations every generic test runs, with the parameters worth covering, and how far the
 * vector path may be from the scalar reference (0: bit for bit, for piecewise-linear functions).
 */
final class TestSpecs {
    private TestSpecs() {}

    /**
     * One spec and its bound, vector path against the scalar reference: within {@code maxUlps},
     * or, where the result cancels and ulps mean nothing, within {@code forwardAbs} (forward) or
     * {@code backwardAbs * |dy|} (backward) absolutely.
     */
    record TestSpec(String spec, long maxUlps, double forwardAbs, double backwardAbs) {
        /** A bound in ulps alone (0: bit for bit). */
        TestSpec(String spec, long maxUlps) {
            this(spec, maxUlps, 0, 0);
        }

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
            // The ELU family: exp within 1 ulp, so forward is within one ulp of exp near 1 times
            // |alpha| (2^-24 |alpha| measured; exp(x) - 1 cancels near 0) and backward within
            // 2 ulp; where e^x is subnormal, dx = dy * alpha * e^x may differ by
            // |dy * alpha| MIN_VALUE per ulp of the subnormal exp.
            new TestSpec("elu", 2, 0x1p-23, 4 * Float.MIN_VALUE),
            new TestSpec("elu(alpha=0.5)", 2, 0x1p-23 * 0.5, 4 * Float.MIN_VALUE),
            new TestSpec("elu(alpha=-0.7)", 2, 0x1p-23 * 0.7, 4 * Float.MIN_VALUE),
            // alpha = 0: y = (exp(x) - 1) * 0 is a zero whose sign follows exp(x) - 1.
            new TestSpec("elu(alpha=0.0)", 1),
            new TestSpec("celu(alpha=0.5)", 2, 0x1p-23 * 0.5, 4 * Float.MIN_VALUE),
            // Negative alpha: exp(x / alpha) >= 1 on x <= 0, where one ulp is 2^-23.
            new TestSpec("celu(alpha=-0.5)", 2, 0x1p-22 * 0.5, 4 * Float.MIN_VALUE),
            new TestSpec("selu", 2, 0x1p-23 * 1.7580993, 8 * Float.MIN_VALUE),
            // exp and log1p within 1 ulp each; the kink is exact.
            new TestSpec("softplus", 4),
            new TestSpec("softplus(beta=2.0,threshold=10.0)", 4),
            new TestSpec("softplus(beta=-1.5,threshold=3.0)", 4),
            // 1 - y cancels near y = 1: a 1-ulp y (2^-24) moves dx by 2^-24 |dy| there.
            new TestSpec("sigmoid", 4, 0, 0x1p-22),
            // 1 - y^2 cancels near |y| = 1: 2^-23 |dy| per ulp of y.
            new TestSpec("tanh", 2, 0, 0x1p-21));
}
