package dev.rectifier.nn;

import dev.rectifier.kernels.MaxPool2x2;
import dev.rectifier.kernels.Parallelism;
import dev.rectifier.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * 2-d max pooling, {@code torch.nn.MaxPool2d} (floor mode): each output is the largest element
 * under its window of each channel plane; padding counts as minus infinity.
 *
 * <p>Semantics are PyTorch's CPU ones: a window is scanned row by row and an element replaces
 * the running maximum when it is greater or NaN, so ties go to the first maximum and a NaN
 * anywhere in the window makes the output NaN (its index being the last NaN); a window of -inf
 * only gives -inf with the index of its first element. Backward adds each output's gradient to
 * that index alone. Windows may overlap (stride < kernel); gradients then add up.
 *
 * <p>2x2 windows with stride 2 and no padding (every CNN's pool) run on the kernels'
 * {@link MaxPool2x2}, the same scan in vector compares and blends; other windows scan here.
 *
 * <p>Backward keeps the position of each maximum inside its window: one byte per output
 * element for windows of up to 256 elements (an int otherwise), e.g. 1/16 of the input's bytes
 * for 2x2 pooling.
 */
public final class MaxPool2d implements Layer {
    private final Window2d window;

    private final boolean wide;
    private Tensor output;
    private Tensor gradInput;
    private byte[] argmaxByte = new byte[0];
    private int[] argmaxInt = new int[0];
    private Im2col.Geometry trained;
    private Parallelism parallelism = Parallelism.serial();

    /**
     * @throws IllegalArgumentException if the padding exceeds half the kernel (as PyTorch)
     */
    public MaxPool2d(Window2d window) {
        this.window = Objects.requireNonNull(window, "window is null");
        window.requirePoolingPadding("maxpool2d");
        this.wide = window.area() > 256;
    }

    /** {@code kernel x kernel} windows with stride {@code kernel} (PyTorch's default), no padding. */
    public MaxPool2d(int kernel) {
        this(Window2d.of(kernel).stride(kernel));
    }

    static MaxPool2d fromConfig(Map<String, Object> c) {
        return new MaxPool2d(Window2d.fromConfig(c, null));
    }

    public Window2d window() {
        return window;
    }

    @Override
    public String type() {
        return "maxpool2d";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return Pooling.outputShape("maxpool2d", window, inputShape);
    }

    @Override
    public Tensor forward(Tensor x, Context context) {
        Im2col.Geometry g = Pooling.geometry("maxpool2d", window, x);
        parallelism = context.parallelism();
        output = Pooling.buffer(output, g.batch(), g.channels(), g.outHeight(), g.outWidth());
        boolean training = context.training();
        if (training) {
            int n = output.size();
            if (wide && argmaxInt.length < n) {
                argmaxInt = new int[n];
            } else if (!wide && argmaxByte.length < n) {
                argmaxByte = new byte[n];
            }
        }
        int planes = g.batch() * g.channels();
        float[] in = x.data(), out = output.data();
        int xOff = x.offset();
        Pooling.Bounds rows = Pooling.bounds(g.outHeight(), window.strideH(), window.paddingH(), window.dilationH(), window.kernelH(), g.height());
        Pooling.Bounds cols = Pooling.bounds(g.outWidth(), window.strideW(), window.paddingW(), window.dilationW(), window.kernelW(), g.width());
        boolean halving = halving(window);
        parallelism.forRange(planes, 1, 1, (from, to) -> {
            if (halving) {
                // Every CNN's pool: straight-line vector code, PyTorch's scan in compares and blends.
                MaxPool2x2.forward(in, xOff + from * g.height() * g.width(), to - from, g.height(), g.width(),
                        out, from * g.positions(), training ? argmaxByte : null, from * g.positions());
                return;
            }
            for (int plane = from; plane < to; plane++) {
                forwardPlane(in, xOff + plane * g.height() * g.width(), out, plane * g.positions(), g, rows, cols, training);
            }
        });
        trained = training ? g : null;
        return output;
    }

    /** Any window: PyTorch's scan, window by window. */
    private void forwardPlane(float[] x, int xOff, float[] y, int yOff, Im2col.Geometry g, Pooling.Bounds rows,
                              Pooling.Bounds cols, boolean training) {
        int o = yOff;
        for (int oh = 0; oh < g.outHeight(); oh++) {
            for (int ow = 0; ow < g.outWidth(); ow++, o++) {
                scanWindow(x, xOff, y, o, g, rows, cols, oh, ow, training);
            }
        }
    }

    /** PyTorch's scan over one window: the first maximum, a NaN winning and staying. */
    private void scanWindow(float[] x, int xOff, float[] y, int o, Im2col.Geometry g, Pooling.Bounds rows,
                            Pooling.Bounds cols, int oh, int ow, boolean training) {
        int width = g.width(), kw = window.kernelW(), dh = window.dilationH(), dw = window.dilationW();
        int top = rows.start()[oh], iLo = rows.lo()[oh], iHi = rows.hi()[oh];
        int left = cols.start()[ow], jLo = cols.lo()[ow], jHi = cols.hi()[ow];
        float max = Float.NEGATIVE_INFINITY;
        int arg = iLo * kw + jLo;
        for (int i = iLo; i < iHi; i++) {
            int row = xOff + (top + i * dh) * width + left;
            for (int j = jLo; j < jHi; j++) {
                float v = x[row + j * dw];
                if (v > max || v != v) { // a NaN wins and stays: nothing is greater
                    max = v;
                    arg = i * kw + j;
                }
            }
        }
        y[o] = max;
        if (training) {
            if (wide) {
                argmaxInt[o] = arg;
            } else {
                argmaxByte[o] = (byte) arg;
            }
        }
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        Im2col.Geometry g = trained;
        if (g == null) {
            throw new IllegalStateException("maxpool2d backward without a training-mode forward");
        }
        Tensor.requireShape("maxpool2d gradient", gradOutput, g.batch(), g.channels(), g.outHeight(), g.outWidth());
        gradInput = Pooling.buffer(gradInput, g.batch(), g.channels(), g.height(), g.width());
        float[] dy = gradOutput.data(), dx = gradInput.data();
        int dyOff = gradOutput.offset();
        Window2d w = window;
        int kw = w.kernelW();
        if (halving(w)) {
            parallelism.forRange(g.batch() * g.channels(), 1, 1, (from, to) -> {
                MaxPool2x2.backward(dy, dyOff + from * g.positions(), argmaxByte, from * g.positions(), to - from,
                        g.height(), g.width(), dx, from * g.height() * g.width());
            });
            return gradInput;
        }
        parallelism.forRange(g.batch() * g.channels(), 1, 1, (from, to) -> {
            for (int plane = from; plane < to; plane++) {
                int base = plane * g.height() * g.width();
                Arrays.fill(dx, base, base + g.height() * g.width(), 0f);
                int o = plane * g.positions();
                for (int oh = 0; oh < g.outHeight(); oh++) {
                    int top = oh * w.strideH() - w.paddingH();
                    for (int ow = 0; ow < g.outWidth(); ow++, o++) {
                        int arg = wide ? argmaxInt[o] : argmaxByte[o] & 0xFF;
                        int ih = top + (arg / kw) * w.dilationH();
                        int iw = ow * w.strideW() - w.paddingW() + (arg % kw) * w.dilationW();
                        // A dilated window may miss the input altogether: its -inf output has no source.
                        if (ih >= 0 && ih < g.height() && iw >= 0 && iw < g.width()) {
                            dx[base + ih * g.width() + iw] += dy[dyOff + o];
                        }
                    }
                }
            }
        });
        return gradInput;
    }

    private static boolean halving(Window2d window) {
        return window.kernelH() == 2 && window.kernelW() == 2 && window.strideH() == 2 && window.strideW() == 2
                && window.paddingH() == 0 && window.paddingW() == 0 && window.dilationH() == 1 && window.dilationW() == 1;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        window.toConfig(c, true);
        return c;
    }

    @Override
    public String toString() {
        return "MaxPool2d(" + window + ")";
    }
}
