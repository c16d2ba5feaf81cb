package dev.rectifier.train;

import dev.rectifier.kernels.Parallelism;
import dev.rectifier.loss.Loss;
import dev.rectifier.nn.Context;
import dev.rectifier.nn.Sequential;
import dev.rectifier.tensor.Tensor;

/**
 * A model's mean loss and accuracy on a data set (evaluation mode), and for classification the
 * confusion matrix ({@code confusion[true][predicted]}) and every prediction.
 */
public record Evaluation(double loss, double accuracy, int[][] confusion, int[] predictions) {

    static Evaluation run(Sequential model, Dataset data, Loss loss, int batchSize, Parallelism parallelism) {
        int n = data.size();
        int[] shape = data.sampleShape();
        int classes = data.classes();
        boolean labelled = loss.takesLabels();
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        int[] labels = new int[batchSize];
        int[][] confusion = labelled ? new int[classes][classes] : null;
        int[] predictions = labelled ? new int[n] : null;
        Context context = Context.eval(parallelism);
        double lossSum = 0;
        long correct = 0;
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize), size = to - from;
            Tensor x = Tensor.zeros(Trainer.batchShape(size, shape));
            data.features(all, from, to, x.data(), 0);
            Tensor out = model.forward(x, context);
            if (labelled) {
                data.labels(all, from, to, labels, 0);
                lossSum += loss.forward(out, labels, 0) * size;
                int c = out.dim(1);
                float[] o = out.data();
                for (int i = 0; i < size; i++) {
                    int best = 0;
                    for (int j = 1; j < c; j++) {
                        if (o[out.offset() + i * c + j] > o[out.offset() + i * c + best]) {
                            best = j;
                        }
                    }
                    predictions[from + i] = best;
                    confusion[labels[i]][best]++;
                    if (best == labels[i]) {
                        correct++;
                    }
                }
            } else {
                lossSum += loss.forward(out, x.reshape(out.shape())) * size;
            }
        }
        return new Evaluation(n == 0 ? Double.NaN : lossSum / n, labelled && n > 0 ? (double) correct / n : Double.NaN,
                confusion, predictions);
    }

    /** Loss, accuracy, confusion matrix and predictions of {@code model} on {@code data}. */
    public static Evaluation of(Sequential model, Dataset data, Loss loss, int batchSize, Parallelism parallelism) {
        return run(model, data, loss, batchSize, parallelism);
    }
}
