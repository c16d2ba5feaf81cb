package dev.rectifier.kernels;

import java.util.List;

/**
 * The activations every generic test runs, with the parameters worth covering, and how far the
 * vector path may be from the scalar reference (0: bit for bit, for piecewise-linear functions;
 * for smooth ones in ulps, or, where the formula cancels, in the units of {@link Tolerance} or
 * within an absolute floor).
 */
final class TestSpecs {
    private TestSpecs() {}

    /**
     * One spec and its bound: within {@code maxUlps}, or {@code maxUlps} units of
     * {@link Tolerance#of} (the activation's own, by its spec), or within {@code forwardAbs}
     * (forward) or {@code backwardAbs * |dy|} (backward) absolutely. GoldenTest uses the same
     * record for its bounds against PyTorch, keyed by a case's spec or name.
     */
    record TestSpec(String spec, long maxUlps, double forwardAbs, double backwardAbs) {
        /** A bound in ulps (and units of {@link Tolerance}) alone; 0: bit for bit. */
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
            // Smooth functions. Every bound below holds over every 29th float with |x| <= 200
            // (78M inputs, random dy) with VectorMath as it is; the largest distance measured
            // there, forward and backward, is given beside each (in ulps, or in units of
            // Tolerance, or 0 where only the absolute floor was needed).
            //
            // The ELU family (forward 0, backward 2; celu(alpha=-0.5) 2 and 2): exp within 1 ulp,
            // so forward is within one ulp of exp near 1 times |alpha| (exp(x) - 1 cancels near
            // 0) and backward within 2 ulp; where e^x is subnormal, dx = dy * alpha * e^x may
            // differ by |dy * alpha| MIN_VALUE per ulp of the subnormal exp.
            new TestSpec("elu", 2, 0x1p-23, 4 * Float.MIN_VALUE),
            new TestSpec("elu(alpha=0.5)", 2, 0x1p-23 * 0.5, 4 * Float.MIN_VALUE),
            new TestSpec("elu(alpha=-0.7)", 2, 0x1p-23 * 0.7, 4 * Float.MIN_VALUE),
            // alpha = 0: y = (exp(x) - 1) * 0 is a zero whose sign follows exp(x) - 1.
            new TestSpec("elu(alpha=0.0)", 1),
            new TestSpec("celu(alpha=0.5)", 2, 0x1p-23 * 0.5, 4 * Float.MIN_VALUE),
            // Negative alpha: exp(x / alpha) >= 1 on x <= 0, where one ulp is 2^-23.
            new TestSpec("celu(alpha=-0.5)", 2, 0x1p-22 * 0.5, 4 * Float.MIN_VALUE),
            new TestSpec("selu", 2, 0x1p-23 * 1.7580993, 8 * Float.MIN_VALUE),
            // exp and log1p within 1 ulp each; the kink is exact (measured 2 and 4, beta = 2: 2
            // and 4, beta = -1.5: 3 and 4).
            new TestSpec("softplus", 4),
            new TestSpec("softplus(beta=2.0,threshold=10.0)", 4),
            new TestSpec("softplus(beta=-1.5,threshold=3.0)", 4),
            // 1 - y cancels near y = 1: a 1-ulp y (2^-24) moves dx by 2^-24 |dy| there
            // (measured 4 and 0).
            new TestSpec("sigmoid", 4, 0, 0x1p-22),
            // 1 - y^2 cancels near |y| = 1: 2^-23 |dy| per ulp of y (measured 1 and 0).
            new TestSpec("tanh", 2, 0, 0x1p-21),
            // gelu, silu, mish: ulps, or units of the magnitude of the terms that cancel (see
            // Tolerance). Measured: gelu none 1 and 3, gelu tanh 2 and 3, silu 4 and 4, mish 5
            // and 5. A 1-ulp change of exp, erf or tanh moves PyTorch's formulas by up to that
            // much: 1 + exp(-x) re-rounds it (silu), so do 0.5 + x pdf, 1 + tanh, and mish's
            // one-exp form has two more roundings than the reference's exp-log1p-tanh.
            new TestSpec("gelu(approximate=none)", 3),
            new TestSpec("gelu(approximate=tanh)", 4),
            new TestSpec("silu", 4),
            new TestSpec("mish", 6));
}
