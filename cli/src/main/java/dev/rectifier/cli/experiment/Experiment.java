package dev.rectifier.cli.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One experiment of {@code rectifier experiment}: it trains or times what it needs, then writes
 * into its output directory the charts (PNG and SVG), a CSV of the raw figures and a summary
 * ({@value Summary#MARKDOWN}, {@value Summary#HTML}) that states the result in numbers.
 */
interface Experiment {
    /** Runs the experiment with what {@code context} gives (output directory, data, seeds, threads). */
    Outcome run(ExperimentContext context) throws IOException;

    /**
     * What a run produced: the result in a few lines (printed at the end, and the summary's
     * opening) and every file written.
     */
    record Outcome(List<String> headline, List<Path> files) {}
}
