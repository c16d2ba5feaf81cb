package dev.rectifier.nn;

import dev.rectifier.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reshapes each sample: {@code [N, d1, d2, ...]} to {@code [N, d1 * d2 * ...]} (Flatten, in
 * PyTorch's C, H, W order) or to a given shape (Reshape, e.g. {@code [N, 784]} to
 * {@code [N, 1, 28, 28]} in a decoder). A view: no data is copied, forward or backward.
 */
public final class Flatten implements Layer {
    private final int[] target; // null: flatten
    private int[] lastInputShape;

    private Flatten(int[] target) {
        this.target = target;
    }

    /** Flatten every dimension after the batch into one. */
    public static Flatten flatten() {
        return new Flatten(null);
    }

    /** Reshape each sample to {@code shape} (one entry may be -1). */
    public static Flatten reshape(int... shape) {
        return new Flatten(shape.clone());
    }

    static Flatten fromConfig(String type, Map<String, Object> c) {
        return type.equals("flatten") ? flatten() : reshape(Configs.ints(c, "shape"));
    }

    @Override
    public String type() {
        return target == null ? "flatten" : "reshape";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        int size = 1;
        for (int d : inputShape) {
            size *= d;
        }
        if (target == null) {
            return new int[] {size};
        }
        int[] probe = new int[target.length + 1];
        probe[0] = 1;
        System.arraycopy(target, 0, probe, 1, target.length);
        int[] full = new int[inputShape.length + 1];
        full[0] = 1;
        System.arraycopy(inputShape, 0, full, 1, inputShape.length);
        try {
            int[] s = Tensor.zeros(full).reshape(probe).shape();
            return Arrays.copyOfRange(s, 1, s.length);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("reshape cannot take a sample of shape " + Arrays.toString(inputShape)
                    + " to " + Arrays.toString(target) + ": sizes differ", e);
        }
    }

    @Override
    public Tensor forward(Tensor x, Context context) {
        lastInputShape = x.shape();
        int[] inner = outputShape(Arrays.copyOfRange(lastInputShape, 1, lastInputShape.length));
        int[] s = new int[inner.length + 1];
        s[0] = x.dim(0);
        System.arraycopy(inner, 0, s, 1, inner.length);
        return x.reshape(s);
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        return gradOutput.reshape(lastInputShape);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        if (target != null) {
            c.put("shape", Arrays.stream(target).boxed().toList());
        }
        return c;
    }

    @Override
    public String toString() {
        return target == null ? "Flatten" : "Reshape" + Arrays.toString(target);
    }
}
