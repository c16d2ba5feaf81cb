package dev.rectifier.bench;

import dev.rectifier.kernels.BitMaskActivation;
import dev.rectifier.kernels.Gemm;
import dev.rectifier.kernels.GemmEpilogue;
import dev.rectifier.kernels.Parallelism;
import dev.rectifier.kernels.Relu;
import dev.rectifier.kernels.Simd;
import dev.rectifier.kernels.scalar.ScalarGemm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * SGEMM ({@link Gemm}) at the shapes the training engine runs, against PyTorch 1.13 / OpenBLAS
 * ({@code bench/peer/torch_gemm.py}) at the same thread count; and what fusing the Dense
 * epilogue and backward buys.
 *
 * <p>Shapes (m x n x k, op(A) op(B); N = as stored, T = transposed): a 1024 cube; the two Dense
 * layers of the MNIST MLP (784-256-256) at batch 128, forward {@code y = x W^T} and backward
 * {@code dx = dz W}, {@code dW = dz^T x}; and the im2col GEMMs of a LeNet-style Conv2d at batch
 * 128: 5x5 patches to 32 channels, and 32x5x5 patches to 64 channels on an 8x8 map.
 *
 * <p>Run everything, with the peer measured right after each shape, and print the table:
 * <pre>
 *   ./mvnw -B -q -ntp -pl bench -am package -DskipTests
 *   java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.rectifier.bench.GemmBenchmark
 * </pre>
 * (JMH alone: {@code java -cp bench/target/benchmarks.jar org.openjdk.jmh.Main GemmBenchmark}.) With
 * {@code -Dclock=cpu}, one thread is timed by its CPU time instead, ours outside JMH and the
 * peer's by process time: a steadier comparison when other jobs share the machine.
 * Each {@code @Setup} checks the result against the double-precision reference before timing. The
 * table gives, for both sides, the best of five timed repeats (JMH iterations of 1 s, the peer's
 * repeats of 0.5 s); the sides take {@code -Dturns} turns per shape (default 2), alternating which
 * goes first, and each keeps its best.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
public class GemmBenchmark {
    /** name -> {m, n, k, transA, transB}. */
    static final Map<String, int[]> SHAPES = new LinkedHashMap<>();

    static {
        SHAPES.put("square_1024", new int[] {1024, 1024, 1024, 0, 0});
        SHAPES.put("fc1_forward", new int[] {128, 256, 784, 0, 1});   // x[128x784] W1^T, W1 256x784
        SHAPES.put("fc1_dx", new int[] {128, 784, 256, 0, 0});        // dz[128x256] W1
        SHAPES.put("fc1_dw", new int[] {256, 784, 128, 1, 0});        // dz^T x
        SHAPES.put("fc2_forward", new int[] {128, 256, 256, 0, 1});
        SHAPES.put("fc2_dx", new int[] {128, 256, 256, 0, 0});
        SHAPES.put("fc2_dw", new int[] {256, 256, 128, 1, 0});
        SHAPES.put("conv1_im2col", new int[] {128 * 24 * 24, 32, 25, 0, 1}); // patches W^T
        SHAPES.put("conv2_im2col", new int[] {64, 128 * 8 * 8, 800, 0, 0}); // W cols
    }

    /** One GEMM shape and thread count. */
    @State(Scope.Benchmark)
    public static class GemmState {
        @Param({"square_1024", "fc1_forward", "fc1_dx", "fc1_dw", "fc2_forward", "fc2_dx", "fc2_dw",
                "conv1_im2col", "conv2_im2col"})
        public String shape;

        @Param({"1", "2"})
        public int threads;

        int m, n, k, lda, ldb;
        boolean transA, transB;
        float[] a, b, c;
        Parallelism parallelism;
        Gemm gemm;

        @Setup(Level.Trial)
        public void setUp() {
            int[] s = SHAPES.get(shape);
            m = s[0];
            n = s[1];
            k = s[2];
            transA = s[3] == 1;
            transB = s[4] == 1;
            lda = transA ? m : k;
            ldb = transB ? k : n;
            SplittableRandom random = new SplittableRandom(42);
            a = gaussians(random, m * k);
            b = gaussians(random, k * n);
            c = new float[m * n];
            parallelism = Parallelism.threads(threads);
            gemm = new Gemm(parallelism);
            gemm.sgemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
            checkRows(this);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            parallelism.close();
        }
    }

