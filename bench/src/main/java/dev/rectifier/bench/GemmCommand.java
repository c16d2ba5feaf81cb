package dev.rectifier.bench;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./rectifier bench gemm}: SGEMM GFLOP/s under JMH, shape by shape, and PyTorch's (OpenBLAS)
 * at the same thread counts, the two taking turns; see {@link GemmBenchmark}.
 */
@Command(name = "gemm", mixinStandardHelpOptions = true, usageHelpWidth = 100,
        description = "SGEMM GFLOP/s against PyTorch (OpenBLAS): 1024^3 and the MLP/CNN training shapes.",
        footer = {"", "Examples:",
            "  ./rectifier bench gemm                          every shape, 1 and 2 threads",
            "  ./rectifier bench gemm square_1024 fc1_forward  two shapes",
            "  ./rectifier bench gemm --cpu-clock              1 thread, timed by CPU time on both sides (a busy machine)"})
public final class GemmCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "SHAPE", description = "shapes (default: all): ${COMPLETION-CANDIDATES}")
    List<String> shapes = List.of();

    @Option(names = "--threads", description = "thread counts (default: 1,2)")
    String threads = "1,2";

    @Option(names = "--turns", description = "turns each side takes per shape, alternating with the other, best kept"
            + " (default: 2)")
    int turns = 2;

    @Option(names = "--cpu-clock", description = "time by thread CPU time, one thread (for a busy machine)")
    boolean cpuClock;

    @Override
    public Integer call() throws Exception {
        if (turns < 1) {
            throw new IllegalArgumentException("--turns=" + turns + " but it must be >= 1");
        }
        System.setProperty("threads", threads);
        System.setProperty("turns", Integer.toString(turns));
        System.setProperty("clock", cpuClock ? "cpu" : "wall");
        System.setProperty("peer", System.getProperty("rectifier.root", ".") + "/bench/peer/torch_gemm.py");
        GemmBenchmark.main(shapes.toArray(String[]::new));
        return 0;
    }
}
