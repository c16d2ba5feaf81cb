package dev.rectifier.rl;

import dev.rectifier.diagnostics.ActivationProbe;
import dev.rectifier.diagnostics.Revive;
import dev.rectifier.diagnostics.UnitStats;
import dev.rectifier.kernels.Parallelism;
import dev.rectifier.loss.Huber;
import dev.rectifier.nn.Context;
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
 * optionally, Double DQN targets (van Hasselt et al. 2016). Dormant units of the Q-network are
 * measured on a probe of replayed states every few episodes, and ReDo can recycle them.
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
     * One finished episode: its return and length, the step count so far, the exploration rate,
     * the mean return of the last {@code solveWindow} episodes, the latest dormant fraction of the
     * hidden units, the mean loss of the episode's gradient steps, and any ReDo message.
     */
    public record Episode(int number, long totalSteps, double episodeReturn, int length, double epsilon, double meanReturn,
                          double dormantFraction, double meanLoss, String revived) {}

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

    /** The Q-network architecture for this environment. */
    public Sequential newNetwork(SplittableRandom random) {
        return Networks.mlp(env.observationSize(), config.hidden(), env.actions(), config.activation(), random);
    }

    /** Trains until solved or out of steps. */
    public Result train(Listener listener) {
        SplittableRandom root = new SplittableRandom(config.seed());
        SplittableRandom init = root.split(), envRandom = root.split(), explore = root.split(), replay = root.split(),
                reviveRandom = root.split();
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
        int[] a = new int[batch];
        boolean[] term = new boolean[batch];
        Tensor states = Tensor.of(s, batch, obsSize), nextStates = Tensor.of(s2, batch, obsSize);
        Tensor predicted = Tensor.zeros(batch), targets = Tensor.zeros(batch), gradQ = Tensor.zeros(batch, actions);
        int[] bestNext = new int[batch];
        Context trainCtx = Context.train(parallelism), evalCtx = Context.eval(parallelism);

        List<Episode> episodes = new ArrayList<>();
        double[] window = new double[config.solveWindow()];
        double windowSum = 0;
        double dormant = Double.NaN;
        long gradientSteps = 0;
        long start = System.nanoTime();
        env.reset(envRandom, obs);
        double episodeReturn = 0, lossSum = 0;
        int length = 0, lossCount = 0;
        String revived = "";
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
            buffer.add(obs, action, outcome.reward(), next, outcome.terminated());
            episodeReturn += outcome.reward();
            length++;
            System.arraycopy(next, 0, obs, 0, obsSize);

            if (step >= config.learningStarts() && (step + 1) % config.trainEvery() == 0 && buffer.size() >= batch) {
                for (int update = 0; update < config.gradientSteps(); update++) {
                    buffer.sample(replay, batch, s, a, r, s2, term);
                    // Targets first: the forward passes below reuse the layers' output buffers.
                    if (config.doubleDqn()) {
                        Tensor qOnline = online.forward(nextStates, evalCtx);
                        for (int i = 0; i < batch; i++) {
                            bestNext[i] = argmax(qOnline, i);
                        }
                    }
                    Tensor qTarget = target.forward(nextStates, evalCtx);
                    for (int i = 0; i < batch; i++) {
                        int choice = config.doubleDqn() ? bestNext[i] : argmax(qTarget, i);
                        float bootstrap = term[i] ? 0f : qTarget.get(i, choice);
                        targets.data()[i] = (float) (r[i] + config.gamma() * bootstrap);
                    }
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
                        List<UnitStats> stats = ActivationProbe.measure(online, probe(buffer, replay, obsSize), 256, parallelism);
                        Revive.Result res = Revive.revive(online, stats, adam, reviveRandom);
                        if (res.units() > 0) {
                            revived = res.description();
                        }
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
                if (number % config.probeEvery() == 0 && buffer.size() > 0) {
                    dormant = dormantFraction(ActivationProbe.measure(online, probe(buffer, replay, obsSize), 256, parallelism));
                }
                Episode e = new Episode(number, step + 1, episodeReturn, length, eps, mean, dormant,
                        lossCount == 0 ? Double.NaN : lossSum / lossCount, revived);
                episodes.add(e);
                if (listener != null) {
                    listener.onEpisode(e);
                }
                if (number >= window.length && mean >= config.solveReturn()) {
                    solvedAt = number;
                    solvedStep = step + 1;
                    break;
                }
                env.reset(envRandom, obs);
                episodeReturn = 0;
                length = 0;
                lossSum = 0;
                lossCount = 0;
                revived = "";
            }
        }
        return new Result(episodes, solvedAt > 0, solvedAt, solvedStep, (System.nanoTime() - start) / 1e9, online);
    }

    /** Fraction of all hidden units that are dead on the probe. */
    static double dormantFraction(List<UnitStats> stats) {
        int dead = 0, units = 0;
        for (UnitStats u : stats) {
            dead += u.dead();
            units += u.units();
        }
        return units == 0 ? 0 : (double) dead / units;
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

    /** Greedy episodes with the trained policy: their returns. */
    public static double[] evaluate(Sequential policy, Environment env, int episodes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] obs = new float[env.observationSize()];
        Tensor single = Tensor.zeros(1, env.observationSize());
        Context eval = Context.eval(Parallelism.serial());
        double[] returns = new double[episodes];
        for (int e = 0; e < episodes; e++) {
            env.reset(random, obs);
            double total = 0;
            Environment.Step st;
            do {
                System.arraycopy(obs, 0, single.data(), 0, obs.length);
                st = env.step(argmax(policy.forward(single, eval), 0), obs);
                total += st.reward();
            } while (!st.done());
            returns[e] = total;
        }
        return returns;
    }
}