    /** One Dense layer of the MLP (batch 128) for the fusion comparisons. */
    @State(Scope.Benchmark)
    public static class DenseState {
        @Param({"fc1", "fc2"})
        public String layer;

        @Param({"1", "2"})
        public int threads;

        int batch = 128, in, out;
        float[] x, w, bias, y, dy, dz, dx, dw, db;
        long[] mask;
        Relu relu;
        Parallelism parallelism;
        Gemm gemm;
        GemmEpilogue fused;

        @Setup(Level.Trial)
        public void setUp() {
            in = layer.equals("fc1") ? 784 : 256;
            out = 256;
            SplittableRandom random = new SplittableRandom(7);
            x = gaussians(random, batch * in);
            w = gaussians(random, out * in);
            bias = gaussians(random, out);
            dy = gaussians(random, batch * out);
            y = new float[batch * out];
            dz = new float[batch * out];
            dx = new float[batch * in];
            dw = new float[out * in];
            db = new float[out];
            mask = new long[batch * BitMaskActivation.maskWords(out)];
            parallelism = Parallelism.threads(threads);
            gemm = new Gemm(parallelism);
            relu = new Relu(parallelism);
            fused = GemmEpilogue.NONE.withBias(bias, 0).withActivation(relu).withMask(mask, 0);
            // The fused forward must equal the unfused one bit for bit before anything is timed.
            forwardFused(this);
            float[] fusedY = y.clone();
            long[] fusedMask = mask.clone();
            forwardUnfused(this);
            if (!java.util.Arrays.equals(fusedY, y) || !java.util.Arrays.equals(fusedMask, mask)) {
                throw new IllegalStateException("fused forward differs from unfused for " + layer);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            parallelism.close();
        }
    }

    @Benchmark
    public float[] sgemm(GemmState s) {
        s.gemm.sgemm(s.transA, s.transB, s.m, s.n, s.k, 1f, s.a, 0, s.lda, s.b, 0, s.ldb, 0f, s.c, 0, s.n);
        return s.c;
    }

    /** Dense + ReLU forward in one pass: bias, relu and its mask applied to each tile of y in cache. */
    @Benchmark
    public float[] denseForwardFused(DenseState s) {
        return forwardFused(s);
    }

    /** The same as three passes: GEMM, bias per row, relu with mask over y. */
    @Benchmark
    public float[] denseForwardUnfused(DenseState s) {
        return forwardUnfused(s);
    }

    /** Dense + ReLU backward: dz from the mask, dx = dz W, dW = dz^T x, db = column sums of dz. */
    @Benchmark
    public float[] denseBackward(DenseState s) {
        s.relu.backwardMask(s.mask, 0, s.dy, 0, s.dz, 0, s.batch * s.out);
        s.gemm.sgemm(false, false, s.batch, s.in, s.out, 1f, s.dz, 0, s.out, s.w, 0, s.in, 0f, s.dx, 0, s.in);
        s.gemm.sgemm(true, false, s.out, s.in, s.batch, 1f, s.dz, 0, s.out, s.x, 0, s.in, 0f, s.dw, 0, s.in);
        s.gemm.columnSums(s.dz, 0, s.out, s.batch, s.out, s.db, 0, false);
        return s.dw;
    }

    /**
     * The pass that fusing the mask into the packing of dz would remove: an upper bound on what
     * that fusion can save in {@link #denseBackward}.
     */
    @Benchmark
    public float[] denseBackwardMaskPass(DenseState s) {
        s.relu.backwardMask(s.mask, 0, s.dy, 0, s.dz, 0, s.batch * s.out);
        return s.dz;
    }

    /** The bias gradient alone. */
    @Benchmark
    public float[] denseBackwardColumnSums(DenseState s) {
        s.gemm.columnSums(s.dz, 0, s.out, s.batch, s.out, s.db, 0, false);
        return s.db;
    }

    static float[] forwardFused(DenseState s) {
        s.gemm.sgemm(false, true, s.batch, s.out, s.in, 1f, s.x, 0, s.in, s.w, 0, s.in, 0f, s.y, 0, s.out, s.fused);
        return s.y;
    }

