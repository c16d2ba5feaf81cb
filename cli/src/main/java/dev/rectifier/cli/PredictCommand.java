package dev.rectifier.cli;

import dev.rectifier.kernels.Parallelism;
import dev.rectifier.nn.Context;
import dev.rectifier.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rectifier predict}: the top classes of images by a saved model. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Predicts the class of each image with a saved model: the top classes with their probabilities "
                + "(softmax). Takes IDX image files (every image, up to --limit) and PNG or JPEG images: grey, one garment, "
                + "light on dark as in Fashion-MNIST (a light background is inverted; sizes other than 28x28 are scaled and centred). "
                + "For an autoencoder, prints each image's reconstruction error.", ""},
        footerHeading = "%nExamples:%n",
        footer = {"  rectifier predict --model runs/20250101-120000-cnn shirt.png boot.jpg",
                  "  rectifier predict --model runs/20250101-120000-cnn --limit 5 /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"})
public final class PredictCommand implements Callable<Integer> {
    private final CliEnvironment env;

    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "DIR", description = "a run directory, a model directory or a model.json")
    Path model;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "PNG or JPEG images, or IDX image files")
    List<Path> inputs;

    @Option(names = "--top", paramLabel = "K", description = "classes shown per image (default: 3)")
    int top = 3;

    @Option(names = "--limit", paramLabel = "N", description = "images read from each IDX file (default: 10)")
    int limit = 10;

    @Option(names = {"-v", "--verbose"}, description = "print stack traces of errors")
    boolean verbose;

    /** A command reading data and writing output as {@code env} says. */
    public PredictCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        if (top < 1 || limit < 1) {
            throw CliException.usage((top < 1 ? "--top " + top : "--limit " + limit) + ": must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        SavedModel saved = SavedModel.load(model);
        int[] shape = saved.metadata().get("sample_shape") instanceof List<?> l && l.size() == 3
                ? new int[] {((Number) l.get(0)).intValue(), ((Number) l.get(1)).intValue(), ((Number) l.get(2)).intValue()}
                : null;
        if (!saved.images() || shape == null || shape[0] != 1) {
            throw CliException.usage(model + " was trained on tabular data (CSV); predict takes image models such as 'rectifier train --model cnn'");
        }
        int rows = shape[1], cols = shape[2], size = rows * cols;
        List<ImageInput.Item> items = new ArrayList<>();
        for (Path input : inputs) {
            items.addAll(ImageInput.read(input, rows, cols, limit));
        }
        int[] batchShape = new int[saved.inputShape().length + 1];
        batchShape[0] = items.size();
        System.arraycopy(saved.inputShape(), 0, batchShape, 1, saved.inputShape().length);
        Tensor x = Tensor.zeros(batchShape);
        for (int i = 0; i < items.size(); i++) {
            System.arraycopy(items.get(i).pixels(), 0, x.data(), i * size, size);
        }
        saved.normalization().applyInPlace(x.data());
        Tensor y;
        try (Parallelism p = Parallelism.threads(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())))) {
            y = saved.model().forward(x, Context.eval(p));
        }
        float[] o = y.data();
        int k = y.size() / items.size();
        for (int i = 0; i < items.size(); i++) {
            ImageInput.Item item = items.get(i);
            String note = item.note().isEmpty() ? "" : " [" + item.note() + "]";
            if (!saved.classification()) {
                double sum = 0;
                for (int j = 0; j < size; j++) {
                    double d = o[y.offset() + i * k + j] - x.data()[i * size + j];
                    sum += d * d;
                }
                out.printf(Locale.ROOT, "%s: reconstruction error (mean squared) %.5f%s%n", item.name(), sum / size, note);
                continue;
            }
            double[] prob = softmax(o, y.offset() + i * k, k);
            Integer[] order = new Integer[k];
            for (int j = 0; j < k; j++) {
                order[j] = j;
            }
            Arrays.sort(order, (a, b) -> Double.compare(prob[b], prob[a]));
            StringBuilder line = new StringBuilder(item.name()).append(": ");
            for (int j = 0; j < Math.min(top, k); j++) {
                line.append(j == 0 ? "" : ", ").append(saved.classNames().get(order[j]))
                        .append(String.format(Locale.ROOT, " %.1f%%", 100 * prob[order[j]]));
            }
            out.println(line + note);
        }
        return 0;
    }

    /** Softmax of {@code x[off, off + k)}, computed in double after subtracting the maximum. */
    static double[] softmax(float[] x, int off, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, x[off + j]);
        }
        double[] p = new double[k];
        double sum = 0;
        for (int j = 0; j < k; j++) {
            p[j] = Math.exp(x[off + j] - max);
            sum += p[j];
        }
        for (int j = 0; j < k; j++) {
            p[j] /= sum;
        }
        return p;
    }
}
