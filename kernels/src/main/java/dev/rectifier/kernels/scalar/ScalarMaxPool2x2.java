package dev.rectifier.kernels.scalar;

/** Reference of {@link dev.rectifier.kernels.MaxPool2x2}: PyTorch's scan, window by window. */
public final class ScalarMaxPool2x2 {
    private ScalarMaxPool2x2() {}

    public static void forward(float[] x, int xOff, int planes, int height, int width, float[] y, int yOff,
                               byte[] argmax, int argOff) {
        int outHeight = height / 2, outWidth = width / 2;
        for (int p = 0; p < planes; p++) {
            int in = xOff + p * height * width;
            int out = p * outHeight * outWidth;
            for (int oh = 0; oh < outHeight; oh++) {
                int r0 = in + 2 * oh * width, r1 = r0 + width;
                for (int ow = 0, o = out + oh * outWidth; ow < outWidth; ow++, o++) {
                    float max = Float.NEGATIVE_INFINITY;
                    int arg = 0;
                    for (int k = 0; k < 4; k++) {
                        float v = x[(k < 2 ? r0 : r1) + 2 * ow + (k & 1)];
                        if (v > max || v != v) { // a NaN wins and stays: nothing is greater
                            max = v;
                            arg = k;
                        }
                    }
                    y[yOff + o] = max;
                    if (argmax != null) {
                        argmax[argOff + o] = (byte) arg;
                    }
                }
            }
        }
    }

    public static void backward(float[] dy, int dyOff, byte[] argmax, int argOff, int planes, int height, int width,
                                float[] dx, int dxOff) {
        int outHeight = height / 2, outWidth = width / 2;
        for (int p = 0; p < planes; p++) {
            int base = dxOff + p * height * width;
            int out = p * outHeight * outWidth;
            java.util.Arrays.fill(dx, base, base + height * width, 0f);
            for (int oh = 0; oh < outHeight; oh++) {
                int r0 = base + 2 * oh * width, r1 = r0 + width;
                for (int ow = 0, o = out + oh * outWidth; ow < outWidth; ow++, o++) {
                    int k = argmax[argOff + o];
                    dx[(k < 2 ? r0 : r1) + 2 * ow + (k & 1)] += dy[dyOff + o];
                }
            }
        }
    }
}
