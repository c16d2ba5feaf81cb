package dev.rectifier.rl;

import dev.rectifier.io.ModelFile;
import dev.rectifier.kernels.Parallelism;
import dev.rectifier.nn.Context;
import dev.rectifier.nn.Sequential;
import dev.rectifier.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The greedy policy of a trained Q-network, {@code pi(s) = argmax_a Q(s, a)} (ties to the lowest
 * action): plays episodes, renders them, and saves or loads the network with {@link ModelFile}.
 * The network runs in evaluation mode on one thread; a policy is not thread-safe, since the
 * network's layers reuse their output buffers.
 */
public final class GreedyPolicy {
    private final Sequential network;
    private final int observationSize;
    private final Tensor single;
    private final Context eval = Context.eval(Parallelism.serial());

    /**
     * @param network         maps a [1, observationSize] observation to one Q-value per action
     * @param observationSize length of an observation
     */
    public GreedyPolicy(Sequential network, int observationSize) {
        this.network = Objects.requireNonNull(network, "network is null");
        if (observationSize < 1) {
            throw new IllegalArgumentException("observationSize=" + observationSize + " must be at least 1");
        }
        this.observationSize = observationSize;
        this.single = Tensor.zeros(1, observationSize);
        network.outputShape(new int[] {observationSize}); // fails now, naming the layer, if the sizes disagree
    }

    public Sequential network() {
        return network;
    }

    /** The action with the largest Q-value for {@code observation}. */
    public int act(float[] observation) {
        if (observation.length != observationSize) {
            throw new IllegalArgumentException("observation.length=" + observation.length + " but the policy takes " + observationSize);
        }
        System.arraycopy(observation, 0, single.data(), 0, observationSize);
        return Dqn.argmax(network.forward(single, eval), 0);
    }

    /**
     * Plays one greedy episode from a reset drawn from {@code random}, passing {@code frames} the
     * environment's picture before the first step and after every step (null: no pictures).
     *
     * @return the episode's return
     */
    public double episode(Environment env, SplittableRandom random, Consumer<String> frames) {
        requireMatches(env);
        float[] obs = new float[observationSize];
        env.reset(random, obs);
        if (frames != null) {
            frames.accept(env.render());
        }
        double total = 0;
        Environment.Step step;
        do {
            step = env.step(act(obs), obs);
            total += step.reward();
            if (frames != null) {
                frames.accept(env.render());
            }
        } while (!step.done());
        return total;
    }

    /** The returns of {@code episodes} greedy episodes, their resets drawn from {@code seed}. */
    public double[] evaluate(Environment env, int episodes, long seed) {
        if (episodes < 0) {
            throw new IllegalArgumentException("episodes=" + episodes + " must be >= 0");
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] returns = new double[episodes];
        for (int e = 0; e < episodes; e++) {
            returns[e] = episode(env, random, null);
        }
        return returns;
    }

    /**
     * Saves the network to {@code directory} ({@code model.json} + {@code model.safetensors}),
     * with {@code metadata} (e.g. the training settings and result) kept beside it.
     */
    public void save(Path directory, Map<String, Object> metadata) throws IOException {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("policy", "greedy argmax of Q-values");
        if (metadata != null) {
            meta.putAll(metadata);
        }
        ModelFile.save(directory, network, new int[] {observationSize}, meta);
    }

    /** Loads a policy saved by {@link #save}. */
    public static GreedyPolicy load(Path path) throws IOException {
        ModelFile.Loaded loaded = ModelFile.load(path);
        int[] shape = loaded.inputShape();
        if (shape.length != 1) {
            throw new IllegalArgumentException("a policy takes flat observations, but " + path + " has input shape "
                    + Tensor.format(shape));
        }
        return new GreedyPolicy(loaded.model(), shape[0]);
    }

    private void requireMatches(Environment env) {
        if (env.observationSize() != observationSize) {
            throw new IllegalArgumentException("environment observations have " + env.observationSize()
                    + " values but the policy takes " + observationSize);
        }
    }
}
