package dev.rectifier.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Runs the PyTorch peer script ({@code bench/peer/torch_kernels.py}) and reads its JSON lines.
 * The script's progress goes to the console as it comes; its output is also kept verbatim in a
 * file beside the report.
 */
final class TorchPeer {
    /** Variables removed from the peer's environment (only): they pin OpenBLAS to a core type and cache size. */
    static final List<String> REMOVED_VARIABLES = List.of("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE");

    /** Warm-up rounds, measured rounds and seconds per round, matched to JMH's settings. */
    record Settings(int warmup, int rounds, double roundSeconds) {
        static Settings like(JmhKernels.Settings jmh) {
            return new Settings(jmh.warmupIterations(), jmh.iterations(), jmh.time().convertTo(java.util.concurrent.TimeUnit.MILLISECONDS) / 1000.0);
        }

        String describe() {
            return "PyTorch " + warmup + " warm-up + " + rounds + " measured rounds of " + roundSeconds + " s";
        }
    }

    /** PyTorch's two ways of calling an op. */
    enum Variant {
        /** Into an output buffer allocated before the timed loop (out= / grad_input=). */
        PREALLOCATED,
        /** PyTorch's default call, which allocates its result every time. */
        ALLOCATING;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    record Key(String function, Direction direction, Variant variant, int size, int threads) {}

