package dev.rectifier.nn;

import dev.rectifier.tensor.Tensor;

/** Direct (loop over every index) references for the layers, in double. */
final class Naive {
    private Naive() {}

    /** y[n, o, oh, ow] = b[o] + sum x[n, c, ih, iw] * w[o, c, i, j], zero outside the input. */
    static double[] conv(Tensor x, Tensor w, Tensor b, Window2d win) {
        int batch = x.dim(0), channels = x.dim(1), height = x.dim(2), width = x.dim(3), out = w.dim(0);
        int[] hw = win.outputSize("conv2d", height, width);
        double[] y = new double[batch * out * hw[0] * hw[1]];
        int k = 0;
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < out; o++) {
                for (int oh = 0; oh < hw[0]; oh++) {
                    for (int ow = 0; ow < hw[1]; ow++) {
                        double s = b == null ? 0 : b.at(o);
                        for (int c = 0; c < channels; c++) {
                            for (int i = 0; i < win.kernelH(); i++) {
                                for (int j = 0; j < win.kernelW(); j++) {
                                    int ih = oh * win.strideH() - win.paddingH() + i * win.dilationH();
                                    int iw = ow * win.strideW() - win.paddingW() + j * win.dilationW();
                                    if (ih >= 0 && ih < height && iw >= 0 && iw < width) {
                                        s += (double) x.get(n, c, ih, iw) * w.get(o, c, i, j);
                                    }
                                }
                            }
                        }
                        y[k++] = s;
                    }
                }
            }
        }
        return y;
    }

    /** {dx, dW, db} of the convolution for the output gradient dy. */
    static double[][] convBackward(Tensor x, Tensor w, Tensor dy, Window2d win) {
        int batch = x.dim(0), channels = x.dim(1), height = x.dim(2), width = x.dim(3), out = w.dim(0);
        double[] dx = new double[x.size()], dw = new double[w.size()], db = new double[out];
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < out; o++) {
                for (int oh = 0; oh < dy.dim(2); oh++) {
                    for (int ow = 0; ow < dy.dim(3); ow++) {
                        double g = dy.get(n, o, oh, ow);
                        db[o] += g;
                        for (int c = 0; c < channels; c++) {
                            for (int i = 0; i < win.kernelH(); i++) {
                                for (int j = 0; j < win.kernelW(); j++) {
                                    int ih = oh * win.strideH() - win.paddingH() + i * win.dilationH();
                                    int iw = ow * win.strideW() - win.paddingW() + j * win.dilationW();
                                    if (ih >= 0 && ih < height && iw >= 0 && iw < width) {
                                        dx[((n * channels + c) * height + ih) * width + iw] += g * w.get(o, c, i, j);
                                        dw[((o * channels + c) * win.kernelH() + i) * win.kernelW() + j] += g * x.get(n, c, ih, iw);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return new double[][] {dx, dw, db};
    }
}
