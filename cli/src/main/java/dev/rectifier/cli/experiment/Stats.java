package dev.rectifier.cli.experiment;

import java.util.Arrays;
import java.util.Locale;

/**
 * The small statistics the experiments report: mean, standard deviation (n - 1), median, range
 * over seeds, ratios paired by seed, and windowed means of per-step series.
 */
final class Stats {
    private Stats() {}

    /** Mean of the finite values, NaN when there are none. */
    static double mean(double[] v) {
        double sum = 0;
        int n = 0;
        for (double x : v) {
            if (Double.isFinite(x)) {
                sum += x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Sample standard deviation (divisor n - 1) of the finite values; 0 for one value, NaN for none. */
    static double std(double[] v) {
        double m = mean(v);
        double sq = 0;
        int n = 0;
        for (double x : v) {
            if (Double.isFinite(x)) {
                sq += (x - m) * (x - m);
                n++;
            }
        }
        return n == 0 ? Double.NaN : n == 1 ? 0 : Math.sqrt(sq / (n - 1));
    }

    /** Smallest finite value, NaN for none. */
    static double min(double[] v) {
        return Arrays.stream(v).filter(Double::isFinite).min().orElse(Double.NaN);
    }

    /** Largest finite value, NaN for none. */
    static double max(double[] v) {
        return Arrays.stream(v).filter(Double::isFinite).max().orElse(Double.NaN);
    }

    /** Median of the finite values (mean of the middle two for an even count), NaN for none. */
    static double median(double[] v) {
        double[] s = Arrays.stream(v).filter(Double::isFinite).sorted().toArray();
        if (s.length == 0) {
            return Double.NaN;
        }
        int h = s.length / 2;
        return s.length % 2 == 1 ? s[h] : (s[h - 1] + s[h]) / 2;
    }

    /** How many values are finite. */
    static int finiteCount(double[] v) {
        return (int) Arrays.stream(v).filter(Double::isFinite).count();
    }

    /**
     * A ratio over seeds: {@code numerator[i] / denominator[i]} for each seed i (the same seed's
     * runs are paired, as they share data order and initial draw counts), summarised by mean and
     * range. A numerator that is infinite stands for a run that never reached its goal: with a
     * known cap, that seed's ratio is only a lower bound, {@code cap / denominator[i]}, and
     * {@link Ratio#lowerBound} says so. NaN (a run that failed) leaves the seed out.
     */
    record Ratio(double[] perSeed, double mean, double min, double max, boolean lowerBound) {
        /** "1.32 (1.20 to 1.45 over 3 seeds)", prefixed with "more than" for a lower bound. */
        String describe() {
            if (Double.isNaN(mean)) {
                return "n/a";
            }
            int n = finiteCount(perSeed);
            String s = (lowerBound ? "more than " : "") + fmt(mean);
            return n > 1 ? s + " (" + fmt(min) + " to " + fmt(max) + " over " + n + " seeds)" : s;
        }

        private static String fmt(double v) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
    }

    /**
     * Per-seed ratios {@code numerator / denominator}.
     *
     * @param numeratorCap the value to use for an infinite numerator (never reached), making the
     *                     ratio a lower bound; NaN to leave such seeds out
     */
    static Ratio ratio(double[] numerator, double[] denominator, double numeratorCap) {
        if (numerator.length != denominator.length) {
            throw new IllegalArgumentException("numerator has " + numerator.length + " seeds but denominator " + denominator.length);
        }
        double[] r = new double[numerator.length];
        boolean bound = false;
        for (int i = 0; i < r.length; i++) {
            double a = numerator[i];
            if (Double.isInfinite(a) && a > 0 && Double.isFinite(numeratorCap) && Double.isFinite(denominator[i])) {
                a = numeratorCap;
                bound = true;
            }
            r[i] = Double.isFinite(a) && Double.isFinite(denominator[i]) && denominator[i] != 0 ? a / denominator[i] : Double.NaN;
        }
        return new Ratio(r, mean(r), min(r), max(r), bound);
    }

    /** How many values are NaN. */
    static int nanCount(double[] v) {
        return (int) Arrays.stream(v).filter(Double::isNaN).count();
    }

    /**
     * Means of consecutive windows of {@code window} values (the last window may be shorter):
     * {@code out[k]} is the mean of {@code values[k * window, min(n, (k + 1) * window))}.
     */
    static double[] windowMeans(double[] values, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window=" + window + " but it must be at least 1");
        }
        int n = values.length;
        double[] out = new double[(n + window - 1) / window];
        for (int k = 0; k < out.length; k++) {
            double sum = 0;
            int to = Math.min(n, (k + 1) * window);
            for (int i = k * window; i < to; i++) {
                sum += values[i];
            }
            out[k] = sum / (to - k * window);
        }
        return out;
    }

    /** The x of each window of {@link #windowMeans}: the 1-based step at its end. */
    static double[] windowEnds(int n, int window) {
        double[] x = new double[(n + window - 1) / window];
        for (int k = 0; k < x.length; k++) {
            x[k] = Math.min(n, (k + 1) * window);
        }
        return x;
    }

    /** Column {@code j} of {@code rows}, up to the shortest row's length: mean, min and max per column. */
    static double[][] meanMinMax(double[][] rows) {
        int n = Integer.MAX_VALUE;
        for (double[] r : rows) {
            n = Math.min(n, r.length);
        }
        if (rows.length == 0) {
            n = 0;
        }
        double[][] out = new double[3][n];
        double[] column = new double[rows.length];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < rows.length; i++) {
                column[i] = rows[i][j];
            }
            out[0][j] = mean(column);
            out[1][j] = min(column);
            out[2][j] = max(column);
        }
        return out;
    }
}
