package org.tripletlab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tech.tablesaw.api.Table;

/**
 * One table of a report as a paper's LaTeX table: a {@code table} float, {@code \centering}, the caption
 * above (tables are read top-down), a {@code \label}, booktabs rules and columns that fit the text width
 * of a 10 pt {@code article} (345 pt).
 *
 * <p>Why it does more than print a {@code tabular}: the report's tables are wide (ten columns of
 * "67.37 ± 0.07" are twice the text width), and a table that runs off the page is not paper-ready. So
 * the table is set in {@code \small} with {@code \tabcolsep} = 4 pt; long headers wrap onto lines of
 * their own; a key shared by every value column ("loss.margin=0.05", "loss.margin=0.2", …) is written
 * once over them (a {@code \cmidrule}d spanning header); a suffix shared by every cell ("(n=3)") moves to
 * the caption; and when the table is still too wide its value columns are split into parts, stacked in
 * the same float with the row labels repeated. Widths come from {@link TexWidth} (the fonts' metrics).
 */
final class LatexTable {
    /** {@code \textwidth} of the standard 10 pt {@code article} class, in pt. */
    static final double TEXT_WIDTH = 345;
    /** {@code \tabcolsep} set in every float, in pt (LaTeX's default is 6 pt). */
    static final double COLUMN_SEPARATION = 4;
    /** Room left for what {@link TexWidth} does not model, in pt (it errs on the wide side: no kerning; "67.37 ± 0.07" is 51.35 pt to it, 50.87 pt to pdflatex). */
    private static final double SLACK = 1;
    /**
     * Points of height a float may take: a 10 pt article's text is 550 pt high; the rest is for the rules' padding and
     * what the line count leaves out.
     */
    private static final double PAGE_HEIGHT = 500;

    /**
     * The type size of a table: {@code \small} (9 pt) when the smaller {@code \footnotesize} (8 pt) would not save a
     * part. {@code scale} is the width of cmr8 text over cmr9 (0.919 for digits and "±", from the fonts' metrics,
     * rounded up); {@code line} the baseline distance in pt.
     */
    private enum Size {
        SMALL("\\small", 1.0, 11), FOOTNOTESIZE("\\footnotesize", 0.92, 9.5);

        final String command;
        final double scale;
        final double line;

        Size(String command, double scale, double line) {
            this.command = command;
            this.scale = scale;
            this.line = line;
        }
    }
    /** Lines a caption is counted as. */
    private static final int CAPTION_LINES = 5;
    /** Width in pt beyond which a text value column wraps its cells (see {@link #wrapLongText}). */
    private static final double LONG_TEXT = 140;
    /** The narrowest a row-label column is wrapped to, in pt (see {@link #withNarrowerLabels}). */
    private static final double NARROWEST_LABEL = 60;
    /** "(n=3)" at the end of a cell, before the mark of a real paired difference if it has one ({@link PairedSection#MARK}). */
    private static final Pattern SHARED_SUFFIX = Pattern.compile(" (\\(n=\\d+\\))(?: " + Pattern.quote(PairedSection.MARK) + ")?$");
    private static final Pattern NUMBER_MINUS = Pattern.compile("(^|[ ({])-(?=[0-9])");

    /** A column: its header (lines), its cells as written in the report's text table, and how it is aligned. */
    private record Column(String header, List<String> cells, boolean left) {
        double cellWidth() {
            double w = 0;
            for (String c : cells) {
                w = Math.max(w, cellTextWidth(c));
            }
            return w;
        }
    }

    private final List<Column> labels;
    private final List<Column> values;
    private final String spanKey;
    private final String note;
    /** Whether headers wrap to their column's cells: only when the table would not fit the page otherwise. */
    private final boolean wrap;

    private LatexTable(List<Column> labels, List<Column> values, String spanKey, String note, boolean wrap) {
        this.labels = labels;
        this.values = values;
        this.spanKey = spanKey;
        this.note = note;
        this.wrap = wrap;
    }

