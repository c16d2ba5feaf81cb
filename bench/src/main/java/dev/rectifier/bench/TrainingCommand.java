package dev.rectifier.bench;

import dev.rectifier.data.FashionMnistLocator;
import dev.rectifier.data.Normalizer;
import dev.rectifier.data.TrainingSet;
import dev.rectifier.kernels.Activations;
import dev.rectifier.kernels.Parallelism;
import dev.rectifier.kernels.Simd;
import dev.rectifier.loss.SoftmaxCrossEntropy;
import dev.rectifier.nn.Context;
import dev.rectifier.nn.Conv2d;
import dev.rectifier.nn.Dense;
import dev.rectifier.nn.Flatten;
import dev.rectifier.nn.MaxPool2d;
import dev.rectifier.nn.Parameter;
import dev.rectifier.nn.Sequential;
import dev.rectifier.optim.Sgd;
import dev.rectifier.tensor.Tensor;
import dev.rectifier.train.History;
import dev.rectifier.train.Trainer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./rectifier bench training}: the training engine against PyTorch, same data, shapes,
 * batch size, optimiser and thread count, measured in one run: a Dense+ReLU layer at batch 128
 * (forward, and forward + backward), one epoch of the MLP 784-256-256-10 and one epoch of the
 * small CNN on Fashion-MNIST's 60,000 training images (SGD, momentum 0.9). Each side's epoch
 * figure is its fastest of the timed epochs after a warm-up epoch (five MLP epochs and two CNN
 * epochs by default); layer figures are the best of seven rounds after two seconds of warm-up
 * rounds. The peer is bench/peer/torch_training.py, run with OPENBLAS_CORETYPE and
 * OPENBLAS_L2_SIZE removed from its environment.
 *
 * <p>The two sides take turns ({@code --turns}, default 3; the CNN epoch {@code --cnn-turns},
 * default 1): Rectifier, then PyTorch, then PyTorch, then Rectifier, and so on, and each side
 * keeps its best figure. On a machine shared with other jobs the load changes from minute to
 * minute; measuring every row of one side before the other's lets such a change fall on one side
 * only, while turns give both sides the quiet minutes and the busy ones alike.
 */
@Command(name = "training", mixinStandardHelpOptions = true, usageHelpWidth = 100,
        description = "Dense+ReLU layer, MLP epoch and CNN epoch against PyTorch, same data, shapes and threads.",
        footer = {"", "Examples:",
            "  ./rectifier bench training                     everything, 1 and 2 threads",
            "  ./rectifier bench training --what mlp_epoch --threads 2",
            "  ./rectifier bench training --what dense_relu --turns 5",
            "  ./rectifier bench training --no-peer           Rectifier figures only"})
public final class TrainingCommand implements Callable<Integer> {
    @Option(names = "--what", split = ",", description = "dense_relu, mlp_epoch, cnn_epoch (default: all)")
    List<String> what = List.of("dense_relu", "mlp_epoch", "cnn_epoch");

    @Option(names = "--threads", split = ",", description = "thread counts (default: 1,2)")
    List<Integer> threads = List.of(1, 2);

    @Option(names = "--epochs", description = "MLP epochs per thread count, the first a warm-up (default: 5; both"
            + " sides still speed up over the first few)")
    int epochs = 5;

    @Option(names = "--cnn-epochs", description = "CNN epochs per thread count, the first a warm-up (default: 2)")
    int cnnEpochs = 2;

    @Option(names = "--turns", description = "turns each side takes at dense_relu and mlp_epoch, alternating with the"
            + " other, best figure kept (default: 3)")
    int turns = 3;

    @Option(names = "--cnn-turns", description = "turns each side takes at cnn_epoch (default: 1: it takes minutes)")
    int cnnTurns = 1;

    @Option(names = "--batch", description = "batch size (default: 128)")
    int batch = 128;

    @Option(names = "--data", description = "Fashion-MNIST directory (default: /usr/share/datasets/fashion-mnist)")
    Path data;

