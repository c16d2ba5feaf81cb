package dev.rectifier.rl;

import dev.rectifier.kernels.Parallelism;
import dev.rectifier.loss.Huber;
import dev.rectifier.init.Init;
import dev.rectifier.nn.Context;
import dev.rectifier.nn.Dense;
import dev.rectifier.nn.Layer;
import dev.rectifier.nn.Networks;
import dev.rectifier.nn.Parameter;
import dev.rectifier.nn.Sequential;
import dev.rectifier.optim.Adam;
import dev.rectifier.optim.Gradients;
import dev.rectifier.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Deep Q-learning (Mnih et al. 2015) with a rectifier MLP: epsilon-greedy exploration with a
 * linear schedule, experience replay, a target network updated softly (Polyak averaging with rate
 * tau after every gradient step) or by hard copies (tau = 1, every {@code targetEvery} environment
 * steps, as Stable-Baselines3 counts them), the Huber loss on the taken actions' Q-values, Adam, gradient-norm clipping and,
 * optionally, Double DQN targets (van Hasselt et al. 2016) and n-step returns. Dead and dormant
 * units of the Q-network ({@link Dormancy}) are measured on a probe of replayed states every few
 * episodes, and ReDo can recycle the dormant ones every few gradient steps.
 *
 * <p>Everything random (network initialisation, environment resets, exploration, replay
 * sampling, re-initialisation) comes from generators split off one seeded generator, and the
 * network runs on one thread, so a run replays exactly for a given seed.
 */
public final class Dqn {
    /** Called at the end of every episode. */
    public interface Listener {
        void onEpisode(Episode episode);
    }

    /**
     * One finished episode.
     *
     * @param number            1-based episode number
     * @param totalSteps        environment steps so far, this episode's included
     * @param episodeReturn     the undiscounted return
     * @param length            steps in the episode
     * @param epsilon           the exploration rate at its last step
     * @param meanReturn        mean return of the last {@code solveWindow} episodes (fewer at the start)
     * @param deadFraction      fraction of all hidden units that were 0 on every state of a probe of
     *                          512 replayed states, at the latest measurement (every {@code probeEvery}
     *                          episodes; NaN before the first)
     * @param dormantFraction   fraction of hidden units that were tau-dormant on that probe
     *                          ({@link Dormancy}, tau = {@link DqnConfig#dormantTau})
     * @param meanLoss          mean Huber loss of the gradient steps taken during the episode (NaN if none)
     * @param revivedUnits      units ReDo re-initialised during the episode
     */
    public record Episode(int number, long totalSteps, double episodeReturn, int length, double epsilon, double meanReturn,
                          double deadFraction, double dormantFraction, double meanLoss, int revivedUnits) {}

    /** The run's outcome. */
    public record Result(List<Episode> episodes, boolean solved, int solvedAtEpisode, long solvedAtStep, double seconds,
                         Sequential policy) {
        /** Best mean return over a full window, or the mean of all episodes if fewer. */
        public double bestMeanReturn() {
            double best = Double.NEGATIVE_INFINITY;
            for (Episode e : episodes) {
                best = Math.max(best, e.meanReturn());
            }
            return best;
        }
    }

    private final DqnConfig config;
    private final Environment env;
    private final Parallelism parallelism = Parallelism.serial();

    public Dqn(DqnConfig config, Environment env) {
        this.config = Objects.requireNonNull(config, "config is null");
        this.env = Objects.requireNonNull(env, "environment is null");
    }

    /**
     * The Q-network for this environment: {@link Networks#mlp} with the configured hidden layers
     * and activation and a linear output of one Q-value per action, initialised as
     * {@link DqnConfig#init} says.
     */
    public Sequential newNetwork(SplittableRandom random) {
        return newNetwork(config, env.observationSize(), env.actions(), random);
    }

    /** The Q-network for {@code observations} inputs and {@code actions} outputs. */
    public static Sequential newNetwork(DqnConfig config, int observations, int actions, SplittableRandom random) {
        boolean torch = config.init().equals(DqnConfig.TORCH_INIT);
        Init init = torch ? Init.parse(TORCH_WEIGHTS) : config.init().equals("default") ? null : Init.parse(config.init());
        SplittableRandom biasRandom = random.split();
        Sequential net = Networks.mlp(observations, config.hidden(), actions, config.activation(), init, random);
        if (torch) {
            // nn.Linear.reset_parameters: bias ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
            for (Layer layer : net.leaves()) {
                if (layer instanceof Dense d && d.bias() != null) {
                    Init.parse("uniform(bound=" + 1 / Math.sqrt(d.in()) + ")").fill(d.bias().value(), 0, d.out(), d.in(), d.out(), biasRandom);
                }
            }
        }
        return net;
    }

    /** kaiming_uniform(a = sqrt(5)): bound = sqrt(2 / (1 + 5)) * sqrt(3 / fan_in) = 1 / sqrt(fan_in). */
    static final String TORCH_WEIGHTS = "kaiming_uniform(nonlinearity=leaky_relu,a=" + Math.sqrt(5) + ")";