    /**
     * @param t a report text table (cells as in Markdown, bold as {@code \textbf{…}} around a cell or its first part)
     * @param labelColumns how many leading columns name the row (left-aligned, repeated in every part)
     */
    static LatexTable of(Table t, int labelColumns) {
        return of(t, labelColumns, null);
    }

    /**
     * As {@link #of(Table, int)}, with {@code dropSuffix} (e.g. " active", which the caption explains instead) cut from
     * the end of every value cell that has it; null: none.
     */
    static LatexTable of(Table t, int labelColumns, String dropSuffix) {
        List<Column> labels = new ArrayList<>();
        List<Column> values = new ArrayList<>();
        for (int c = 0; c < t.columnCount(); c++) {
            List<String> cells = new ArrayList<>();
            for (int r = 0; r < t.rowCount(); r++) {
                cells.add(t.getString(r, c));
            }
            String name = t.column(c).name();
            boolean label = c < labelColumns;
            (label ? labels : values).add(new Column(name, cells, label || name.equals("source")));
        }
        if (dropSuffix != null) {
            values = stripSuffix(values, dropSuffix);
        }
        StringBuilder note = new StringBuilder();
        String suffix = sharedSuffix(values);
        if (suffix != null) {
            values = stripSuffix(values, " " + suffix);
            note.append(' ').append(suffix, 1, suffix.length() - 1).append(" in every cell with a number.");
        }
        List<Column> kept = new ArrayList<>();
        for (Column c : values) {
            String same = t.rowCount() > 1 && c.cells().stream().distinct().count() == 1 ? c.cells().get(0) : null;
            if (same == null || same.isEmpty()) {
                kept.add(c);
            } else if (!c.header().equals("seeds")) {
                // (the seeds are in every run table's caption already)
                note.append(same.equals("–") ? " No " + c.header() + " for these rows." : " " + c.header() + " = " + same + " in every row.");
            }
        }
        values = kept;
        String key = spanKey(values);
        if (key != null) {
            values = stripPrefix(values, key + "=");
        }
        // headers on one line read best; wrapped only when that saves a part or the smaller type
        LatexTable oneLine = new LatexTable(labels, values, key, note.toString(), false);
        List<List<Column>> asItIs = oneLine.layout(Size.SMALL);
        if (oneLine.size() == Size.SMALL && asItIs.size() == 1 && oneLine.fits(asItIs, Size.SMALL)) {
            return oneLine;
        }
        List<Column> wrappedValues = values.stream().map(c -> wrapLongText(c, LONG_TEXT)).toList();
        LatexTable wrapped = new LatexTable(labels, wrappedValues, key, note.toString(), true);
        return wrapped.withNarrowerLabels();
    }

    /** Whether some layout in some type size fits the text width (one value column per part at worst). */
    private boolean fitsSomehow() {
        return fits(layout(Size.SMALL), Size.SMALL) || fits(layout(Size.FOOTNOTESIZE), Size.FOOTNOTESIZE);
    }

