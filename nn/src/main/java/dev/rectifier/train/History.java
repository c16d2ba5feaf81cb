package dev.rectifier.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The metrics of every epoch of a run, in order. */
public final class History {
    private final List<EpochMetrics> epochs = new ArrayList<>();
    private boolean stoppedEarly;

    void add(EpochMetrics m) {
        epochs.add(m);
    }

    void markStoppedEarly() {
        stoppedEarly = true;
    }

    public List<EpochMetrics> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** The last epoch's metrics. */
    public EpochMetrics last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("no epoch has run");
        }
        return epochs.get(epochs.size() - 1);
    }

    /** True when a listener stopped the run before its last epoch. */
    public boolean stoppedEarly() {
        return stoppedEarly;
    }
}