    /** Trains until solved or out of steps. */
    public Result train(Listener listener) {
        return train(listener, Integer.MAX_VALUE);
    }

    /** Trains until solved, out of steps, or {@code maxEpisodes} episodes have ended. */
    public Result train(Listener listener, int maxEpisodes) {
        if (maxEpisodes < 1) {
            throw new IllegalArgumentException("maxEpisodes=" + maxEpisodes + " but it must be at least 1");
        }
        SplittableRandom root = new SplittableRandom(config.seed());
        SplittableRandom init = root.split(), envRandom = root.split(), explore = root.split(), replay = root.split(),
                reviveRandom = root.split(), probeRandom = root.split();
        Sequential online = newNetwork(init);
        Sequential target = newNetwork(new SplittableRandom(0));
        copy(online, target, 1.0);
        List<Parameter> params = online.parameters();
        Adam adam = new Adam(params, config.learningRate());
        Huber huber = new Huber(1.0);
        ReplayBuffer buffer = new ReplayBuffer(config.bufferSize(), env.observationSize());

        int obsSize = env.observationSize(), actions = env.actions(), batch = config.batchSize();
        float[] obs = new float[obsSize], next = new float[obsSize];
        Tensor single = Tensor.zeros(1, obsSize);
        float[] s = new float[batch * obsSize], s2 = new float[batch * obsSize], r = new float[batch];
        int[] a = new int[batch], horizons = new int[batch];
        boolean[] term = new boolean[batch];
        NStep nStep = new NStep(config.nStep(), obsSize, config.gamma());
        Tensor states = Tensor.of(s, batch, obsSize), nextStates = Tensor.of(s2, batch, obsSize);
        Tensor predicted = Tensor.zeros(batch), targets = Tensor.zeros(batch), gradQ = Tensor.zeros(batch, actions);
        Tensor qNextOnline = config.doubleDqn() ? Tensor.zeros(batch, actions) : null;
        Context trainCtx = Context.train(parallelism), evalCtx = Context.eval(parallelism);

        List<Episode> episodes = new ArrayList<>();
        double[] window = new double[config.solveWindow()];
        double windowSum = 0;
        double dead = Double.NaN, dormant = Double.NaN;
        long gradientSteps = 0;
        long start = System.nanoTime();
        env.reset(envRandom, obs);
        double episodeReturn = 0, lossSum = 0;
        int length = 0, lossCount = 0, revivedUnits = 0;
        int solvedAt = -1;
        long solvedStep = -1;
        for (long step = 0; step < config.maxSteps(); step++) {
            double eps = config.epsilon(step);
            int action;
            if (explore.nextDouble() < eps) {
                action = explore.nextInt(actions);
            } else {
                System.arraycopy(obs, 0, single.data(), 0, obsSize);
                action = argmax(online.forward(single, evalCtx), 0);
            }
            Environment.Step outcome = env.step(action, next);
            // Only a true terminal state stops bootstrapping; the time limit is not part of the state.
            nStep.add(obs, action, outcome.reward(), next, outcome.terminated(), outcome.done(), buffer);
            episodeReturn += outcome.reward();
            length++;
            System.arraycopy(next, 0, obs, 0, obsSize);

            if (step >= config.learningStarts() && (step + 1) % config.trainEvery() == 0 && buffer.size() >= batch) {
                adam.setLearningRate(config.learningRate(step));
                for (int update = 0; update < config.gradientSteps(); update++) {
                    buffer.sample(replay, batch, s, a, r, s2, term, horizons);
                    // Targets first, each network's output consumed before its next forward: layers reuse their output buffers.
                    if (qNextOnline != null) {
                        qNextOnline.copyFrom(online.forward(nextStates, evalCtx));
                    }
                    tdTargets(r, term, horizons, target.forward(nextStates, evalCtx), qNextOnline, config.gamma(), targets.data());
                    adam.zeroGrad();
                    Tensor q = online.forward(states, trainCtx);
                    for (int i = 0; i < batch; i++) {
                        predicted.data()[i] = q.get(i, a[i]);
                    }
                    lossSum += huber.forward(predicted, targets);
                    lossCount++;
                    Tensor g = huber.backward();
                    gradQ.fill(0f);
                    for (int i = 0; i < batch; i++) {
                        gradQ.data()[i * actions + a[i]] = g.data()[i];
                    }
                    online.backwardParametersOnly(gradQ);
                    if (config.clipNorm() > 0) {
                        Gradients.clipNorm(params, config.clipNorm());
                    }
                    adam.step();
                    gradientSteps++;
                    if (config.tau() < 1) {
                        copy(online, target, config.tau());
                    }
                    if (config.reviveEvery() > 0 && gradientSteps % config.reviveEvery() == 0) {
                        revivedUnits += Dormancy.measure(online, probe(buffer, probeRandom, obsSize), config.reviveTau(), parallelism)
                                .revive(adam, reviveRandom);
                    }
                }
            }

            if (config.tau() == 1 && (step + 1) % config.targetEvery() == 0) {
                copy(online, target, 1.0);
            }

            if (outcome.done()) {
                int number = episodes.size() + 1;
                windowSum += episodeReturn - window[(number - 1) % window.length];
                window[(number - 1) % window.length] = episodeReturn;
                double mean = windowSum / Math.min(number, window.length);
                if (number % config.probeEvery() == 0) {
                    Dormancy d = Dormancy.measure(online, probe(buffer, probeRandom, obsSize), config.dormantTau(), parallelism);
                    dead = d.deadFraction();
                    dormant = d.dormantFraction();
                }
                Episode e = new Episode(number, step + 1, episodeReturn, length, eps, mean, dead, dormant,
                        lossCount == 0 ? Double.NaN : lossSum / lossCount, revivedUnits);
                episodes.add(e);
                if (listener != null) {
                    listener.onEpisode(e);
                }
                if (number >= window.length && mean >= config.solveReturn()) {
                    solvedAt = number;
                    solvedStep = step + 1;
                    break;
                }
                if (number >= maxEpisodes) {
                    break;
                }
                env.reset(envRandom, obs);
                episodeReturn = 0;
                length = 0;
                lossSum = 0;
                lossCount = 0;
                revivedUnits = 0;
            }
        }
        return new Result(episodes, solvedAt > 0, solvedAt, solvedStep, (System.nanoTime() - start) / 1e9, online);
    }

