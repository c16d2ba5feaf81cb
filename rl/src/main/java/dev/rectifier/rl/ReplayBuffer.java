package dev.rectifier.rl;

import java.util.SplittableRandom;

/**
 * Experience replay (Mnih et al. 2015): a fixed-capacity ring of transitions
 * (s, a, r, s', terminated, n) held in flat arrays; once full, each new transition replaces the
 * oldest. Sampling is uniform with replacement from a seeded generator.
 *
 * <p>{@code n} is the number of rewards summed into r: 1 for a one-step transition, more for an
 * n-step one (r = r_t + gamma r_{t+1} + ... + gamma^{n-1} r_{t+n-1}, s' = s_{t+n}), whose
 * bootstrap is then discounted by gamma^n.
 */
public final class ReplayBuffer {
    private final int capacity;
    private final int observationSize;
    private final float[] states;
    private final float[] nextStates;
    private final int[] actions;
    private final float[] rewards;
    private final boolean[] terminated;
    private final int[] horizons;
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
        this.horizons = new int[capacity];
    }

    /** Stores a one-step transition, overwriting the oldest when full. */
    public void add(float[] state, int action, double reward, float[] nextState, boolean isTerminal) {
        add(state, action, reward, nextState, isTerminal, 1);
    }

    /** Stores a transition whose reward sums {@code horizon} discounted rewards. */
    public void add(float[] state, int action, double reward, float[] nextState, boolean isTerminal, int horizon) {
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon=" + horizon + " must be at least 1");
        }
        System.arraycopy(state, 0, states, next * observationSize, observationSize);
        System.arraycopy(nextState, 0, nextStates, next * observationSize, observationSize);
        actions[next] = action;
        rewards[next] = (float) reward;
        terminated[next] = isTerminal;
        horizons[next] = horizon;
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
        sample(random, count, s, a, r, s2, term, null);
    }

    /** As above, also copying each transition's horizon into {@code n} (when not null). */
    public void sample(SplittableRandom random, int count, float[] s, int[] a, float[] r, float[] s2, boolean[] term, int[] n) {
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
            if (n != null) {
                n[i] = horizons[j];
            }
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
