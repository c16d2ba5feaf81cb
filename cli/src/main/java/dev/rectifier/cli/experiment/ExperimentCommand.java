package dev.rectifier.cli.experiment;

import dev.rectifier.cli.CliEnvironment;
import dev.rectifier.cli.CliException;
import dev.rectifier.kernels.Parallelism;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rectifier experiment NAME}: runs one of the experiments on the rectifier's claims and
 * weaknesses and writes its charts, raw figures and summary.
 */
@Command(name = "experiment", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs an experiment on the rectifier's claims and weaknesses and writes into",
                "the output directory its charts (PNG and SVG), the raw figures (CSV) and a",
                "summary stating the result in numbers (summary.md, summary.html). --quick",
                "runs a small budget (about two minutes on two cores); without it, the full",
                "one. Fashion-MNIST comes from --data DIR, else",
                "/usr/share/datasets/fashion-mnist, else the bundled 10000/2000 sample; the",
                "output and the summary say which.",
                "",
                "Experiments:",
                "  convergence         steps (and seconds) to 90%% training accuracy of the",
                "                      MLP 784-256-256-10 with relu, leaky_relu, prelu, elu,",
                "                      tanh and sigmoid (each properly initialised), several",
                "                      seeds; beside the PyTorch peer when python3 has torch",
                "  vanishing-gradient  gradient norm per layer at initialisation and after",
                "                      100 steps: plain MLPs of 10 and 30 layers of 128 with",
                "                      sigmoid, tanh, relu, and relu badly initialised",
                "  dying-relu          dead units over time where ReLUs die (negative bias",
                "                      shift, high learning rate): relu against leaky_relu,",
                "                      prelu, elu, and relu with revive (ReDo); accuracy",
                "  zero-centred        mean and spread of the activations per layer, relu",
                "                      against elu (Clevert et al. 2015), and convergence",
                "  cost                ns per element of forward and backward for every",
                "                      activation kernel, one thread, vector and scalar",
                "  list                lists the experiments", ""},
        footerHeading = "%nExamples:%n",
        footer = {"  rectifier experiment list",
                  "  rectifier experiment convergence --quick",
                  "  rectifier experiment convergence --seeds 1,2,3,4,5 --out runs/convergence",
                  "  rectifier experiment vanishing-gradient --quick --threads 2",
                  "  rectifier experiment dying-relu --data ~/fashion-mnist",
                  "  rectifier experiment zero-centred --quick --seeds 1,2",
                  "  rectifier experiment cost --quick"})
public final class ExperimentCommand implements Callable<Integer> {
    /** The experiments by name, with one line each for {@code list}. */
    static final List<String[]> EXPERIMENTS = List.of(
            new String[] {ConvergenceExperiment.NAME, "steps and seconds to 90% training accuracy per activation, beside PyTorch"},
            new String[] {VanishingGradientExperiment.NAME, "gradient norm per layer in deep sigmoid, tanh and relu MLPs"},
            new String[] {DyingReluExperiment.NAME, "dead units over time: relu against leaky_relu, prelu, elu and relu with revive"},
            new String[] {ZeroCentredExperiment.NAME, "mean activation per layer and convergence, relu against elu"},
            new String[] {CostExperiment.NAME, "nanoseconds per element, forward and backward, every activation kernel"});

