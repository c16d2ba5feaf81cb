package dev.rectifier.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * An affine map fitted on a training set and applied unchanged to every other set:
 * {@code y = (x - shift) / scale}, computed in float as PyTorch's {@code Normalize} does (one
 * subtraction, one division, each correctly rounded).
 *
 * <p>The statistics come from the training set only, so that validation and test data are
 * transformed exactly as the model saw its training data, never with statistics that peek at
 * them. {@link Scope#GLOBAL} uses one shift and scale for every feature (images: one mean over
 * all pixels, as with {@code Normalize((0.2860,), (0.3530,))}); {@link Scope#PER_FEATURE} one per
 * feature (tabular data, as scikit-learn's scalers).
 */
public final class Normalizer {
    /** Whether statistics are taken over all features together or per feature. */
    public enum Scope {
        /** One shift and one scale for every feature. */
        GLOBAL,
        /** A shift and a scale per feature (per column). */
        PER_FEATURE
    }

    private final float[] shift;
    private final float[] scale;

    private Normalizer(float[] shift, float[] scale) {
        this.shift = shift;
        this.scale = scale;
    }

    /**
     * A normalizer with the given shifts and scales, each of length 1 (global) or one per feature.
     *
     * @throws IllegalArgumentException if the lengths differ or are 0, or a value is not finite,
     *                                  or a scale is 0
     */
    public static Normalizer of(float[] shift, float[] scale) {
        Objects.requireNonNull(shift, "shift is null");
        Objects.requireNonNull(scale, "scale is null");
        if (shift.length != scale.length || shift.length == 0) {
            throw new IllegalArgumentException("shift.length=" + shift.length + " and scale.length=" + scale.length
                    + " but they must be equal and at least 1");
        }
        for (int j = 0; j < shift.length; j++) {
            if (!Float.isFinite(shift[j]) || !Float.isFinite(scale[j]) || scale[j] == 0f) {
                throw new IllegalArgumentException("shift[" + j + "]=" + shift[j] + ", scale[" + j + "]=" + scale[j]
                        + " but both must be finite and the scale non-zero");
            }
        }
        return new Normalizer(shift.clone(), scale.clone());
    }

    /**
     * Standardisation fitted on {@code train}: {@code shift = mean}, {@code scale = std}, the
     * population standard deviation {@code sqrt(sum((x - mean)^2) / n)} (scikit-learn's
     * {@code StandardScaler}; n is large enough that the n-1 of {@code torch.std} makes no
     * practical difference). Both are accumulated in double in two passes, then rounded to float.
     * A feature with zero spread gets scale 1, so it is only centred.
     *
     * @throws IllegalArgumentException if {@code train} is empty
     */
    public static Normalizer standardize(Dataset train, Scope scope) {
        int groups = groups(train, scope);
        float[] x = train.features();
        double count = (double) x.length / groups;
        double[] mean = new double[groups], squares = new double[groups];
        if (groups == 1) {
            mean[0] = sum(x) / count;
            squares[0] = sumOfSquares(x, mean[0]);
        } else {
            // element i is feature i % groups: accumulate row by row, one sum per feature
            for (int base = 0; base < x.length; base += groups) {
                for (int g = 0; g < groups; g++) {
                    mean[g] += x[base + g];
                }
            }
            for (int g = 0; g < groups; g++) {
                mean[g] /= count;
            }
            for (int base = 0; base < x.length; base += groups) {
                for (int g = 0; g < groups; g++) {
                    double d = x[base + g] - mean[g];
                    squares[g] += d * d;
                }
            }
        }
        float[] shift = new float[groups], scale = new float[groups];
        for (int g = 0; g < groups; g++) {
            shift[g] = (float) mean[g];
            float std = (float) Math.sqrt(squares[g] / count);
            scale[g] = std == 0f ? 1f : std;
        }
        return new Normalizer(shift, scale);
    }

    /**
     * {@code sum(x)} in double over four interleaved partial sums: a fixed order (so the result is
     * reproducible) that does not wait on one long chain of dependent additions.
     */
    private static double sum(float[] x) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < x.length; i += 4) {
            s0 += x[i];
            s1 += x[i + 1];
            s2 += x[i + 2];
            s3 += x[i + 3];
        }
        for (; i < x.length; i++) {
            s0 += x[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code sum((x - center)^2)}, summed as in {@link #sum(float[])}. */
    private static double sumOfSquares(float[] x, double center) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < x.length; i += 4) {
            double d0 = x[i] - center, d1 = x[i + 1] - center, d2 = x[i + 2] - center, d3 = x[i + 3] - center;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < x.length; i++) {
            double d = x[i] - center;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * Min-max scaling fitted on {@code train}: {@code shift = min}, {@code scale = max - min}, so
     * the training set lands in [0, 1]; other sets may fall outside it (no clipping). A feature
     * with {@code max == min} gets scale 1.
     *
     * @throws IllegalArgumentException if {@code train} is empty
     */
    public static Normalizer minMax(Dataset train, Scope scope) {
        int groups = groups(train, scope);
        float[] min = new float[groups], max = new float[groups];
        Arrays.fill(min, Float.POSITIVE_INFINITY);
        Arrays.fill(max, Float.NEGATIVE_INFINITY);
        float[] x = train.features();
        for (int base = 0; base < x.length; base += groups) {
            for (int g = 0; g < groups; g++) {
                min[g] = Math.min(min[g], x[base + g]);
                max[g] = Math.max(max[g], x[base + g]);
            }
        }
        float[] scale = new float[groups];
        for (int g = 0; g < groups; g++) {
            float range = max[g] - min[g];
            scale[g] = range == 0f || !Float.isFinite(range) ? 1f : range;
        }
        return new Normalizer(min, scale);
    }

    /**
     * {@code data} with every feature mapped by {@code (x - shift) / scale}, as a new dataset
     * ({@code data} is not changed).
     *
     * @throws IllegalArgumentException if this normalizer is per feature and {@code data} has a
     *                                  different number of features
     */
    public Dataset apply(Dataset data) {
        Objects.requireNonNull(data, "data is null");
        int f = data.featureCount();
        if (shift.length != 1 && shift.length != f) {
            throw new IllegalArgumentException("normalizer fitted on " + shift.length + " features but data has " + f);
        }
        float[] x = data.features();
        float[] y = new float[x.length];
        if (shift.length == 1) {
            float s = shift[0], c = scale[0];
            for (int i = 0; i < x.length; i++) {
                y[i] = (x[i] - s) / c;
            }
        } else {
            for (int base = 0; base < x.length; base += f) {
                for (int j = 0; j < f; j++) {
                    y[base + j] = (x[base + j] - shift[j]) / scale[j];
                }
            }
        }
        return data.withFeatures(y);
    }

    /** The shifts (means or minima): one value, or one per feature (a copy). */
    public float[] shift() {
        return shift.clone();
    }

    /** The scales (standard deviations or ranges): one value, or one per feature (a copy). */
    public float[] scale() {
        return scale.clone();
    }

    @Override
    public String toString() {
        return shift.length == 1
                ? "Normalizer[(x - " + shift[0] + ") / " + scale[0] + "]"
                : "Normalizer[per feature, " + shift.length + " features]";
    }

    private static int groups(Dataset train, Scope scope) {
        Objects.requireNonNull(train, "train is null");
        Objects.requireNonNull(scope, "scope is null");
        if (train.size() == 0) {
            throw new IllegalArgumentException("train is empty: a normalizer needs at least one sample to fit");
        }
        return scope == Scope.GLOBAL ? 1 : train.featureCount();
    }
}
