package dev.rectifier.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level command: says which subcommands exist. */
@Command(name = "rectifier", mixinStandardHelpOptions = true, version = "rectifier 0.1.0",
        description = "Train, evaluate and use neural networks with the ReLU family of activations.",
        footerHeading = "%nExamples:%n",
        footer = {"  rectifier quickstart",
                  "  rectifier train --model mlp --activation 'leaky_relu(negative_slope=0.1)' --epochs 5",
                  "  rectifier evaluate --model runs/20250101-120000-mlp",
                  "  rectifier predict --model runs/20250101-120000-mlp shirt.png",
                  "",
                  "Run 'rectifier COMMAND --help' for a command's options."})
final class RectifierCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "no command given; choose one of " + String.join(", ", spec.subcommands().keySet()));
    }
}
