package dev.rectifier.rl;

import java.util.SplittableRandom;

/**
 * Experience replay (Mnih et al. 2015): a fixed-capacity ring of transitions
 * (s, a, r, s', terminated) held in flat arrays; once full, each new transition replaces the
 * oldest. Sampling is uniform with replacement from a seeded generator.
 */
public final class ReplayBuffer {
    private final int capacity;
    private final int observationSize;
    private final float[] states;
    private final float[] nextStates;
    private final int[] actions;
    private final float[] rewards;
    private final boolean[] terminated;
    private int next;
    private int size;

    public ReplayBuffer(int capacity, int observationSize) {
        if (capacity < 1 || observationSize < 1) {
            throw new IllegalArgumentException("replay buffer needs capacity >= 1 and observation size >= 1, got "
                    + capacity + " and " + observationSize);
        }
        this.capacity = capacity;
        this.observationSize = observationSize;
        this.states = new float[capacity * observationSize];
        this.nextStates = new float[capacity * observationSize];
        this.actions = new int[capacity];
        this.rewards = new float[capacity];
        this.terminated = new boolean[capacity];
    }

    /** Stores a transition, overwriting the oldest when full. */
    public void add(float[] state, int action, double reward, float[] nextState, boolean isTerminal) {
        System.arraycopy(state, 0, states, next * observationSize, observationSize);
        System.arraycopy(nextState, 0, nextStates, next * observationSize, observationSize);
        actions[next] = action;
        rewards[next] = (float) reward;
        terminated[next] = isTerminal;
        next = (next + 1) % capacity;
        size = Math.min(size + 1, capacity);
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    /**
     * Copies {@code count} uniformly drawn transitions into the given arrays (states and next
     * states as [count, observationSize] rows).
     *
     * @throws IllegalStateException when the buffer is empty
     */
    public void sample(SplittableRandom random, int count, float[] s, int[] a, float[] r, float[] s2, boolean[] term) {
        if (size == 0) {
            throw new IllegalStateException("cannot sample from an empty replay buffer");
        }
        for (int i = 0; i < count; i++) {
            int j = random.nextInt(size);
            System.arraycopy(states, j * observationSize, s, i * observationSize, observationSize);
            System.arraycopy(nextStates, j * observationSize, s2, i * observationSize, observationSize);
            a[i] = actions[j];
            r[i] = rewards[j];
            term[i] = terminated[j];
        }
    }

    /** The stored state of transition {@code index} in insertion order modulo capacity (tests, probes). */
    public void state(int index, float[] out, int outOff) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("index " + index + " outside [0, " + size + ")");
        }
        System.arraycopy(states, index * observationSize, out, outOff, observationSize);
    }
}
