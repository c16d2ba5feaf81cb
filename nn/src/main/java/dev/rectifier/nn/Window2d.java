package dev.rectifier.nn;

import java.util.List;
import java.util.Map;

/**
 * The sliding window of a 2-d convolution or pooling layer, in PyTorch's terms: kernel size,
 * stride, zero (or, for max pooling, minus infinity) padding on both sides, and dilation, each
 * given for height and width.
 *
 * <p>Output size per spatial dimension (PyTorch's, with floor rounding):
 * {@code out = floor((in + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1}. Window
 * {@code o} starts at input position {@code o * stride - padding} and covers
 * {@code start + j * dilation} for j in [0, kernel).
 *
 * <pre>{@code
 * Window2d w = Window2d.of(5).padding(2);          // 5x5, stride 1, "same" size for odd kernels
 * Window2d p = Window2d.of(3).stride(2).padding(1); // overlapping pooling windows
 * }</pre>
 */
public record Window2d(int kernelH, int kernelW, int strideH, int strideW, int paddingH, int paddingW,
                       int dilationH, int dilationW) {

    public Window2d {
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || paddingH < 0 || paddingW < 0
                || dilationH < 1 || dilationW < 1) {
            throw new IllegalArgumentException("a 2-d window needs kernel >= 1, stride >= 1, padding >= 0 and dilation >= 1 but got "
                    + describe(kernelH, kernelW, strideH, strideW, paddingH, paddingW, dilationH, dilationW));
        }
    }

    /** A square {@code kernel x kernel} window, stride 1, no padding, no dilation. */
    public static Window2d of(int kernel) {
        return of(kernel, kernel);
    }

    /** A {@code kernelH x kernelW} window, stride 1, no padding, no dilation. */
    public static Window2d of(int kernelH, int kernelW) {
        return new Window2d(kernelH, kernelW, 1, 1, 0, 0, 1, 1);
    }

    /** The same window with stride {@code stride} in both dimensions. */
    public Window2d stride(int stride) {
        return stride(stride, stride);
    }

    /** The same window with strides {@code (strideH, strideW)}. */
    public Window2d stride(int strideH, int strideW) {
        return new Window2d(kernelH, kernelW, strideH, strideW, paddingH, paddingW, dilationH, dilationW);
    }

    /** The same window with padding {@code padding} on all four sides. */
    public Window2d padding(int padding) {
        return padding(padding, padding);
    }

    /** The same window with {@code paddingH} rows above and below, {@code paddingW} columns left and right. */
    public Window2d padding(int paddingH, int paddingW) {
        return new Window2d(kernelH, kernelW, strideH, strideW, paddingH, paddingW, dilationH, dilationW);
    }

    /** The same window with dilation {@code dilation} in both dimensions. */
    public Window2d dilation(int dilation) {
        return dilation(dilation, dilation);
    }

    /** The same window with dilations {@code (dilationH, dilationW)}. */
    public Window2d dilation(int dilationH, int dilationW) {
        return new Window2d(kernelH, kernelW, strideH, strideW, paddingH, paddingW, dilationH, dilationW);
    }

    /** Rows the window spans: dilationH * (kernelH - 1) + 1. */
    public int extentH() {
        return dilationH * (kernelH - 1) + 1;
    }

    /** Columns the window spans: dilationW * (kernelW - 1) + 1. */
    public int extentW() {
        return dilationW * (kernelW - 1) + 1;
    }

    /** Elements under the window: kernelH * kernelW. */
    public int area() {
        return kernelH * kernelW;
    }

    /**
     * The output {@code {height, width}} for an input of {@code height x width}.
     *
     * @param layer named in the message
     * @throws IllegalArgumentException if the window does not fit the padded input, naming both
     */
    public int[] outputSize(String layer, int height, int width) {
        int paddedH = height + 2 * paddingH;
        int paddedW = width + 2 * paddingW;
        if (extentH() > paddedH || extentW() > paddedW) {
            throw new IllegalArgumentException(layer + " kernel " + kernelH + "x" + kernelW
                    + (dilationH == 1 && dilationW == 1 ? "" : " (dilation " + dilationH + "x" + dilationW
                            + ", spanning " + extentH() + "x" + extentW() + ")")
                    + " is larger than the padded input " + paddedH + "x" + paddedW + " (input " + height + "x" + width
                    + ", padding " + paddingH + "x" + paddingW + ")");
        }
        return new int[] {(paddedH - extentH()) / strideH + 1, (paddedW - extentW()) / strideW + 1};
    }

    /**
     * Refuses padding of more than half the kernel, as PyTorch's pooling does (a window would
     * otherwise lie wholly in the padding).
     */
    void requirePoolingPadding(String layer) {
        if (paddingH > kernelH / 2 || paddingW > kernelW / 2) {
            throw new IllegalArgumentException(layer + " padding must be at most half the kernel size, but got padding "
                    + paddingH + "x" + paddingW + " and kernel " + kernelH + "x" + kernelW);
        }
    }

    /** Writes kernel_size, stride, padding and dilation as [h, w] lists into {@code config}. */
    void toConfig(Map<String, Object> config, boolean withDilation) {
        config.put("kernel_size", List.of(kernelH, kernelW));
        config.put("stride", List.of(strideH, strideW));
        config.put("padding", List.of(paddingH, paddingW));
        if (withDilation) {
            config.put("dilation", List.of(dilationH, dilationW));
        }
    }

    /**
     * Reads kernel_size (required), stride (default {@code defaultStride}, or the kernel size
     * when null), padding (0) and dilation (1); each a number or an [h, w] list, as PyTorch takes.
     */
    static Window2d fromConfig(Map<String, Object> c, int[] defaultStride) {
        int[] kernel = Configs.pair(c, "kernel_size", null);
        int[] stride = Configs.pair(c, "stride", defaultStride == null ? kernel : defaultStride);
        int[] padding = Configs.pair(c, "padding", new int[] {0, 0});
        int[] dilation = Configs.pair(c, "dilation", new int[] {1, 1});
        return new Window2d(kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1]);
    }

    private static String describe(int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw) {
        return "kernel " + kh + "x" + kw + ", stride " + sh + "x" + sw + ", padding " + ph + "x" + pw + ", dilation " + dh + "x" + dw;
    }

    @Override
    public String toString() {
        return describe(kernelH, kernelW, strideH, strideW, paddingH, paddingW, dilationH, dilationW);
    }
}
