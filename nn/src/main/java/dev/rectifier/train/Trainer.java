package dev.rectifier.train;

import dev.rectifier.kernels.Parallelism;
import dev.rectifier.loss.Loss;
import dev.rectifier.loss.SoftmaxCrossEntropy;
import dev.rectifier.nn.Context;
import dev.rectifier.nn.Sequential;
import dev.rectifier.optim.Gradients;
import dev.rectifier.optim.Optimizer;
import dev.rectifier.optim.Schedule;
import dev.rectifier.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Mini-batch training by backpropagation: for each epoch, shuffle (seeded), and for each batch
 * run forward in training mode, the loss, backward, optional gradient clipping, the schedule's
 * learning rate and an optimiser step; then evaluate on the validation set.
 *
 * <p>Classification losses take the data set's labels; the others (MSE, ...) reconstruct the
 * input (autoencoders). The last batch of an epoch may be smaller (PyTorch's drop_last=False).
 *
 * <p>Deterministic: the same seed, data, model initialisation and thread count give the same
 * weights. Epoch e's order depends only on (seed, e), so a run resumed at epoch e sees the
 * batches the uninterrupted run would have seen.
 */
public final class Trainer {
    private final int epochs;
    private final int batchSize;
    private final long seed;
    private final Parallelism parallelism;
    private final Loss loss;
    private final Optimizer optimizer;
    private final Schedule schedule;
    private final double clipNorm;
    private final List<TrainingListener> listeners;

    private Trainer(Builder b) {
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.parallelism = b.parallelism;
        this.loss = Objects.requireNonNull(b.loss, "loss is not set");
        this.optimizer = Objects.requireNonNull(b.optimizer, "optimizer is not set");
        this.schedule = b.schedule;
        this.clipNorm = b.clipNorm;
        this.listeners = List.copyOf(b.listeners);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Trains from epoch 1. */
    public History fit(Sequential model, Dataset train, Dataset validation) {
        return fit(model, train, validation, 1);
    }

    /**
     * Trains epochs {@code firstEpoch .. epochs} (a resumed run starts after its checkpoint's
     * epoch, with the model and optimiser state restored by the caller).
     */
    public History fit(Sequential model, Dataset train, Dataset validation, int firstEpoch) {
        Objects.requireNonNull(model, "model is null");
        Objects.requireNonNull(train, "training data is null");
        checkData(model, train, "training");
        if (validation != null) {
            checkData(model, validation, "validation");
        }
        int n = train.size();
        int steps = (n + batchSize - 1) / batchSize;
        TrainingRun run = new TrainingRun(model, optimizer, train, validation, parallelism, epochs, steps);
        run.globalStep = (long) (firstEpoch - 1) * steps;
        History history = new History();
        Context context = Context.train(parallelism);
        int sampleSize = train.sampleSize();
        int[] shape = train.sampleShape();
        boolean labelled = loss.takesLabels();
        int[] order = new int[n];
        int[] labels = new int[batchSize];
        Tensor full = Tensor.zeros(batchShape(batchSize, shape));
        listeners.forEach(l -> l.onTrainStart(run));
        for (int epoch = firstEpoch; epoch <= epochs && !run.stopRequested(); epoch++) {
            run.epoch = epoch;
            for (TrainingListener l : listeners) {
                l.onEpochStart(run, epoch);
            }
            shuffle(order, epoch);
            long start = System.nanoTime();
            double lossSum = 0;
            long correct = 0;
            long seen = 0;
            for (int step = 0; step < steps; step++) {
                int from = step * batchSize, to = Math.min(n, from + batchSize), size = to - from;
                Tensor x = size == batchSize ? full : Tensor.zeros(batchShape(size, shape));
                train.features(order, from, to, x.data(), x.offset());
                setLearningRate(run.globalStep, steps);
                optimizer.zeroGrad();
                Tensor out = model.forward(x, context);
                double batchLoss;
                int batchCorrect = -1;
                if (labelled) {
                    train.labels(order, from, to, labels, 0);
                    batchLoss = loss.forward(out, labels, 0);
                    if (loss instanceof SoftmaxCrossEntropy ce) {
                        batchCorrect = ce.correct();
                    }
                } else {
                    batchLoss = loss.forward(out, x.reshape(out.shape()));
                }
                if (!Double.isFinite(batchLoss)) {
                    throw new ArithmeticException("the loss became " + batchLoss + " at epoch " + epoch + ", step " + (step + 1)
                            + " (learning rate " + optimizer.learningRate() + "): training diverged; lower the learning rate");
                }
                model.backwardParametersOnly(loss.backward());
                if (clipNorm > 0) {
                    Gradients.clipNorm(optimizer.parameters(), clipNorm);
                }
                optimizer.step();
                run.globalStep++;
                lossSum += batchLoss * size;
                seen += size;
                if (batchCorrect >= 0) {
                    correct += batchCorrect;
                }
                double elapsed = (System.nanoTime() - start) / 1e9;
                TrainingListener.BatchResult result = new TrainingListener.BatchResult(epoch, step, steps, run.globalStep, size,
                        batchLoss, batchCorrect, lossSum / seen, labelled ? (double) correct / seen : Double.NaN, seen / elapsed);
                for (TrainingListener l : listeners) {
                    l.onBatchEnd(run, result);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double valLoss = Double.NaN, valAcc = Double.NaN;
            if (validation != null && validation.size() > 0) {
                Evaluation e = evaluate(model, validation, loss, batchSize, parallelism);
                valLoss = e.loss();
                valAcc = e.accuracy();
            }
            EpochMetrics m = new EpochMetrics(epoch, lossSum / Math.max(1, seen),
                    labelled && loss instanceof SoftmaxCrossEntropy ? (double) correct / Math.max(1, seen) : Double.NaN,
                    valLoss, valAcc, seconds, seen / seconds, optimizer.learningRate());
            for (TrainingListener l : listeners) {
                l.onEpochEnd(run, m);
            }
            history.add(m);
            if (run.stopRequested() && epoch < epochs) {
                history.markStoppedEarly();
            }
        }
        listeners.forEach(l -> l.onTrainEnd(run, history));
        return history;
    }

    private void setLearningRate(long globalStep, int stepsPerEpoch) {
        if (schedule != null) {
            optimizer.setLearningRate(schedule.rate(baseLearningRate, globalStep, stepsPerEpoch, (long) stepsPerEpoch * epochs));
        }
    }

    private double baseLearningRate;

    private void shuffle(int[] order, int epoch) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        for (int i = order.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private void checkData(Sequential model, Dataset data, String what) {
        if (loss.takesLabels() && data.classes() == 0) {
            throw new IllegalArgumentException(loss.name() + " needs labelled " + what + " data, but it has no labels");
        }
        int[] out = model.outputShape(data.sampleShape());
        if (loss.takesLabels() && (out.length != 1 || out[0] != data.classes())) {
            throw new IllegalArgumentException("the model outputs " + Tensor.format(out) + " per sample but the " + what
                    + " data has " + data.classes() + " classes");
        }
        if (!loss.takesLabels() && !Arrays.equals(out, data.sampleShape())
                && sizeOf(out) != data.sampleSize()) {
            throw new IllegalArgumentException("the model outputs " + Tensor.format(out) + " per sample but reconstructing the "
                    + what + " data needs " + Tensor.format(data.sampleShape()));
        }
    }

    private static int sizeOf(int[] s) {
        int n = 1;
        for (int d : s) {
            n *= d;
        }
        return n;
    }

    static int[] batchShape(int batch, int[] sampleShape) {
        int[] s = new int[sampleShape.length + 1];
        s[0] = batch;
        System.arraycopy(sampleShape, 0, s, 1, sampleShape.length);
        return s;
    }

    /**
     * Mean loss and accuracy of {@code model} on {@code data} in evaluation mode (accuracy NaN
     * for a loss without labels).
     */
    public static Evaluation evaluate(Sequential model, Dataset data, Loss loss, int batchSize, Parallelism parallelism) {
        return Evaluation.run(model, data, loss, batchSize, parallelism);
    }

    /** Builder: epochs, batch size, seed, threads, loss, optimiser, schedule, clipping, listeners. */
    public static final class Builder {
        private int epochs = 1;
        private int batchSize = 128;
        private long seed = 1;
        private Parallelism parallelism = Parallelism.defaults();
        private Loss loss;
        private Optimizer optimizer;
        private Schedule schedule;
        private double clipNorm;
        private final List<TrainingListener> listeners = new ArrayList<>();

        public Builder epochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs=" + epochs + " but it must be at least 1");
            }
            this.epochs = epochs;
            return this;
        }

        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size=" + batchSize + " but it must be at least 1");
            }
            this.batchSize = batchSize;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder parallelism(Parallelism parallelism) {
            this.parallelism = Objects.requireNonNull(parallelism, "parallelism is null");
            return this;
        }

        public Builder loss(Loss loss) {
            this.loss = loss;
            return this;
        }

        public Builder optimizer(Optimizer optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /** A learning-rate schedule applied to the optimiser's rate at build time. */
        public Builder schedule(Schedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /** Clip the joint gradient norm to this value each step (0: no clipping). */
        public Builder clipNorm(double clipNorm) {
            if (!(clipNorm >= 0)) {
                throw new IllegalArgumentException("clip norm=" + clipNorm + " but it must be >= 0");
            }
            this.clipNorm = clipNorm;
            return this;
        }

        public Builder listener(TrainingListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener is null"));
            return this;
        }

        public Trainer build() {
            Trainer t = new Trainer(this);
            t.baseLearningRate = optimizer.learningRate();
            return t;
        }
    }
}
