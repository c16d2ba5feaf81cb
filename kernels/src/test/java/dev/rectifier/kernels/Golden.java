package dev.rectifier.kernels;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The PyTorch golden vectors ({@code golden/activations.json}, copied from shared/golden): for
 * each case the input x, the output y, an upstream gradient dy and PyTorch's dx, as float32 bit
 * patterns; PReLU cases also carry the slopes w and their gradient dw.
 */
final class Golden {
    private Golden() {}

    /** One golden case. {@code params} hold numbers as Double and words as String. */
    record Case(String name, Map<String, Object> params, int[] shape,
                float[] x, float[] y, float[] dy, float[] dx, float[] w, float[] dw) {

        /** The spec that builds this case's activation, e.g. {@code leaky_relu(negative_slope=0.2)}. */
        String spec() {
            String base = name.equals("rrelu_eval") ? "rrelu" : name;
            if (params.isEmpty()) {
                return base;
            }
            return base + params.entrySet().stream()
                    .map(e -> e.getKey() + "=" + (e.getValue() instanceof Double d ? number(d) : e.getValue()))
                    .collect(Collectors.joining(",", "(", ")"));
        }

        /** Whole numbers without a fraction (JSON's 3 is read as 3.0; num_parameters must be 3). */
        private static String number(double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }

        @Override
        public String toString() {
            return name + params;
        }
    }

    private static List<Case> cases;

    @SuppressWarnings("unchecked")
    static synchronized List<Case> cases() {
        if (cases != null) {
            return cases;
        }
        String text;
        try (InputStream in = Golden.class.getResourceAsStream("/golden/activations.json")) {
            if (in == null) {
                throw new IllegalStateException("test resource golden/activations.json is missing");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> root = (Map<String, Object>) MiniJson.parse(text);
        List<Case> list = new ArrayList<>();
        for (Object o : (List<Object>) root.get("cases")) {
            Map<String, Object> c = (Map<String, Object>) o;
            List<Object> shape = (List<Object>) c.get("shape");
            list.add(new Case((String) c.get("name"), (Map<String, Object>) c.get("params"),
                    shape.stream().mapToInt(d -> ((Double) d).intValue()).toArray(),
                    floats(c.get("x")), floats(c.get("y")), floats(c.get("dy")), floats(c.get("dx")),
                    floats(c.get("w")), floats(c.get("dw"))));
        }
        cases = List.copyOf(list);
        return cases;
    }

    @SuppressWarnings("unchecked")
    private static float[] floats(Object hex) {
        if (hex == null) {
            return null;
        }
        List<Object> list = (List<Object>) hex;
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.intBitsToFloat(Integer.parseUnsignedInt((String) list.get(i), 16));
        }
        return out;
    }
}
