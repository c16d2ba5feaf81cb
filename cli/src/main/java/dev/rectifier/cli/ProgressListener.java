package dev.rectifier.cli;

import dev.rectifier.train.EpochMetrics;
import dev.rectifier.train.TrainingListener;
import dev.rectifier.train.TrainingRun;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.text.DecimalFormat;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training as it goes: on a terminal, a progress bar per epoch (samples done, samples/s,
 * running loss and accuracy, time left); elsewhere (a log file, a pipe, tests) plain lines, one
 * every {@value #PLAIN_INTERVAL_SECONDS} s within a long epoch. Both end each epoch with one
 * summary line: losses, accuracies, time and throughput.
 */
final class ProgressListener implements TrainingListener {
    static final int PLAIN_INTERVAL_SECONDS = 30;

    private final PrintWriter out;
    private final PrintStream terminal; // null: plain lines
    private final boolean accuracy;
    private final java.util.function.DoubleSupplier deadFraction;
    private ProgressBar bar;
    private long lastPlain;
    private int samplesInEpoch;
    private int seen;

    /**
     * @param out      where summary and plain lines go
     * @param terminal the terminal stream for the bar, or null for plain lines only
     * @param accuracy whether the task has an accuracy (classification)
     * @param deadFraction the latest dead-unit fraction of the diagnostics (NaN: none yet, or off)
     */
    ProgressListener(PrintWriter out, PrintStream terminal, boolean accuracy, java.util.function.DoubleSupplier deadFraction) {
        this.out = out;
        this.terminal = terminal;
        this.accuracy = accuracy;
        this.deadFraction = deadFraction;
    }

    /** " dead 3.1%" from the latest diagnostics measurement, or "" when there is none. */
    private String dead() {
        double d = deadFraction.getAsDouble();
        return Double.isNaN(d) ? "" : String.format(Locale.ROOT, ", dead %.1f%%", 100 * d);
    }

    @Override
    public void onEpochStart(TrainingRun run, int epoch) {
        samplesInEpoch = run.train().size();
        seen = 0;
        lastPlain = System.nanoTime();
        if (terminal != null) {
            out.flush();
            bar = new ProgressBarBuilder()
                    .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, run.epochs()))
                    .setInitialMax(samplesInEpoch)
                    .showSpeed(new DecimalFormat("#"))
                    .setSpeedUnit(ChronoUnit.SECONDS)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250)
                    .setConsumer(new ConsoleProgressBarConsumer(terminal))
                    .build();
        }
    }

    @Override
    public void onBatchEnd(TrainingRun run, BatchResult batch) {
        seen += batch.size();
        String figures = "loss " + format(batch.runningLoss())
                + (accuracy ? ", acc " + percent(batch.runningAccuracy()) : "") + dead();
        if (bar != null) {
            bar.stepTo(seen);
            bar.setExtraMessage(" " + figures);
        } else if (System.nanoTime() - lastPlain > PLAIN_INTERVAL_SECONDS * 1_000_000_000L && seen < samplesInEpoch) {
            lastPlain = System.nanoTime();
            out.printf(Locale.ROOT, "  epoch %d/%d: %d/%d samples, %s, %.0f samples/s%n", batch.epoch(), run.epochs(), seen,
                    samplesInEpoch, figures, batch.samplesPerSecond());
            out.flush();
        }
    }

    @Override
    public void onEpochEnd(TrainingRun run, EpochMetrics m) {
        closeBar();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d: loss %s", m.epoch(), run.epochs(),
                format(m.trainLoss())));
        if (accuracy) {
            line.append(", acc ").append(percent(m.trainAccuracy()));
        }
        if (!Double.isNaN(m.validationLoss())) {
            line.append(", val_loss ").append(format(m.validationLoss()));
            if (accuracy) {
                line.append(", val_acc ").append(percent(m.validationAccuracy()));
            }
        }
        line.append(dead());
        line.append(String.format(Locale.ROOT, " (%.1f s, %.0f samples/s)", m.seconds(), m.samplesPerSecond()));
        out.println(line);
        out.flush();
    }

    @Override
    public void onTrainEnd(TrainingRun run, dev.rectifier.train.History history) {
        closeBar();
    }

    /** Closes the bar of an epoch that ends early (an interruption or an error). */
    void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    static String format(double v) {
        return Double.isNaN(v) ? "nan" : Math.abs(v) >= 0.001 || v == 0 ? String.format(Locale.ROOT, "%.4f", v)
                : String.format(Locale.ROOT, "%.3e", v);
    }

    static String percent(double v) {
        return Double.isNaN(v) ? "nan" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }
}
