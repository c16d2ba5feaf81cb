package dev.rectifier.cli.experiment;

import dev.rectifier.data.TrainingSet;
import dev.rectifier.init.Init;
import dev.rectifier.kernels.Activation;
import dev.rectifier.kernels.Activations;
import dev.rectifier.kernels.Parallelism;
import dev.rectifier.loss.SoftmaxCrossEntropy;
import dev.rectifier.nn.Dense;
import dev.rectifier.nn.Layer;
import dev.rectifier.nn.Networks;
import dev.rectifier.nn.Sequential;
import dev.rectifier.optim.Optimizer;
import dev.rectifier.optim.Sgd;
import dev.rectifier.train.History;
import dev.rectifier.train.Trainer;
import dev.rectifier.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** What the training experiments share: building the MLPs with a chosen initialisation, and a plain SGD training run. */
final class Training {
    private Training() {}

    /**
     * The initialisation each activation is trained with, as in the PyTorch peer: He normal
     * (kaiming_normal, fan_in, gain sqrt 2) for the rectifier family (relu, leaky_relu, prelu,
     * elu, ...), Xavier normal with PyTorch's calculate_gain for tanh (5/3) and sigmoid (1).
     * Every Dense layer, the output layer included, is drawn from it, as the peer does.
     */
    static Init properInit(String activation) {
        String name = Activations.parse(activation).name();
        return switch (name) {
            case "tanh" -> Init.parse("xavier_normal(gain=" + Init.gain("tanh", 0) + ")");
            case "sigmoid" -> Init.parse("xavier_normal(gain=1)");
            default -> Init.parse("kaiming_normal(mode=fan_in,nonlinearity=relu)");
        };
    }

    /** {@code in -> hidden... -> classes} with {@code activation} after each hidden layer, every weight from {@code init}. */
    static Sequential mlp(int in, int[] hidden, int classes, String activation, Init init, long seed) {
        return Networks.mlp(in, hidden, classes, activation, init, new SplittableRandom(seed));
    }

    /** The Dense layers of {@code model}, in order. */
    static List<Dense> denseLayers(Sequential model) {
        List<Dense> out = new ArrayList<>();
        for (Layer l : model.leaves()) {
            if (l instanceof Dense d) {
                out.add(d);
            }
        }
        return out;
    }

    /** Sets every hidden layer's bias (all Dense layers but the last) to {@code value}. */
    static void shiftHiddenBiases(Sequential model, float value) {
        List<Dense> dense = denseLayers(model);
        for (int i = 0; i < dense.size() - 1; i++) {
            dense.get(i).bias().value().fill(value);
        }
    }

    /** SGD with momentum, no weight decay or dampening: torch.optim.SGD(lr, momentum). */
    static Optimizer sgd(Sequential model, double lr, double momentum) {
        return new Sgd(model.parameters(), lr, momentum);
    }

    /**
     * Trains {@code model} with softmax cross-entropy, batches of {@code batch}, the trainer's
     * seeded shuffle, for at most {@code epochs} epochs (a listener may stop it earlier).
     *
     * @param validation evaluated after each epoch, or null
     * @throws ArithmeticException if the loss stops being finite (divergence)
     */
    static History fit(Sequential model, Optimizer optimizer, TrainingSet train, TrainingSet validation, int epochs, int batch,
                       long seed, Parallelism parallelism, List<TrainingListener> listeners) {
        Trainer.Builder b = Trainer.builder().epochs(epochs).batchSize(batch).seed(seed).parallelism(parallelism)
                .loss(new SoftmaxCrossEntropy()).optimizer(optimizer);
        listeners.forEach(b::listener);
        return b.build().fit(model, train, validation);
    }

    /** The activation's name as the charts show it, e.g. "leaky_relu" for "leaky_relu(negative_slope=0.01)". */
    static String name(String activation) {
        Activation a = Activations.parse(activation);
        return a.name();
    }

    /** "12,345" */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** "%.1f" */
    static String f1(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
    }

    /** "%.2f" */
    static String f2(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }

    /** A fraction as a percentage with one decimal, "12.3%". */
    static String pct(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    /** 3 significant digits in scientific notation, "1.23e-05". */
    static String sci(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3g", v);
    }
}
