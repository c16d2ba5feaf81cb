package dev.rectifier.rl;

import java.util.Objects;

/**
 * Settings of a deep Q-learning run. {@link #cartPole} gives settings for CartPole-v1 close to
 * the tuned ones of RL Baselines3 Zoo: a 2 x 256 ReLU Q-network, Adam at 2.3e-3, batch 64,
 * 100,000-transition replay, learning from step 1,000, 128 gradient steps after every 256
 * environment steps, a hard target copy every 10 environment steps, epsilon from 1 to 0.04 over the
 * first 16,000 steps, Huber loss, gradient norm clipped at 10, gamma 0.99.
 *
 * @param hidden             sizes of the hidden layers
 * @param activation         the hidden layers' activation spec (kernels' syntax)
 * @param learningRate       Adam's step size
 * @param gamma              discount factor
 * @param batchSize          transitions per gradient step
 * @param bufferSize         replay capacity
 * @param learningStarts     environment steps before the first gradient step
 * @param trainEvery         environment steps between training phases
 * @param gradientSteps      gradient steps per training phase
 * @param epsilonStart       exploration rate at step 0
 * @param epsilonEnd         exploration rate after the decay
 * @param epsilonDecaySteps  steps of linear decay
 * @param tau                soft target update rate per gradient step (1: hard copies instead)
 * @param targetEvery        environment steps between hard target copies (used when tau = 1)
 * @param doubleDqn          choose the next action with the online network (van Hasselt et al. 2016)
 * @param clipNorm           gradient norm limit (0: none)
 * @param maxSteps           environment step budget
 * @param solveReturn        mean return over the last {@code solveWindow} episodes that counts as solved
 * @param solveWindow        episodes in the solve window
 * @param reviveEvery        gradient steps between ReDo passes (0: never)
 * @param probeEvery         episodes between dormant-unit measurements
 * @param seed               seeds the network, the environment, exploration and replay sampling
 */
public record DqnConfig(int[] hidden, String activation, double learningRate, double gamma, int batchSize, int bufferSize,
                        int learningStarts, int trainEvery, int gradientSteps, double epsilonStart, double epsilonEnd, int epsilonDecaySteps,
                        double tau, int targetEvery, boolean doubleDqn, double clipNorm, int maxSteps, double solveReturn,
                        int solveWindow, int reviveEvery, int probeEvery, long seed) {

    public DqnConfig {
        Objects.requireNonNull(activation, "activation is null");
        hidden = hidden.clone();
        for (int h : hidden) {
            if (h < 1) {
                throw new IllegalArgumentException("hidden layer size " + h + " must be at least 1");
            }
        }
        if (!(gamma >= 0 && gamma <= 1)) {
            throw new IllegalArgumentException("gamma=" + gamma + " must be in [0, 1]");
        }
        if (batchSize < 1 || bufferSize < batchSize || trainEvery < 1 || gradientSteps < 1 || targetEvery < 1 || maxSteps < 1 || solveWindow < 1
                || probeEvery < 1 || reviveEvery < 0 || learningStarts < 0 || epsilonDecaySteps < 0) {
            throw new IllegalArgumentException("DQN settings out of range: batch=" + batchSize + ", buffer=" + bufferSize
                    + ", trainEvery=" + trainEvery + ", targetEvery=" + targetEvery + ", maxSteps=" + maxSteps);
        }
        if (!(tau > 0 && tau <= 1)) {
            throw new IllegalArgumentException("tau=" + tau + " must be in (0, 1]");
        }
        if (!(epsilonStart >= 0 && epsilonStart <= 1 && epsilonEnd >= 0 && epsilonEnd <= 1)) {
            throw new IllegalArgumentException("epsilon start/end " + epsilonStart + "/" + epsilonEnd + " must be in [0, 1]");
        }
    }

    /** The defaults for CartPole-v1 with the given activation and seed. */
    public static DqnConfig cartPole(String activation, long seed) {
        return new DqnConfig(new int[] {256, 256}, activation, 2.3e-3, 0.99, 64, 100_000, 1_000, 256, 128, 1.0, 0.04, 16_000,
                1.0, 10, false, 10.0, 100_000, 475, 100, 0, 10, seed);
    }

    public DqnConfig withMaxSteps(int steps) {
        return new DqnConfig(hidden, activation, learningRate, gamma, batchSize, bufferSize, learningStarts, trainEvery,
                gradientSteps, epsilonStart, epsilonEnd, epsilonDecaySteps, tau, targetEvery, doubleDqn, clipNorm, steps, solveReturn,
                solveWindow, reviveEvery, probeEvery, seed);
    }

    public DqnConfig withRevive(int every) {
        return new DqnConfig(hidden, activation, learningRate, gamma, batchSize, bufferSize, learningStarts, trainEvery,
                gradientSteps, epsilonStart, epsilonEnd, epsilonDecaySteps, tau, targetEvery, doubleDqn, clipNorm, maxSteps, solveReturn,
                solveWindow, every, probeEvery, seed);
    }

    /** Exploration rate after {@code step} environment steps: linear decay, then constant. */
    public double epsilon(long step) {
        if (epsilonDecaySteps == 0 || step >= epsilonDecaySteps) {
            return epsilonEnd;
        }
        return epsilonStart + (epsilonEnd - epsilonStart) * step / epsilonDecaySteps;
    }
}