    /**
     * Q-learning targets {@code y_i = r_i + gamma^n_i (1 - terminal_i) Q_target(s'_i, a*_i)}
     * (n_i = 1 for one-step transitions) with {@code a*_i = argmax_a Q_target(s'_i, a)} (DQN), or {@code argmax_a Q_online(s'_i, a)}
     * when {@code qNextOnline} is given (Double DQN: the online network chooses, the target
     * network evaluates, which removes the max operator's upward bias).
     *
     * @param horizons    rewards summed into each r_i (n-step), or null for all 1
     * @param qNextTarget the target network's Q-values of the next states, [batch, actions]
     * @param qNextOnline the online network's Q-values of the next states, or null for plain DQN
     * @param out         receives the batch's targets
     */
    public static void tdTargets(float[] rewards, boolean[] terminal, int[] horizons, Tensor qNextTarget, Tensor qNextOnline,
                                 double gamma, float[] out) {
        int batch = qNextTarget.dim(0);
        if (rewards.length < batch || terminal.length < batch || out.length < batch || horizons != null && horizons.length < batch) {
            throw new IllegalArgumentException("batch=" + batch + " but rewards=" + rewards.length + ", terminal=" + terminal.length
                    + ", out=" + out.length);
        }
        if (qNextOnline != null && !qNextOnline.sameShape(qNextTarget)) {
            throw new IllegalArgumentException("online Q " + Tensor.format(qNextOnline.shape()) + " but target Q "
                    + Tensor.format(qNextTarget.shape()));
        }
        for (int i = 0; i < batch; i++) {
            int choice = argmax(qNextOnline != null ? qNextOnline : qNextTarget, i);
            double bootstrap = terminal[i] ? 0 : qNextTarget.get(i, choice);
            double discount = horizons == null || horizons[i] == 1 ? gamma : Math.pow(gamma, horizons[i]);
            out[i] = (float) (rewards[i] + discount * bootstrap);
        }
    }

    /** Up to 512 states drawn from the replay buffer. */
    private static Tensor probe(ReplayBuffer buffer, SplittableRandom random, int obsSize) {
        int n = Math.min(512, buffer.size());
        Tensor t = Tensor.zeros(n, obsSize);
        for (int i = 0; i < n; i++) {
            buffer.state(random.nextInt(buffer.size()), t.data(), i * obsSize);
        }
        return t;
    }

    static int argmax(Tensor q, int row) {
        int c = q.dim(1);
        float[] d = q.data();
        int base = q.offset() + row * c;
        int best = 0;
        for (int j = 1; j < c; j++) {
            if (d[base + j] > d[base + best]) {
                best = j;
            }
        }
        return best;
    }

    /** target = tau * online + (1 - tau) * target, parameter by parameter (tau = 1: a copy). */
    static void copy(Sequential online, Sequential target, double tau) {
        List<Parameter> from = online.parameters(), to = target.parameters();
        float t = (float) tau, keep = (float) (1 - tau);
        for (int k = 0; k < from.size(); k++) {
            float[] src = from.get(k).value().data(), dst = to.get(k).value().data();
            int so = from.get(k).value().offset(), d = to.get(k).value().offset();
            for (int i = 0; i < from.get(k).size(); i++) {
                dst[d + i] = tau == 1.0 ? src[so + i] : t * src[so + i] + keep * dst[d + i];
            }
        }
    }

    /** Greedy episodes with the trained policy: their returns (see {@link GreedyPolicy#evaluate}). */
    public static double[] evaluate(Sequential policy, Environment env, int episodes, long seed) {
        return new GreedyPolicy(policy, env.observationSize()).evaluate(env, episodes, seed);
    }
}
