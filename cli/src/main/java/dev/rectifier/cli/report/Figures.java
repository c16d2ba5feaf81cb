package dev.rectifier.cli.report;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import dev.rectifier.io.AtomicFiles;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Writes a figure twice, as {@code NAME.png} (a bitmap for the page) and {@code NAME.svg} (a
 * vector version that scales), each to a temporary name and renamed.
 */
public final class Figures {
    private Figures() {}

    static {
        // Encode in memory: ImageIO's file cache registers a shutdown hook per stream, which fails
        // while the JVM is exiting and leaves temporary files behind.
        ImageIO.setUseCache(false);
    }

    /** Something drawn with Java 2D on a canvas of a fixed size. */
    public interface Drawing {
        int width();

        int height();

        void paint(Graphics2D g);
    }

    /** Writes an XChart chart; returns the two file names. */
    public static List<String> save(Path dir, String name, Chart<?, ?> chart) throws IOException {
        AtomicFiles.write(dir.resolve(name + ".png"), out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
        AtomicFiles.write(dir.resolve(name + ".svg"),
                out -> VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
        return List.of(name + ".png", name + ".svg");
    }

    /** Writes a Java 2D drawing; returns the two file names. */
    public static List<String> save(Path dir, String name, Drawing drawing) throws IOException {
        BufferedImage image = new BufferedImage(drawing.width(), drawing.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            drawing.paint(g);
        } finally {
            g.dispose();
        }
        AtomicFiles.write(dir.resolve(name + ".png"), out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer in this JDK");
            }
        });
        VectorGraphics2D vector = new VectorGraphics2D();
        drawing.paint(vector);
        Document svg = new SVGProcessor().getDocument(vector.getCommands(), new PageSize(0, 0, drawing.width(), drawing.height()));
        AtomicFiles.write(dir.resolve(name + ".svg"), svg::writeTo);
        return List.of(name + ".png", name + ".svg");
    }
}
