package org.tripletlab.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.tripletlab.util.AtomicFiles;

/**
 * A small line chart: axes with ticks and labels, a title, a legend and series of (x, y) points,
 * optionally with a logarithmic x axis. A chart draws itself into any rectangle of a
 * {@link Graphics2D}, so several can share one image ({@link #grid}); {@link #writePng} writes one alone.
 */
public final class Chart {
    /** Colours given to series in order when none is named. */
    public static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};
    public static final Color BACKGROUND = Color.WHITE;

    /** One line: points with non-finite coordinates (or x &le; 0 on a log axis) break the line. */
    public record Series(String name, double[] xs, double[] ys, Color color, boolean dashed, float width) {
        public Series {
            if (xs.length != ys.length) {
                throw new IllegalArgumentException("series " + name + ": " + xs.length + " x values, " + ys.length + " y values");
            }
        }
    }

    private final String title;
    private String xLabel = "";
    private String yLabel = "";
    private boolean logX;
    private double[] xRange;
    private double[] yRange;
    private boolean legendBottom;
    private final List<Series> series = new ArrayList<>();

    public Chart(String title) {
        this.title = title == null ? "" : title;
    }

    public Chart xLabel(String s) {
        xLabel = s;
        return this;
    }

    public Chart yLabel(String s) {
        yLabel = s;
        return this;
    }

    public Chart logX(boolean on) {
        logX = on;
        return this;
    }

    /** Puts the legend in the bottom right corner of the plot instead of the top right. */
    public Chart legendBottom(boolean on) {
        legendBottom = on;
        return this;
    }

    public Chart xRange(double lo, double hi) {
        xRange = new double[] {lo, hi};
        return this;
    }

    public Chart yRange(double lo, double hi) {
        yRange = new double[] {lo, hi};
        return this;
    }

    /** Adds a solid series in the next palette colour. */
    public Chart add(String name, double[] xs, double[] ys) {
        return add(new Series(name, xs, ys, PALETTE[series.size() % PALETTE.length], false, 1.5f));
    }

    public Chart add(Series s) {
        series.add(s);
        return this;
    }

    public List<Series> series() {
        return List.copyOf(series);
    }

    private boolean usable(double x, double y) {
        return Double.isFinite(x) && Double.isFinite(y) && (!logX || x > 0);
    }

    private double[] range(boolean xAxis) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.xs().length; i++) {
                if (usable(s.xs()[i], s.ys()[i])) {
                    double v = xAxis ? s.xs()[i] : s.ys()[i];
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo > hi) {
            return logX && xAxis ? new double[] {1e-4, 1} : new double[] {0, 1};
        }
        if (lo == hi) {
            double pad = logX && xAxis ? lo * 0.5 : Math.max(Math.abs(lo) * 0.1, 1e-9);
            return new double[] {lo - pad, hi + pad};
        }
        if (!xAxis) {
            double pad = (hi - lo) * 0.05;
            return new double[] {lo - pad, hi + pad};
        }
        return new double[] {lo, hi};
    }

    /** Renders the chart alone into a PNG image of the given size. */
    public BufferedImage render(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        fill(g, width, height);
        draw(g, 0, 0, width, height);
        g.dispose();
        return img;
    }

    /** Several charts in one image, row by row, {@code columns} per row, each panel {@code w × h}. */
    public static BufferedImage grid(List<Chart> charts, int columns, int w, int h) {
        int rows = Math.max(1, (charts.size() + columns - 1) / columns);
        int cols = Math.min(columns, Math.max(1, charts.size()));
        BufferedImage img = new BufferedImage(cols * w, rows * h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        fill(g, img.getWidth(), img.getHeight());
        for (int i = 0; i < charts.size(); i++) {
            charts.get(i).draw(g, (i % cols) * w, (i / cols) * h, w, h);
        }
        g.dispose();
        return img;
    }

    private static void fill(Graphics2D g, int w, int h) {
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, w, h);
    }

    public void writePng(Path file, int width, int height) {
        writePng(file, render(width, height));
    }

    public static void writePng(Path file, BufferedImage img) {
        System.setProperty("java.awt.headless", "true");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + file + ": " + e.getMessage(), e);
        }
        AtomicFiles.write(file, out.toByteArray());
    }

    /** Draws the chart into the rectangle (x0, y0, w, h) of g. */
    public void draw(Graphics2D g0, int x0, int y0, int w, int h) {
        Graphics2D g = (Graphics2D) g0.create();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        int left = x0 + 58;
        int right = x0 + w - 12;
        int top = y0 + (title.isEmpty() ? 10 : 26);
        int bottom = y0 + h - (xLabel.isEmpty() ? 24 : 38);
        if (right - left < 10 || bottom - top < 10) {
            g.dispose();
            return;
        }
        double[] xr = xRange != null ? xRange : range(true);
        double[] yr = yRange != null ? yRange : range(false);
        Axis xa = new Axis(xr[0], xr[1], logX, left, right);
        Axis ya = new Axis(yr[0], yr[1], false, bottom, top);

        // title and axis labels
        g.setColor(Color.BLACK);
        if (!title.isEmpty()) {
            Font f = g.getFont();
            g.setFont(f.deriveFont(Font.BOLD, 12f));
            FontMetrics tf = g.getFontMetrics();
            g.drawString(title, (left + right - tf.stringWidth(title)) / 2, y0 + 17);
            g.setFont(f);
        }
        if (!xLabel.isEmpty()) {
            g.drawString(xLabel, (left + right - fm.stringWidth(xLabel)) / 2, y0 + h - 6);
        }
        if (!yLabel.isEmpty()) {
            Graphics2D r = (Graphics2D) g.create();
            r.translate(x0 + 12, (top + bottom) / 2 + fm.stringWidth(yLabel) / 2);
            r.rotate(-Math.PI / 2);
            r.drawString(yLabel, 0, 0);
            r.dispose();
        }

        // grid, ticks and tick labels
        for (double t : xa.ticks()) {
            int px = (int) Math.round(xa.map(t));
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(px, top, px, bottom);
            g.setColor(Color.BLACK);
            g.drawLine(px, bottom, px, bottom + 4);
            String s = xa.label(t);
            g.drawString(s, px - fm.stringWidth(s) / 2, bottom + 4 + fm.getAscent());
        }
        for (double t : ya.ticks()) {
            int py = (int) Math.round(ya.map(t));
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(left, py, right, py);
            g.setColor(Color.BLACK);
            g.drawLine(left - 4, py, left, py);
            String s = ya.label(t);
            g.drawString(s, left - 6 - fm.stringWidth(s), py + fm.getAscent() / 2 - 1);
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, right - left, bottom - top);

        // series, clipped to the plot area
        Shape clip = g.getClip();
        g.clipRect(left, top, right - left + 1, bottom - top + 1);
        for (Series s : series) {
            g.setColor(s.color());
            g.setStroke(s.dashed()
                    ? new BasicStroke(s.width(), BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f)
                    : new BasicStroke(s.width(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            Path2D.Double path = new Path2D.Double();
            boolean pen = false;
            int drawn = 0;
            for (int i = 0; i < s.xs().length; i++) {
                if (!usable(s.xs()[i], s.ys()[i])) {
                    pen = false;
                    continue;
                }
                double px = xa.map(s.xs()[i]);
                double py = ya.map(s.ys()[i]);
                if (pen) {
                    path.lineTo(px, py);
                } else {
                    path.moveTo(px, py);
                    pen = true;
                }
                drawn++;
            }
            if (drawn == 1) {
                g.fill(new java.awt.geom.Ellipse2D.Double(path.getCurrentPoint().getX() - 2, path.getCurrentPoint().getY() - 2, 4, 4));
            } else if (drawn > 1) {
                g.draw(path);
            }
        }
        g.setClip(clip);
        g.setStroke(new BasicStroke(1f));

        // legend, top right inside the plot
        List<Series> named = series.stream().filter(s -> s.name() != null && !s.name().isEmpty()).toList();
        if (!named.isEmpty()) {
            int lw = 0;
            for (Series s : named) {
                lw = Math.max(lw, fm.stringWidth(s.name()));
            }
            int lh = fm.getHeight();
            int boxW = lw + 34;
            int boxH = named.size() * lh + 6;
            int bx = right - boxW - 6;
            int by = legendBottom ? bottom - boxH - 6 : top + 6;
            g.setColor(new Color(255, 255, 255, 220));
            g.fillRect(bx, by, boxW, boxH);
            g.setColor(Color.GRAY);
            g.drawRect(bx, by, boxW, boxH);
            for (int i = 0; i < named.size(); i++) {
                Series s = named.get(i);
                int ly = by + 3 + i * lh + lh / 2;
                g.setColor(s.color());
                g.setStroke(s.dashed()
                        ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {4f, 3f}, 0f)
                        : new BasicStroke(2f));
                g.drawLine(bx + 5, ly, bx + 25, ly);
                g.setStroke(new BasicStroke(1f));
                g.setColor(Color.BLACK);
                g.drawString(s.name(), bx + 29, ly + fm.getAscent() / 2 - 1);
            }
        }
        g.dispose();
    }

    /** Maps data values to pixels along one axis and chooses its ticks. */
    private record Axis(double lo, double hi, boolean log, double p0, double p1) {
        double t(double v) {
            return log ? Math.log10(v) : v;
        }

        double map(double v) {
            double a = t(lo);
            double b = t(hi);
            return p0 + (t(v) - a) / (b - a) * (p1 - p0);
        }

        List<Double> ticks() {
            List<Double> out = new ArrayList<>();
            if (log) {
                for (int e = (int) Math.ceil(Math.log10(lo) - 1e-9); e <= Math.floor(Math.log10(hi) + 1e-9); e++) {
                    out.add(Math.pow(10, e));
                }
                return out;
            }
            double step = niceStep((hi - lo) / 5);
            for (double v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
                out.add(Math.abs(v) < step * 1e-9 ? 0.0 : v);
            }
            return out;
        }

        String label(double v) {
            if (log) {
                int e = (int) Math.round(Math.log10(v));
                return e == 0 ? "1" : "1e" + e;
            }
            double a = Math.abs(v);
            if (a != 0 && (a >= 1e5 || a < 1e-3)) {
                return String.format(Locale.ROOT, "%.1e", v);
            }
            String s = String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "");
            return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
        }

        static double niceStep(double raw) {
            if (!(raw > 0) || !Double.isFinite(raw)) {
                return 1;
            }
            double mag = Math.pow(10, Math.floor(Math.log10(raw)));
            double f = raw / mag;
            return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
        }
    }
}
