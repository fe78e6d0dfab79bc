package org.tripletlab.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole figure: a header (a title saying what is shown — study, α, run by its configuration —, note lines such as
 * "mean over 3 seeds", and one legend for every panel) above a grid of {@link Chart} panels. The same
 * {@link #draw(Canvas)} routine makes the PNG and the SVG file, so the two never differ in content.
 *
 * <p>One legend per figure rather than one per panel: the entries are the same in every panel, and a legend inside
 * a panel covers some curve wherever it goes. The panels' own legends are turned off.
 */
public final class Sheet {
    /**
     * One legend entry: a line sample (colour, dash, width), a marker sample ({@code marker} not null), or a
     * bold heading that starts a family of entries (e.g. "published:").
     */
    public record Entry(String name, Color color, float[] dash, float width, Chart.Points marker, boolean heading) {
        public static Entry line(String name, Color color, float[] dash, float width) {
            return new Entry(name, color, dash, width, null, false);
        }

        public static Entry heading(String name) {
            return new Entry(name, Color.BLACK, null, 0, null, true);
        }
    }

    static final float TITLE_FONT = Chart.FONT + 2;
    private static final int PAD = 8;
    private static final int SAMPLE = 26;
    private static final int GAP = 18;

    private final String title;
    private final List<String> notes;
    private final List<Chart> panels;
    private final int columns;
    private final int panelWidth;
    private final int panelHeight;
    private List<Entry> legend = List.of();

    /**
     * @param title   what the figure shows, stated inside it (never a bare run hash)
     * @param notes   further lines under the title (pooling, smoothing window, scales)
     * @param columns panels per row
     */
    public Sheet(String title, List<String> notes, List<Chart> panels, int columns, int panelWidth, int panelHeight) {
        this.title = title == null ? "" : title;
        this.notes = List.copyOf(notes);
        this.panels = List.copyOf(panels);
        this.columns = Math.max(1, Math.min(columns, Math.max(1, panels.size())));
        this.panelWidth = panelWidth;
        this.panelHeight = panelHeight;
    }

    /** Sets the figure's one legend and turns off the panels' own. */
    public Sheet legend(List<Entry> entries) {
        legend = List.copyOf(entries);
        if (!legend.isEmpty()) {
            panels.forEach(p -> p.legend(false));
        }
        return this;
    }

    /** The distinct named lines and point groups of the panels, first appearance first: a legend for all of them. */
    public static List<Entry> entriesOf(List<Chart> charts) {
        Map<String, Entry> seen = new LinkedHashMap<>();
        for (Chart c : charts) {
            for (Chart.Series s : c.series()) {
                if (s.name() != null && !s.name().isEmpty()) {
                    seen.putIfAbsent(s.name(), Entry.line(s.name(), s.color(), s.dash(), s.width()));
                }
            }
            for (Chart.Points p : c.points()) {
                if (p.name() != null && !p.name().isEmpty()) {
                    seen.putIfAbsent(p.name(), new Entry(p.name(), p.color(), null, 0, p, false));
                }
            }
        }
        return new ArrayList<>(seen.values());
    }

    public String title() {
        return title;
    }

    public List<String> notes() {
        return notes;
    }

    public List<Chart> panels() {
        return panels;
    }

    public List<Entry> legendEntries() {
        return legend;
    }

    public int columns() {
        return columns;
    }

    public int width() {
        return columns * panelWidth;
    }

    public int height() {
        return headerHeight() + rows() * panelHeight;
    }

    private int rows() {
        return Math.max(1, (panels.size() + columns - 1) / columns);
    }

    private static int lineHeight() {
        return AwtCanvas.lineHeight(Chart.FONT);
    }

    /** Height of the title, notes and legend rows above the panels (0 when there is none of them). */
    int headerHeight() {
        int titleLines = titleLines().size();
        int lines = titleLines + noteLines().size() + legendRows().size();
        return lines == 0 ? 0 : PAD + titleLines * (AwtCanvas.lineHeight(TITLE_FONT) + 2)
                + (lines - titleLines) * lineHeight() + PAD / 2;
    }

    /** The title flowed into lines that fit the figure's width (a one-panel figure is narrower than most titles). */
    List<String> titleLines() {
        return title.isEmpty() ? List.of() : wrap(title, TITLE_FONT, true, width() - 2 * PAD);
    }

    /** The notes, each flowed into lines that fit the figure's width. */
    List<String> noteLines() {
        List<String> lines = new ArrayList<>();
        for (String n : notes) {
            lines.addAll(wrap(n, Chart.FONT, false, width() - 2 * PAD));
        }
        return lines;
    }

    /**
     * Greedy word wrap at blanks only: an identifier, a path or a number is never split, and a single word wider
     * than {@code max} gets a line of its own.
     */
    static List<String> wrap(String text, float font, boolean bold, double max) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.trim().split(" +")) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (line.length() > 0 && AwtCanvas.measure(candidate, font, bold) > max) {
                lines.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    private static double entryWidth(Entry e) {
        return (e.heading() ? 0 : SAMPLE + 4) + AwtCanvas.measure(e.name(), Chart.FONT, e.heading()) + GAP;
    }

    /** The legend entries flowed into rows that fit the figure's width; a heading always starts a new row. */
    List<List<Entry>> legendRows() {
        List<List<Entry>> rows = new ArrayList<>();
        List<Entry> row = new ArrayList<>();
        double used = 0;
        double max = width() - 2 * PAD;
        for (Entry e : legend) {
            double w = entryWidth(e);
            if (!row.isEmpty() && (e.heading() || used + w > max)) {
                rows.add(row);
                row = new ArrayList<>();
                used = 0;
            }
            row.add(e);
            used += w;
        }
        if (!row.isEmpty()) {
            rows.add(row);
        }
        return rows;
    }

    /** Draws header and panels onto a canvas of {@link #width()} × {@link #height()}. */
    public void draw(Canvas c) {
        int y = PAD;
        int ascent = AwtCanvas.ascent(Chart.FONT);
        for (String t : titleLines()) {
            y += AwtCanvas.lineHeight(TITLE_FONT);
            c.text(t, width() / 2.0, y - 3, TITLE_FONT, true, Color.BLACK, Canvas.Anchor.MIDDLE, 0);
            y += 2;
        }
        for (String n : noteLines()) {
            y += lineHeight();
            c.text(n, width() / 2.0, y - 3, Chart.FONT, false, Color.DARK_GRAY, Canvas.Anchor.MIDDLE, 0);
        }
        for (List<Entry> row : legendRows()) {
            double rowWidth = row.stream().mapToDouble(Sheet::entryWidth).sum() - GAP;
            double x = (width() - rowWidth) / 2;
            double mid = y + lineHeight() / 2.0;
            for (Entry e : row) {
                if (!e.heading()) {
                    sample(c, e, x, mid);
                    x += SAMPLE + 4;
                }
                c.text(e.name(), x, mid + ascent / 2.0 - 1, Chart.FONT, e.heading(), Color.BLACK, Canvas.Anchor.START, 0);
                x += AwtCanvas.measure(e.name(), Chart.FONT, e.heading()) + GAP;
            }
            y += lineHeight();
        }
        int top = headerHeight();
        for (int i = 0; i < panels.size(); i++) {
            panels.get(i).draw(c, (i % columns) * panelWidth, top + (i / columns) * panelHeight, panelWidth, panelHeight);
        }
    }

    private static void sample(Canvas c, Entry e, double x, double mid) {
        if (e.marker() != null) {
            Chart.marker(c, x + SAMPLE / 2.0, mid, e.marker());
        } else {
            c.line(x, mid, x + SAMPLE, mid, e.color(), Math.max(1.5f, Math.min(e.width(), 3f)), e.dash());
        }
    }

    /** The figure as an image. */
    public BufferedImage render() {
        BufferedImage img = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Chart.BACKGROUND);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        draw(new AwtCanvas(g));
        g.dispose();
        return img;
    }

    /**
     * Writes {@code <folder>/<stem>.<format>} atomically ({@code png} or {@code svg}, one drawing) and returns the file.
     */
    public Path write(Path folder, String stem, String format) {
        Path file = folder.resolve(stem + "." + format);
        switch (format) {
            case "png" -> Chart.writePng(file, render());
            case "svg" -> {
                SvgCanvas svg = new SvgCanvas(width(), height(), Chart.BACKGROUND);
                draw(svg);
                svg.write(file);
            }
            default -> throw new IllegalArgumentException("unknown image format '" + format + "'; known: png, svg");
        }
        return file;
    }
}
