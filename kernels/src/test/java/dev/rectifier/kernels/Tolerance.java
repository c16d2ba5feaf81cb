package dev.rectifier.kernels;

import dev.rectifier.kernels.scalar.Erf;

/**
 * What one "ulp" of allowed error is, element by element, for functions whose float formula
 * cancels. A result may be {@code maxUlps} ulps from the expected value, or {@code maxUlps}
 * units from it, where the unit is the ulp of the magnitude of the terms that cancel (or the
 * absolute error a subnormal intermediate carries). Where nothing cancels the unit is at most an
 * ulp of the result, so the bound is a plain ulp bound there.
 *
 * <p>Why: PyTorch evaluates gelu as 0.5x (1 + erf(x / sqrt 2)) in float. For x below about -0.7,
 * 1 + erf is a difference of numbers near 1, each known to an ulp of 1 (2^-24): any change of
 * erf by one ulp, even between two correctly rounded erfs, moves y by 0.5|x| 2^-24 while y itself
 * shrinks towards 0. Counting that error in ulps of y would need bounds of thousands of ulps; in
 * ulps of 0.5|x| (1 + |erf|) it is 1 or 2. The same holds for 1 + tanh (gelu tanh), for the
 * derivatives where they cross zero (gelu' at -0.75, silu' at -1.28, mish' at -1.19) and below.
 */
interface Tolerance {
    /** The unit at input x for the forward result; 0 means plain ulps of the expected value. */
    double forwardUnit(float x);

    /** The unit at input x and upstream gradient dy for the backward result. */
    double backwardUnit(float x, float dy);

    /** Plain ulps of the expected value. */
    Tolerance ULPS = new Tolerance() {
        @Override
        public double forwardUnit(float x) {
            return 0;
        }

        @Override
        public double backwardUnit(float x, float dy) {
            return 0;
        }
    };

    /** Below this an exponential is subnormal and carries an absolute error of 2^-150. */
    double MIN_NORMAL = 0x1p-126;
    double SUBNORMAL_ULP = 0x1p-149;
    double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    /** The tolerance for an activation, by its spec. */
    static Tolerance of(Activation activation) {
        return switch (activation.spec()) {
            case "gelu(approximate=none)" -> GELU;
            case "gelu(approximate=tanh)" -> GELU_TANH;
            case "silu" -> SILU;
            case "mish" -> MISH;
            default -> ULPS;
        };
    }

    /** The float ulp of a non-negative double magnitude (capped at MAX_VALUE). */
    static double ulpOf(double magnitude) {
        return Math.ulp((float) Math.min(magnitude, Float.MAX_VALUE));
    }

    /**
     * gelu none: y = h e + h with e = erf(x / sqrt 2) cancels against h, magnitude |h| (1 + |e|),
     * while e is not exactly +-1 (|x| < 4 sqrt 2). dx = dy (0.5 e + (0.5 + x pdf)) cancels
     * against 0.5, magnitude |dy| (0.5 (1 + |e|) + |x pdf|), until x pdf falls below an ulp of
     * 0.5 (|x| > 14).
     */
    Tolerance GELU = new Tolerance() {
        @Override
        public double forwardUnit(float x) {
            if (!(Math.abs(x) < 4 * Math.sqrt(2))) {
                return 0;
            }
            return ulpOf(Math.abs(0.5 * x) * (1 + Math.abs(Erf.erf(x / Math.sqrt(2)))));
        }

        @Override
        public double backwardUnit(float x, float dy) {
            if (!(Math.abs(x) < 14)) {
                return 0;
            }
            double e = Erf.erf(x / Math.sqrt(2));
            double pdf = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
            return ulpOf(Math.abs(dy) * (0.5 * (1 + Math.abs(e)) + Math.abs(x * pdf)));
        }
    };

    /**
     * gelu tanh: 1 + t and 1 - t^2 are known to an ulp of 1 while t = tanh(u) is not exactly
     * +-1 (|u| < 10); the magnitudes are |0.5 x| (1 + |t|) forward and
     * |dy| (0.5 (1 + |t|) + |0.5 x| u'(x)) backward, u' = sqrt(2/pi) (1 + 3 * 0.044715 x^2).
     */
    Tolerance GELU_TANH = new Tolerance() {
        private static double inner(float x) {
            return SQRT_2_OVER_PI * (x + 0.044715 * x * x * x);
        }

        @Override
        public double forwardUnit(float x) {
            double u = inner(x);
            return Math.abs(u) < 10 ? ulpOf(Math.abs(0.5 * x) * (1 + Math.abs(Math.tanh(u)))) : 0;
        }

        @Override
        public double backwardUnit(float x, float dy) {
            double u = inner(x);
            if (!(Math.abs(u) < 10)) {
                return 0;
            }
            double innerDerivative = SQRT_2_OVER_PI * (1 + 3 * 0.044715 * x * x);
            return ulpOf(Math.abs(dy) * (0.5 * (1 + Math.abs(Math.tanh(u))) + Math.abs(0.5 * x) * innerDerivative));
        }
    };

    /**
     * silu: forward nothing cancels. Backward dy s (1 + x (1 - s)) cancels twice: 1 - s for
     * large x (s near 1, known to an ulp of 1, until s is exactly 1 from x = 17.4) and
     * 1 + x (1 - s) at x = -1.28; magnitude |dy| s (1 + |x|) (|dy| s for x >= 20). Where s or dy * s is subnormal (x below -87.3, or
     * small dy further right) each carries an absolute error of 2^-150, which the factor
     * 1 + x (1 - s) scales by up to 1 + |x|.
     */
    Tolerance SILU = new Tolerance() {
        @Override
        public double forwardUnit(float x) {
            return 0;
        }

        @Override
        public double backwardUnit(float x, float dy) {
            double s = 1 / (1 + Math.exp(-x));
            double unit = ulpOf(Math.abs(dy) * s * (x < 20 ? 1 + Math.abs(x) : 1));
            if (Math.min(s, Math.abs(dy) * s) < MIN_NORMAL) {
                unit = Math.max(unit, (1 + Math.abs(dy)) * (1 + Math.abs(x)) * SUBNORMAL_ULP);
            }
            return unit;
        }
    };

    /**
     * mish: forward nothing cancels, but below x = -87.3 t = tanh(softplus(x)) is a subnormal
     * exp(x), known to 2^-149 (and flushed to 0 by PyTorch from about -103), which y = x t scales
     * by |x|. Backward t + x s (1 - t^2) cancels at x = -1.19, magnitude
     * |dy| (|t| + |x s|); below x = -87.3 s and t are subnormal, and so are their products
     * with a small dy, each carrying 2^-150 that the remaining factors scale by up to 1 + |x|.
     */
    Tolerance MISH = new Tolerance() {
        @Override
        public double forwardUnit(float x) {
            return Math.exp(x) < MIN_NORMAL ? Math.abs(x) * SUBNORMAL_ULP : 0;
        }

        @Override
        public double backwardUnit(float x, float dy) {
            double s = 1 / (1 + Math.exp(-x));
            double t = Math.tanh(Math.log1p(Math.exp(x)));
            double unit = ulpOf(Math.abs(dy) * (Math.abs(t) + Math.abs(x * s)));
            if (Math.min(Math.min(s, t), Math.abs(dy) * Math.min(s, t)) < MIN_NORMAL) {
                unit = Math.max(unit, (1 + Math.abs(dy)) * (1 + Math.abs(x)) * SUBNORMAL_ULP);
            }
            return unit;
        }
    };
}