    @Option(names = "--no-peer", description = "skip PyTorch")
    boolean noPeer;

    @Option(names = "--python", description = "the Python with torch (default: /usr/bin/python3)")
    String python = "/usr/bin/python3";

    @Option(names = "--out", description = "where the table goes (default: bench/results)")
    Path out = Path.of(System.getProperty("rectifier.root", "."), "bench", "results");

    private record Row(String what, int threads, double ours, Double torch) {}

    /** A row of the table: what was timed, at how many threads. */
    private record Key(String what, int threads) {}

    @Override
    public Integer call() throws Exception {
        if (turns < 1 || cnnTurns < 1) {
            throw new IllegalArgumentException("--turns=" + turns + " and --cnn-turns=" + cnnTurns + " but both must be >= 1");
        }
        PrintWriter console = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        double loadBefore = Machine.loadAverage();
        TrainingSet train = null;
        String source = "";
        if (what.contains("mlp_epoch") || what.contains("cnn_epoch")) {
            FashionMnistLocator.Located located = FashionMnistLocator.standard(data).locate();
            Normalizer norm = Normalizer.standardize(located.train(), Normalizer.Scope.GLOBAL);
            train = TrainingSet.of(norm.apply(located.train()));
            source = located.description();
            console.println("data: " + source);
        }
        Map<Key, Double> ours = new LinkedHashMap<>(); // insertion order is the table's row order
        Map<Key, Double> theirs = new LinkedHashMap<>();
        boolean peerRuns = !noPeer;
        for (int turn = 0; turn < Math.max(turns, cnnTurns); turn++) {
            List<String> now = new ArrayList<>();
            for (String w : what) {
                if (turn < (w.equals("cnn_epoch") ? cnnTurns : turns)) {
                    now.add(w);
                }
            }
            if (now.isEmpty()) {
                continue;
            }
            boolean peerFirst = turn % 2 == 1; // R P, P R, R P, ...: neither side always goes first
            for (int side = 0; side < 2; side++) {
                if ((side == 0) == peerFirst) {
                    if (peerRuns) {
                        console.println("turn " + (turn + 1) + ", PyTorch: " + String.join(", ", now));
                        Map<Key, Double> figures = peer(console, now);
                        peerRuns = !figures.isEmpty();
                        keepBest(theirs, figures);
                    }
                } else {
                    console.println("turn " + (turn + 1) + ", Rectifier: " + String.join(", ", now));
                    keepBest(ours, measure(console, now, train));
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<Key, Double> e : ours.entrySet()) {
            rows.add(new Row(e.getKey().what(), e.getKey().threads(), e.getValue(), theirs.get(e.getKey())));
        }
        String table = table(rows, source, loadBefore, Machine.loadAverage());
        console.println();
        console.print(table);
        Files.createDirectories(out);
        Path file = out.resolve("training-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
        Files.writeString(file, "```\n" + table + "```\n");
        console.println("written to " + file);
        return 0;
    }

    private static void keepBest(Map<Key, Double> best, Map<Key, Double> figures) {
        figures.forEach((k, v) -> best.merge(k, v, Math::min));
    }

    /** One turn of Rectifier's side: seconds per call or per epoch by row, thread count by thread count. */
    private Map<Key, Double> measure(PrintWriter console, List<String> now, TrainingSet train) {
        Map<Key, Double> figures = new LinkedHashMap<>();
        for (int t : threads) {
            try (Parallelism p = Parallelism.threads(t)) {
                if (now.contains("dense_relu")) {
                    for (int[] shape : new int[][] {{784, 256}, {256, 256}}) {
                        for (boolean backward : new boolean[] {false, true}) {
                            String w = "dense_relu " + shape[0] + "x" + shape[1] + (backward ? " forward+backward" : " forward");
                            double s = denseSeconds(p, shape, backward);
                            console.printf(Locale.ROOT, "%s, %d thread%s: %s%n", w, t, t == 1 ? "" : "s", seconds(s));
                            figures.put(new Key(w, t), s);
                        }
                    }
                }
                if (now.contains("mlp_epoch")) {
                    figures.put(new Key("mlp_epoch", t), epochSeconds(console, "mlp", mlp(), train.reshaped(784), p, epochs));
                }
                if (now.contains("cnn_epoch")) {
                    figures.put(new Key("cnn_epoch", t), epochSeconds(console, "cnn", cnn(), train.reshaped(1, 28, 28), p, cnnEpochs));
                }
            }
        }
        return figures;
    }

    /** The MLP of the engine issue: 784-256-256-10, ReLU, He initialisation. */
    static Sequential mlp() {
        SplittableRandom r = new SplittableRandom(1);
        return Sequential.of(new Dense(784, 256, Activations.relu(), r), new Dense(256, 256, Activations.relu(), r),
                new Dense(256, 10, null, r));
    }

    /** conv5x5 1->32 + ReLU, maxpool 2, conv5x5 32->64 + ReLU, maxpool 2, flatten, dense 1024->128 + ReLU, dense 128->10. */
    static Sequential cnn() {
        SplittableRandom r = new SplittableRandom(1);
        return Sequential.of(new Conv2d(1, 32, 5, Activations.relu(), r), new MaxPool2d(2),
                new Conv2d(32, 64, 5, Activations.relu(), r), new MaxPool2d(2), Flatten.flatten(),
                new Dense(1024, 128, Activations.relu(), r), new Dense(128, 10, null, r));
    }

    private double epochSeconds(PrintWriter console, String name, Sequential model, TrainingSet data, Parallelism p,
            int epochs) {
        Trainer trainer = Trainer.builder().epochs(epochs).batchSize(batch).seed(1).parallelism(p)
                .loss(new SoftmaxCrossEntropy()).optimizer(new Sgd(model.parameters(), 0.05, 0.9)).build();
        History h = trainer.fit(model, data, null);
        double best = Double.MAX_VALUE;
        for (int e = 0; e < h.epochs().size(); e++) {
            double s = h.epochs().get(e).seconds();
            console.printf(Locale.ROOT, "%s, %d thread%s, epoch %d: %.3f s, running accuracy %.4f%n", name, p.threads(),
                    p.threads() == 1 ? "" : "s", e + 1, s, h.epochs().get(e).trainAccuracy());
            if (e > 0 || h.epochs().size() == 1) {
                best = Math.min(best, s);
            }
        }
        return best;
    }

    private static final double WARM_UP_SECONDS = 2.0;
    private static final int MEASURED_ROUNDS = 7;

    /** Seconds per call of Dense(in, out)+ReLU at the batch size, best of seven rounds after the warm-up. */
    private double denseSeconds(Parallelism p, int[] shape, boolean backward) {
        SplittableRandom r = new SplittableRandom(7);
        Dense layer = new Dense(shape[0], shape[1], Activations.relu(), r);
        Tensor x = Tensor.zeros(batch, shape[0]);
        Tensor g = Tensor.zeros(batch, shape[1]);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < g.size(); i++) {
            g.data()[i] = (float) r.nextGaussian();
        }
        Context context = backward ? Context.train(p) : Context.eval(p);
        int calls = 200;
        double best = Double.MAX_VALUE;
        // Warm-up rounds until WARM_UP_SECONDS have passed (at least three): C2 compiles the GEMM's
        // loops in stages, and three rounds of 200 calls (a tenth of a second for the 256x256
        // forward) sometimes ended before it had, which cost that row up to 10%.
        long warmUpEnd = System.nanoTime() + (long) (WARM_UP_SECONDS * 1e9);
        for (int round = 0, measured = 0; measured < MEASURED_ROUNDS; round++) {
            long start = System.nanoTime();
            for (int c = 0; c < calls; c++) {
                layer.forward(x, context);
                if (backward) {
                    for (Parameter q : layer.parameters()) {
                        q.zeroGrad();
                    }
                    layer.backward(g);
                }
            }
            if (round >= 3 && start >= warmUpEnd) {
                best = Math.min(best, (System.nanoTime() - start) / 1e9 / calls);
                measured++;
            }
        }
        return best;
    }

    /** One turn of PyTorch's side: figures by row; empty, with one line said, if the peer cannot run. */
    private Map<Key, Double> peer(PrintWriter console, List<String> now) throws IOException, InterruptedException {
        Map<Key, Double> result = new LinkedHashMap<>();
        Path script = Path.of(System.getProperty("rectifier.root", "."), "bench", "peer", "torch_training.py");
        for (int t : threads) {
            List<String> command = new ArrayList<>(List.of(python, script.toString(), "--what", String.join(",", now),
                    "--threads", Integer.toString(t), "--epochs", Integer.toString(epochs),
                    "--cnn-epochs", Integer.toString(cnnEpochs), "--batch", Integer.toString(batch)));
            if (data != null) {
                command.addAll(List.of("--data", data.toString()));
            }
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().remove("OPENBLAS_CORETYPE");
            pb.environment().remove("OPENBLAS_L2_SIZE");
            pb.redirectError(ProcessBuilder.Redirect.INHERIT);
            Process process;
            try {
                process = pb.start();
            } catch (IOException e) {
                console.println("PyTorch peer not run: " + e.getMessage());
                return result;
            }
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (!line.startsWith("{")) {
                        continue;
                    }
                    Map<String, Object> json = FlatJson.parse(line);
                    if (!"result".equals(json.get("kind"))) {
                        continue;
                    }
                    String key = json.get("what").equals("dense_relu")
                            ? "dense_relu " + json.get("shape") + " " + ((String) json.get("mode")).replace("forward_backward", "forward+backward")
                            : (String) json.get("what");
                    double seconds = ((Number) json.get("seconds")).doubleValue();
                    console.printf(Locale.ROOT, "PyTorch %s, %d thread%s: %s%n", key, t, t == 1 ? "" : "s", seconds(seconds));
                    result.put(new Key(key, t), seconds);
                }
            }
            if (process.waitFor() != 0) {
                console.println("PyTorch peer exited with " + process.exitValue() + " (3: torch is missing); Rectifier figures only");
            }
        }
        return result;
    }

