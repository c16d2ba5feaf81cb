package dev.rectifier.cli.experiment;

import dev.rectifier.kernels.Parallelism;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * What an experiment runs with.
 *
 * @param out         the output directory (exists)
 * @param quick       the small budget ({@code --quick}) rather than the full one
 * @param seeds       the seeds asked for ({@code --seeds}), or empty for the experiment's own
 * @param parallelism the threads for training ({@code --threads})
 * @param data        Fashion-MNIST, loaded on first use (the cost experiment needs none)
 * @param log         progress lines
 * @param python      the Python interpreter for PyTorch peers, or null to run none
 */
record ExperimentContext(Path out, boolean quick, List<Long> seeds, Parallelism parallelism, Supplier<ExperimentData> data,
                         PrintWriter log, String python) {

    /** The seeds asked for, else {@code defaults}. */
    List<Long> seedsOr(List<Long> defaults) {
        return seeds.isEmpty() ? defaults : seeds;
    }

    /** Prints one progress line now. */
    void log(String line) {
        log.println(line);
        log.flush();
    }

    /** A supplier that loads once, on first use. */
    static Supplier<ExperimentData> once(Supplier<ExperimentData> loader) {
        return new Supplier<>() {
            private ExperimentData data;

            @Override
            public synchronized ExperimentData get() {
                if (data == null) {
                    data = loader.get();
                }
                return data;
            }
        };
    }
}
