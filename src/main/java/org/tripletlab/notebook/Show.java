package org.tripletlab.notebook;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.tripletlab.plot.Chart;
import org.tripletlab.util.BadFileException;
import tech.tablesaw.api.Table;

/**
 * Turns the project's objects into what the notebook kernel displays.
 *
 * <p>The rapaio Java kernel shows a cell's last value by its type: a {@link BufferedImage} as a PNG
 * image, a {@link String} as HTML (its default MIME type is {@code text/html}). So every method here
 * returns one of the two, and a notebook cell simply ends with {@code Show.table(t)} or
 * {@code Show.chart(c)}. Images are rendered in the JVM (java.awt), so nothing is fetched from the
 * network to show them.
 */
public final class Show {
    /** Size of a single chart, in pixels. */
    public static final int CHART_WIDTH = 860;
    public static final int CHART_HEIGHT = 360;

    static {
        // Charts draw with java.awt; the kernel JVM has no display.
        System.setProperty("java.awt.headless", "true");
    }

    private Show() {
    }

    /** A table as HTML, at most {@value HtmlTable#DEFAULT_MAX_ROWS} rows. */
    public static String table(Table t) {
        return HtmlTable.of(t);
    }

    /** A table as HTML, at most {@code maxRows} rows. */
    public static String table(Table t, int maxRows) {
        return HtmlTable.of(t, maxRows);
    }

    /** Plain text (a log, a message) as HTML that keeps its line breaks and shows markup characters as written. */
    public static String text(String s) {
        return "<pre>" + HtmlTable.escape(s) + "</pre>";
    }

    /** One chart at {@value #CHART_WIDTH} × {@value #CHART_HEIGHT} pixels. */
    public static BufferedImage chart(Chart c) {
        return c.render(CHART_WIDTH, CHART_HEIGHT);
    }

    /** Several charts side by side, {@code columns} per row, each panel {@code w × h} pixels. */
    public static BufferedImage charts(int columns, int w, int h, Chart... charts) {
        return Chart.grid(List.of(charts), columns, w, h);
    }

    /** A PNG (or JPEG) file, such as the figures {@code tripletlab plot} writes. */
    public static BufferedImage image(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such image file (run the command that writes it first)");
        }
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) {
                throw new BadFileException(file, "not a PNG/JPEG image that Java can read", "write it again with the command that made it");
            }
            return img;
        } catch (IOException e) {
            throw new BadFileException(file, "cannot be decoded (" + e.getMessage() + "): the image is truncated or damaged",
                    "write it again with the command that made it", e);
        }
    }
}
