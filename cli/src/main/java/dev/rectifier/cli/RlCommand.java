package dev.rectifier.cli;

import dev.rectifier.cli.report.Charts;
import dev.rectifier.cli.report.Figures;
import dev.rectifier.io.AtomicFiles;
import dev.rectifier.rl.CartPole;
import dev.rectifier.rl.Dqn;
import dev.rectifier.rl.DqnConfig;
import dev.rectifier.rl.GreedyPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rectifier rl cartpole}: deep Q-learning on CartPole-v1 with a rectifier Q-network,
 * printing one line per episode window (return, mean of the last 100, epsilon, dormant units),
 * then writing the learning curve, the per-episode figures and the trained policy.
 */
@Command(name = "rl", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Deep reinforcement learning with a rectifier network: DQN on CartPole-v1 (Barto, Sutton and Anderson",
            "1983; Gymnasium's constants). Solved means a mean return of at least 475 over 100 consecutive episodes.",
            "The dormant units of the Q-network (output 0 on every probed state) are measured every few episodes."},
        footerHeading = "%nExamples:%n",
        footer = {"  rectifier rl cartpole",
            "  rectifier rl cartpole --seed 3 --activation leaky_relu(negative_slope=0.01)",
            "  rectifier rl cartpole --revive --steps 50000 --render",
            "Writes learning-curve and dormant-units (PNG, SVG), episodes.csv and policy/ (model.json,",
            "model.safetensors) to --out."})
