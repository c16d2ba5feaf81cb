package dev.rectifier.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The worker pool runs every part of every job, even a job published before its workers start. */
class ParallelismTest {
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void firstJobRunsEvenWhenWorkersStartLate() {
        for (int round = 0; round < 200; round++) {
            // The job goes out right after the pool starts its threads: often before they run.
            try (Parallelism p = Parallelism.threads(3)) {
                AtomicIntegerArray hits = new AtomicIntegerArray(3 * 64);
                p.forRange(3 * 64, 64, 64, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        hits.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < hits.length(); i++) {
                    assertThat(hits.get(i)).as("round " + round + " element " + i).isEqualTo(1);
                }
            }
        }
    }
}
