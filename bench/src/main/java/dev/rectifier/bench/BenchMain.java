package dev.rectifier.bench;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code ./rectifier bench}: {@code kernels} runs the kernel benchmarks against
 * PyTorch and prints one table ({@link KernelsCommand}); {@code jmh} hands its arguments to JMH's
 * own command line (e.g. {@code ./rectifier bench jmh -l}, or a single benchmark with a profiler).
 */
@Command(name = "./rectifier bench", mixinStandardHelpOptions = true, version = "rectifier bench 0.1.0",
        usageHelpWidth = 100, subcommands = {KernelsCommand.class, TrainingCommand.class, GemmCommand.class},
        description = "Benchmarks of the Rectifier kernels, measured against PyTorch on the same machine in the same run.",
        footer = {"",
            "JMH's own command line, over the same benchmarks (ActivationBench, MaskBench, CopyBench):",
            "  jmh ARGS  e.g. ./rectifier bench jmh -l, or ./rectifier bench jmh -h for its options",
            "",
            "Examples:",
            "  ./rectifier bench kernels --quick          smoke run, a minute or two",
            "  ./rectifier bench training                 Dense+ReLU, MLP and CNN epochs against PyTorch",
            "  ./rectifier bench gemm                     SGEMM GFLOP/s against PyTorch (OpenBLAS)",
            "  ./rectifier bench kernels                  full run (tens of minutes)",
            "  ./rectifier bench kernels --functions relu,leaky_relu --sizes 16M,64M --threads 1",
            "  ./rectifier bench kernels --help           every option",
            "  ./rectifier bench jmh ActivationBench.forward -p function=relu -p size=4096 -p threads=1 -prof gc",
            "",
            "bench/README.md says what each column means and lists the targets."})
public final class BenchMain implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("jmh")) {
            org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new BenchMain());
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("rectifier bench: " + e.getMessage() + " (see ./rectifier bench "
                    + (e.getCommandLine().getCommandName().equals("kernels") ? "kernels " : "") + "--help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            PrintWriter err = command.getErr();
            boolean usage = e instanceof IllegalArgumentException;
            err.println("rectifier bench: " + e.getMessage());
            if (command.getCommand() instanceof KernelsCommand k && k.verbose) {
                e.printStackTrace(err);
            }
            return usage ? 2 : 1;
        });
        return cli;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
