package dev.rectifier.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Seeded, stratified selections of samples: a train/validation split and a sample of so many
 * per class. The same seed and labels always give the same indices, on any machine and JDK
 * ({@link SplittableRandom}'s sequence is specified).
 *
 * <p>Both draw the same way. A single {@code SplittableRandom(seed)} is used for the classes
 * 0, 1, 2, ... in turn; for each class, its sample indices in ascending order are partially
 * shuffled by Fisher–Yates: for {@code t = 0 .. k-1}, swap position {@code t} with
 * {@code t + random.nextInt(m - t)}, where {@code m} is the class size and {@code k} the number
 * drawn; the first {@code k} positions are the draw. The chosen indices of all classes are then
 * sorted ascending, so a selection keeps the original order of the samples.
 */
public final class Splits {
    private Splits() {}

    /** A dataset cut in two. */
    public record TrainValidation(Dataset train, Dataset validation) {}

    /**
     * Splits {@code data} into train and validation sets with the class proportions of
     * {@code data} in each: {@code round(validationFraction * size)} samples go to validation,
     * shared among classes by largest remainder (class {@code k} gets
     * {@code floor(fraction * n_k)}, and the samples left over go one each to the classes with the
     * largest fractional parts, lower class first on ties).
     *
     * @throws IllegalArgumentException unless {@code 0 < validationFraction < 1} and both parts
     *                                  are non-empty
     */
    public static TrainValidation stratified(Dataset data, double validationFraction, long seed) {
        Objects.requireNonNull(data, "data is null");
        int[][] parts = stratifiedIndices(data.labels(), data.classCount(), validationFraction, seed);
        return new TrainValidation(data.subset(parts[0]), data.subset(parts[1]));
    }

    /**
     * The indices of {@link #stratified}: {@code [train, validation]}, each ascending, together
     * every index in {@code [0, labels.length)} once.
     */
    public static int[][] stratifiedIndices(int[] labels, int classCount, double validationFraction, long seed) {
        Objects.requireNonNull(labels, "labels is null");
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction=" + validationFraction + " but it must be in (0, 1)");
        }
        int[][] byClass = byClass(labels, classCount);
        int n = labels.length;
        int total = (int) Math.round(validationFraction * n);
        if (total == 0 || total == n) {
            throw new IllegalArgumentException("validationFraction=" + validationFraction + " of " + n
                    + " samples leaves " + (total == 0 ? "the validation" : "the training") + " set empty");
        }
        int[] take = new int[classCount];
        double[] remainder = new double[classCount];
        int assigned = 0;
        for (int k = 0; k < classCount; k++) {
            double quota = validationFraction * byClass[k].length;
            take[k] = (int) Math.floor(quota);
            remainder[k] = quota - take[k];
            assigned += take[k];
        }
        for (int left = total - assigned; left > 0; left--) {
            int best = -1;
            for (int k = 0; k < classCount; k++) {
                if (take[k] < byClass[k].length && (best < 0 || remainder[k] > remainder[best])) {
                    best = k;
                }
            }
            take[best]++;
            remainder[best] = -1; // each class gets at most one of the leftovers
        }
        int[] validation = draw(byClass, take, seed, total);
        boolean[] chosen = new boolean[n];
        for (int i : validation) {
            chosen[i] = true;
        }
        int[] train = new int[n - total];
        for (int i = 0, t = 0; i < n; i++) {
            if (!chosen[i]) {
                train[t++] = i;
            }
        }
        return new int[][] {train, validation};
    }

    /**
     * Exactly {@code perClass} samples of every class, drawn as described above, in their original
     * order: the method that drew the bundled Fashion-MNIST sample.
     *
     * @throws IllegalArgumentException naming the class if one has fewer than {@code perClass} samples
     */
    public static Dataset stratifiedSample(Dataset data, int perClass, long seed) {
        Objects.requireNonNull(data, "data is null");
        return data.subset(stratifiedSampleIndices(data.labels(), data.classCount(), perClass, seed));
    }

    /** The indices of {@link #stratifiedSample}, ascending. */
    public static int[] stratifiedSampleIndices(int[] labels, int classCount, int perClass, long seed) {
        Objects.requireNonNull(labels, "labels is null");
        if (perClass < 0) {
            throw new IllegalArgumentException("perClass=" + perClass + " but it must be >= 0");
        }
        int[][] byClass = byClass(labels, classCount);
        int[] take = new int[classCount];
        for (int k = 0; k < classCount; k++) {
            if (byClass[k].length < perClass) {
                throw new IllegalArgumentException("class " + k + " has " + byClass[k].length
                        + " samples but perClass=" + perClass);
            }
            take[k] = perClass;
        }
        return draw(byClass, take, seed, Math.multiplyExact(perClass, classCount));
    }

    private static int[] draw(int[][] byClass, int[] take, long seed, int total) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] out = new int[total];
        int o = 0;
        for (int k = 0; k < byClass.length; k++) {
            int[] members = byClass[k];
            int m = members.length;
            for (int t = 0; t < take[k]; t++) {
                int j = t + random.nextInt(m - t);
                int swap = members[t];
                members[t] = members[j];
                members[j] = swap;
                out[o++] = members[t];
            }
        }
        Arrays.sort(out);
        return out;
    }

    /** Indices of each class, ascending. */
    private static int[][] byClass(int[] labels, int classCount) {
        if (classCount < 1) {
            throw new IllegalArgumentException("classCount=" + classCount + " but it must be >= 1");
        }
        int[] counts = new int[classCount];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classCount) {
                throw new IllegalArgumentException("labels[" + i + "]=" + labels[i] + " but classCount=" + classCount);
            }
            counts[labels[i]]++;
        }
        int[][] byClass = new int[classCount][];
        for (int k = 0; k < classCount; k++) {
            byClass[k] = new int[counts[k]];
        }
        int[] fill = new int[classCount];
        for (int i = 0; i < labels.length; i++) {
            byClass[labels[i]][fill[labels[i]]++] = i;
        }
        return byClass;
    }
}
