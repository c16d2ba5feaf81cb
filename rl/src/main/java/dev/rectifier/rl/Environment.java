package dev.rectifier.rl;

import java.util.SplittableRandom;

/**
 * An episodic task with a fixed-size float observation and a discrete set of actions, in the
 * style of Gymnasium's {@code Env}: {@link #reset} starts an episode, {@link #step} advances it.
 * Implementations are seeded through the generator passed to reset, so episodes replay exactly.
 */
public interface Environment {
    /** Length of an observation vector. */
    int observationSize();

    /** Number of discrete actions, numbered 0 .. actions() - 1. */
    int actions();

    /** Starts an episode and writes the first observation into {@code observation}. */
    void reset(SplittableRandom random, float[] observation);

    /**
     * Applies {@code action}, writes the next observation, and says what happened.
     *
     * @throws IllegalArgumentException if the action is out of range
     * @throws IllegalStateException    if the episode has already ended
     */
    Step step(int action, float[] observation);

    /** A one-screen text picture of the current state (for {@code --render}). */
    String render();

    /**
     * The outcome of one step: the reward, whether the episode reached a terminal state (no
     * bootstrapping past it) or was cut off by a time limit (bootstrapping continues).
     */
    record Step(double reward, boolean terminated, boolean truncated) {
        public boolean done() {
            return terminated || truncated;
        }
    }
}
