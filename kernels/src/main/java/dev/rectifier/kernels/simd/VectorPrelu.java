package dev.rectifier.kernels.simd;

import dev.rectifier.kernels.scalar.ScalarPrelu;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels for PReLU on (batch, channels, inner) tensors. y and dx are bit for bit
 * equal to {@link ScalarPrelu} (the same select and product per element); the slope-term sums
 * are accumulated in double lanes, so they may differ from the sequential reference in the last
 * bits of the double, which is the order the facade fixes for every thread count.
 *
 * <p>Layouts: with {@code inner >= lanes} each (row, channel) segment broadcasts its slope; with
 * {@code inner == 1} the slopes of consecutive channels are consecutive in {@code w} and load as
 * a vector; other small {@code inner} use a slope pattern repeating every
 * {@code channels * inner} elements, and backward takes whole rows in groups that start at
 * its phase 0, keeping a double sum per position.
 *
 * @see ScalarPrelu
 */
public final class VectorPrelu {
    private VectorPrelu() {}

    private static final VectorSpecies<Float> S = FloatSpecies.SPECIES;
    private static final VectorSpecies<Double> D = S.withLanes(double.class);
    private static final int L = S.length();
    private static final int HALF = D.length();

    /** Lanes of the float vectors: layouts with {@code inner} below this use another path. */
    public static int lanes() {
        return L;
    }

    /**
     * Rows per group in {@link #backwardGroups}: whole rows of {@code channels * inner}
     * elements, at least four vectors' worth.
     */
    public static int groupRows(int channels, int inner) {
        int period = channels * inner;
        return Math.max(1, (4 * L + period - 1) / period);
    }

    /**
     * The slope pattern for the small layouts ({@code inner < lanes}, except inner = 1 with
     * {@code channels >= lanes}): element k of a tensor has slope
     * {@code pattern[k % (channels * inner)]}. It spans a {@link #groupRows} group and is padded
     * by {@code lanes - 1}, so a vector may start at any phase. Null when another layout applies.
     */
    public static float[] pattern(float[] w, int wOff, int channels, int inner) {
        if (channels == 1 || inner >= L || (inner == 1 && channels >= L)) {
            return null;
        }
        int period = channels * inner;
        float[] p = new float[groupRows(channels, inner) * period + L - 1];
        for (int k = 0; k < p.length; k++) {
            p[k] = w[wOff + (k % period) / inner];
        }
        return p;
    }

