package org.tripletlab.report;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tripletlab.eval.MeanSe;
import tech.tablesaw.api.Table;

/** How the report writes numbers and tables: mean ± s.e. cells, model sizes, Markdown, LaTeX text and CSV ({@link LatexTable}: LaTeX tables). */
final class TableText {
    private TableText() {
    }

    /** "421k", "7.5M", "140M": FaceNet's way of writing model sizes (3 significant digits at most). */
    static String parameters(double p) {
        if (p >= 1e6) {
            return trim(String.format(Locale.ROOT, p >= 1e8 ? "%.0f" : p >= 1e7 ? "%.1f" : "%.2f", p / 1e6)) + "M";
        }
        if (p >= 1e3) {
            return trim(String.format(Locale.ROOT, p >= 1e5 ? "%.0f" : p >= 1e4 ? "%.1f" : "%.2f", p / 1e3)) + "k";
        }
        return String.format(Locale.ROOT, "%.0f", p);
    }

    private static String trim(String number) {
        return number.contains(".") ? number.replaceAll("0+$", "").replaceAll("\\.$", "") : number;
    }

    /** "81.23 ± 0.45" (rates in percent); without the ± part when the s.e. is undefined; "–" when no value. */
    static String meanSe(MeanSe s, Metric m, boolean signed) {
        if (s.n() == 0 || Double.isNaN(s.mean())) {
            return "–";
        }
        double scale = m.rate() ? 100 : 1;
        int decimals = m == Metric.MINUTES ? 1 : m == Metric.FINAL_ACTIVE_SHARE ? 1 : 2;
        String f = "%" + (signed ? "+" : "") + "." + decimals + "f";
        String mean = String.format(Locale.ROOT, f, s.mean() * scale);
        if (Double.isNaN(s.standardError())) {
            return mean;
        }
        return mean + String.format(Locale.ROOT, " ± %." + decimals + "f", s.standardError() * scale);
    }

    /** A Markdown table; the first {@code labels} columns (the row names) left-aligned, the numbers right-aligned. */
    static String md(Table t, int labels) {
        StringBuilder sb = new StringBuilder("|");
        for (String c : t.columnNames()) {
            sb.append(' ').append(c.replace("|", "\\|")).append(" |");
        }
        sb.append("\n|");
        for (int i = 0; i < t.columnCount(); i++) {
            sb.append(i < labels || t.column(i).name().equals("source") ? "---|" : "---:|");
        }
        sb.append('\n');
        for (int r = 0; r < t.rowCount(); r++) {
            sb.append('|');
            for (int c = 0; c < t.columnCount(); c++) {
                sb.append(' ').append(t.getString(r, c).replace("|", "\\|")).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Escapes a cell, keeping a leading \\textbf{…} (the whole cell or its first part) as bold. */
    static String texCell(String s) {
        String open = "\\textbf{";
        if (s.startsWith(open)) {
            int end = s.indexOf('}', open.length());
            if (end > 0) {
                return "\\textbf{" + texEscape(s.substring(open.length(), end)) + "}" + texEscape(s.substring(end + 1));
            }
        }
        return texEscape(s);
    }

    /**
     * Text as LaTeX that compiles with no input-encoding or font package: the special characters escaped,
     * the report's few non-ASCII symbols (±, Δ, α, →, dashes, …) as their LaTeX commands or math.
     */
    static String texEscape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '\\' -> sb.append("\\textbackslash{}");
                case '&', '%', '$', '#', '_', '{', '}' -> sb.append('\\').append(ch);
                case '~' -> sb.append("\\textasciitilde{}");
                case '^' -> sb.append("\\textasciicircum{}");
                case '±' -> sb.append("$\\pm$");
                case 'Δ' -> sb.append("$\\Delta$");
                case '–' -> sb.append("--");
                case '√' -> sb.append("$\\surd$");
                case '×' -> sb.append("$\\times$");
                case '·' -> sb.append("$\\cdot$");
                case '≥' -> sb.append("$\\geq$");
                case '≤' -> sb.append("$\\leq$");
                case '—' -> sb.append("---");
                case '−' -> sb.append("$-$");
                case '§' -> sb.append("\\S{}");
                case 'α' -> sb.append("$\\alpha$");
                case '→' -> sb.append("$\\rightarrow$");
                case '<', '>', '|' -> sb.append('$').append(ch).append('$');
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }

    static String csv(Table t) {
        StringWriter w = new StringWriter();
        t.write().csv(w);
        return w.toString();
    }
}
