package dev.rectifier.nn;

import dev.rectifier.kernels.Parallelism;
import dev.rectifier.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Global average pooling: {@code [N, C, H, W]} to {@code [N, C]}, the mean of each channel
 * plane ({@code torch.nn.AdaptiveAvgPool2d(1)} followed by a flatten). The sum runs in double,
 * so the mean is the float nearest the exact one for planes of any size. Backward spreads
 * {@code dy / (H*W)} over the plane.
 */
public final class GlobalAvgPool2d implements Layer {
    private Tensor output;
    private Tensor gradInput;
    private int[] trained; // N, C, H, W of the last training forward
    private Parallelism parallelism = Parallelism.serial();

    @Override
    public String type() {
        return "global_avgpool2d";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length != 3) {
            throw new IllegalArgumentException("global_avgpool2d expects [N, C, H, W] but got " + Conv2d.withBatch("N", inputShape));
        }
        if (inputShape[1] == 0 || inputShape[2] == 0) {
            throw new IllegalArgumentException("global_avgpool2d needs non-empty planes but got " + Conv2d.withBatch("N", inputShape));
        }
        return new int[] {inputShape[0]};
    }

    @Override
    public Tensor forward(Tensor x, Context context) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("global_avgpool2d expects [N, C, H, W] but got " + Tensor.format(x.shape()));
        }
        int[] s = x.shape();
        outputShape(new int[] {s[1], s[2], s[3]});
        parallelism = context.parallelism();
        int planes = s[0] * s[1], area = s[2] * s[3];
        output = Pooling.buffer(output, s[0], s[1]);
        float[] in = x.data(), out = output.data();
        int xOff = x.offset();
        parallelism.forRange(planes, 1, 1, (from, to) -> {
            for (int p = from; p < to; p++) {
                double sum = 0;
                for (int i = xOff + p * area, end = i + area; i < end; i++) {
                    sum += in[i];
                }
                out[p] = (float) (sum / area);
            }
        });
        trained = context.training() ? s : null;
        return output;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        int[] s = trained;
        if (s == null) {
            throw new IllegalStateException("global_avgpool2d backward without a training-mode forward");
        }
        Tensor.requireShape("global_avgpool2d gradient", gradOutput, s[0], s[1]);
        gradInput = Pooling.buffer(gradInput, s);
        int area = s[2] * s[3];
        float[] dy = gradOutput.data(), dx = gradInput.data();
        int dyOff = gradOutput.offset();
        parallelism.forRange(s[0] * s[1], 1, 1, (from, to) -> {
            for (int p = from; p < to; p++) {
                java.util.Arrays.fill(dx, p * area, (p + 1) * area, dy[dyOff + p] / area);
            }
        });
        return gradInput;
    }

    @Override
    public Map<String, Object> config() {
        return new LinkedHashMap<>();
    }

    @Override
    public String toString() {
        return "GlobalAvgPool2d";
    }
}