    /**
     * What the peer measured.
     *
     * @param unavailable      why there are no PyTorch figures at all, or null
     * @param env              the peer's environment line (torch version, CPU capability, ...)
     * @param missing          per case, why a variant has no figure (e.g. no out= kernel in 1.13)
     * @param missingFunctions per spec, why the peer could not time it at all
     * @param ops              the call timed, by "function|direction|variant"
     */
    record Results(String unavailable, Map<String, Object> env, Map<Key, Measurement> measured, Map<Key, String> missing,
                   Map<String, String> missingFunctions, Map<String, String> ops) {
        static Results unavailable(String why) {
            return new Results(why, Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
        }

        /** These results, noting that the peer did not time {@code spec} and why. */
        Results withMissingFunction(String spec, String why) {
            if (unavailable != null) {
                return this;
            }
            Map<String, String> functions = new LinkedHashMap<>(missingFunctions);
            functions.put(spec, why);
            return new Results(null, env, measured, missing, functions, ops);
        }

        /**
         * These results and {@code later}'s together (a run of the peer over other functions): the
         * first environment line is kept; an unavailable side contributes nothing.
         */
        Results plus(Results later) {
            if (later.unavailable != null) {
                return this;
            }
            if (unavailable != null) {
                return later;
            }
            Map<Key, Measurement> m = new LinkedHashMap<>(measured);
            m.putAll(later.measured);
            Map<Key, String> mi = new LinkedHashMap<>(missing);
            mi.putAll(later.missing);
            Map<String, String> mf = new LinkedHashMap<>(missingFunctions);
            mf.putAll(later.missingFunctions);
            Map<String, String> o = new LinkedHashMap<>(ops);
            o.putAll(later.ops);
            return new Results(null, env.isEmpty() ? later.env : env, m, mi, mf, o);
        }

        String op(String function, Direction direction, Variant variant) {
            return ops.get(function + "|" + direction.label() + "|" + variant.label());
        }
    }

    private TorchPeer() {}

    /**
     * Runs {@code python script} over {@code specs}, and the copy baseline if {@code copy}, and
     * collects its results; the peer's raw lines are appended to {@code rawOutput}. Never throws
     * for a missing python or torch, but says so in {@link Results#unavailable()}.
     */
    static Results run(Path python, Path script, List<String> specs, boolean copy, int[] sizes, int[] threads,
                       Settings settings, PrintStream console, Path rawOutput) throws IOException, InterruptedException {
        if (!Files.isExecutable(python)) {
            return Results.unavailable(python + " not found or not executable; PyTorch figures skipped");
        }
        if (!Files.isRegularFile(script)) {
            return Results.unavailable("peer script " + script + " not found; PyTorch figures skipped");
        }
        List<String> command = new ArrayList<>(List.of(python.toString(), script.toString()));
        for (String spec : specs) {
            command.add("--function");
            command.add(spec);
        }
        command.addAll(List.of("--sizes", join(sizes), "--threads", join(threads),
                "--warmup", Integer.toString(settings.warmup()), "--rounds", Integer.toString(settings.rounds()),
                "--round-time", Double.toString(settings.roundSeconds())));
        if (!copy) {
            command.add("--no-copy");
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        REMOVED_VARIABLES.forEach(builder.environment()::remove);
        Process process = builder.start();
        process.getOutputStream().close();

        AtomicReference<String> lastError = new AtomicReference<>("");
        Thread errors = Thread.ofPlatform().daemon().name("torch-peer-stderr").start(() -> {
            try (BufferedReader r = process.errorReader(StandardCharsets.UTF_8)) {
                for (String line; (line = r.readLine()) != null; ) {
                    console.println(line);
                    if (!line.isBlank()) {
                        lastError.set(line);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        Map<String, Object> env = new LinkedHashMap<>();
        Map<Key, Measurement> measured = new LinkedHashMap<>();
        Map<Key, String> missing = new LinkedHashMap<>();
        Map<String, String> missingFunctions = new LinkedHashMap<>();
        Map<String, String> ops = new LinkedHashMap<>();
        String error = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer raw = Files.newBufferedWriter(rawOutput, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                     StandardOpenOption.APPEND)) {
            for (String line; (line = out.readLine()) != null; ) {
                raw.write(line);
                raw.write('\n');
                if (line.isBlank()) {
                    continue;
                }
                Map<String, Object> o;
                try {
                    o = FlatJson.parse(line);
                } catch (IllegalArgumentException e) {
                    console.println("torch: ignoring a line that is not JSON: " + line);
                    continue;
                }
                switch (String.valueOf(o.get("kind"))) {
                    case "env" -> env.putAll(o);
                    case "error" -> error = String.valueOf(o.get("message"));
                    case "missing" -> {
                        String function = (String) o.get("function");
                        if (o.get("direction") == null) {
                            missingFunctions.put(function, (String) o.get("reason"));
                        } else {
                            missing.put(key(o), (String) o.get("reason"));
                        }
                    }
                    case "result" -> {
                        Key k = key(o);
                        measured.put(k, new Measurement(k.size(), number(o, "bytes_per_element"), number(o, "median_ns"),
                                number(o, "min_ns"), number(o, "max_ns"), (int) number(o, "rounds")));
                        ops.put(k.function() + "|" + k.direction().label() + "|" + k.variant().label(), (String) o.get("op"));
                    }
                    default -> console.println("torch: ignoring a line of unknown kind: " + line);
                }
            }
        }
        int exit = process.waitFor();
        errors.join();
        if (error != null) {
            return Results.unavailable(error + "; PyTorch figures skipped");
        }
        if (exit != 0) {
            return Results.unavailable("the PyTorch peer exited with status " + exit
                    + (lastError.get().isEmpty() ? "" : " (" + lastError.get() + ")") + "; PyTorch figures skipped");
        }
        return new Results(null, env, measured, missing, missingFunctions, ops);
    }

    private static Key key(Map<String, Object> o) {
        return new Key((String) o.get("function"), Direction.ofLabel((String) o.get("direction")),
                Variant.valueOf(((String) o.get("variant")).toUpperCase(Locale.ROOT)),
                (int) number(o, "size"), (int) number(o, "threads"));
    }

    private static double number(Map<String, Object> o, String field) {
        if (!(o.get(field) instanceof Double d)) {
            throw new IllegalArgumentException("peer line has no number '" + field + "': " + o);
        }
        return d;
    }

    private static String join(int[] values) {
        return Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }
}
