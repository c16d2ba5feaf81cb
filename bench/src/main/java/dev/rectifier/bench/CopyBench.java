package dev.rectifier.bench;

import dev.rectifier.kernels.Parallelism;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The bandwidth baseline: {@code System.arraycopy} of the same float arrays as the activation
 * benchmarks (read x, write y: 8 bytes per element). With 2 threads the halves are copied in
 * parallel through {@link Parallelism#forRange}, at every size, so this is what two threads
 * give, hand-off included; an activation's "fraction of copy" compares it with this at the same
 * size and thread count.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-XX:+UseParallelGC", "-XX:-BackgroundCompilation", "-Xms2g", "-Xmx2g"})
public class CopyBench {
    /** Split boundaries fall on whole cache lines, as the kernels' do. */
    private static final int ALIGN = 64;

    @Param({"4096", "65536", "1048576", "16777216", "67108864"})
    public int size;

    @Param({"1", "2"})
    public int threads;

    private Parallelism parallelism;
    private Parallelism.RangeTask halves;
    private float[] x;
    private float[] y;

    @Setup(Level.Trial)
    public void setUp() {
        parallelism = BenchInputs.parallelism(threads);
        x = BenchInputs.normalsBuffer(BenchInputs.SEED, size);
        y = BenchInputs.buffer(size);
        float[] from = x, to = y;
        halves = (start, end) -> System.arraycopy(from, start, to, start, end - start);
        copy();
        if (!Arrays.equals(x, y)) {
            throw new IllegalStateException("copy size=" + size + " threads=" + threads + ": y differs from x after the copy");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        parallelism.close();
    }

    /** y = x: 8 bytes per element. */
    @Benchmark
    public void copy() {
        if (threads == 1) {
            System.arraycopy(x, 0, y, 0, size);
        } else {
            parallelism.forRange(size, 1, ALIGN, halves);
        }
    }
}
