package dev.rectifier.cli;

import dev.rectifier.data.FashionMnistLocator;
import java.io.Console;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;

/**
 * What the commands take from the world outside their arguments, passed in rather than read
 * from globals so that tests can run every command in-process with their own.
 *
 * @param systemDataDir     the system Fashion-MNIST directory searched when --data is not given (null: none)
 * @param terminal          the terminal for progress bars, or null for plain progress lines
 * @param interruptible     whether train installs a shutdown hook that stops training on Ctrl-C
 * @param clock             for run directory names and timings
 */
public record CliEnvironment(Path systemDataDir, PrintStream terminal, boolean interruptible, Clock clock) {

    /** The real one: the system data directory, a progress bar when stdout is a terminal, Ctrl-C handling. */
    public static CliEnvironment system() {
        Console console = System.console();
        boolean tty = console != null && console.isTerminal();
        return new CliEnvironment(FashionMnistLocator.SYSTEM_DIR, tty ? System.out : null, true, Clock.systemDefaultZone());
    }
}
