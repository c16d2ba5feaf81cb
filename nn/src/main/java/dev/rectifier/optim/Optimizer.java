package dev.rectifier.optim;

import dev.rectifier.kernels.Spec;
import dev.rectifier.nn.Parameter;
import dev.rectifier.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Updates parameters from their accumulated gradients, as {@code torch.optim} does. Parameters
 * whose {@link Parameter#decay()} is false (biases, norms, PReLU slopes) get no weight decay.
 *
 * <p>An optimiser's state (momentum buffers, Adam's moments and step count) is exposed by
 * {@link #state()} and restored by {@link #loadState} so that a checkpoint resumes exactly.
 */
public abstract class Optimizer {
    protected final List<Parameter> parameters;
    protected double learningRate;
    protected long steps;

    protected Optimizer(List<Parameter> parameters, double learningRate) {
        this.parameters = List.copyOf(Objects.requireNonNull(parameters, "parameters is null"));
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("lr=" + learningRate + " but it must be a finite number >= 0");
        }
        this.learningRate = learningRate;
    }

    /**
     * Builds an optimiser from a spec: {@code sgd(lr=0.01,momentum=0.9,nesterov=false,weight_decay=0)},
     * {@code adam(lr=0.001,beta1=0.9,beta2=0.999,eps=1e-8,weight_decay=0)},
     * {@code adamw(lr=0.001,...,weight_decay=0.01)}; omitted values take PyTorch's defaults
     * (sgd's lr has none and is required).
     */
    public static Optimizer parse(String text, List<Parameter> parameters) {
        Spec spec = Spec.parse(text);
        Optimizer o = switch (spec.name()) {
            case "sgd" -> new Sgd(parameters, spec.requiredNumber("lr"), spec.number("momentum", 0),
                    spec.choice("nesterov", "false", "true").equals("true"), spec.number("weight_decay", 0),
                    spec.number("dampening", 0));
            case "adam", "adamw" -> new Adam(parameters, spec.number("lr", 1e-3), spec.number("beta1", 0.9),
                    spec.number("beta2", 0.999), spec.number("eps", 1e-8),
                    spec.number("weight_decay", spec.name().equals("adamw") ? 0.01 : 0), spec.name().equals("adamw"));
            default -> throw new IllegalArgumentException("unknown optimizer '" + spec.name() + "' in '" + text
                    + "'; known: sgd, adam, adamw");
        };
        spec.finish();
        return o;
    }

    /** The spec string {@link #parse} reads back. */
    public abstract String spec();

    /** Applies one update from the current gradients. */
    public abstract void step();

    /** Clears every parameter's gradient. */
    public void zeroGrad() {
        for (Parameter p : parameters) {
            p.zeroGrad();
        }
    }

    public double learningRate() {
        return learningRate;
    }

    /** Sets the rate used by the next steps (schedules call this). */
    public void setLearningRate(double learningRate) {
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("lr=" + learningRate + " but it must be a finite number >= 0");
        }
        this.learningRate = learningRate;
    }

    /** Updates applied so far. */
    public long steps() {
        return steps;
    }

    public List<Parameter> parameters() {
        return parameters;
    }

    /**
     * Named state tensors (buffers by parameter index, plus "steps" and "lr", each a 64-bit value
     * kept exactly as two raw 32-bit words), for checkpoints.
     */
    public Map<String, Tensor> state() {
        Map<String, Tensor> s = new LinkedHashMap<>();
        s.put("steps", words(steps));
        s.put("lr", words(Double.doubleToRawLongBits(learningRate)));
        addState(s);
        return s;
    }

    /**
     * Restores {@link #state()}.
     *
     * @throws IllegalArgumentException naming the entry that is missing or has the wrong shape
     */
    public void loadState(Map<String, Tensor> state) {
        steps = fromWords(require(state, "steps", 2));
        learningRate = Double.longBitsToDouble(fromWords(require(state, "lr", 2)));
        loadBuffers(state);
    }

    /** A 64-bit value kept exactly in a float32 tensor: its two 32-bit halves as raw float bits. */
    private static Tensor words(long value) {
        return Tensor.of(new float[] {Float.intBitsToFloat((int) (value >>> 32)), Float.intBitsToFloat((int) value)}, 2);
    }

    private static long fromWords(Tensor t) {
        return ((long) Float.floatToRawIntBits(t.at(0)) << 32) | (Float.floatToRawIntBits(t.at(1)) & 0xffffffffL);
    }

    protected static Tensor require(Map<String, Tensor> state, String key, int... shape) {
        Tensor t = state.get(key);
        if (t == null) {
            throw new IllegalArgumentException("optimizer state has no '" + key + "'");
        }
        Tensor.requireShape("optimizer state '" + key + "'", t, shape);
        return t;
    }

    /**
     * Forgets the optimiser's history for one element of a parameter (momentum, Adam's moments),
     * as ReDo does for re-initialised weights so that stale momentum does not undo the reset.
     */
    public void resetState(Parameter parameter, int index) {
        int k = parameters.indexOf(parameter);
        if (k < 0) {
            throw new IllegalArgumentException("parameter " + parameter + " is not optimised by this optimizer");
        }
        Objects.checkIndex(index, parameter.size());
        resetBuffers(k, index);
    }

    /** Zeroes the subclass's buffers of parameter {@code k} at {@code index}. */
    protected abstract void resetBuffers(int k, int index);

    /** Adds the subclass's buffers to {@code state}. */
    protected abstract void addState(Map<String, Tensor> state);

    /** Restores the subclass's buffers. */
    protected abstract void loadBuffers(Map<String, Tensor> state);
}
