package dev.rectifier.bench;

import dev.rectifier.kernels.ElementwiseActivation;
import dev.rectifier.kernels.Parallelism;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Forward and backward of one activation, chosen by its spec string, out of place:
 * {@code forward} reads x and writes y (8 bytes per element), {@code backward} reads x and dy and
 * writes dx (12 bytes per element). Sizes run from L1-resident (4K floats) to far beyond the last
 * level cache (64M floats, 256 MB per array); threads 1 and 2 use
 * {@code Parallelism.serial()} and {@code Parallelism.threads(2)}.
 *
 * <p>Before timing, {@link #setUp} runs the kernel once on the benchmark's own arrays and on
 * corner cases and refuses to continue unless the result equals the scalar reference
 * ({@link ElementwiseActivation#forwardReference}/{@link ElementwiseActivation#backwardReference}).
 * A spec this build does not know fails the set-up with a message saying so; {@code ./rectifier
 * bench kernels} leaves such specs out of the JMH run and reports them as missing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-XX:+UseParallelGC", "-XX:-BackgroundCompilation", "-Xms2g", "-Xmx2g"})
public class ActivationBench {
    @Param({"relu", "leaky_relu", "prelu", "elu", "gelu", "sigmoid", "tanh"})
    public String function;

    @Param({"4096", "65536", "1048576", "16777216", "67108864"})
    public int size;

    @Param({"1", "2"})
    public int threads;

    private Parallelism parallelism;
    private ElementwiseActivation activation;
    private float[] x;
    private float[] y;
    private float[] dy;
    private float[] dx;

    /** Allocates only the arrays the benchmark method uses (64M floats are 256 MB each), then checks the result. */
    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        parallelism = BenchInputs.parallelism(threads);
        activation = BenchInputs.activation(function, parallelism);
        boolean exact = BenchInputs.exact(function);
        String what = function + " " + params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1)
                + " size=" + size + " threads=" + threads;
        x = BenchInputs.normalsBuffer(BenchInputs.SEED, size);
        if (params.getBenchmark().endsWith(".forward")) {
            y = BenchInputs.buffer(size);
            forward();
            BenchInputs.verify(what, x, y, size, exact, (from, out, n) -> activation.forwardReference(x, from, out, 0, n));
            float[] corners = BenchInputs.withCorners(BenchInputs.SEED, Math.min(size, 4099));
            float[] cornersOut = new float[corners.length];
            activation.forward(corners, 0, cornersOut, 0, corners.length);
            BenchInputs.verify(what + " (corner cases)", corners, cornersOut, corners.length, exact,
                    (from, out, n) -> activation.forwardReference(corners, from, out, 0, n));
        } else {
            dy = BenchInputs.normalsBuffer(BenchInputs.SEED + 1, size);
            dx = BenchInputs.buffer(size);
            backward();
            BenchInputs.verify(what, x, dx, size, exact,
                    (from, out, n) -> activation.backwardReference(x, from, dy, from, out, 0, n));
            float[] corners = BenchInputs.withCorners(BenchInputs.SEED, Math.min(size, 4099));
            float[] cornersOut = new float[corners.length];
            activation.backward(corners, 0, dy, 0, cornersOut, 0, corners.length);
            BenchInputs.verify(what + " (corner cases)", corners, cornersOut, corners.length, exact,
                    (from, out, n) -> activation.backwardReference(corners, from, dy, from, out, 0, n));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        parallelism.close();
    }

    /** y = f(x): 8 bytes per element. */
    @Benchmark
    public void forward() {
        activation.forward(x, 0, y, 0, size);
    }

    /** dx = dy * f'(x): 12 bytes per element. */
    @Benchmark
    public void backward() {
        activation.backward(x, 0, dy, 0, dx, 0, size);
    }
}