    private String table(List<Row> rows, String source, double loadBefore, double loadAfter) {
        StringBuilder b = new StringBuilder();
        b.append("Training engine against PyTorch, ").append(Simd.describe()).append(", JDK ").append(Runtime.version())
                .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs\n");
        b.append("Data: ").append(source.isEmpty() ? "-" : source).append("; batch ").append(batch).append("; SGD momentum 0.9\n");
        b.append("Load: ").append(Machine.describeLoad(loadBefore, loadAfter)).append("\n");
        b.append(String.format(Locale.ROOT, "Timing: %d turn%s per side (%d for cnn_epoch), the sides alternating"
                + " (Rectifier first in odd turns, PyTorch in even ones), best figure kept; epochs: the fastest after a"
                + " warm-up epoch; layers: the best of %d rounds after %.0f s of warm-up%n", turns, turns == 1 ? "" : "s",
                cnnTurns, MEASURED_ROUNDS, WARM_UP_SECONDS));
        b.append(String.format(Locale.ROOT, "%-36s %7s %14s %14s %9s%n", "what", "threads", "Rectifier", "PyTorch", "x PyTorch"));
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "%-36s %7d %14s %14s %9s%n", r.what(), r.threads(), seconds(r.ours()),
                    r.torch() == null ? "-" : seconds(r.torch()),
                    r.torch() == null ? "-" : String.format(Locale.ROOT, "%.2fx", r.torch() / r.ours())));
        }
        b.append("x PyTorch: PyTorch's time divided by Rectifier's (above 1: Rectifier is faster).\n");
        return b.toString();
    }

    private static String seconds(double s) {
        return s >= 1 ? String.format(Locale.ROOT, "%.3f s", s) : s >= 1e-3 ? String.format(Locale.ROOT, "%.3f ms", s * 1e3)
                : String.format(Locale.ROOT, "%.1f us", s * 1e6);
    }
}
