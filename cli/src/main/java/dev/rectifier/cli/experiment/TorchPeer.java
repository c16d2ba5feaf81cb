package dev.rectifier.cli.experiment;

import dev.rectifier.io.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the PyTorch peer, {@code bench/peer/torch_training.py} (found in the source tree the
 * command was built from), and reads its JSON lines. A peer that cannot run (no Python, no
 * torch, no script, data it cannot read) is not an error: the result says why, for the summary.
 */
final class TorchPeer {
    private TorchPeer() {}

    static final String SCRIPT = "bench/peer/torch_training.py";

    /**
     * One convergence run of the peer: steps (and seconds) to the target by the epoch's running
     * accuracy and by the windowed accuracy (-1, NaN: not reached).
     */
    record Convergence(String activation, long seed, long steps, double seconds, long windowSteps, double windowSeconds, int threads,
                       int[] batchCorrect) {}

    /** What the peer produced: its results and its version line, or why it did not run. */
    record Outcome(List<Convergence> runs, String version, String failure) {
        boolean ran() {
            return failure == null;
        }
    }

    /**
     * The peer script: in the working directory's tree, or in the tree holding this class (the
     * jar is cli/target/rectifier.jar, the classes cli/target/classes). Null when not found.
     */
    static Path findScript() {
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        try {
            starts.add(Path.of(TorchPeer.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // no code source: only the working directory is searched
        }
        for (Path start : starts) {
            for (Path p = start; p != null; p = p.getParent()) {
                Path script = p.resolve(SCRIPT);
                if (Files.isRegularFile(script)) {
                    return script;
                }
            }
        }
        return null;
    }

    /**
     * The peer's {@code convergence} mode: for each activation and seed, SGD steps until the
     * running accuracy of an epoch, and the accuracy over the last {@code window} steps, reach
     * {@code target}, on the IDX files in {@code dataDir}.
     *
     * @param progress receives the peer's progress lines (its stderr)
     */
    static Outcome convergence(String python, Path dataDir, List<String> activations, List<Long> seeds, double target,
                               int window, int maxEpochs, double lr, double momentum, int batch, int threads,
                               Consumer<String> progress) {
        Path script = findScript();
        if (script == null) {
            return new Outcome(List.of(), null, SCRIPT + " was not found above the working directory or the jar");
        }
        if (dataDir == null) {
            return new Outcome(List.of(), null, "the data are not a directory of IDX files the peer could read (the bundled sample or a subset)");
        }
        List<String> command = new ArrayList<>(List.of(python, script.toString(), "--what", "convergence", "--data", dataDir.toString(),
                "--threads", Integer.toString(threads), "--activations", String.join(",", activations),
                "--seeds", String.join(",", seeds.stream().map(String::valueOf).toList()),
                "--target", Double.toString(target), "--window", Integer.toString(window), "--max-epochs", Integer.toString(maxEpochs),
                "--lr", Double.toString(lr), "--momentum", Double.toString(momentum), "--batch", Integer.toString(batch)));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            return new Outcome(List.of(), null, "cannot start " + python + ": " + e.getMessage());
        }
        StringBuilder errTail = new StringBuilder();
        Thread stderr = Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    progress.accept("  pytorch: " + line);
                    synchronized (errTail) {
                        errTail.setLength(0);
                        errTail.append(line);
                    }
                }
            } catch (IOException e) {
                // the process ended; what was read is reported
            }
        });
        List<Convergence> runs = new ArrayList<>();
        String version = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                Map<String, Object> o = Json.parseObject(line);
                if ("env".equals(o.get("kind"))) {
                    version = "PyTorch " + o.get("torch") + ", Python " + o.get("python") + ", " + o.get("threads") + " thread(s)";
                } else if ("convergence".equals(o.get("what"))) {
                    runs.add(convergence(o));
                }
            }
            int code = process.waitFor();
            stderr.join();
            if (code != 0) {
                String why = code == 3 ? "torch is not importable with " + python : python + " " + SCRIPT + " exited with " + code;
                synchronized (errTail) {
                    return new Outcome(runs, version, why + (errTail.isEmpty() ? "" : " (" + errTail + ")"));
                }
            }
        } catch (IOException | RuntimeException e) {
            process.destroy();
            return new Outcome(runs, version, "the peer's output could not be read: " + e.getMessage());
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            return new Outcome(runs, version, "interrupted");
        }
        return new Outcome(runs, version, null);
    }

    private static Convergence convergence(Map<String, Object> o) {
        Object steps = o.get("steps");
        Object seconds = o.get("seconds");
        Object windowSteps = o.get("steps_window");
        Object windowSeconds = o.get("seconds_window");
        Object threads = o.get("threads");
        int[] correct = new int[0];
        if (o.get("batch_correct") instanceof List<?> list) {
            correct = new int[list.size()];
            for (int i = 0; i < correct.length; i++) {
                correct[i] = ((Number) list.get(i)).intValue();
            }
        }
        return new Convergence(String.valueOf(o.get("activation")).toLowerCase(Locale.ROOT), ((Number) o.get("seed")).longValue(),
                steps instanceof Number n ? n.longValue() : -1, seconds instanceof Number n ? n.doubleValue() : Double.NaN,
                windowSteps instanceof Number n ? n.longValue() : -1, windowSeconds instanceof Number n ? n.doubleValue() : Double.NaN,
                threads instanceof Number n ? n.intValue() : 1, correct);
    }
}
