package dev.rectifier.nn;

import dev.rectifier.kernels.Parallelism;
import dev.rectifier.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * 2-d average pooling, {@code torch.nn.AvgPool2d} (floor mode, no dilation): each output is the
 * sum of the elements under its window divided by the window's area KH*KW when
 * {@code countIncludePad} (PyTorch's default: padding counts as zeros), or by the number of
 * elements inside the input otherwise. The sum runs in float, row by row.
 *
 * <p>Backward: every element under a window gets that output's gradient divided by the same
 * divisor; overlapping windows add up. Nothing is kept but the shapes.
 */
public final class AvgPool2d implements Layer {
    private final Window2d window;
    private final boolean countIncludePad;
    private Tensor output;
    private Tensor gradInput;
    private Im2col.Geometry trained;
    private Parallelism parallelism = Parallelism.serial();

    /**
     * @param window          kernel, stride and padding; its dilation must be 1
     * @param countIncludePad whether padded zeros count in the divisor (PyTorch default true)
     * @throws IllegalArgumentException for a dilated window or padding over half the kernel
     */
    public AvgPool2d(Window2d window, boolean countIncludePad) {
        this.window = Objects.requireNonNull(window, "window is null");
        if (window.dilationH() != 1 || window.dilationW() != 1) {
            throw new IllegalArgumentException("avgpool2d has no dilation but got " + window);
        }
        window.requirePoolingPadding("avgpool2d");
        this.countIncludePad = countIncludePad;
    }

    /** {@code kernel x kernel} windows with stride {@code kernel}, no padding. */
    public AvgPool2d(int kernel) {
        this(Window2d.of(kernel).stride(kernel), true);
    }

    static AvgPool2d fromConfig(Map<String, Object> c) {
        return new AvgPool2d(Window2d.fromConfig(c, null), Configs.bool(c, "count_include_pad", true));
    }

    public Window2d window() {
        return window;
    }

    public boolean countIncludePad() {
        return countIncludePad;
    }

    @Override
    public String type() {
        return "avgpool2d";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return Pooling.outputShape("avgpool2d", window, inputShape);
    }

    private Pooling.Bounds rows(Im2col.Geometry g) {
        return Pooling.bounds(g.outHeight(), window.strideH(), window.paddingH(), 1, window.kernelH(), g.height());
    }

    private Pooling.Bounds cols(Im2col.Geometry g) {
        return Pooling.bounds(g.outWidth(), window.strideW(), window.paddingW(), 1, window.kernelW(), g.width());
    }

    private int divisor(int iLo, int iHi, int jLo, int jHi) {
        return countIncludePad ? window.area() : (iHi - iLo) * (jHi - jLo);
    }

    @Override
    public Tensor forward(Tensor x, Context context) {
        Im2col.Geometry g = Pooling.geometry("avgpool2d", window, x);
        parallelism = context.parallelism();
        output = Pooling.buffer(output, g.batch(), g.channels(), g.outHeight(), g.outWidth());
        float[] in = x.data(), out = output.data();
        int xOff = x.offset();
        Pooling.Bounds rows = rows(g), cols = cols(g);
        parallelism.forRange(g.batch() * g.channels(), 1, 1, (from, to) -> {
            for (int plane = from; plane < to; plane++) {
                int base = xOff + plane * g.height() * g.width();
                int o = plane * g.positions();
                for (int oh = 0; oh < g.outHeight(); oh++) {
                    int top = rows.start()[oh], iLo = rows.lo()[oh], iHi = rows.hi()[oh];
                    for (int ow = 0; ow < g.outWidth(); ow++, o++) {
                        int left = cols.start()[ow], jLo = cols.lo()[ow], jHi = cols.hi()[ow];
                        float sum = 0;
                        for (int i = iLo; i < iHi; i++) {
                            int row = base + (top + i) * g.width() + left;
                            for (int j = jLo; j < jHi; j++) {
                                sum += in[row + j];
                            }
                        }
                        out[o] = sum / divisor(iLo, iHi, jLo, jHi);
                    }
                }
            }
        });
        trained = context.training() ? g : null;
        return output;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        Im2col.Geometry g = trained;
        if (g == null) {
            throw new IllegalStateException("avgpool2d backward without a training-mode forward");
        }
        Tensor.requireShape("avgpool2d gradient", gradOutput, g.batch(), g.channels(), g.outHeight(), g.outWidth());
        gradInput = Pooling.buffer(gradInput, g.batch(), g.channels(), g.height(), g.width());
        float[] dy = gradOutput.data(), dx = gradInput.data();
        int dyOff = gradOutput.offset();
        Pooling.Bounds rows = rows(g), cols = cols(g);
        parallelism.forRange(g.batch() * g.channels(), 1, 1, (from, to) -> {
            for (int plane = from; plane < to; plane++) {
                int base = plane * g.height() * g.width();
                Arrays.fill(dx, base, base + g.height() * g.width(), 0f);
                int o = plane * g.positions();
                for (int oh = 0; oh < g.outHeight(); oh++) {
                    int top = rows.start()[oh], iLo = rows.lo()[oh], iHi = rows.hi()[oh];
                    for (int ow = 0; ow < g.outWidth(); ow++, o++) {
                        int left = cols.start()[ow], jLo = cols.lo()[ow], jHi = cols.hi()[ow];
                        float share = dy[dyOff + o] / divisor(iLo, iHi, jLo, jHi);
                        for (int i = iLo; i < iHi; i++) {
                            int row = base + (top + i) * g.width() + left;
                            for (int j = jLo; j < jHi; j++) {
                                dx[row + j] += share;
                            }
                        }
                    }
                }
            }
        });
        return gradInput;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        window.toConfig(c, false);
        c.put("count_include_pad", countIncludePad);
        return c;
    }

    @Override
    public String toString() {
        return "AvgPool2d(" + window + (countIncludePad ? "" : ", count_include_pad=false") + ")";
    }
}
