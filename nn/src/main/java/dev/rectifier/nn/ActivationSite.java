package dev.rectifier.nn;

/**
 * A layer whose output is an activation function's output (a Dense or Conv2d with a fused
 * activation, an activation layer, PReLU, RReLU): where the diagnostics look for dead units.
 * Units are the entries of dimension 1 of the output: features of [N, F], channels of
 * [N, C, H, W].
 */
public interface ActivationSite extends Layer {
    /** The activation's spec (e.g. {@code relu}), or null when this layer applies none. */
    String activationSpec();
}
