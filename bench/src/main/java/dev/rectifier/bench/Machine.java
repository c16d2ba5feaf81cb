package dev.rectifier.bench;

import dev.rectifier.kernels.Simd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What the report says about the machine and the JVM, so that figures can be read in context. */
final class Machine {
    private Machine() {}

    /** The CPU model from /proc/cpuinfo (Linux), or the OS architecture elsewhere, with the logical CPU count. */
    static String cpu() {
        String model = System.getProperty("os.arch");
        Path info = Path.of("/proc/cpuinfo");
        if (Files.isReadable(info)) {
            try (Stream<String> lines = Files.lines(info)) {
                model = lines.filter(l -> l.startsWith("model name"))
                        .map(l -> l.substring(l.indexOf(':') + 1).strip())
                        .findFirst().orElse(model);
            } catch (IOException | java.io.UncheckedIOException e) {
                // Keep the architecture: the report is still useful without the model name.
            }
        }
        return model + ", " + Runtime.getRuntime().availableProcessors() + " logical CPUs, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

    /**
     * The 1-minute load average (Linux), or -1 when unknown. Other processes share the cores the
     * benchmarks time, so the report shows it beside the figures.
     */
    static double loadAverage() {
        try {
            String text = Files.readString(Path.of("/proc/loadavg"));
            return Double.parseDouble(text.substring(0, text.indexOf(' ')));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** "3.10 at the start, 2.50 at the end, on 2 CPUs (busy: other processes share the cores; figures are noisy)". */
    static String describeLoad(double start, double end) {
        if (start < 0 || end < 0) {
            return "unknown";
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        return String.format("%.2f at the start, %.2f at the end, on %d CPUs%s", start, end, cpus,
                Math.max(start, end) > 0.5 * cpus ? " (busy: other processes share the cores; figures are noisy)" : "");
    }

    static String jdk() {
        return Runtime.version() + " (" + System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + ")";
    }

    static String vector() {
        return Simd.describe();
    }
}
