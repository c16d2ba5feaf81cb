package dev.rectifier.rl;

/**
 * Turns the one-step transitions of an episode into n-step ones for the replay buffer (Sutton
 * 1988; Hessel et al. 2018 use n = 3 in Rainbow): the transition from s_t carries
 * {@code r_t + gamma r_{t+1} + ... + gamma^{k-1} r_{t+k-1}} and the state s_{t+k}, with k = n, or
 * fewer at the end of an episode. A terminal end stops the bootstrap; a truncated one (time
 * limit) keeps it. With n = 1 it stores exactly the one-step transitions.
 */
final class NStep {
    private final int n;
    private final int observationSize;
    private final double gamma;
    private final float[] states;
    private final int[] actions;
    private final double[] rewards;
    private final float[] scratch;
    private int first;
    private int count;

    NStep(int n, int observationSize, double gamma) {
        if (n < 1) {
            throw new IllegalArgumentException("n-step horizon n=" + n + " must be at least 1");
        }
        this.n = n;
        this.observationSize = observationSize;
        this.gamma = gamma;
        this.states = new float[n * observationSize];
        this.actions = new int[n];
        this.rewards = new double[n];
        this.scratch = new float[observationSize];
    }

    /**
     * Adds the step (state, action, reward) that led to {@code next}, storing every transition
     * that is now complete; at the end of an episode ({@code done}) it stores the rest and
     * starts afresh.
     */
    void add(float[] state, int action, double reward, float[] next, boolean terminated, boolean done, ReplayBuffer buffer) {
        int slot = (first + count) % n;
        System.arraycopy(state, 0, states, slot * observationSize, observationSize);
        actions[slot] = action;
        rewards[slot] = reward;
        count++;
        if (done) {
            while (count > 0) {
                emit(next, terminated, buffer);
            }
            first = 0;
        } else if (count == n) {
            emit(next, false, buffer);
        }
    }

    /** Stores the oldest pending step's transition to {@code next} and drops it. */
    private void emit(float[] next, boolean terminated, ReplayBuffer buffer) {
        double ret = 0, discount = 1;
        for (int k = 0; k < count; k++) {
            ret += discount * rewards[(first + k) % n];
            discount *= gamma;
        }
        System.arraycopy(states, first * observationSize, scratch, 0, observationSize);
        buffer.add(scratch, actions[first], ret, next, terminated, count);
        first = (first + 1) % n;
        count--;
    }
}
