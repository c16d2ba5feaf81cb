package dev.rectifier.bench;

import dev.rectifier.bench.Measurement.Statistic;
import dev.rectifier.kernels.Activation;
import dev.rectifier.kernels.Activations;
import dev.rectifier.kernels.BitMaskActivation;
import dev.rectifier.kernels.ElementwiseActivation;
import dev.rectifier.kernels.Spec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./rectifier bench kernels}: the JMH kernel benchmarks and the PyTorch peer over the same
 * functions, sizes and thread counts, taking turns function by function and size by size, then
 * one table (console, Markdown, CSV).
 */
@Command(name = "kernels", mixinStandardHelpOptions = true, usageHelpWidth = 100,
        header = "JMH benchmarks of every activation and a copy baseline against PyTorch: one table, also in bench/results/",
        description = {"Times forward and backward of each activation (and the bit-mask pair of relu and leaky_relu, "
            + "and a plain copy as the bandwidth baseline) with JMH and the same calls in PyTorch, the two taking turns "
            + "function by function and size by size, and prints one "
            + "table: Rectifier GB/s, PyTorch GB/s with a preallocated output and with its default allocating call, "
            + "the ratio to PyTorch, the fraction of the copy bandwidth, and whether each row meets its target. "
            + "The table is also written as Markdown and CSV to bench/results/.", ""},
        footer = {"", "Examples:",
            "  ./rectifier bench kernels --quick",
            "  ./rectifier bench kernels --functions relu,leaky_relu",
            "  ./rectifier bench kernels --functions 'gelu(approximate=tanh)' --sizes 64K,16M --threads 2",
            "",
            "Functions this build does not have yet are reported as missing; PyTorch is still timed for them."})
final class KernelsCommand implements Callable<Integer> {
    static final List<String> DEFAULT_FUNCTIONS =
            List.of("relu", "leaky_relu", "prelu", "elu", "gelu", "sigmoid", "tanh");

    @Option(names = "--quick", description = "Smoke run: sizes 4K and 16M (unless --sizes), 3 warm-up and 3 measured "
            + "rounds of 150 ms, bit-mask rows for relu only, PyTorch only for the functions this build has.")
    boolean quick;

    @Option(names = "--sizes", paramLabel = "LIST",
            description = "Array sizes in floats, K and M binary (default 4K,64K,1M,16M,64M; --quick: 4K,16M).")
    String sizes;

    @Option(names = "--threads", paramLabel = "LIST", defaultValue = "1,2", description = "Thread counts (default ${DEFAULT-VALUE}).")
    String threads;

    @Option(names = "--functions", paramLabel = "LIST",
            description = "Activation specs, comma-separated (default relu,leaky_relu,prelu,elu,gelu,sigmoid,tanh).")
    String functions;

    @Option(names = "--stat", paramLabel = "median|best", defaultValue = "median",
            description = "Which round the GB/s figures come from: the median (default) or the fastest.")
    String stat;

    @Option(names = "--no-peer", description = "Skip PyTorch: Rectifier columns only.")
    boolean noPeer;

    @Option(names = "--python", paramLabel = "PATH", defaultValue = "/usr/bin/python3",
            description = "Python with torch for the peer (default ${DEFAULT-VALUE}).")
    Path python;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the reports go (default bench/results).")
    Path out;

