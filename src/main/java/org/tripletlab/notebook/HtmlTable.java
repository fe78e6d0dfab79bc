package org.tripletlab.notebook;

import java.util.Locale;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A tablesaw {@link Table} as an HTML {@code <table>} for a notebook cell.
 *
 * <p>Every cell and header goes through {@link #escape}, so a name such as {@code <unknown>} or
 * {@code Tom & Jerry} shows as written instead of breaking the markup. Floating-point cells are printed
 * with four decimals (enough for accuracies and distances, short enough to read); missing values show
 * as an empty cell. Tables longer than {@code maxRows} show their first {@code maxRows} rows and a line
 * saying how many were left out, so a notebook never silently hides rows.
 *
 * <p>A value and its error ("73.86 ± 0.09") are one number to the reader: the spaces around "±" are
 * written as non-breaking spaces ({@link #keepTogether}), so a narrow notebook column never wraps the
 * error onto a line of its own (a style attribute alone would be dropped by renderers that sanitise HTML).
 */
public final class HtmlTable {
    /** Rows shown by {@link #of(Table)}. */
    public static final int DEFAULT_MAX_ROWS = 50;

    private HtmlTable() {
    }

    /** Replaces the five characters that are markup in HTML text and attributes by their entities. */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** The table with at most {@value #DEFAULT_MAX_ROWS} rows. */
    public static String of(Table t) {
        return of(t, DEFAULT_MAX_ROWS);
    }

    /** The table with at most {@code maxRows} rows (at least one); the caption is the table's name. */
    public static String of(Table t, int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1, got " + maxRows);
        }
        StringBuilder b = new StringBuilder();
        b.append("<table class=\"tripletlab\">\n");
        if (t.name() != null && !t.name().isBlank()) {
            b.append("<caption>").append(escape(t.name())).append("</caption>\n");
        }
        b.append("<thead><tr>");
        for (String name : t.columnNames()) {
            b.append("<th>").append(escape(name)).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        int shown = Math.min(maxRows, t.rowCount());
        for (int r = 0; r < shown; r++) {
            b.append("<tr>");
            for (int c = 0; c < t.columnCount(); c++) {
                Column<?> col = t.column(c);
                boolean numeric = col.type().equals(ColumnType.DOUBLE)
                        || col.type().equals(ColumnType.FLOAT)
                        || col.type().equals(ColumnType.INTEGER)
                        || col.type().equals(ColumnType.LONG)
                        || col.type().equals(ColumnType.SHORT);
                b.append(numeric ? "<td style=\"text-align:right\">" : "<td>").append(keepTogether(escape(cell(col, r)))).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n");
        if (shown < t.rowCount()) {
            b.append("<p><i>").append(t.rowCount() - shown).append(" more rows not shown (").append(t.rowCount())
                    .append(" in all)</i></p>\n");
        }
        return b.toString();
    }

    /** Escaped cell text with the spaces around "±" made non-breaking, so "73.86 ± 0.09" never wraps. */
    static String keepTogether(String escaped) {
        return escaped.replace(" ± ", "&nbsp;±&nbsp;");
    }

    /** One cell as text: doubles and floats with four decimals, missing values empty. */
    static String cell(Column<?> col, int row) {
        if (col.isMissing(row)) {
            return "";
        }
        Object v = col.get(row);
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isFinite(d) ? String.format(Locale.ROOT, "%.4f", d) : String.valueOf(d);
        }
        return String.valueOf(v);
    }
}