    /**
     * y over elements {@code [first, first + n)} of the tensor; {@code pattern} is
     * {@link #pattern}'s result for this shape.
     *
     * @see ScalarPrelu#forward
     */
    public static void forward(float[] x, int xOff, float[] y, int yOff, int n,
                               float[] w, int wOff, int channels, int inner, int first, float[] pattern) {
        if (n == 0) {
            return;
        }
        if (channels == 1) {
            VectorLeakyRelu.forward(x, xOff, y, yOff, n, w[wOff]);
        } else if (inner >= L) {
            int c = (first / inner) % channels, pos = first % inner;
            for (int i = 0; i < n; ) {
                int len = Math.min(inner - pos, n - i);
                VectorLeakyRelu.forward(x, xOff + i, y, yOff + i, len, w[wOff + c]);
                i += len;
                pos = 0;
                c = c + 1 == channels ? 0 : c + 1;
            }
        } else if (pattern == null) { // inner == 1, channels >= L: slopes straight from w
            int c = first % channels;
            for (int i = 0; i < n; ) {
                int len = Math.min(channels - c, n - i);
                int j = 0;
                for (int bound = S.loopBound(len); j < bound; j += L) {
                    FloatVector v = FloatVector.fromArray(S, x, xOff + i + j);
                    FloatVector slope = FloatVector.fromArray(S, w, wOff + c + j);
                    v.mul(slope).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, yOff + i + j);
                }
                ScalarPrelu.forward(x, xOff + i + j, y, yOff + i + j, len - j, w, wOff, channels, 1, c + j);
                i += len;
                c = 0;
            }
        } else {
            int period = channels * inner;
            int q = first % period;
            int i = 0;
            for (int bound = S.loopBound(n); i < bound; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, xOff + i);
                FloatVector slope = FloatVector.fromArray(S, pattern, q);
                v.mul(slope).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, yOff + i);
                q = (q + L) % period;
            }
            ScalarPrelu.forward(x, xOff + i, y, yOff + i, n - i, w, wOff, channels, inner, q);
        }
    }

    /**
     * dx over elements {@code [first, first + n)} of the tensor, without the slope gradient;
     * the same layouts as {@link #forward}.
     *
     * @see ScalarPrelu#backward
     */
    public static void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n,
                                float[] w, int wOff, int channels, int inner, int first, float[] pattern) {
        if (n == 0) {
            return;
        }
        if (channels == 1) {
            VectorLeakyRelu.backward(x, xOff, dy, dyOff, dx, dxOff, n, w[wOff]);
        } else if (inner >= L) {
            int c = (first / inner) % channels, pos = first % inner;
            for (int i = 0; i < n; ) {
                int len = Math.min(inner - pos, n - i);
                VectorLeakyRelu.backward(x, xOff + i, dy, dyOff + i, dx, dxOff + i, len, w[wOff + c]);
                i += len;
                pos = 0;
                c = c + 1 == channels ? 0 : c + 1;
            }
        } else if (pattern == null) {
            int c = first % channels;
            for (int i = 0; i < n; ) {
                int len = Math.min(channels - c, n - i);
                int j = 0;
                for (int bound = S.loopBound(len); j < bound; j += L) {
                    FloatVector v = FloatVector.fromArray(S, x, xOff + i + j);
                    FloatVector d = FloatVector.fromArray(S, dy, dyOff + i + j);
                    FloatVector slope = FloatVector.fromArray(S, w, wOff + c + j);
                    d.mul(slope).blend(d, v.compare(VectorOperators.GT, 0f)).intoArray(dx, dxOff + i + j);
                }
                ScalarPrelu.backward(x, xOff + i + j, dy, dyOff + i + j, dx, dxOff + i + j, len - j,
                        w, wOff, channels, 1, c + j);
                i += len;
                c = 0;
            }
        } else {
            int period = channels * inner;
            int q = first % period;
            int i = 0;
            for (int bound = S.loopBound(n); i < bound; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, xOff + i);
                FloatVector d = FloatVector.fromArray(S, dy, dyOff + i);
                FloatVector slope = FloatVector.fromArray(S, pattern, q);
                d.mul(slope).blend(d, v.compare(VectorOperators.GT, 0f)).intoArray(dx, dxOff + i);
                q = (q + L) % period;
            }
            ScalarPrelu.backward(x, xOff + i, dy, dyOff + i, dx, dxOff + i, n - i, w, wOff, channels, inner, q);
        }
    }

    /**
     * Backward over one segment sharing {@code slope}: writes dx and returns the sum of the
     * slope terms, accumulated in double lanes that are then added in lane order, then the tail
     * element by element. {@code scratch} holds at least {@code lanes} doubles.
     *
     * @see ScalarPrelu#backwardSegment
     */
    public static double backwardSegment(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int n,
                                         float slope, double[] scratch) {
        int bound = S.loopBound(n);
        if (bound == 0) {
            return ScalarPrelu.backwardSegment(x, xOff, dy, dyOff, dx, dxOff, n, slope);
        }
        DoubleVector acc0 = DoubleVector.zero(D), acc1 = DoubleVector.zero(D);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            FloatVector d = FloatVector.fromArray(S, dy, dyOff + i);
            VectorMask<Float> positive = v.compare(VectorOperators.GT, 0f);
            d.mul(slope).blend(d, positive).intoArray(dx, dxOff + i);
            FloatVector term = v.mul(d).blend(0f, positive);
            acc0 = acc0.add((DoubleVector) term.convert(VectorOperators.F2D, 0));
            acc1 = acc1.add((DoubleVector) term.convert(VectorOperators.F2D, 1));
        }
        // Lanes added in a fixed order (reduceLanes may reorder floating-point additions).
        acc0.intoArray(scratch, 0);
        acc1.intoArray(scratch, HALF);
        double sum = 0;
        for (int k = 0; k < L; k++) {
            sum += scratch[k];
        }
        return sum + ScalarPrelu.backwardSegment(x, xOff + i, dy, dyOff + i, dx, dxOff + i, n - i, slope);
    }

    /**
     * Backward over {@code rows} whole rows of a small layout (see {@link #pattern}): dx, and
     * each channel's slope terms added into {@code partial[partialOff + c]}. Rows go in groups of
     * {@link #groupRows}, each starting at phase 0 of {@code pattern}; every position of a
     * group keeps its own double sum in {@code acc} (length {@code groupRows * channels * inner},
     * zeroed here) over the groups in order; the positions of a channel are then added in order.
     *
     * @see ScalarPrelu#backwardPositions
     */
    public static void backwardGroups(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff,
                                      int rows, int channels, int inner, float[] pattern, double[] acc,
                                      double[] partial, int partialOff) {
        int period = channels * inner;
        int groupRows = groupRows(channels, inner);
        java.util.Arrays.fill(acc, 0, groupRows * period, 0.0);
        for (int g = 0; g < rows; g += groupRows) {
            int len = Math.min(groupRows, rows - g) * period;
            int base = g * period;
            int j = 0;
            for (int bound = S.loopBound(len); j < bound; j += L) {
                FloatVector v = FloatVector.fromArray(S, x, xOff + base + j);
                FloatVector d = FloatVector.fromArray(S, dy, dyOff + base + j);
                FloatVector slope = FloatVector.fromArray(S, pattern, j);
                VectorMask<Float> positive = v.compare(VectorOperators.GT, 0f);
                d.mul(slope).blend(d, positive).intoArray(dx, dxOff + base + j);
                FloatVector term = v.mul(d).blend(0f, positive);
                DoubleVector.fromArray(D, acc, j).add((DoubleVector) term.convert(VectorOperators.F2D, 0)).intoArray(acc, j);
                DoubleVector.fromArray(D, acc, j + HALF).add((DoubleVector) term.convert(VectorOperators.F2D, 1))
                        .intoArray(acc, j + HALF);
            }
            ScalarPrelu.backwardPositions(x, xOff + base + j, dy, dyOff + base + j, dx, dxOff + base + j, len - j,
                    pattern, j, acc, j);
        }
        for (int c = 0; c < channels; c++) {
            double sum = partial[partialOff + c];
            for (int r = 0; r < groupRows; r++) {
                for (int i = 0; i < inner; i++) {
                    sum += acc[r * period + c * inner + i];
                }
            }
            partial[partialOff + c] = sum;
        }
    }

    /**
     * Backward over {@code rows} rows of {@code channels} elements (inner = 1), channels
     * {@code [c0, c1)}: writes dx and adds each slope term to {@code acc[accOff + c]} row by row,
     * as the reference does, so these sums equal the reference's bit for bit.
     *
     * @see ScalarPrelu#backwardRows
     */
    public static void backwardRows(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff,
                                    int rows, int channels, float[] w, int wOff,
                                    double[] acc, int accOff, int c0, int c1) {
        int width = c1 - c0;
        int bound = c0 + S.loopBound(width);
        for (int r = 0; r < rows; r++) {
            int base = r * channels;
            int c = c0;
            for (; c < bound; c += L) {
                FloatVector v = FloatVector.fromArray(S, x, xOff + base + c);
                FloatVector d = FloatVector.fromArray(S, dy, dyOff + base + c);
                FloatVector slope = FloatVector.fromArray(S, w, wOff + c);
                VectorMask<Float> positive = v.compare(VectorOperators.GT, 0f);
                d.mul(slope).blend(d, positive).intoArray(dx, dxOff + base + c);
                FloatVector term = v.mul(d).blend(0f, positive);
                DoubleVector.fromArray(D, acc, accOff + c)
                        .add((DoubleVector) term.convert(VectorOperators.F2D, 0))
                        .intoArray(acc, accOff + c);
                DoubleVector.fromArray(D, acc, accOff + c + HALF)
                        .add((DoubleVector) term.convert(VectorOperators.F2D, 1))
                        .intoArray(acc, accOff + c + HALF);
            }
            ScalarPrelu.backwardRows(x, xOff + base, dy, dyOff + base, dx, dxOff + base, 1, channels, w, wOff,
                    acc, accOff, c, c1);
        }
    }
}