    @Option(names = "--verbose", description = "Stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        int[] sizeList = sizes != null ? Sizes.parseList(sizes) : quick ? Sizes.QUICK : Sizes.FULL;
        int[] threadList = Sizes.parseThreads(threads);
        List<String> specs = functions != null ? Sizes.splitSpecs(functions) : DEFAULT_FUNCTIONS;
        Statistic statistic = switch (stat) {
            case "median" -> Statistic.MEDIAN;
            case "best" -> Statistic.BEST;
            default -> throw new IllegalArgumentException("--stat " + stat + " is not median or best");
        };

        Map<String, String> missingInBuild = new LinkedHashMap<>();
        List<String> runnable = new ArrayList<>();
        List<String> maskSpecs = new ArrayList<>();
        classify(specs, missingInBuild, runnable, maskSpecs);
        if (quick) {
            // A smoke run keeps to a minute or two: relu's bit-mask pair only, and PyTorch is
            // timed only for what Rectifier has.
            maskSpecs.removeIf(spec -> !Spec.parse(spec).name().equals("relu"));
        }
        List<String> peerSpecs = quick ? runnable : specs;

        Path root = Path.of(System.getProperty("rectifier.root", ".")).toAbsolutePath().normalize();
        Path dir = out != null ? out : root.resolve("bench/results");
        Files.createDirectories(dir);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        JmhKernels.Settings jmhSettings = quick ? JmhKernels.Settings.QUICK : JmhKernels.Settings.FULL;
        TorchPeer.Settings peerSettings = TorchPeer.Settings.like(jmhSettings);
        PrintStream console = System.out;

        List<String[]> header = new ArrayList<>();
        header.add(new String[] {"Run", LocalDateTime.now().withNano(0) + ", " + (quick ? "quick (smoke) run" : "full run")
                + ", sizes " + Arrays.stream(sizeList).mapToObj(Sizes::format).collect(Collectors.joining(","))
                + ", threads " + Arrays.stream(threadList).mapToObj(Integer::toString).collect(Collectors.joining(","))});
        header.add(new String[] {"CPU", Machine.cpu()});
        header.add(new String[] {"JDK", Machine.jdk()});
        header.add(new String[] {"Vector", Machine.vector()});
        double loadAtStart = Machine.loadAverage();
        header.forEach(h -> console.println(h[0] + ": " + h[1]));
        missingInBuild.forEach((spec, why) -> console.println("missing: " + spec + ": " + why));
        console.println();

        // Function by function and size by size, the two sides take turns (the copy at the first
        // size: Rectifier first; at the next: PyTorch first; and so on): on a machine shared with
        // other jobs the load and the memory traffic change from minute to minute, and a row's two
        // figures are then a minute or so apart, not the length of a whole run.
        Path log = dir.resolve("kernels-" + stamp + "-jmh.log");
        Path raw = dir.resolve("kernels-" + stamp + "-torch.jsonl");
        Path script = root.resolve("bench/peer/torch_kernels.py");
        List<String> functionsInTurn = new ArrayList<>();
        functionsInTurn.add("copy");
        functionsInTurn.addAll(specs);
        JmhKernels.Results jmh;
        TorchPeer.Results torch = noPeer ? TorchPeer.Results.unavailable("skipped (--no-peer)") : null;
        try (PrintStream logStream = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
            JmhKernels.Session session = new JmhKernels.Session(threadList, jmhSettings, forkArguments(sizeList), console,
                    logStream, JmhKernels.Session.count(runnable.size(), maskSpecs.size(), sizeList, threadList));
            int turn = 0;
            for (String group : functionsInTurn) {
                for (int size : sizeList) {
                    int[] one = {size};
                    boolean peerFirst = turn++ % 2 == 1;
                    for (int side = 0; side < 2; side++) {
                        if ((side == 0) == peerFirst) {
                            torch = peerTurn(torch, group, peerSpecs, script, one, threadList, peerSettings, console, raw);
                        } else if (group.equals("copy")) {
                            session.copy(one);
                        } else if (runnable.contains(group)) {
                            session.activations(List.of(group), one);
                            if (maskSpecs.contains(group)) {
                                session.masks(List.of(group), one);
                            }
                        }
                    }
                }
            }
            jmh = session.results();
        }
        if (torch == null) {
            torch = TorchPeer.Results.unavailable("no function for the peer to time");
        }
        if (torch.unavailable() == null) {
            for (String spec : specs) {
                if (!peerSpecs.contains(spec)) {
                    torch = torch.withMissingFunction(spec, "not timed in a --quick run, as Rectifier lacks it");
                }
            }
        } else if (!noPeer) {
            console.println("PyTorch: " + torch.unavailable());
        }

        header.add(new String[] {"PyTorch", torch.unavailable() != null ? torch.unavailable()
                : "torch " + torch.env().get("torch") + " (CPU capability " + torch.env().get("cpu_capability") + ", "
                        + torch.env().get("parallel_backend") + "), python " + torch.env().get("python")
                        + "; " + String.join(" and ", TorchPeer.REMOVED_VARIABLES) + " removed from its environment"});
        header.add(new String[] {"Load", Machine.describeLoad(loadAtStart, Machine.loadAverage())});
        header.add(new String[] {"Timing", jmhSettings.describe() + "; " + peerSettings.describe() + "; figures from the "
                + (statistic == Statistic.BEST ? "fastest" : "median") + " round"});

        KernelTable table = KernelTable.build(header, specs, missingInBuild, maskSpecs, sizeList, threadList, jmh, torch,
                statistic);
        console.println();
        console.print(table.toText());

        Path markdown = dir.resolve("kernels-" + stamp + ".md");
        Path csv = dir.resolve("kernels-" + stamp + ".csv");
        Files.writeString(markdown, table.toMarkdown(opsUsed(torch, specs)), StandardCharsets.UTF_8);
        Files.writeString(csv, table.toCsv(), StandardCharsets.UTF_8);
        console.println();
        console.println("Written: " + root.relativize(markdown.toAbsolutePath()) + ", " + root.relativize(csv.toAbsolutePath())
                + " (JMH log: " + root.relativize(log.toAbsolutePath()) + ")");
        return jmh.failed().isEmpty() ? 0 : 1;
    }

