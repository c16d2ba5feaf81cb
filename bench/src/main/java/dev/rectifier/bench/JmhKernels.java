package dev.rectifier.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link CopyBench}, {@link ActivationBench} and {@link MaskBench} through JMH's
 * {@link Runner}, one fork per case, writing JMH's full output to a log and one line per case to
 * the console. A case that fails (its set-up refused a wrong result, or the fork died) is
 * reported with the first line of its failure instead of a figure.
 */
final class JmhKernels {
    /** JMH iteration counts and times. */
    record Settings(int warmupIterations, TimeValue warmupTime, int iterations, TimeValue time) {
        static final Settings FULL = new Settings(3, TimeValue.milliseconds(500), 5, TimeValue.milliseconds(500));
        // Three warm-up rounds even here: on a busy machine C2 needs a few hundred ms to compile the vector loops.
        static final Settings QUICK = new Settings(3, TimeValue.milliseconds(150), 3, TimeValue.milliseconds(150));

        String describe() {
            return "JMH 1 fork, " + warmupIterations + " warm-up x " + warmupTime + ", " + iterations + " measured x " + time;
        }
    }

    /** What the JMH side measured, and why the cases without a figure have none. */
    record Results(Map<Case, Measurement> measured, Map<Case, String> failed) {}

    private JmhKernels() {}

    /**
     * Runs the copy baseline, forward and backward of activations, and bit-mask pairs, at every
     * thread count, group by group (functions and sizes as the caller chooses, so that it can
     * interleave other work, such as the PyTorch peer, between them), with one progress count and
     * one JMH log.
     */
    static final class Session {
        private final int[] threads;
        private final Settings settings;
        private final List<String> jvmArgs;
        private final Progress progress;
        private final Map<Case, Measurement> measured = new LinkedHashMap<>();
        private final List<Case> expected = new ArrayList<>();

        /** @param total the cases the whole session will run, for the progress count */
        Session(int[] threads, Settings settings, List<String> jvmArgs, PrintStream console, PrintStream log, int total) {
            this.threads = threads;
            this.settings = settings;
            this.jvmArgs = jvmArgs;
            this.progress = new Progress(console, OutputFormatFactory.createFormatInstance(log, VerboseMode.NORMAL), total);
        }

        /** The cases of the copy baseline, {@code specs} activations and {@code maskSpecs} bit-mask pairs. */
        static int count(int specs, int maskSpecs, int[] sizes, int[] threads) {
            return sizes.length * threads.length * (1 + 2 * specs + 2 * maskSpecs);
        }

        void copy(int[] sizes) throws RunnerException {
            expected.addAll(cases(List.of("copy"), List.of(Direction.COPY), sizes, threads));
            collect(new Runner(options(CopyBench.class, "copy", null, sizes, threads, settings, jvmArgs), progress).run(),
                    measured);
        }

        /** Forward and backward of every spec at the given sizes. */
        void activations(List<String> specs, int[] sizes) throws RunnerException {
            if (specs.isEmpty()) {
                return;
            }
            expected.addAll(cases(specs, List.of(Direction.FORWARD, Direction.BACKWARD), sizes, threads));
            collect(new Runner(options(ActivationBench.class, "forward|backward", specs, sizes, threads, settings, jvmArgs),
                    progress).run(), measured);
        }

        /** The bit-mask pair of every spec at the given sizes. */
        void masks(List<String> maskSpecs, int[] sizes) throws RunnerException {
            if (maskSpecs.isEmpty()) {
                return;
            }
            expected.addAll(cases(maskSpecs, List.of(Direction.FORWARD_MASK, Direction.BACKWARD_MASK), sizes, threads));
            collect(new Runner(options(MaskBench.class, "forwardMask|backwardMask", maskSpecs, sizes, threads, settings,
                    jvmArgs), progress).run(), measured);
        }

        /** What was measured, and why each case that ran has no figure. */
        Results results() {
            Map<Case, String> failed = new LinkedHashMap<>();
            for (Case c : expected) {
                if (!measured.containsKey(c)) {
                    failed.put(c, progress.failures.getOrDefault(c, "no result (see the JMH log)"));
                }
            }
            return new Results(new LinkedHashMap<>(measured), failed);
        }
    }

    private static List<Case> cases(List<String> specs, List<Direction> directions, int[] sizes, int[] threads) {
        List<Case> cases = new ArrayList<>();
        for (String spec : specs) {
            for (Direction d : directions) {
                for (int size : sizes) {
                    for (int t : threads) {
                        cases.add(new Case(spec, d, size, t));
                    }
                }
            }
        }
        return cases;
    }

    private static org.openjdk.jmh.runner.options.Options options(Class<?> bench, String methods, List<String> specs,
            int[] sizes, int[] threads, Settings settings, List<String> jvmArgs) {
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include("^" + Pattern.quote(bench.getName()) + "\\.(" + methods + ")$")
                .param("size", strings(sizes))
                .param("threads", strings(threads))
                .forks(1)
                .warmupIterations(settings.warmupIterations())
                .warmupTime(settings.warmupTime())
                .measurementIterations(settings.iterations())
                .measurementTime(settings.time())
                .jvmArgsAppend(jvmArgs.toArray(String[]::new))
                .shouldFailOnError(false);
        if (specs != null) {
            b.param("function", specs.toArray(String[]::new));
        }
        return b.build();
    }