    private final CliEnvironment env;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "the experiment, or list (default: list)")
    String name;

    @Option(names = "--quick", description = "the small budget: about two minutes on two cores")
    boolean quick;

    @Option(names = "--data", paramLabel = "DIR", description = "a Fashion-MNIST directory (default: /usr/share/datasets/fashion-mnist, else the bundled sample)")
    Path data;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "output directory (default: runs/<timestamp>-experiment-<name>)")
    Path out;

    @Option(names = "--seeds", split = ",", paramLabel = "N", description = "seeds, e.g. 1,2,3 (default: the experiment's own)")
    List<Long> seeds;

    @Option(names = "--threads", paramLabel = "N", description = "threads for training (default: all processors; cost is always single-threaded)")
    Integer threads;

    @Option(names = "--target", paramLabel = "FRACTION", description = "convergence, zero-centred: the training accuracy to reach (default 0.90, quick 0.85)")
    Double target;

    @Option(names = "--max-epochs", paramLabel = "N", description = "convergence, zero-centred: epochs at most per run (default 20, quick 4)")
    Integer maxEpochs;

    @Option(names = "--no-peer", negatable = false, description = "convergence: do not run the PyTorch peer")
    boolean noPeer;

    @Option(names = "--python", paramLabel = "PATH", description = "the Python with torch for the peer (default: /usr/bin/python3, else python3)")
    String python;

    @Option(names = {"-v", "--verbose"}, description = "print stack traces of errors")
    boolean verbose;

    /** A command reading data and writing output as {@code env} says. */
    public ExperimentCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter pw = spec.commandLine().getOut();
        if (name == null || name.equals("list")) {
            pw.println("experiments (rectifier experiment NAME [--quick]; see --help):");
            for (String[] e : EXPERIMENTS) {
                pw.printf(Locale.ROOT, "  %-19s %s%n", e[0], e[1]);
            }
            pw.flush();
            return 0;
        }
        Experiment experiment = create();
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (t < 1) {
            throw CliException.usage("--threads " + t + ": must be at least 1");
        }
        if (seeds != null) {
            for (long s : seeds) {
                if (seeds.indexOf(s) != seeds.lastIndexOf(s)) {
                    throw CliException.usage("--seeds " + seeds + ": seed " + s + " appears twice");
                }
            }
        }
        if (data != null && !Files.isDirectory(data)) {
            throw CliException.usage("--data " + data + " is not a directory; give the directory holding the four Fashion-MNIST IDX files");
        }
        Path dir = out != null ? out : defaultOut();
        Files.createDirectories(dir);
        pw.println("experiment " + name + (quick ? " (quick)" : "") + ": output in " + dir);
        pw.flush();
        long start = System.nanoTime();
        try (Parallelism parallelism = Parallelism.threads(t)) {
            ExperimentContext ctx = new ExperimentContext(dir, quick, seeds == null ? List.of() : List.copyOf(seeds), parallelism,
                    ExperimentContext.once(() -> ExperimentData.load(data, env.systemDataDir())), pw,
                    noPeer ? null : python != null ? python : Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3");
            Experiment.Outcome outcome = experiment.run(ctx);
            pw.println();
            pw.println("result:");
            outcome.headline().forEach(l -> pw.println("  " + l));
            pw.printf(Locale.ROOT, "files: %s (%.0f s in all)%n", String.join(", ", outcome.files().stream()
                    .map(p -> dir.relativize(p).toString()).toList()), (System.nanoTime() - start) / 1e9);
            pw.println("summary: " + dir.resolve(Summary.HTML));
            pw.flush();
        }
        return 0;
    }

    /** The experiment {@code name} names, with the budget and the options given. */
    Experiment create() {
        List<String> known = EXPERIMENTS.stream().map(e -> e[0]).toList();
        if (!known.contains(name)) {
            throw CliException.usage("unknown experiment '" + name + "'; choose one of " + String.join(", ", known) + " (or list)");
        }
        List<String> notFor = new ArrayList<>();
        boolean trainsToTarget = name.equals(ConvergenceExperiment.NAME) || name.equals(ZeroCentredExperiment.NAME);
        if (target != null && !trainsToTarget) {
            notFor.add("--target");
        }
        if (maxEpochs != null && !trainsToTarget) {
            notFor.add("--max-epochs");
        }
        if ((noPeer || python != null) && !name.equals(ConvergenceExperiment.NAME)) {
            notFor.add(noPeer ? "--no-peer" : "--python");
        }
        if (name.equals(CostExperiment.NAME) && (seeds != null || data != null)) {
            notFor.add(seeds != null ? "--seeds" : "--data");
        }
        if (!notFor.isEmpty()) {
            throw CliException.usage(String.join(", ", notFor) + " does not apply to the " + name + " experiment (see --help)");
        }
        if (target != null && !(target > 0 && target <= 1)) {
            throw CliException.usage("--target " + target + ": a training accuracy as a fraction in (0, 1], e.g. 0.9");
        }
        if (maxEpochs != null && maxEpochs < 1) {
            throw CliException.usage("--max-epochs " + maxEpochs + ": must be at least 1");
        }
        return switch (name) {
            case ConvergenceExperiment.NAME -> {
                ConvergenceExperiment.Params p = quick ? ConvergenceExperiment.Params.quick() : ConvergenceExperiment.Params.full();
                p = p.withSeeds(seeds == null ? p.seeds() : List.copyOf(seeds)).withPeer(!noPeer);
                p = target == null ? p : p.withTarget(target);
                yield new ConvergenceExperiment(maxEpochs == null ? p : p.withMaxEpochs(maxEpochs));
            }
            case VanishingGradientExperiment.NAME -> new VanishingGradientExperiment(quick ? VanishingGradientExperiment.Params.quick()
                    : VanishingGradientExperiment.Params.full());
            case DyingReluExperiment.NAME -> new DyingReluExperiment(quick ? DyingReluExperiment.Params.quick()
                    : DyingReluExperiment.Params.full());
            case ZeroCentredExperiment.NAME -> {
                ZeroCentredExperiment.Params p = quick ? ZeroCentredExperiment.Params.quick() : ZeroCentredExperiment.Params.full();
                p = target == null ? p : p.withTarget(target);
                yield new ZeroCentredExperiment(maxEpochs == null ? p : p.withMaxEpochs(maxEpochs));
            }
            default -> new CostExperiment(quick ? CostExperiment.Params.quick() : CostExperiment.Params.full());
        };
    }

    private Path defaultOut() {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).format(env.clock().instant().atZone(ZoneId.systemDefault()));
        String base = stamp + "-experiment-" + name + (quick ? "-quick" : "");
        Path p = Path.of("runs", base);
        for (int i = 2; Files.exists(p); i++) {
            p = Path.of("runs", base + "-" + i);
        }
        return p;
    }
}