    /**
     * Row labels that take much of the width (a variant named by what it changes, "P×K 450×4, 320 steps, lr warm-up 15
     * steps"): the widest text label column wraps its cells at spaces when that saves parts, or when even one value
     * column beside it overflows. Of the widths from its own down to {@link #NARROWEST_LABEL} (in 10 pt steps) the
     * widest one that gives the fewest parts is kept.
     */
    private LatexTable withNarrowerLabels() {
        int which = -1;
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i).left() && (which < 0 || labels.get(i).cellWidth() > labels.get(which).cellWidth())) {
                which = i;
            }
        }
        if (which < 0) {
            return this;
        }
        LatexTable best = this;
        int bestParts = fitsSomehow() ? parts() : Integer.MAX_VALUE;
        for (double w = labels.get(which).cellWidth() - 10; w >= NARROWEST_LABEL; w -= 10) {
            List<Column> narrower = new ArrayList<>(labels);
            narrower.set(which, wrapLongText(labels.get(which), w));
            LatexTable t = new LatexTable(narrower, values, spanKey, note, wrap);
            if (t.fitsSomehow() && t.parts() < bestParts) {
                best = t;
                bestParts = t.parts();
            }
        }
        return best;
    }

    /**
     * A left-aligned column of long text (the published table's sources, a long row label) with its cells wrapped at
     * spaces to {@code width} (lines apart by "\n"): one such column can be wider than the numbers beside it together.
     */
    private static Column wrapLongText(Column c, double width) {
        if (!c.left() || c.cellWidth() <= width) {
            return c;
        }
        List<String> cells = new ArrayList<>();
        for (String cell : c.cells()) {
            StringBuilder out = new StringBuilder();
            String line = "";
            for (String word : cell.split(" ")) {
                String longer = line.isEmpty() ? word : line + " " + word;
                if (!line.isEmpty() && TexWidth.of(longer, false) > width) {
                    out.append(line).append('\n');
                    line = word;
                } else {
                    line = longer;
                }
            }
            cells.add(out.append(line).toString());
        }
        return new Column(c.header(), cells, true);
    }

    /**
     * What the caption should add about the cells, plain text: the suffix shared by every cell ("(n=3)") and the
     * columns left out because every row has the same value ("seeds = 3 in every row"); "" when nothing was moved.
     */
    String captionNote() {
        return note;
    }

    /** How many tabulars the float stacks (1 when the table fits the text width as it is). */
    int parts() {
        return layout(size()).size();
    }

    /**
     * The float: caption, label and one tabular per part. Parts that together are taller than a page go on into
     * further floats, each captioned as the continuation of the first (a float taller than the page would be
     * cut off at its foot).
     */
    String render(String caption, String label) {
        Size size = size();
        List<List<Column>> parts = layout(size);
        List<List<List<Column>>> floats = new ArrayList<>();
        double height = PAGE_HEIGHT;
        for (List<Column> part : parts) {
            double h = lines(part) * size.line;
            if (height + h > PAGE_HEIGHT) {
                floats.add(new ArrayList<>());
                height = CAPTION_LINES * size.line;
            }
            floats.get(floats.size() - 1).add(part);
            height += h;
        }
        StringBuilder sb = new StringBuilder();
        String split = parts.size() == 1 ? "" : " In " + parts.size() + " parts to fit the page width, the row labels repeated in each.";
        int done = 0;
        for (int f = 0; f < floats.size(); f++) {
            List<List<Column>> these = floats.get(f);
            sb.append(f == 0 ? "" : "\n").append("\\begin{table}[tbp]\n\\centering\n").append(size.command).append("\n\\setlength{\\tabcolsep}{")
                    .append((int) COLUMN_SEPARATION).append("pt}\n");
            if (f == 0) {
                sb.append("\\caption{").append(caption).append(split).append("}\n\\label{").append(label).append("}\n");
            } else {
                sb.append("\\caption{Table~\\ref{").append(label).append("}, continued: part").append(these.size() == 1 ? " " : "s ")
                        .append(done + 1).append(these.size() == 1 ? "" : "--" + (done + these.size())).append(" of ").append(parts.size()).append(".}\n");
            }
            for (int i = 0; i < these.size(); i++) {
                if (i > 0) {
                    sb.append("\\par\\medskip\n");
                }
                tabular(sb, these.get(i));
            }
            sb.append("\\end{table}\n");
            done += these.size();
        }
        return sb.toString();
    }

    /** Lines of {@code \small} text a part's tabular takes: its header, its rows, the rules and the gap above it. */
    private int lines(List<Column> part) {
        int header = 1;
        for (Column c : part) {
            header = Math.max(header, headerLines(c).size());
        }
        return header + (spanKey != null && part.size() > 1 ? 1 : 0) + labels.get(0).cells().size() + 2;
    }

    /** The value columns in parts: the fewest parts, of nearly equal numbers of columns, each of which fits the text width with the labels. */
    private List<List<Column>> layout(Size size) {
        for (int k = 1; k <= Math.max(1, values.size()); k++) {
            List<List<Column>> parts = new ArrayList<>();
            int from = 0;
            for (int i = 0; i < k && from < values.size(); i++) {
                // sizes differ by one at most, the larger parts first: 7 columns in 3 parts are 3, 2, 2 (not 3, 3, 1)
                int count = values.size() / k + (i < values.size() % k ? 1 : 0);
                parts.add(values.subList(from, from + count));
                from += count;
            }
            if (parts.isEmpty()) {
                parts.add(List.of());
            }
            if (fits(parts, size)) {
                return parts;
            }
        }
        // a single value column is too wide with the labels: one per part, the best that splitting can do
        return values.stream().map(List::of).toList();
    }

    /** Estimated width in pt of the tabular of the labels and {@code part}. */
    private double width(List<Column> part, Size size) {
        List<Column> all = new ArrayList<>(labels);
        all.addAll(part);
        double w = 0;
        for (Column c : all) {
            w += columnWidth(c);
        }
        return w * size.scale + COLUMN_SEPARATION * 2 * (all.size() - 1);
    }

    /**
     * {@code \small} unless {@code \footnotesize} needs fewer parts, or fits the text width where {@code \small} does not
     * even with one value column per part (wide row labels).
     */
    private Size size() {
        List<List<Column>> small = layout(Size.SMALL);
        List<List<Column>> footnote = layout(Size.FOOTNOTESIZE);
        return footnote.size() < small.size() || !fits(small, Size.SMALL) && fits(footnote, Size.FOOTNOTESIZE) ? Size.FOOTNOTESIZE : Size.SMALL;
    }

    private boolean fits(List<List<Column>> parts, Size size) {
        return parts.stream().allMatch(p -> width(p, size) <= TEXT_WIDTH - SLACK);
    }

    /** Estimated width of the widest part. */
    double widestPart() {
        Size size = size();
        return layout(size).stream().mapToDouble(p -> width(p, size)).max().orElse(0);
    }

    private double columnWidth(Column c) {
        double w = c.cellWidth();
        for (String line : headerLines(c)) {
            w = Math.max(w, TexWidth.of(line, false));
        }
        return w;
    }

    /** The header wrapped at spaces to the width of the column's cells (or its longest word, if wider). */
    private List<String> headerLines(Column c) {
        if (!wrap) {
            return List.of(c.header());
        }
        double target = c.cellWidth();
        // break at spaces, inside a config key after its dot ("miner." / "strategy": a key is often the widest thing in its
        // column) and after "=" ("VAL@FAR=" / "1e-3")
        List<String> pieces = new ArrayList<>();
        for (String word : c.header().split(" ")) {
            String[] parts = word.split("(?<=\\.)(?=[a-zA-Z])|(?<==)(?=.)");
            for (int i = 0; i < parts.length; i++) {
                pieces.add((i == 0 && !pieces.isEmpty() ? " " : "") + parts[i]);
                target = Math.max(target, TexWidth.of(parts[i], false));
            }
        }
        List<String> lines = new ArrayList<>();
        String line = "";
        for (String p : pieces) {
            String longer = line + p;
            if (!line.isEmpty() && TexWidth.of(longer, false) > target) {
                lines.add(line);
                line = p.strip();
            } else {
                line = longer;
            }
        }
        lines.add(line);
        return lines;
    }

    private void tabular(StringBuilder sb, List<Column> part) {
        List<Column> all = new ArrayList<>(labels);
        all.addAll(part);
        sb.append("\\begin{tabular}{@{}");
        for (Column c : all) {
            sb.append(c.left() ? 'l' : 'r');
        }
        sb.append("@{}}\n\\toprule\n");
        if (spanKey != null && part.size() > 1) {
            sb.append("&".repeat(labels.size())).append("\\multicolumn{").append(part.size()).append("}{c}{")
                    .append(TableText.texEscape(spanKey)).append("} \\\\\n\\cmidrule(l){").append(labels.size() + 1).append('-')
                    .append(all.size()).append("}\n");
        }
        List<String> head = new ArrayList<>();
        for (Column c : all) {
            String h = spanKey != null && part.size() == 1 && part.contains(c) ? spanKey + "=" + c.header() : c.header();
            head.add(header(new Column(h, c.cells(), c.left())));
        }
        sb.append(String.join(" & ", head)).append(" \\\\\n\\midrule\n");
        int rows = all.get(0).cells().size();
        for (int r = 0; r < rows; r++) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                String raw = all.get(i).cells().get(r);
                String cell = raw.contains("\n") ? "\\begin{tabular}[t]{@{}l@{}}" + String.join("\\\\", raw.lines().map(TableText::texCell).toList())
                        + "\\end{tabular}" : TableText.texCell(raw);
                cells.add(i < labels.size() ? cell : NUMBER_MINUS.matcher(cell).replaceAll("$1\\$-\\$"));
            }
            sb.append(String.join(" & ", cells)).append(" \\\\\n");
        }
        sb.append("\\bottomrule\n\\end{tabular}\n");
    }

    /** A header cell: one line as is, several stacked in a bottom-aligned inner tabular aligned like the column. */
    private String header(Column c) {
        List<String> lines = headerLines(c);
        if (lines.size() == 1) {
            return TableText.texEscape(lines.get(0));
        }
        List<String> escaped = lines.stream().map(TableText::texEscape).toList();
        return "\\begin{tabular}[b]{@{}" + (c.left() ? 'l' : 'r') + "@{}}" + String.join("\\\\", escaped) + "\\end{tabular}";
    }

    /** Width of a cell as written in the report (a leading {@code \textbf{…}} part in bold). */
    static double cellTextWidth(String s) {
        if (s.contains("\n")) {
            return s.lines().mapToDouble(LatexTable::cellTextWidth).max().orElse(0);
        }
        String open = "\\textbf{";
        if (s.startsWith(open)) {
            int end = s.indexOf('}', open.length());
            if (end > 0) {
                return TexWidth.of(s.substring(open.length(), end), true) + TexWidth.of(s.substring(end + 1), false);
            }
        }
        return TexWidth.of(s, false);
    }

    /**
     * The suffix such as "(n=3)" that every value cell with a number ends in, or null when cells differ
     * (or there are none): the same words in every cell are noise a caption can say once.
     */
    private static String sharedSuffix(List<Column> values) {
        String shared = null;
        for (Column c : values) {
            for (String cell : c.cells()) {
                if (!cell.matches(".*[0-9].*")) {
                    continue;
                }
                Matcher m = SHARED_SUFFIX.matcher(cell);
                if (!m.find() || shared != null && !shared.equals(m.group(1))) {
                    return null;
                }
                shared = m.group(1);
            }
        }
        return shared;
    }

    /** {@code suffix} cut from the end of every cell that has it, also from before a trailing paired-difference mark (which stays). */
    private static List<Column> stripSuffix(List<Column> values, String suffix) {
        String marked = suffix + " " + PairedSection.MARK;
        return values.stream().map(c -> new Column(c.header(), c.cells().stream()
                .map(s -> s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length())
                        : s.endsWith(marked) ? s.substring(0, s.length() - marked.length()) + " " + PairedSection.MARK : s).toList(), c.left())).toList();
    }

    /** The key before "=" that every value column's header starts with (a pivot's column key), or null. */
    private static String spanKey(List<Column> values) {
        if (values.size() < 2) {
            return null;
        }
        String key = null;
        for (Column c : values) {
            int eq = c.header().indexOf('=');
            if (eq <= 0 || c.header().substring(0, eq).contains(" ") || key != null && !key.equals(c.header().substring(0, eq))) {
                return null;
            }
            key = c.header().substring(0, eq);
        }
        return key;
    }

    private static List<Column> stripPrefix(List<Column> values, String prefix) {
        return values.stream().map(c -> new Column(c.header().substring(prefix.length()), c.cells(), c.left())).toList();
    }
}