    /**
     * The peer's turn at one group ("copy" or an activation spec, at some sizes), added to what
     * it measured so far ({@code sofar}, null before its first turn). Once it is unavailable (no
     * python, no torch, --no-peer) it is not started again.
     */
    private TorchPeer.Results peerTurn(TorchPeer.Results sofar, String group, List<String> peerSpecs, Path script,
            int[] sizeList, int[] threadList, TorchPeer.Settings settings, PrintStream console, Path raw)
            throws IOException, InterruptedException {
        boolean copy = group.equals("copy");
        if ((sofar != null && sofar.unavailable() != null) || (!copy && !peerSpecs.contains(group))) {
            return sofar;
        }
        console.println();
        TorchPeer.Results now = TorchPeer.run(python, script, copy ? List.of() : List.of(group), copy, sizeList, threadList,
                settings, console, raw);
        console.println();
        if (sofar == null) {
            return now;
        }
        if (now.unavailable() != null) {
            console.println("PyTorch, " + group + ": " + now.unavailable());
        }
        return sofar.plus(now);
    }

    /**
     * Sorts the specs: this build lacks the activation (reported as missing), or runs it, with
     * the bit-mask pair too when it is a {@link BitMaskActivation}.
     *
     * @throws IllegalArgumentException for a malformed spec or bad parameters of a known activation
     */
    static void classify(List<String> specs, Map<String, String> missing, List<String> runnable, List<String> maskSpecs) {
        for (String spec : specs) {
            String name = Spec.parse(spec).name();
            if (!Activations.names().contains(name)) {
                missing.put(spec, "not in this build (it has " + String.join(", ", Activations.names()) + ")");
                continue;
            }
            Activation activation = Activations.parse(spec);
            if (!(activation instanceof ElementwiseActivation)) {
                missing.put(spec, "not an ElementwiseActivation, so no scalar reference to check it against");
                continue;
            }
            runnable.add(spec);
            if (activation instanceof BitMaskActivation) {
                maskSpecs.add(spec);
            }
        }
    }

    /**
     * Arguments for each JMH fork, replacing the annotations' jvmArgsAppend (so they are repeated
     * here). The heap holds a backward case's three arrays twice over, never less than 2 GB.
     * Compilation is synchronous: on a busy machine the JIT threads get little CPU, and with
     * background compilation the warm-up would end while the vector loops still run in the
     * interpreter (milliseconds per 4K call, the Vector API boxing every vector); blocking on each
     * compile bounds the slow calls by the compile thresholds instead of by wall time. The code
     * that is finally timed is the same.
     */
    static List<String> forkArguments(int[] sizes) {
        long largest = Arrays.stream(sizes).max().orElse(0);
        long heapMb = Math.max(2048, 2 * 3 * 4 * largest / (1 << 20) + 256);
        List<String> args = new ArrayList<>(List.of("--add-modules=jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseParallelGC",
                "-XX:-BackgroundCompilation", "-Xms" + heapMb + "m", "-Xmx" + heapMb + "m"));
        String bits = System.getProperty("rectifier.simd.bits");
        if (bits != null) {
            args.add("-Drectifier.simd.bits=" + bits);
        }
        return args;
    }

    /** "relu forward preallocated" -> the torch call, for the Markdown report. */
    private static Map<String, String> opsUsed(TorchPeer.Results torch, List<String> specs) {
        Map<String, String> ops = new LinkedHashMap<>();
        List<String> all = new ArrayList<>(List.of("copy"));
        all.addAll(specs);
        for (String spec : all) {
            for (Direction d : spec.equals("copy") ? List.of(Direction.COPY) : List.of(Direction.FORWARD, Direction.BACKWARD)) {
                for (TorchPeer.Variant v : TorchPeer.Variant.values()) {
                    String op = torch.op(spec, d, v);
                    if (op != null) {
                        ops.put(spec + " " + d.label() + " " + v.label(), op);
                    }
                }
            }
        }
        return ops;
    }
}