public final class RlCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TASK", description = "the task: cartpole")
    String task;

    @Option(names = {"-a", "--activation"}, paramLabel = "SPEC", description = "the Q-network's hidden activation (default: relu)")
    String activation = "relu";

    @Option(names = "--seed", paramLabel = "N", description = "seed of the network, the environment, exploration and replay (default: 1)")
    long seed = 1;

    @Option(names = "--steps", paramLabel = "N", description = "environment step budget (default: 100000)")
    Integer steps;

    @Option(names = "--episodes", paramLabel = "N", description = "stop after this many episodes (default: none)")
    Integer episodes;

    @Option(names = "--revive", description = "re-initialise dormant units periodically (ReDo, Sokar et al. 2023)")
    boolean revive;

    @Option(names = "--render", description = "after training, print a greedy episode as text")
    boolean render;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "output directory (default: runs/<timestamp>-rl-cartpole)")
    Path out;

    @Option(names = {"-v", "--verbose"}, description = "print stack traces of errors")
    boolean verbose;

    private final CliEnvironment env;

    public RlCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        if (!task.equals("cartpole")) {
            throw CliException.usage("unknown task '" + task + "'; known: cartpole");
        }
        String act = TrainCommand.checkActivation(activation);
        DqnConfig config = DqnConfig.cartPole(act, seed);
        if (steps != null) {
            if (steps < 1) {
                throw CliException.usage("--steps " + steps + ": must be at least 1");
            }
            config = config.withMaxSteps(steps);
        }
        if (revive) {
            config = config.withRevive(1_000); // ReDo every 1,000 gradient steps, on dead units
        }
        if (episodes != null && episodes < 1) {
            throw CliException.usage("--episodes " + episodes + ": must be at least 1");
        }
        Path dir = out != null ? out : TrainCommand.defaultOut(env, "rl-cartpole");
        Files.createDirectories(dir);
        if (!Files.isWritable(dir)) {
            throw CliException.failure(dir + " is not writable: choose another --out");
        }
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "DQN on CartPole-v1: %s Q-network %s, seed %d, up to %d steps%s; output in %s%n", act,
                java.util.Arrays.toString(config.hidden()), seed, config.maxSteps(), revive ? ", ReDo on" : "", dir);
        w.flush();
        Dqn dqn = new Dqn(config, new CartPole());
        ProgressBar bar = env.terminal() == null ? null : new ProgressBarBuilder().setTaskName("steps")
                .setInitialMax(config.maxSteps()).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(env.terminal())).build();
        Dqn.Result result;
        try {
            result = dqn.train(e -> {
                String line = String.format(Locale.ROOT, "episode %4d  return %5.0f  mean(100) %6.1f  epsilon %.3f  dead %s  dormant %s%s",
                        e.number(), e.episodeReturn(), e.meanReturn(), e.epsilon(), percent(e.deadFraction()),
                        percent(e.dormantFraction()), e.revivedUnits() == 0 ? "" : "  ReDo: " + e.revivedUnits() + " units");
                if (bar != null) {
                    bar.stepTo(e.totalSteps());
                    bar.setExtraMessage(" " + line);
                } else if (e.number() % 10 == 0 || e.revivedUnits() > 0) {
                    w.printf(Locale.ROOT, "step %6d  %s%n", e.totalSteps(), line);
                    w.flush();
                }
            }, episodes == null ? Integer.MAX_VALUE : episodes);
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        List<Dqn.Episode> eps = result.episodes();
        w.printf(Locale.ROOT, result.solved()
                        ? "solved at episode %d (step %d): mean return %.1f over the last 100 episodes; %.1f s%n"
                        : "not solved in %d episodes (%d steps): best mean return over 100 episodes %.1f; %.1f s%n",
                result.solved() ? result.solvedAtEpisode() : eps.size(), result.solved() ? result.solvedAtStep()
                        : (eps.isEmpty() ? 0 : eps.get(eps.size() - 1).totalSteps()),
                result.bestMeanReturn(), result.seconds());
        writeFiles(dir, config, result);
        w.println("wrote " + dir.resolve("learning-curve.png") + ", dormant-units.png, episodes.csv and policy/");
        if (render) {
            renderEpisode(w, result);
        }
        return 0;
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }

    private void writeFiles(Path dir, DqnConfig config, Dqn.Result result) throws IOException {
        List<Dqn.Episode> eps = result.episodes();
        StringBuilder csv = new StringBuilder("episode,total_steps,return,length,epsilon,mean_return_100,dead_fraction,dormant_fraction,mean_loss,revived_units\n");
        double[] x = new double[eps.size()], ret = new double[eps.size()], mean = new double[eps.size()];
        double[] dead = new double[eps.size()], dormant = new double[eps.size()];
        for (int i = 0; i < eps.size(); i++) {
            Dqn.Episode e = eps.get(i);
            csv.append(String.format(Locale.ROOT, "%d,%d,%.1f,%d,%.4f,%.2f,%s,%s,%s,%d%n", e.number(), e.totalSteps(), e.episodeReturn(),
                    e.length(), e.epsilon(), e.meanReturn(), number(e.deadFraction()), number(e.dormantFraction()), number(e.meanLoss()),
                    e.revivedUnits()));
            x[i] = e.number();
            ret[i] = e.episodeReturn();
            mean[i] = e.meanReturn();
            dead[i] = e.deadFraction();
            dormant[i] = e.dormantFraction();
        }
        AtomicFiles.write(dir.resolve("episodes.csv"), o -> o.write(csv.toString().getBytes(StandardCharsets.UTF_8)));
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("return", ret);
        series.put("mean of the last 100", mean);
        XYChart chart = Charts.perEpoch("DQN on CartPole-v1, " + config.activation() + ", seed " + config.seed(), "return", x, series);
        chart.setXAxisTitle("episode");
        chart.getStyler().setMarkerSize(0); // hundreds of episodes: lines, no markers
        Figures.save(dir, "learning-curve", chart);
        Map<String, double[]> units = new LinkedHashMap<>();
        units.put("dead (output 0 on every probed state)", dead);
        units.put("dormant (score <= " + config.dormantTau() + ", Sokar et al. 2023)", dormant);
        XYChart unitChart = Charts.perEpoch("Hidden units of the Q-network, " + config.activation(), "fraction of hidden units", x, units);
        unitChart.setXAxisTitle("episode");
        unitChart.getStyler().setMarkerSize(0);
        Figures.save(dir, "dormant-units", unitChart);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("task", "CartPole-v1");
        metadata.put("algorithm", "DQN");
        metadata.put("activation", config.activation());
        metadata.put("seed", config.seed());
        metadata.put("solved", result.solved());
        new GreedyPolicy(result.policy(), 4).save(dir.resolve("policy"), metadata);
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    /** A greedy episode of the trained policy, every 25th frame and the last, as text. */
    private void renderEpisode(PrintWriter w, Dqn.Result result) {
        List<String> frames = new ArrayList<>();
        double total = new GreedyPolicy(result.policy(), 4).episode(new CartPole(), new java.util.SplittableRandom(seed + 1000), frames::add);
        for (int i = 0; i < frames.size(); i++) {
            if (i % 25 == 0 || i == frames.size() - 1) {
                w.println(frames.get(i));
                w.println();
            }
        }
        w.printf(Locale.ROOT, "greedy episode: return %.0f (%d steps)%n", total, frames.size() - 1);
    }
}
