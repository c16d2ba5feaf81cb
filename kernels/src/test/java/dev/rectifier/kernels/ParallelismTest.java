package dev.rectifier.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The worker pool runs every part of every job, even a job published before its workers start. */
class ParallelismTest {
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aJobPostedBeforeTheWorkersStartIsStillRun() {
        // A fresh pool gets its first job at once, before its threads have been scheduled.
        for (int round = 0; round < 200; round++) {
            try (Parallelism p = Parallelism.threads(2)) {
                AtomicInteger parts = new AtomicInteger();
                p.forRange(1 << 12, 1, 64, (from, to) -> parts.incrementAndGet());
                assertThat(parts.get()).isEqualTo(2);
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void forRangeCoversEveryElementOnceWithAlignedSplits() {
        try (Parallelism p = Parallelism.threads(3)) {
            for (int n : new int[] {0, 1, 63, 64, 65, 1000, 4097, 100_003}) {
                AtomicIntegerArray hits = new AtomicIntegerArray(n);
                p.forRange(n, 16, 64, (from, to) -> {
                    assertThat(from % 64).as("split at %d", from).isZero();
                    for (int i = from; i < to; i++) {
                        hits.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < n; i++) {
                    assertThat(hits.get(i)).as("element %d of %d", i, n).isEqualTo(1);
                }
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void forEachIndexRunsEachIndexOnceAndNestedCallsRunInline() {
        try (Parallelism p = Parallelism.threads(2)) {
            AtomicIntegerArray hits = new AtomicIntegerArray(50);
            p.forEachIndex(50, i -> p.forRange(128, 1, 64, (from, to) -> hits.addAndGet(i, to - from)));
            for (int i = 0; i < 50; i++) {
                assertThat(hits.get(i)).isEqualTo(128);
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFailingPartIsRethrownOnTheCaller() {
        try (Parallelism p = Parallelism.threads(2)) {
            assertThatThrownBy(() -> p.forRange(1 << 10, 1, 64, (from, to) -> {
                if (from > 0) {
                    throw new IllegalStateException("part failed at " + from);
                }
            })).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("part failed at");
            // and the pool still works afterwards
            AtomicInteger parts = new AtomicInteger();
            p.forRange(1 << 10, 1, 64, (from, to) -> parts.incrementAndGet());
            assertThat(parts.get()).isEqualTo(2);
        }
    }

    @Test
    void threadsBelowOneAreRefused() {
        assertThatThrownBy(() -> Parallelism.threads(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threads=0");
        assertThat(Parallelism.threads(1)).isSameAs(Parallelism.serial());
    }
}
