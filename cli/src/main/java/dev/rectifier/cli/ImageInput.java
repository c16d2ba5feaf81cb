package dev.rectifier.cli;

import dev.rectifier.data.DataException;
import dev.rectifier.data.Idx;
import dev.rectifier.data.IdxImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Images to predict on, as pixels in [0, 1] of the model's size (28x28 for Fashion-MNIST): IDX
 * image files (plain or gzip; every image, or the first {@code limit}) and image files that the
 * JDK reads (PNG, JPEG, GIF, BMP).
 *
 * <p>An image file is made to look like Fashion-MNIST: converted to grey (luma, ITU-R BT.601);
 * inverted if its border is light, as Fashion-MNIST shows a light item on black; if not already
 * 28x28, scaled (area averaging) so that its longer side is 28 and centred on black. Images
 * smaller than {@value #MIN_SIDE} pixels a side, or more than {@value #MAX_ASPECT} times as long
 * as wide, are refused: they cannot show one garment the way the model saw them.
 */
final class ImageInput {
    static final int MIN_SIDE = 8;
    static final int MAX_ASPECT = 4;

    /** One image: a name for the output, its pixels, and what was done to it (or ""). */
    record Item(String name, float[] pixels, String note) {}

    private ImageInput() {}

    /**
     * The images in {@code file}.
     *
     * @throws CliException naming the file and what is expected, if it is neither an IDX image file nor a readable image
     */
    static List<Item> read(Path file, int rows, int cols, int limit) {
        if (!Files.isRegularFile(file)) {
            throw CliException.failure(file + ": no such file; predict takes PNG or JPEG images or IDX image files");
        }
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, 4);
            if (n < 4) {
                throw CliException.failure(file + ": only " + n + " bytes; not an image or an IDX image file");
            }
        } catch (IOException e) {
            throw CliException.failure(file + ": cannot read (" + RunDirectory.reason(e) + ")", e);
        }
        boolean gzip = (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B;
        boolean idx = head[0] == 0 && head[1] == 0 && head[2] == 0x08;
        return gzip || idx ? idx(file, rows, cols, limit) : image(file, rows, cols);
    }

    private static List<Item> idx(Path file, int rows, int cols, int limit) {
        IdxImages images;
        try {
            images = Idx.readImages(file);
        } catch (DataException e) {
            throw CliException.failure(e.getMessage() + "; predict takes IDX image files (magic 0x00000803) and PNG or JPEG images", e);
        }
        if (images.rows() != rows || images.cols() != cols) {
            throw CliException.failure(file + ": its images are " + images.rows() + "x" + images.cols() + " but the model takes "
                    + rows + "x" + cols);
        }
        int n = Math.min(images.count(), limit);
        List<Item> items = new ArrayList<>(n);
        byte[] px = images.pixels();
        int size = rows * cols;
        for (int i = 0; i < n; i++) {
            float[] x = new float[size];
            for (int j = 0; j < size; j++) {
                x[j] = (px[i * size + j] & 0xFF) / 255f;
            }
            items.add(new Item(file.getFileName() + "[" + i + "]", x, ""));
        }
        return items;
    }

    private static List<Item> image(Path file, int rows, int cols) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw CliException.failure(file + ": cannot read the image (" + e.getMessage() + "); predict takes PNG or JPEG images or IDX image files", e);
        }
        if (img == null) {
            throw CliException.failure(file + ": not an image format the JDK reads; predict takes PNG, JPEG, GIF or BMP images, "
                    + "or IDX image files");
        }
        int w = img.getWidth(), h = img.getHeight();
        if (Math.min(w, h) < MIN_SIDE || Math.max(w, h) > MAX_ASPECT * Math.min(w, h)) {
            throw CliException.failure(String.format(Locale.ROOT, "%s is %dx%d pixels; predict expects one garment in a roughly square "
                    + "grey image, ideally %dx%d like Fashion-MNIST (light item on a dark background; other sizes are scaled and centred), "
                    + "at least %d pixels a side and at most %d times as long as wide", file, w, h, cols, rows, MIN_SIDE, MAX_ASPECT));
        }
        float[] grey = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = img.getRGB(x, y);
                float a = ((argb >>> 24) & 0xFF) / 255f;
                float luma = (0.299f * ((argb >> 16) & 0xFF) + 0.587f * ((argb >> 8) & 0xFF) + 0.114f * (argb & 0xFF)) / 255f;
                grey[y * w + x] = a * luma + (1 - a); // transparent pixels count as white paper
            }
        }
        List<String> notes = new ArrayList<>();
        double border = 0;
        int count = 0;
        for (int x = 0; x < w; x++) {
            border += grey[x] + grey[(h - 1) * w + x];
            count += 2;
        }
        for (int y = 1; y < h - 1; y++) {
            border += grey[y * w] + grey[y * w + w - 1];
            count += 2;
        }
        if (border / count > 0.5) {
            for (int i = 0; i < grey.length; i++) {
                grey[i] = 1 - grey[i];
            }
            notes.add("inverted (light background)");
        }
        float[] out;
        if (w == cols && h == rows) {
            out = grey;
        } else {
            out = fit(grey, w, h, rows, cols);
            notes.add("scaled from " + w + "x" + h + " and centred");
        }
        return List.of(new Item(file.getFileName().toString(), out, String.join(", ", notes)));
    }

    /** Scales {@code grey} (w x h) by area averaging so its longer side fills the box, centred on black. */
    static float[] fit(float[] grey, int w, int h, int rows, int cols) {
        double scale = Math.min((double) cols / w, (double) rows / h);
        int tw = Math.max(1, (int) Math.round(w * scale)), th = Math.max(1, (int) Math.round(h * scale));
        int ox = (cols - tw) / 2, oy = (rows - th) / 2;
        float[] out = new float[rows * cols];
        for (int ty = 0; ty < th; ty++) {
            double y0 = ty * (double) h / th, y1 = (ty + 1) * (double) h / th;
            for (int tx = 0; tx < tw; tx++) {
                double x0 = tx * (double) w / tw, x1 = (tx + 1) * (double) w / tw;
                double sum = 0, area = 0;
                for (int y = (int) y0; y < Math.min(h, (int) Math.ceil(y1)); y++) {
                    double fy = Math.min(y + 1, y1) - Math.max(y, y0);
                    for (int x = (int) x0; x < Math.min(w, (int) Math.ceil(x1)); x++) {
                        double fx = Math.min(x + 1, x1) - Math.max(x, x0);
                        sum += fx * fy * grey[y * w + x];
                        area += fx * fy;
                    }
                }
                out[(oy + ty) * cols + ox + tx] = (float) (sum / area);
            }
        }
        return out;
    }
}
