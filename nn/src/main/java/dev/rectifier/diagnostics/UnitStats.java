package dev.rectifier.diagnostics;

/**
 * What one evaluation pass saw at one activation layer: per unit (feature or channel) the
 * fraction of outputs that were exactly zero; overall the sparsity (fraction of zero outputs),
 * the mean and standard deviation of the outputs (zero-centredness), and the dead and nearly
 * dead units. A unit is dead when its output was 0 for every sample of the pass (its gradient
 * is then 0 too, so under ReLU it never recovers), nearly dead when more than 99% were 0.
 *
 * @param layer       index of the layer among the model's leaves
 * @param name        e.g. {@code 0:dense(relu)}
 * @param zeroFraction per unit, the fraction of its outputs that were 0
 */
public record UnitStats(int layer, String name, String activation, double[] zeroFraction, double sparsity,
                        double mean, double std, long samples) {

    /** Threshold above which a unit counts as nearly dead. */
    public static final double NEARLY_DEAD = 0.99;

    public int units() {
        return zeroFraction.length;
    }

    /** Units whose output was 0 for every sample. */
    public int dead() {
        int d = 0;
        for (double z : zeroFraction) {
            if (z >= 1.0) {
                d++;
            }
        }
        return d;
    }

    /** Units whose output was 0 for more than 99% of the samples (dead ones included). */
    public int nearlyDead() {
        int d = 0;
        for (double z : zeroFraction) {
            if (z > NEARLY_DEAD) {
                d++;
            }
        }
        return d;
    }

    public double deadFraction() {
        return units() == 0 ? 0 : (double) dead() / units();
    }

    public double nearlyDeadFraction() {
        return units() == 0 ? 0 : (double) nearlyDead() / units();
    }

    /** Indices of the dead units. */
    public int[] deadUnits() {
        int[] out = new int[dead()];
        int k = 0;
        for (int i = 0; i < zeroFraction.length; i++) {
            if (zeroFraction[i] >= 1.0) {
                out[k++] = i;
            }
        }
        return out;
    }
}
