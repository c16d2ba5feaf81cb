package dev.rectifier.cli.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Grids of grey images for the report: test images with their predicted and true classes
 * (mistakes framed and labelled in red), and an autoencoder's originals above its
 * reconstructions. Pixels are given in [0, 1] (values outside are clipped) and drawn as they are
 * stored: for Fashion-MNIST a light garment on black.
 */
public final class ImageGrids {
    private ImageGrids() {}

    private static final int SCALE = 3;
    private static final Color WRONG = new Color(200, 30, 30);
    private static final Color RIGHT = new Color(30, 110, 40);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    /**
     * Test images with predicted and true labels.
     *
     * @param title     the line above the grid
     * @param pixels    {@code images.length} images of rows x cols values in [0, 1], one after another
     * @param predicted predicted class per image
     * @param actual    true class per image
     */
    public static Figures.Drawing predictions(String title, float[][] pixels, int rows, int cols, int[] predicted, int[] actual,
                                              List<String> classNames, int columns) {
        int n = pixels.length;
        int cellW = Math.max(cols * SCALE, 104) + 12;
        int cellH = rows * SCALE + 44;
        int gridRows = (n + columns - 1) / columns;
        int width = columns * cellW + 20;
        int height = 44 + gridRows * cellH + 10;
        return new Figures.Drawing() {
            @Override
            public int width() {
                return width;
            }

            @Override
            public int height() {
                return height;
            }

            @Override
            public void paint(Graphics2D g) {
                background(g, width, height);
                g.setColor(Color.BLACK);
                g.setFont(TITLE);
                g.drawString(title, 10, 24);
                for (int i = 0; i < n; i++) {
                    int x = 10 + (i % columns) * cellW;
                    int y = 40 + (i / columns) * cellH;
                    int imgX = x + (cellW - cols * SCALE) / 2;
                    boolean ok = predicted[i] == actual[i];
                    image(g, pixels[i], rows, cols, imgX, y);
                    if (!ok) {
                        g.setColor(WRONG);
                        g.setStroke(new BasicStroke(3f));
                        g.drawRect(imgX - 2, y - 2, cols * SCALE + 3, rows * SCALE + 3);
                    }
                    g.setFont(LABEL);
                    g.setColor(ok ? RIGHT : WRONG);
                    centred(g, classNames.get(predicted[i]), x + cellW / 2, y + rows * SCALE + 15);
                    g.setColor(ok ? Color.GRAY : Color.BLACK);
                    centred(g, ok ? "" : "true: " + classNames.get(actual[i]), x + cellW / 2, y + rows * SCALE + 29);
                }
            }
        };
    }

    /** Originals (top row of each pair) above their reconstructions, {@code columns} per row. */
    public static Figures.Drawing reconstructions(float[][] originals, float[][] reconstructed, int rows, int cols, int columns,
                                                  double[] errors) {
        int n = originals.length;
        int cellW = cols * SCALE + 10;
        int labelW = 110;
        int pairRows = (n + columns - 1) / columns;
        int pairH = 2 * rows * SCALE + 34;
        int width = labelW + columns * cellW + 10;
        int height = 44 + pairRows * pairH + 6;
        return new Figures.Drawing() {
            @Override
            public int width() {
                return width;
            }

            @Override
            public int height() {
                return height;
            }

            @Override
            public void paint(Graphics2D g) {
                background(g, width, height);
                g.setColor(Color.BLACK);
                g.setFont(TITLE);
                g.drawString("Test images (top) and their reconstructions (below), with each one's mean squared error", 10, 24);
                for (int i = 0; i < n; i++) {
                    int x = labelW + (i % columns) * cellW;
                    int y = 40 + (i / columns) * pairH;
                    if (i % columns == 0) {
                        g.setFont(LABEL);
                        g.setColor(Color.DARK_GRAY);
                        g.drawString("original", 10, y + rows * SCALE / 2 + 4);
                        g.drawString("reconstruction", 10, y + rows * SCALE + 4 + rows * SCALE / 2 + 4);
                    }
                    image(g, originals[i], rows, cols, x, y);
                    image(g, reconstructed[i], rows, cols, x, y + rows * SCALE + 4);
                    g.setFont(LABEL);
                    g.setColor(Color.DARK_GRAY);
                    centred(g, String.format(java.util.Locale.ROOT, "%.4f", errors[i]), x + cols * SCALE / 2,
                            y + 2 * rows * SCALE + 18);
                }
            }
        };
    }

    private static void background(Graphics2D g, int width, int height) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
    }

    private static void image(Graphics2D g, float[] pixels, int rows, int cols, int x, int y) {
        BufferedImage img = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                float v = pixels[r * cols + c];
                int b = Float.isNaN(v) ? 0 : Math.round(Math.max(0f, Math.min(1f, v)) * 255);
                img.getRaster().setSample(c, r, 0, b);
            }
        }
        Object hint = g.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(img, x, y, cols * SCALE, rows * SCALE, null);
        if (hint != null) {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, hint);
        }
    }

    private static void centred(Graphics2D g, String text, int centreX, int baseline) {
        FontMetrics m = g.getFontMetrics();
        g.drawString(text, centreX - m.stringWidth(text) / 2, baseline);
    }
}