    private static String[] strings(int[] values) {
        return Arrays.stream(values).mapToObj(Integer::toString).toArray(String[]::new);
    }

    private static void collect(Collection<RunResult> results, Map<Case, Measurement> into) {
        for (RunResult run : results) {
            Case c = Case.of(run.getParams());
            List<Double> rounds = new ArrayList<>();
            for (BenchmarkResult fork : run.getBenchmarkResults()) {
                for (IterationResult iteration : fork.getIterationResults()) {
                    rounds.add(iteration.getPrimaryResult().getScore());
                }
            }
            if (!rounds.isEmpty()) {
                into.put(c, Measurement.of(c.size(), c.direction().bytesPerElement,
                        rounds.stream().mapToDouble(Double::doubleValue).toArray()));
            }
        }
    }

    /** One row of the report: function spec ("copy" for the baseline), direction, size, threads. */
    record Case(String function, Direction direction, int size, int threads) {
        static Case of(BenchmarkParams params) {
            String benchmark = params.getBenchmark();
            Direction direction = Direction.ofMethod(benchmark.substring(benchmark.lastIndexOf('.') + 1));
            String function = direction == Direction.COPY ? "copy" : params.getParam("function");
            return new Case(function, direction, Integer.parseInt(params.getParam("size")),
                    Integer.parseInt(params.getParam("threads")));
        }
    }

    /**
     * JMH's output goes to the log in full; the console gets one line per case, and the first
     * line of each failure is kept for the report. {@link #close()} is a no-op: a Runner closes
     * its output at the end of each run, and the three runs share this one.
     */
    private static final class Progress implements OutputFormat {
        private final PrintStream console;
        private final OutputFormat log;
        private final int total;
        private final Map<Case, String> failures = new LinkedHashMap<>();
        private int started;
        private Case current;
        private boolean failing;

        Progress(PrintStream console, OutputFormat log, int total) {
            this.console = console;
            this.log = log;
            this.total = total;
        }

        @Override
        public void startBenchmark(BenchmarkParams params) {
            log.startBenchmark(params);
            current = Case.of(params);
            failing = false;
            console.printf("jmh [%d/%d] %-34s %-13s %5s x%d ... ", ++started, total, current.function(),
                    current.direction().label(), Sizes.format(current.size()), current.threads());
            console.flush();
        }

        @Override
        public void endBenchmark(BenchmarkResult result) {
            log.endBenchmark(result);
            if (result == null || result.getIterationResults().isEmpty()) {
                console.println("failed: " + failures.getOrDefault(current, "see the JMH log"));
                return;
            }
            double[] rounds = result.getIterationResults().stream()
                    .mapToDouble(r -> r.getPrimaryResult().getScore()).toArray();
            Measurement m = Measurement.of(current.size(), current.direction().bytesPerElement, rounds);
            console.printf("%8.2f GB/s (%.0f ns, +-%.0f%%)%n", m.gbps(Measurement.Statistic.MEDIAN), m.medianNs(),
                    m.spreadPercent());
        }

        private void note(String text) {
            if (text == null) {
                return;
            }
            for (String line : text.split("\\R")) {
                if (line.contains("<failure>") || line.contains("<forked VM failed")) {
                    failing = true;
                    if (line.contains("<forked VM failed")) {
                        failures.putIfAbsent(current, line.strip());
                    }
                } else if (failing && current != null && !line.isBlank() && !failures.containsKey(current)) {
                    // "dev.rectifier.bench.BenchInputs$MissingActivationException: ..." -> "MissingActivationException: ..."
                    failures.put(current, line.strip().replaceFirst("^(?:[\\w]+[.$])+(\\w+(?:Exception|Error):)", "$1"));
                }
            }
        }

        @Override
        public void println(String s) {
            note(s);
            log.println(s);
        }

        @Override
        public void print(String s) {
            note(s);
            log.print(s);
        }

        @Override
        public void verbosePrintln(String s) {
            log.verbosePrintln(s);
        }

        @Override
        public void iteration(BenchmarkParams benchParams, IterationParams params, int iteration) {
            log.iteration(benchParams, params, iteration);
        }

        @Override
        public void iterationResult(BenchmarkParams benchParams, IterationParams params, int iteration, IterationResult data) {
            log.iterationResult(benchParams, params, iteration, data);
        }

        @Override
        public void startRun() {
            log.startRun();
        }

        @Override
        public void endRun(Collection<RunResult> result) {
            log.endRun(result);
        }

        @Override
        public void flush() {
            log.flush();
            console.flush();
        }

        @Override
        public void close() {
            flush();
        }

        @Override
        public void write(int b) {
            log.write(b);
        }

        @Override
        public void write(byte[] b) throws IOException {
            log.write(b);
        }
    }
}
