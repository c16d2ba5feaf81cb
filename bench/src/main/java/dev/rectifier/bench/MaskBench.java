package dev.rectifier.bench;

import dev.rectifier.kernels.BitMaskActivation;
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
 * The bit-mask pair of an activation whose derivative takes two values (relu, leaky_relu), what
 * a training step keeps instead of the input: {@code forwardMask} reads x and writes y and one
 * bit per element, {@code backwardMask} reads the bits and dy and writes dx; each moves
 * 8 + 1/8 bytes per element. {@link #setUp} checks y against the forward reference and dx
 * against the backward reference from x (equal bit for bit by the {@link BitMaskActivation}
 * contract) before timing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-XX:+UseParallelGC", "-XX:-BackgroundCompilation", "-Xms2g", "-Xmx2g"})
public class MaskBench {
    @Param({"relu"})
    public String function;

    @Param({"4096", "65536", "1048576", "16777216", "67108864"})
    public int size;

    @Param({"1", "2"})
    public int threads;

    private Parallelism parallelism;
    private BitMaskActivation activation;
    private float[] x;
    private float[] y;
    private long[] mask;
    private float[] dy;
    private float[] dx;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        parallelism = BenchInputs.parallelism(threads);
        ElementwiseActivation reference = BenchInputs.activation(function, parallelism);
        if (!(reference instanceof BitMaskActivation bits)) {
            throw new IllegalStateException(function + " is not a BitMaskActivation: it has no bit-mask backward");
        }
        activation = bits;
        boolean exact = BenchInputs.exact(function);
        String what = function + " " + params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1)
                + " size=" + size + " threads=" + threads;
        x = BenchInputs.normalsBuffer(BenchInputs.SEED, size);
        mask = new long[BitMaskActivation.maskWords(size)];
        float[] grad = BenchInputs.normalsBuffer(BenchInputs.SEED + 1, size);
        if (params.getBenchmark().endsWith(".forwardMask")) {
            y = BenchInputs.buffer(size);
            forwardMask();
            BenchInputs.verify(what, x, y, size, exact, (from, out, n) -> reference.forwardReference(x, from, out, 0, n));
            // The bits it saved are checked through backward; y is scratch until the first timed call.
            activation.backwardMask(mask, 0, grad, 0, y, 0, size);
            BenchInputs.verify(what + " (its mask, through backwardMask)", x, y, size, exact,
                    (from, out, n) -> reference.backwardReference(x, from, grad, from, out, 0, n));
        } else {
            dy = grad;
            dx = BenchInputs.buffer(size);
            activation.mask(x, 0, mask, 0, size);
            backwardMask();
            BenchInputs.verify(what, x, dx, size, exact,
                    (from, out, n) -> reference.backwardReference(x, from, dy, from, out, 0, n));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        parallelism.close();
    }

    /** y = f(x) and one bit per element: 8 + 1/8 bytes per element. */
    @Benchmark
    public void forwardMask() {
        activation.forwardMask(x, 0, y, 0, mask, 0, size);
    }

    /** dx = dy * f'(x) from the bits: 8 + 1/8 bytes per element. */
    @Benchmark
    public void backwardMask() {
        activation.backwardMask(mask, 0, dy, 0, dx, 0, size);
    }
}