    static float[] forwardUnfused(DenseState s) {
        s.gemm.sgemm(false, true, s.batch, s.out, s.in, 1f, s.x, 0, s.in, s.w, 0, s.in, 0f, s.y, 0, s.out);
        for (int i = 0; i < s.batch; i++) {
            ScalarGemm.addBias(s.y, i * s.out, s.bias, 0, s.out);
        }
        int words = BitMaskActivation.maskWords(s.out);
        for (int i = 0; i < s.batch; i++) {
            s.relu.forwardMask(s.y, i * s.out, s.y, i * s.out, s.mask, i * words, s.out);
        }
        return s.y;
    }

    static float[] gaussians(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    /** A few rows of C (first, middle, last) against the double-precision reference. */
    static void checkRows(GemmState s) {
        for (int i : new int[] {0, s.m / 2, s.m - 1}) {
            float[] expected = new float[s.n];
            int aRow = s.transA ? i : i * s.lda;
            ScalarGemm.sgemmDouble(s.transA, s.transB, 1, s.n, s.k, 1f, s.a, aRow, s.lda, s.b, 0, s.ldb, 0f, expected, 0, s.n);
            for (int j = 0; j < s.n; j++) {
                double sumAbs = 0;
                for (int p = 0; p < s.k; p++) {
                    float av = s.transA ? s.a[p * s.lda + i] : s.a[i * s.lda + p];
                    float bv = s.transB ? s.b[j * s.ldb + p] : s.b[p * s.ldb + j];
                    sumAbs += Math.abs((double) av * bv);
                }
                double err = Math.abs((double) s.c[i * s.n + j] - expected[j]);
                if (err > (s.k + 8) * 0x1p-24 * sumAbs + Float.MIN_NORMAL) {
                    throw new IllegalStateException(s.shape + ": C[" + i + "][" + j + "]=" + s.c[i * s.n + j]
                            + " but the reference gives " + expected[j]);
                }
            }
        }
    }

    /**
     * Runs the sgemm benchmark shape by shape, each followed by the PyTorch peer at the same
     * thread counts, then the fusion benchmarks, and prints a GFLOP/s table.
     * Arguments: optional shape names (default: all). System properties: {@code threads}
     * (default "1,2"), {@code peer} (default bench/peer/torch_gemm.py), {@code python}.
     */
    public static void main(String[] args) throws RunnerException, IOException, InterruptedException {
        List<String> shapes = args.length > 0 ? List.of(args) : List.copyOf(SHAPES.keySet());
        boolean cpuClock = System.getProperty("clock", "wall").equals("cpu");
        String threads = cpuClock ? "1" : System.getProperty("threads", "1,2");
        int turns = Integer.parseInt(System.getProperty("turns", "2"));
        if (turns < 1) {
            throw new IllegalArgumentException("turns=" + turns + " but it must be >= 1");
        }
        List<String> rows = new ArrayList<>();
        for (String shape : shapes) {
            int[] s = SHAPES.get(shape);
            if (s == null) {
                throw new IllegalArgumentException("unknown shape " + shape + "; known: " + SHAPES.keySet());
            }
            // The sides take turns, the first going first in odd turns and last in even ones, and
            // each keeps its best: a change of load on the shared machine then falls on both.
            Map<Integer, Double> ours = new LinkedHashMap<>();
            Map<Integer, Double> peer = new LinkedHashMap<>();
            for (int turn = 0; turn < turns; turn++) {
                for (int side = 0; side < 2; side++) {
                    if ((side == 0) == (turn % 2 == 0)) {
                        System.out.println("turn " + (turn + 1) + " of " + turns + ", Rectifier: " + shape);
                        keepBest(ours, cpuClock ? Map.of(1, cpuTimeGflops(shape)) : jmhGflops(shape, s, threads));
                    } else {
                        System.out.println("turn " + (turn + 1) + " of " + turns + ", PyTorch: " + shape);
                        keepBest(peer, peer(shape, s, threads, cpuClock ? "cpu" : "wall"));
                    }
                }
            }
            for (int t : ours.keySet()) {
                Double theirs = peer.get(t);
                rows.add(String.format("%-14s %5d x %5d x %5d %s%s %7d %10.1f %10s %7s", shape, s[0], s[1], s[2],
                        s[3] == 1 ? "T" : "N", s[4] == 1 ? "T" : "N", t, ours.get(t),
                        theirs == null ? "-" : String.format("%.1f", theirs),
                        theirs == null ? "-" : String.format("%.2f", ours.get(t) / theirs)));
            }
        }
        System.out.println();
        System.out.println("SGEMM GFLOP/s (" + (cpuClock ? "per CPU second of the calling thread" : "wall clock") + "), " + Simd.describe() + ", " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs");
        System.out.println("Each side's best of " + turns + " turn" + (turns == 1 ? "" : "s") + ", the sides alternating");
        System.out.printf("%-14s %-22s %7s %10s %10s %7s%n", "shape", "m x n x k  op", "threads", "rectifier", "torch", "ratio");
        rows.forEach(System.out::println);
    }

    private static void keepBest(Map<Integer, Double> best, Map<Integer, Double> gflops) {
        gflops.forEach((t, g) -> best.merge(t, g, Math::max));
    }

    /** GFLOP/s of the sgemm benchmark for one shape under JMH, by thread count, from the best iteration. */
    static Map<Integer, Double> jmhGflops(String shape, int[] s, String threads) throws RunnerException {
        Map<Integer, Double> gflops = new LinkedHashMap<>();
        for (RunResult r : new Runner(new OptionsBuilder()
                .include(GemmBenchmark.class.getName() + ".sgemm$")
                .param("shape", shape)
                .param("threads", threads.split(","))
                .build()).run()) {
            int t = Integer.parseInt(r.getParams().getParam("threads"));
            // The best iteration, as the peer reports its best repeat: both are least disturbed by a shared machine.
            gflops.put(t, 2.0 * s[0] * s[1] * s[2] / (r.getPrimaryResult().getStatistics().getMin() * 1e3));
        }
        return gflops;
    }

    /**
     * Single-threaded GFLOP/s per second of this thread's CPU time, outside JMH: on a machine shared
     * with other jobs, time spent descheduled does not count, for us as for the peer (which then
     * uses the process's CPU time). Best of five repeats of about a second, after a warm-up.
     */
    static double cpuTimeGflops(String shape) {
        GemmState s = new GemmState();
        s.shape = shape;
        s.threads = 1;
        s.setUp();
        ThreadMXBean clock = ManagementFactory.getThreadMXBean();
        double flops = 2.0 * s.m * s.n * s.k;
        long calls = Math.max(3, (long) (2e10 / flops));
        double best = 0;
        for (int repeat = 0; repeat < 8; repeat++) {
            long start = clock.getCurrentThreadCpuTime();
            for (long i = 0; i < calls; i++) {
                s.gemm.sgemm(s.transA, s.transB, s.m, s.n, s.k, 1f, s.a, 0, s.lda, s.b, 0, s.ldb, 0f, s.c, 0, s.n);
            }
            double gflops = flops * calls / (clock.getCurrentThreadCpuTime() - start);
            if (repeat >= 3) { // the first repeats are the JIT's warm-up
                best = Math.max(best, gflops);
            }
        }
        s.tearDown();
        return best;
    }

    /** GFLOP/s of the PyTorch peer for one shape, by thread count; empty if it cannot run. */
    static Map<Integer, Double> peer(String name, int[] s, String threads, String clock) throws IOException, InterruptedException {
        String script = System.getProperty("peer", "bench/peer/torch_gemm.py");
        String spec = name + ":" + s[0] + ":" + s[1] + ":" + s[2] + ":" + (s[3] == 1 ? "T" : "N") + ":" + (s[4] == 1 ? "T" : "N");
        ProcessBuilder pb = new ProcessBuilder(System.getProperty("python", "/usr/bin/python3"), script,
                "--threads", threads, "--shape", spec, "--clock", clock);
        pb.environment().remove("OPENBLAS_CORETYPE");
        pb.environment().remove("OPENBLAS_L2_SIZE");
        pb.redirectErrorStream(true);
        Map<Integer, Double> result = new LinkedHashMap<>();
        Process process = pb.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                System.out.println(line);
                String[] f = line.trim().split("\\s+");
                if (f.length == 5 && f[0].equals("torch_gemm")) {
                    result.put(Integer.parseInt(f[2]), Double.parseDouble(f[3]));
                }
            }
        }
        if (process.waitFor() != 0) {
            System.out.println("peer " + script + " exited with " + process.exitValue() + "; no PyTorch figures for " + name);
        }
        return result;
    }
}
