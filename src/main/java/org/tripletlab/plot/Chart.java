package org.tripletlab.plot;

import java.awt.Color;
import java.awt.Graphics2D;
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
 * A small chart: axes with ticks and labels, a title, a legend, lines through (x, y) points
 * ({@link Series}) and unconnected groups of points drawn as markers ({@link Points}, a scatter),
 * optionally with a logarithmic x axis. A chart draws itself through the few primitives of a
 * {@link Canvas} into any rectangle, so several can share one image ({@link #grid}) and the same
 * drawing becomes a PNG ({@link #writePng}) or an SVG file ({@link #writeSvg}, {@link #gridSvg}).
 */
public final class Chart {
    /**
     * Colours given to series in order when none is named: saturated, without greys, browns or olive, which are hard to
     * tell apart from each other and are kept for published reference curves (drawn in greys). Fourteen, so that a
     * study's ROC (its miners and variants beside six baselines) never gives two measured curves one colour; the last
     * four (dark green, yellow-green, magenta, dark violet) come after the ten that most figures use.
     */
    public static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
            new Color(0x9467bd), new Color(0x17becf), new Color(0xe377c2), new Color(0x0b2a7a), new Color(0xa50f5a), new Color(0xb8860b),
            new Color(0x00582a), new Color(0x7fbc41), new Color(0xf0027f), new Color(0x4a1486)};
    public static final Color BACKGROUND = Color.WHITE;
    static final float FONT = 11f;
    private static final Color GRID = new Color(0xe6e6e6);
    private static final Color LEGEND_FILL = new Color(255, 255, 255, 220);

    /** The dash pattern of a {@link Series} built with {@code dashed = true}: on/off lengths in pixels. */
    public static final float[] DASHED = {6f, 4f};
    /** A dotted pattern, for a second family of non-solid lines (e.g. one published curve beside dashed ones). */
    public static final float[] DOTTED = {1.5f, 3f};
    /** Dash-dot, a third non-solid pattern. */
    public static final float[] DASH_DOT = {7f, 3f, 1.5f, 3f};

    /**
     * One line: points with non-finite coordinates (or x &le; 0 on a log axis) break the line.
     *
     * @param dash null for a solid line, else on/off lengths in pixels ({@link #DASHED}, {@link #DOTTED}, …)
     */
    public record Series(String name, double[] xs, double[] ys, Color color, float[] dash, float width) {
        public Series {
            if (xs.length != ys.length) {
                throw new IllegalArgumentException("series " + name + ": " + xs.length + " x values, " + ys.length + " y values");
            }
        }

        /** A solid or (with {@code dashed}) a {@link #DASHED} line. */
        public Series(String name, double[] xs, double[] ys, Color color, boolean dashed, float width) {
            this(name, xs, ys, color, dashed ? DASHED : null, width);
        }

        public boolean dashed() {
            return dash != null;
        }
    }

    /**
     * A horizontal bar from x0 to x1 at height y (data units), {@code thickness} pixels tall: a percentile band.
     * Drawn as a filled rectangle, so its ends are exactly at x0 and x1 (a thick line's round caps would overshoot).
     */
    public record Band(double x0, double x1, double y, double thickness, Color color) {
    }

    /**
     * Colours for scatter groups (e.g. identities): the Okabe–Ito palette, chosen to stay distinct under the common
     * colour-vision deficiencies (its yellow, too faint on white, left out), so seven groups are told apart by colour;
     * {@link #scatter} then repeats them as squares, then as hollow markers.
     */
    public static final Color[] GROUP_COLOURS = {new Color(0xe69f00), new Color(0x56b4e9), new Color(0x009e73), new Color(0x0072b2),
            new Color(0xd55e00), new Color(0xcc79a7), new Color(0x000000)};

    /**
     * A group of unconnected points drawn as filled (or hollow) circles, or squares, with a legend entry.
     * The shape doubles the groups that a few colour-blind-safe colours can tell apart.
     */
    public record Points(String name, double[] xs, double[] ys, Color color, boolean hollow, boolean square) {
        public Points {
            if (xs.length != ys.length) {
                throw new IllegalArgumentException("points " + name + ": " + xs.length + " x values, " + ys.length + " y values");
            }
        }

        /** Circles. */
        public Points(String name, double[] xs, double[] ys, Color color, boolean hollow) {
            this(name, xs, ys, color, hollow, false);
        }
    }

    private static final double MARKER_RADIUS = 3.5;

    private final String title;
    private final List<Points> points = new ArrayList<>();
    private boolean legendOutside;
    private String xLabel = "";
    private String yLabel = "";
    private boolean logX;
    private double[] xRange;
    private double[] yRange;
    private boolean legendBottom;
    private boolean legendShown = true;
    private boolean integerX;
    private boolean integerY;
    private String note = "";
    private final List<Series> series = new ArrayList<>();
    private final List<Band> bands = new ArrayList<>();

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

    /**
     * Whether the chart draws its own legend (default). A {@link Sheet} turns it off when one legend serves all its
     * panels, so the same entries are not repeated in every panel.
     */
    public Chart legend(boolean on) {
        legendShown = on;
        return this;
    }

    /** X ticks only at whole numbers (e.g. epochs), never at 0.5 steps. */
    public Chart integerX(boolean on) {
        integerX = on;
        return this;
    }

    /** Y ticks only at whole numbers (e.g. epochs as rows). */
    public Chart integerY(boolean on) {
        integerY = on;
        return this;
    }

    /** A short remark drawn in the top left corner of the plot area (e.g. "peak 10.0 off scale"). */
    public Chart note(String s) {
        note = s == null ? "" : s;
        return this;
    }

    public String note() {
        return note;
    }

    public String title() {
        return title;
    }

    public String xLabel() {
        return xLabel;
    }

    /** The y range set by {@link #yRange}, or the one drawn from the data. */
    public double[] yRangeShown() {
        return yRange != null ? yRange.clone() : range(false);
    }

    /** The x range set by {@link #xRange}, or the one drawn from the data. */
    public double[] xRangeShown() {
        return xRange != null ? xRange.clone() : range(true);
    }

    /** The x axis' tick labels as drawn (for tests: e.g. whole epochs only). */
    List<String> xTickLabels() {
        double[] r = xRangeShown();
        Axis a = new Axis(r[0], r[1], logX, integerX, 0, 1);
        return a.ticks().stream().map(a::label).toList();
    }

    /** Adds a horizontal band (see {@link Band}). */
    public Chart band(Band b) {
        bands.add(b);
        return this;
    }

    public List<Band> bands() {
        return List.copyOf(bands);
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

    /**
     * Adds a group of points (a scatter), in {@link #GROUP_COLOURS} order: circles, then the same colours as squares,
     * then hollow markers, so 14 groups differ in colour or shape.
     */
    public Chart scatter(String name, double[] xs, double[] ys) {
        int k = points.size();
        int n = GROUP_COLOURS.length;
        return scatter(new Points(name, xs, ys, GROUP_COLOURS[k % n], k >= 2 * n, (k / n) % 2 == 1));
    }

    public Chart scatter(Points p) {
        points.add(p);
        return this;
    }

    public List<Points> points() {
        return List.copyOf(points);
    }

    /** Puts the legend to the right of the plot area (which narrows to make room), so it never hides data. */
    public Chart legendOutside(boolean on) {
        legendOutside = on;
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
        List<double[][]> all = new ArrayList<>();
        series.forEach(s -> all.add(new double[][] {s.xs(), s.ys()}));
        points.forEach(p -> all.add(new double[][] {p.xs(), p.ys()}));
        bands.forEach(b -> all.add(new double[][] {{b.x0(), b.x1()}, {b.y(), b.y()}}));
        for (double[][] s : all) {
            for (int i = 0; i < s[0].length; i++) {
                if (usable(s[0][i], s[1][i])) {
                    double v = xAxis ? s[0][i] : s[1][i];
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
        if (!xAxis || !points.isEmpty()) {
            // room above and below lines (and around markers) so none sits on the frame
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
        draw(new AwtCanvas(g), x0, y0, w, h);
        g.dispose();
    }

    /**
     * {@code text} in bold at {@code size} broken at spaces into lines no wider than {@code width} (a single word wider than
     * that keeps a line of its own); one line when it fits.
     */
    static List<String> wrap(Canvas c, String text, float size, double width) {
        List<String> lines = new ArrayList<>();
        String line = "";
        for (String word : text.split(" ")) {
            String longer = line.isEmpty() ? word : line + " " + word;
            if (!line.isEmpty() && c.textWidth(longer, size, true) > width) {
                lines.add(line);
                line = word;
            } else {
                line = longer;
            }
        }
        lines.add(line);
        return lines;
    }

    /** Draws the chart into the rectangle (x0, y0, w, h) of any canvas (raster or vector). */
    public void draw(Canvas c, int x0, int y0, int w, int h) {
        List<String> names = new ArrayList<>();
        if (legendShown) {
            legendNames(names);
        }
        double legendText = 0;
        for (String n : names) {
            legendText = Math.max(legendText, c.textWidth(n, FONT, false));
        }
        double boxW = legendText + 34;
        int left = x0 + 58;
        int right = x0 + w - 12 - (legendOutside && !names.isEmpty() ? (int) Math.ceil(boxW) + 6 : 0);
        // a title wider than the panel wraps at spaces (a long variant name beside "epoch 4"); each more line takes 14 px
        List<String> titleLines = title.isEmpty() ? List.of() : wrap(c, title, FONT + 1, w - 8);
        int top = y0 + (title.isEmpty() ? 10 : 26 + 14 * (titleLines.size() - 1));
        int bottom = y0 + h - (xLabel.isEmpty() ? 24 : 38);
        if (right - left < 10 || bottom - top < 10) {
            return;
        }
        int ascent = AwtCanvas.ascent(FONT);
        double[] xr = xRange != null ? xRange : range(true);
        double[] yr = yRange != null ? yRange : range(false);
        Axis xa = new Axis(xr[0], xr[1], logX, integerX, left, right);
        Axis ya = new Axis(yr[0], yr[1], false, integerY, bottom, top);

        // Title: one block centred over the plot, but moved left rather than past the panel's right edge (the plot sits
        // right of the panel's centre, so a line nearly as wide as the panel ran into the next one), never past its left
        // edge; its lines are centred on the block. An unmoved block keeps the exact centre (left + right) / 2 that
        // single-line titles always had, so figures whose titles fit draw byte for byte as before.
        double blockW = 0;
        for (String line : titleLines) {
            blockW = Math.max(blockW, c.textWidth(line, FONT + 1, true));
        }
        double centred = (left + right - blockW) / 2;
        double blockStart = Math.max(x0 + 4, Math.min(centred, x0 + w - 4 - blockW));
        double middle = blockStart == centred ? (left + right) / 2.0 : blockStart + blockW / 2;
        for (int i = 0; i < titleLines.size(); i++) {
            c.text(titleLines.get(i), middle, y0 + 17 + 14 * i, FONT + 1, true, Color.BLACK, Canvas.Anchor.MIDDLE, 0);
        }
        // axis labels
        if (!xLabel.isEmpty()) {
            c.text(xLabel, (left + right) / 2.0, y0 + h - 6, FONT, false, Color.BLACK, Canvas.Anchor.MIDDLE, 0);
        }
        if (!yLabel.isEmpty()) {
            c.text(yLabel, x0 + 12, (top + bottom) / 2.0, FONT, false, Color.BLACK, Canvas.Anchor.MIDDLE, 90);
        }

        // grid, ticks and tick labels
        for (double t : xa.ticks()) {
            int px = (int) Math.round(xa.map(t));
            c.line(px, top, px, bottom, GRID, 1f, null);
            c.line(px, bottom, px, bottom + 4, Color.BLACK, 1f, null);
            c.text(xa.label(t), px, bottom + 4 + ascent, FONT, false, Color.BLACK, Canvas.Anchor.MIDDLE, 0);
        }
        for (double t : ya.ticks()) {
            int py = (int) Math.round(ya.map(t));
            c.line(left, py, right, py, GRID, 1f, null);
            c.line(left - 4, py, left, py, Color.BLACK, 1f, null);
            c.text(ya.label(t), left - 6, py + ascent / 2 - 1, FONT, false, Color.BLACK, Canvas.Anchor.END, 0);
        }
        c.rect(left, top, right - left, bottom - top, null, Color.BLACK);

        // series, clipped to the plot area; unusable points break a line into runs
        c.clip(left, top, right - left + 1, bottom - top + 1);
        for (Band b : bands) {
            // on a log axis a percentile of 0 (or below the axis) starts the band at the axis' left end
            double bx0 = xa.map(logX ? Math.max(b.x0(), xr[0]) : b.x0());
            double bx1 = xa.map(logX ? Math.max(b.x1(), xr[0]) : b.x1());
            c.rect(Math.min(bx0, bx1) - (bx0 == bx1 ? 1 : 0), ya.map(b.y()) - b.thickness() / 2, Math.max(2, Math.abs(bx1 - bx0)), b.thickness(), b.color(), null);
        }
        for (Series s : series) {
            float[] dash = s.dash();
            List<double[]> run = new ArrayList<>();
            for (int i = 0; i <= s.xs().length; i++) {
                if (i < s.xs().length && usable(s.xs()[i], s.ys()[i])) {
                    run.add(new double[] {xa.map(s.xs()[i]), ya.map(s.ys()[i])});
                    continue;
                }
                if (run.size() == 1) {
                    c.circle(run.get(0)[0], run.get(0)[1], 2, s.color(), null);
                } else if (run.size() > 1) {
                    run = simplified(run);
                    c.polyline(run.stream().mapToDouble(p -> p[0]).toArray(), run.stream().mapToDouble(p -> p[1]).toArray(),
                            s.color(), s.width(), dash);
                }
                run.clear();
            }
        }
        for (Points p : points) {
            for (int i = 0; i < p.xs().length; i++) {
                if (usable(p.xs()[i], p.ys()[i])) {
                    marker(c, xa.map(p.xs()[i]), ya.map(p.ys()[i]), p);
                }
            }
        }
        c.unclip();
        if (!note.isEmpty()) {
            c.text(note, left + 5, top + 4 + ascent, FONT - 1, false, Color.DARK_GRAY, Canvas.Anchor.START, 0);
        }

        // legend: top (or bottom) right inside the plot, or right of it; lines first, then point groups
        if (!names.isEmpty()) {
            int lh = AwtCanvas.lineHeight(FONT);
            int boxH = names.size() * lh + 6;
            double bx = legendOutside ? right + 6 : right - boxW - 6;
            int by = legendBottom ? bottom - boxH - 6 : legendOutside ? top : top + 6;
            c.rect(bx, by, boxW, boxH, LEGEND_FILL, Color.GRAY);
            int row = 0;
            for (Series s : series) {
                if (s.name() != null && !s.name().isEmpty()) {
                    int ly = by + 3 + row++ * lh + lh / 2;
                    c.line(bx + 5, ly, bx + 25, ly, s.color(), 2f, s.dash());
                    c.text(s.name(), bx + 29, ly + ascent / 2 - 1, FONT, false, Color.BLACK, Canvas.Anchor.START, 0);
                }
            }
            for (Points p : points) {
                if (p.name() != null && !p.name().isEmpty()) {
                    int ly = by + 3 + row++ * lh + lh / 2;
                    marker(c, bx + 15, ly, p);
                    c.text(p.name(), bx + 29, ly + ascent / 2 - 1, FONT, false, Color.BLACK, Canvas.Anchor.START, 0);
                }
            }
        }
    }

    /**
     * The same line through fewer vertices: a vertex is dropped when it lies on the straight segment between its
     * neighbours (horizontal or vertical runs of a staircase such as an ROC curve, or a repeated pixel position).
     * The drawing is unchanged; an SVG of 6,000-point ROC curves shrinks several-fold.
     */
    static List<double[]> simplified(List<double[]> pts) {
        List<double[]> out = new ArrayList<>();
        for (double[] p : pts) {
            int n = out.size();
            if (n > 0 && Math.abs(out.get(n - 1)[0] - p[0]) < 0.01 && Math.abs(out.get(n - 1)[1] - p[1]) < 0.01) {
                continue;
            }
            if (n >= 2 && collinearAxisAligned(out.get(n - 2), out.get(n - 1), p)) {
                out.set(n - 1, p);
                continue;
            }
            out.add(p);
        }
        return out;
    }

    /** Whether b lies between a and c on one horizontal or vertical line. */
    private static boolean collinearAxisAligned(double[] a, double[] b, double[] c) {
        double eps = 0.01;
        boolean horizontal = Math.abs(a[1] - b[1]) < eps && Math.abs(b[1] - c[1]) < eps && (b[0] - a[0]) * (c[0] - b[0]) >= 0;
        boolean vertical = Math.abs(a[0] - b[0]) < eps && Math.abs(b[0] - c[0]) < eps && (b[1] - a[1]) * (c[1] - b[1]) >= 0;
        return horizontal || vertical;
    }

    /** Names of the named series, then of the named point groups: the legend's rows. */
    private void legendNames(List<String> names) {
        series.stream().map(Series::name).filter(n -> n != null && !n.isEmpty()).forEach(names::add);
        points.stream().map(Points::name).filter(n -> n != null && !n.isEmpty()).forEach(names::add);
    }

    /** A filled circle with a white rim (so overlapping markers stay distinct), or a hollow one. */
    static void marker(Canvas c, double x, double y, Points p) {
        if (p.square()) {
            double r = MARKER_RADIUS * 0.9;
            c.rect(x - r, y - r, 2 * r, 2 * r, p.hollow() ? null : p.color(), p.hollow() ? p.color() : Color.WHITE);
        } else if (p.hollow()) {
            c.circle(x, y, MARKER_RADIUS, null, p.color());
        } else {
            c.circle(x, y, MARKER_RADIUS, p.color(), Color.WHITE);
        }
    }

    /**
     * Writes charts in a grid as {@code <folder>/<stem>.png} or {@code .svg} (atomically) and returns the file.
     *
     * @param format {@code png} or {@code svg}
     */
    public static Path writeGrid(Path folder, String stem, String format, List<Chart> charts, int columns, int w, int h) {
        Path file = folder.resolve(stem + "." + format);
        switch (format) {
            case "png" -> writePng(file, grid(charts, columns, w, h));
            case "svg" -> gridSvg(file, charts, columns, w, h);
            default -> throw new IllegalArgumentException("unknown image format '" + format + "'; known: png, svg");
        }
        return file;
    }

    /** Writes the chart alone as an SVG file of the given size (atomically). */
    public void writeSvg(Path file, int width, int height) {
        gridSvg(file, List.of(this), 1, width, height);
    }

    /** As {@link #grid}, written as one SVG file (atomically). */
    public static void gridSvg(Path file, List<Chart> charts, int columns, int w, int h) {
        int rows = Math.max(1, (charts.size() + columns - 1) / columns);
        int cols = Math.min(columns, Math.max(1, charts.size()));
        SvgCanvas svg = new SvgCanvas(cols * w, rows * h, BACKGROUND);
        for (int i = 0; i < charts.size(); i++) {
            charts.get(i).draw(svg, (i % cols) * w, (i / cols) * h, w, h);
        }
        svg.write(file);
    }

    /** Maps data values to pixels along one axis and chooses its ticks. */
    private record Axis(double lo, double hi, boolean log, boolean integer, double p0, double p1) {
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
            double raw = niceStep((hi - lo) / 5);
            // whole-number axes (epochs) never get a tick between two integers
            double step = integer ? Math.max(1, Math.round(raw)) : raw;
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
