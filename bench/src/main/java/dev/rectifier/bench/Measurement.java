package dev.rectifier.bench;

/**
 * The time of one benchmark case: the median, fastest and slowest of its measured rounds (JMH
 * iterations, or the peer's rounds), each the mean time of one call over the round.
 *
 * @param bytesPerElement what one element moves, as counted by {@link Direction}
 */
record Measurement(int size, double bytesPerElement, double medianNs, double minNs, double maxNs, int rounds) {
    /** Which round a headline figure comes from. */
    enum Statistic {
        /** The median round: typical speed on a busy machine. */
        MEDIAN,
        /** The fastest round: closest to what the hardware can do when nothing else runs. */
        BEST
    }

    static Measurement of(int size, double bytesPerElement, double[] nsPerCallByRound) {
        double[] sorted = nsPerCallByRound.clone();
        java.util.Arrays.sort(sorted);
        int k = sorted.length;
        if (k == 0) {
            throw new IllegalArgumentException("no measured rounds for size=" + size);
        }
        double median = k % 2 == 1 ? sorted[k / 2] : (sorted[k / 2 - 1] + sorted[k / 2]) / 2;
        return new Measurement(size, bytesPerElement, median, sorted[0], sorted[k - 1], k);
    }

    /** Nanoseconds per call by {@code statistic}. */
    double ns(Statistic statistic) {
        return statistic == Statistic.BEST ? minNs : medianNs;
    }

    /** Decimal gigabytes per second by {@code statistic}: bytes moved per nanosecond. */
    double gbps(Statistic statistic) {
        return bytesPerElement * size / ns(statistic);
    }

    /** Half the range of the rounds as a percentage of the median: how noisy the figure is. */
    double spreadPercent() {
        return (maxNs - minNs) / 2 / medianNs * 100;
    }
}
