package dev.rectifier.cli;

import dev.rectifier.cli.experiment.ExperimentCommand;
import dev.rectifier.data.DataException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * The {@code rectifier} command: {@code train}, {@code evaluate}, {@code predict},
 * {@code quickstart}, {@code rl}, {@code experiment}. Exit codes: 0 ok, 1 failure, 2 usage error, 130 interrupted. Errors are
 * one line on stderr saying what is wrong and how to fix it; {@code --verbose} adds the stack
 * trace.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true"); // charts are drawn off-screen, also where a display exists
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = run(CliEnvironment.system(), out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one command line in-process, writing to {@code out} and {@code err}; returns the exit code. */
    public static int run(CliEnvironment env, PrintWriter out, PrintWriter err, String... args) {
        return commandLine(env, out, err).execute(args);
    }

    /** The command line with every subcommand, its output streams and error handling set up. */
    public static CommandLine commandLine(CliEnvironment env, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new RectifierCommand());
        cl.addSubcommand("train", new TrainCommand(env));
        cl.addSubcommand("evaluate", new EvaluateCommand(env));
        cl.addSubcommand("predict", new PredictCommand(env));
        cl.addSubcommand("quickstart", new QuickstartCommand(env));
        cl.addSubcommand("rl", new RlCommand(env));
        cl.addSubcommand("experiment", new ExperimentCommand(env));
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpAutoWidth(true);
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine c = e.getCommandLine();
            String name = c.getCommandSpec().qualifiedName();
            String hint = "";
            if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
                hint = "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
            }
            c.getErr().println(name + ": " + e.getMessage() + hint + " (see '" + name + " --help')");
            c.getErr().flush();
            return CliException.USAGE;
        });
        cl.setExecutionExceptionHandler((e, c, parseResult) -> {
            String name = c.getCommandSpec().qualifiedName();
            Failure f = describe(e);
            c.getErr().println(name + ": " + f.message());
            if (verbose(parseResult)) {
                e.printStackTrace(c.getErr());
            }
            c.getErr().flush();
            return f.exitCode();
        });
        return cl;
    }

    private record Failure(String message, int exitCode) {}

    /** The one line and exit code for an exception that ended a command. */
    private static Failure describe(Throwable e) {
        if (e instanceof CliException c) {
            return new Failure(c.getMessage(), c.exitCode());
        }
        if (e instanceof DataException d) {
            return new Failure(d.getMessage(), CliException.FAILURE);
        }
        if (e instanceof UncheckedIOException u) {
            return new Failure(u.getMessage(), CliException.FAILURE);
        }
        if (e instanceof IOException io) {
            return new Failure(RunDirectory.reason(io), CliException.FAILURE);
        }
        if (e instanceof OutOfMemoryError) {
            return new Failure("out of memory; lower --batch-size or give the JVM more heap (JAVA_TOOL_OPTIONS=-Xmx8g)",
                    CliException.FAILURE);
        }
        if (e instanceof IllegalArgumentException || e instanceof ArithmeticException) {
            return new Failure(e.getMessage(), CliException.FAILURE);
        }
        return new Failure("internal error: " + e + " (run again with --verbose for the stack trace, and please report it)",
                CliException.FAILURE);
    }

    private static boolean verbose(CommandLine.ParseResult result) {
        for (CommandLine.ParseResult r = result; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
