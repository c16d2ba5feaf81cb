package dev.rectifier.cli.experiment;

import dev.rectifier.cli.report.Charts;
import dev.rectifier.cli.report.Figures;
import dev.rectifier.kernels.Activation;
import dev.rectifier.kernels.Activations;
import dev.rectifier.kernels.ElementwiseActivation;
import dev.rectifier.kernels.Parallelism;
import dev.rectifier.kernels.Simd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What each activation costs: nanoseconds per element of forward (y = f(x)) and backward
 * (dx = dy * f'(x), from the saved input) for every kernel, on one thread, for arrays that sit in
 * L1 (4K elements), L2 (64K) and memory (1M), through the vector path and through the scalar
 * reference. Each figure is the median of repeated timed rounds after a warm-up. These are
 * in-process timings on whatever else the machine is doing; the careful figures (JMH, forks,
 * the PyTorch peer in the same run) are {@code ./rectifier bench kernels} in bench/.
 */
final class CostExperiment implements Experiment {
    static final String NAME = "cost";

    /** Every activation with its default parameters (threshold has none: it gets 0 and 0, a relu). */
    static final List<String> SPECS = List.of("relu", "leaky_relu", "prelu", "rrelu", "elu", "celu", "selu", "relu6", "gelu",
            "silu", "mish", "hardswish", "softplus", "threshold(threshold=0,value=0)", "sigmoid", "tanh", "identity");

    /**
     * @param roundSeconds about how long one timed round runs (repetitions are calibrated to it)
     * @param warmupSeconds how long each kernel runs before its first timed round
     * @param minCalls calls of each kernel before its first timing, at the first size: beyond
     *                 C2's compile thresholds, as a loop still interpreted runs at a steady but slow
     *                 pace that the steadiness test alone would take for the compiled one
     */
    record Params(List<String> specs, int[] sizes, int rounds, double roundSeconds, double warmupSeconds, long minCalls) {
        static Params full() {
            return new Params(SPECS, new int[] {4096, 65536, 1 << 20}, 11, 0.05, 0.5, 12_000);
        }

        static Params quick() {
            return new Params(SPECS, new int[] {4096, 65536, 1 << 20}, 5, 0.015, 0.2, 12_000);
        }
    }

    /** One measurement: ns per element, median and minimum over the rounds. */
    record Timing(String activation, String spec, int size, String kernel, String path, double median, double min, int rounds,
                  long repetitions) {}

    private interface Kernel {
        void run();
    }

    private final Params p;

    CostExperiment(Params params) {
        this.p = params;
    }

    @Override
    public Outcome run(ExperimentContext ctx) throws IOException {
        String machine = cpu() + ", JDK " + Runtime.version() + ", " + Simd.describe();
        ctx.log("timing on one thread: " + machine);
        int max = 0;
        for (int n : p.sizes()) {
            max = Math.max(max, n);
        }
        SplittableRandom random = new SplittableRandom(42);
        float[] x = new float[max], dy = new float[max], y = new float[max], dx = new float[max];
        for (int i = 0; i < max; i++) {
            // Inputs around the kinks and the saturating parts alike.
            x[i] = (float) (3 * random.nextGaussian());
            dy[i] = (float) random.nextGaussian();
        }
        List<Timing> timings = new ArrayList<>();
        for (String spec : p.specs()) {
            Activation a = Activations.parse(spec).withParallelism(Parallelism.serial());
            ElementwiseActivation e = (ElementwiseActivation) a;
            for (int n : p.sizes()) {
                Map<String, Kernel> kernels = new LinkedHashMap<>();
                kernels.put("forward/vector", () -> a.forward(x, 0, y, 0, n));
                kernels.put("backward/vector", () -> a.backward(x, 0, dy, 0, dx, 0, n));
                kernels.put("forward/scalar", () -> e.forwardReference(x, 0, y, 0, n));
                kernels.put("backward/scalar", () -> e.backwardReference(x, 0, dy, 0, dx, 0, n));
                for (Map.Entry<String, Kernel> k : kernels.entrySet()) {
                    String[] kp = k.getKey().split("/");
                    timings.add(time(a.name(), a.spec(), n, kp[0], kp[1], k.getValue(), n == p.sizes()[0]));
                }
            }
            Timing f = find(timings, a.name(), max, "forward", "vector"), b = find(timings, a.name(), max, "backward", "vector");
            ctx.log(String.format(Locale.ROOT, "%-10s %s elements: forward %.3f ns/element, backward %.3f (scalar reference %.3f, %.3f)",
                    a.name(), Training.count(max), f.median(), b.median(), find(timings, a.name(), max, "forward", "scalar").median(),
                    find(timings, a.name(), max, "backward", "scalar").median()));
        }
        return write(ctx, timings, machine);
    }

    private Timing time(String name, String spec, int n, String kernel, String path, Kernel k, boolean longWarmup) {
        // Warm up until the JIT has compiled the loop: at least the warm-up time and, at the first
        // size, minCalls calls, then until the time per call stops falling (three chunks in a row
        // within 3% of the best); at most thirty times the warm-up. Then calibrate how many calls
        // fill a round.
        long minNanos = (long) ((longWarmup ? p.warmupSeconds() : p.warmupSeconds() / 4) * 1e9);
        long minCalls = longWarmup ? p.minCalls() : 0;
        long totalCalls = 0;
        long chunkNanos = Math.max(1_000_000L, minNanos / 8);
        long start = System.nanoTime();
        double best = Double.POSITIVE_INFINITY;
        int steady = 0;
        while (true) {
            long calls = 0, t0 = System.nanoTime();
            do {
                k.run();
                calls++;
            } while (System.nanoTime() - t0 < chunkNanos);
            double perCall = (double) (System.nanoTime() - t0) / calls;
            totalCalls += calls;
            steady = perCall <= best * 1.03 && best < Double.POSITIVE_INFINITY ? steady + 1 : 0;
            best = Math.min(best, perCall);
            long elapsed = System.nanoTime() - start;
            if ((elapsed >= minNanos && totalCalls >= minCalls && steady >= 3) || elapsed >= 30 * minNanos) {
                break;
            }
        }
        long reps = Math.max(1, Math.round(p.roundSeconds() * 1e9 / best));
        double[] ns = new double[p.rounds()];
        for (int r = 0; r < ns.length; r++) {
            long t0 = System.nanoTime();
            for (long i = 0; i < reps; i++) {
                k.run();
            }
            ns[r] = (double) (System.nanoTime() - t0) / reps / n;
        }
        return new Timing(name, spec, n, kernel, path, Stats.median(ns), Stats.min(ns), ns.length, reps);
    }

    private static Timing find(List<Timing> timings, String name, int n, String kernel, String path) {
        return timings.stream().filter(t -> t.activation().equals(name) && t.size() == n && t.kernel().equals(kernel) && t.path().equals(path))
                .findFirst().orElseThrow();
    }

    private Outcome write(ExperimentContext ctx, List<Timing> timings, String machine) throws IOException {
        Path out = ctx.out();
        List<Path> files = new ArrayList<>();
        Csv csv = new Csv("activation", "spec", "elements", "kernel", "path", "ns_per_element_median", "ns_per_element_min", "rounds",
                "calls_per_round");
        for (Timing t : timings) {
            csv.row(t.activation(), t.spec(), t.size(), t.kernel(), t.path(), t.median(), t.min(), t.rounds(), t.repetitions());
        }
        csv.write(out.resolve("results.csv"));
        files.add(out.resolve("results.csv"));
        List<String> names = new ArrayList<>();
        for (String spec : p.specs()) {
            names.add(Activations.parse(spec).name());
        }
        List<List<String>> figures = new ArrayList<>();
        List<Integer> charted = new ArrayList<>();
        int largest = p.sizes()[p.sizes().length - 1];
        for (int n : List.of(largest, p.sizes()[0])) {
            if (charted.contains(n)) {
                continue;
            }
            charted.add(n);
            Map<String, double[]> series = new LinkedHashMap<>();
            for (String[] kp : new String[][] {{"forward", "vector"}, {"backward", "vector"}, {"forward", "scalar"}, {"backward", "scalar"}}) {
                series.put(kp[0] + (kp[1].equals("scalar") ? " (scalar reference)" : ""),
                        names.stream().mapToDouble(a -> find(timings, a, n, kp[0], kp[1]).median()).toArray());
            }
            figures.add(Figures.save(out, "cost-" + n, Charts.bars("Nanoseconds per element, " + Training.count(n)
                    + " elements, one thread (median of " + p.rounds() + " rounds; log scale)", "ns per element", names, series, true)));
        }
        figures.forEach(f -> f.forEach(name -> files.add(out.resolve(name))));

        List<String> headline = new ArrayList<>();
        double relu = find(timings, "relu", largest, "forward", "vector").median();
        double reluB = find(timings, "relu", largest, "backward", "vector").median();
        StringBuilder fw = new StringBuilder(String.format(Locale.ROOT, "forward, %s elements, one thread: relu %.3f ns/element",
                Training.count(largest), relu));
        StringBuilder bw = new StringBuilder(String.format(Locale.ROOT, "backward: relu %.3f ns/element", reluB));
        for (String a : List.of("leaky_relu", "elu", "gelu", "sigmoid", "tanh", "silu", "mish")) {
            if (names.contains(a)) {
                double f = find(timings, a, largest, "forward", "vector").median();
                double b = find(timings, a, largest, "backward", "vector").median();
                fw.append(String.format(Locale.ROOT, ", %s %.3f (%.1fx)", a, f, f / relu));
                bw.append(String.format(Locale.ROOT, ", %s %.3f (%.1fx)", a, b, b / reluB));
            }
        }
        headline.add(fw.toString());
        headline.add(bw.toString());
        int small = p.sizes()[0];
        double reluSmall = find(timings, "relu", small, "forward", "vector").median();
        double sigSmall = names.contains("sigmoid") ? find(timings, "sigmoid", small, "forward", "vector").median() : Double.NaN;
        headline.add(String.format(Locale.ROOT, "in L1 (%s elements): relu forward %.3f ns/element, sigmoid %.3f (%.1fx); relu's"
                        + " scalar reference %.3f (%.1fx the vector path)", Training.count(small), reluSmall, sigSmall, sigSmall / reluSmall,
                find(timings, "relu", small, "forward", "scalar").median(),
                find(timings, "relu", small, "forward", "scalar").median() / reluSmall));
        headline.add("in-process timings on a shared machine (" + machine + "): indicative only; the JMH figures, with the PyTorch peer"
                + " measured in the same run, are ./rectifier bench kernels (bench/README.md)");

        Summary summary = new Summary("Cost: nanoseconds per element of each activation kernel");
        summary.bullets(headline);
        summary.heading("Method");
        summary.paragraph("Each kernel runs on one thread (Parallelism.serial()) over float arrays of " + sizesText() + " elements: inputs"
                + " x ~ N(0, 9) and upstream gradients dy ~ N(0, 1) (seed 42). forward is y = f(x); backward is dx = dy * f'(x) from the"
                + " saved input x (relu and leaky_relu train through a bit mask instead, which is cheaper still). vector: the Vector API"
                + " path the library uses (" + Simd.describe() + "); scalar reference: the plain loop it is tested against. Each figure is"
                + " the median over " + p.rounds() + " rounds of about " + Math.round(p.roundSeconds() * 1000) + " ms, after a warm-up of "
                + Math.round(p.warmupSeconds() * 1000) + " ms per kernel. This is an in-process measurement on a machine shared with"
                + " other work, for orientation: the benchmark figures (JMH, forked JVMs, error bars, the PyTorch peer measured in the"
                + " same run) live in bench/ (./rectifier bench kernels).");
        summary.heading("At " + Training.count(largest) + " elements (ns per element, median)");
        List<List<String>> rows = new ArrayList<>();
        for (String a : names) {
            double f = find(timings, a, largest, "forward", "vector").median();
            double b = find(timings, a, largest, "backward", "vector").median();
            rows.add(List.of(a, ns(f), ns(b), ns(find(timings, a, largest, "forward", "scalar").median()),
                    ns(find(timings, a, largest, "backward", "scalar").median()), String.format(Locale.ROOT, "%.1f", f / relu),
                    String.format(Locale.ROOT, "%.1f", b / reluB)));
        }
        summary.table(List.of("activation", "forward", "backward", "forward, scalar reference", "backward, scalar reference",
                "forward / relu's", "backward / relu's"), rows);
        summary.heading("Charts");
        for (int i = 0; i < charted.size(); i++) {
            summary.figure("Nanoseconds per element at " + Training.count(charted.get(i)) + " elements (log scale)", figures.get(i));
        }
        summary.paragraph("Raw figures: results.csv (every activation, size, kernel and path; median and minimum over the rounds).");
        files.addAll(summary.write(out));
        return new Outcome(headline, files);
    }

    private String sizesText() {
        List<String> s = new ArrayList<>();
        for (int n : p.sizes()) {
            s.add(Training.count(n));
        }
        return String.join(", ", s);
    }

    private static String ns(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** The CPU's model name from /proc/cpuinfo, or the architecture. */
    static String cpu() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip() + " (" + Runtime.getRuntime().availableProcessors() + " cores)";
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the architecture will do
        }
        return System.getProperty("os.arch") + " (" + Runtime.getRuntime().availableProcessors() + " cores)";
    }
}
