package dev.rectifier.cli;

import dev.rectifier.data.Dataset;
import dev.rectifier.data.TrainingSet;
import dev.rectifier.kernels.Parallelism;
import dev.rectifier.loss.MeanSquaredError;
import dev.rectifier.loss.SoftmaxCrossEntropy;
import dev.rectifier.train.Evaluation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rectifier evaluate}: a saved model's test accuracy and confusion matrix (or loss, for an autoencoder). */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluates a saved model on the test set of the data it was trained on (or of --data): accuracy, "
                + "loss, accuracy per class and the confusion matrix; for an autoencoder, the reconstruction loss.", ""},
        footerHeading = "%nExamples:%n",
        footer = {"  rectifier evaluate --model runs/20250101-120000-cnn          (its best model)",
                  "  rectifier evaluate --model runs/20250101-120000-cnn/checkpoints/epoch-0003",
                  "  rectifier evaluate --model runs/iris/best --data iris-test.csv"})
public final class EvaluateCommand implements Callable<Integer> {
    private final CliEnvironment env;

    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "DIR", description = "a run directory, a model directory or a model.json")
    Path model;

    @Option(names = "--data", paramLabel = "DIR|FILE", description = "a Fashion-MNIST directory or a CSV file (default: the data the model was trained on)")
    String data;

    @Option(names = {"-b", "--batch-size"}, paramLabel = "N", description = "samples per forward pass (default: 256)")
    int batchSize = 256;

    @Option(names = "--threads", paramLabel = "N", description = "threads (default: all processors)")
    Integer threads;

    @Option(names = {"-v", "--verbose"}, description = "print stack traces of errors")
    boolean verbose;

    /** A command reading data and writing output as {@code env} says. */
    public EvaluateCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (t < 1 || batchSize < 1) {
            throw CliException.usage((t < 1 ? "--threads " + t : "--batch-size " + batchSize) + ": must be at least 1");
        }
        SavedModel saved = SavedModel.load(model);
        out.println("model: " + model + " (" + saved.describe() + ")");
        Dataset test = testSet(saved, data, env, out);
        TrainingSet set = TrainingSet.of(test);
        try {
            set = set.reshaped(saved.inputShape());
        } catch (IllegalArgumentException e) {
            throw CliException.usage("the model takes input " + Arrays.toString(saved.inputShape()) + " but the data has samples of shape "
                    + Arrays.toString(test.sampleShape()) + "; evaluate it on data like those it was trained on");
        }
        if (saved.classification() && test.classCount() > saved.classNames().size()) {
            throw CliException.usage("the data have " + test.classCount() + " classes but the model knows " + saved.classNames().size());
        }
        Evaluation e;
        try (Parallelism p = Parallelism.threads(t)) {
            e = Evaluation.of(saved.model(), set, saved.classification() ? new SoftmaxCrossEntropy() : new MeanSquaredError(),
                    batchSize, p);
        }
        if (!saved.classification()) {
            out.printf(Locale.ROOT, "test loss (mean squared error): %.5f on %d images%n", e.loss(), test.size());
            return 0;
        }
        long correct = 0;
        for (int k = 0; k < e.confusion().length; k++) {
            correct += e.confusion()[k][k];
        }
        out.printf(Locale.ROOT, "test accuracy: %.2f%% (%d of %d), loss %.4f%n", 100 * e.accuracy(), correct, test.size(), e.loss());
        printConfusion(out, e.confusion(), saved.classNames());
        return 0;
    }

    /** The test set for {@code saved}: of {@code data} if given, else of the data it was trained on, normalised as in training. */
    static Dataset testSet(SavedModel saved, String data, CliEnvironment env, PrintWriter out) {
        String source = data != null ? data : saved.setting("data");
        boolean csv = !saved.images();
        RunData.Raw raw;
        if (csv && data != null && java.nio.file.Files.isRegularFile(Path.of(data))) {
            raw = RunData.csvTest(Path.of(data), saved.setting("label"), saved.classNames(), saved.featureNames());
        } else {
            raw = RunData.raw(source, csv ? saved.setting("label") : null, csv && data == null ? saved.setting("test_data") : null,
                    saved.seed(), env.systemDataDir());
        }
        out.println("data: " + raw.description() + "; evaluating on its " + raw.test().size() + " test samples");
        checkClasses(raw, saved);
        return saved.normalization().apply(raw.test());
    }

    private static void checkClasses(RunData.Raw raw, SavedModel saved) {
        if (saved.classification() && !raw.test().classNames().equals(saved.classNames())) {
            List<String> a = raw.test().classNames(), b = saved.classNames();
            if (a.size() > b.size() || !b.subList(0, a.size()).equals(a)) {
                throw CliException.usage("the data's classes " + a + " are not the model's " + b);
            }
        }
    }

    static void printConfusion(PrintWriter out, int[][] confusion, List<String> names) {
        int k = confusion.length;
        int nameWidth = 5;
        for (String n : names) {
            nameWidth = Math.max(nameWidth, Math.min(16, n.length()));
        }
        out.println("accuracy per class:");
        for (int t = 0; t < k; t++) {
            int total = Arrays.stream(confusion[t]).sum();
            out.printf(Locale.ROOT, "  %-" + nameWidth + "s %s%n", clip(names.get(t), 16),
                    total == 0 ? "no samples" : String.format(Locale.ROOT, "%6.2f%% of %d", 100.0 * confusion[t][t] / total, total));
        }
        out.println("confusion matrix (rows: true class, columns: predicted, in the order above):");
        int cell = 5;
        for (int[] row : confusion) {
            for (int c : row) {
                cell = Math.max(cell, Integer.toString(c).length() + 1);
            }
        }
        StringBuilder header = new StringBuilder(" ".repeat(nameWidth + 3));
        for (int p = 0; p < k; p++) {
            header.append(String.format(Locale.ROOT, "%" + cell + "d", p));
        }
        out.println(header);
        for (int t = 0; t < k; t++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%2d %-" + nameWidth + "s", t, clip(names.get(t), 16)));
            for (int p = 0; p < k; p++) {
                line.append(String.format(Locale.ROOT, "%" + cell + "d", confusion[t][p]));
            }
            out.println(line);
        }
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "~";
    }
}
