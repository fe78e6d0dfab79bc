package org.tripletlab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.Table;

/**
 * A report as LaTeX: its tables as {@link LatexTable} floats, either a fragment for a paper to
 * {@code \input} or, with {@code --standalone}, a whole {@code article} that compiles with
 * {@code pdflatex} as it is.
 *
 * <p>The fragment has no preamble (a paper has its own) but says in its header comment which packages
 * it needs and which labels it defines, because an {@code \input} that fails on an undefined
 * {@code \toprule} tells the reader nothing about where it came from. Everything typeset is ASCII
 * ({@link TableText#texEscape}), so neither variant needs an input-encoding or font package.
 */
final class LatexReport {
    /** The packages the tables use, for the fragment's header comment and the document's preamble. */
    static final List<String> PACKAGES = List.of("booktabs");

    /**
     * One float: its label key ({@code tab:<study>-<key>}), its caption as plain text, the report's text table, and a
     * word every cell ends in that the caption explains instead (null: none; see {@link LatexTable#of(Table, int, String)}).
     */
    record Float(String key, String caption, Table table, int labels, String dropSuffix) {
        Float(String key, String caption, Table table, int labels) {
            this(key, caption, table, labels, null);
        }
    }

    private final String title;
    private final String intro;
    private final List<Float> floats;

    /**
     * @param title the study's folder name (labels are {@code tab:<title>-<key>})
     * @param intro the report's opening sentence, plain text
     */
    LatexReport(String title, String intro, List<Float> floats) {
        this.title = title;
        this.intro = intro;
        this.floats = List.copyOf(floats);
    }

    /** {@code tab:<study>-<key>}, the study's name reduced to the characters safe in a label. */
    String label(String key) {
        return "tab:" + title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + "-" + key;
    }

    /** The tables alone, for {@code \input}; the header comment lists the packages and labels. */
    String fragment() {
        StringBuilder sb = new StringBuilder();
        sb.append("% tripletlab report: ").append(title).append(" -- LaTeX fragment for \\input (tripletlab report --format latex; ")
                .append("--standalone writes a whole document)\n");
        sb.append("% Needs in the preamble: ").append(usePackages().replace("\n", " ")).append("\n");
        sb.append("% Tables: ").append(String.join(", ", floats.stream().map(f -> label(f.key())).toList())).append("\n");
        sb.append("% ").append(intro).append("\n");
        floats(sb);
        return sb.toString();
    }

    /** A whole {@code article}: preamble, a heading, the opening sentence, the tables. */
    String document() {
        StringBuilder sb = new StringBuilder();
        sb.append("% tripletlab report: ").append(title).append(" -- standalone LaTeX document (tripletlab report --format latex --standalone); ")
                .append("compile with pdflatex\n");
        sb.append("\\documentclass{article}\n").append(usePackages()).append('\n');
        // LaTeX's default float fractions leave tall tables to pages of their own and text pages half empty
        sb.append("\\renewcommand{\\topfraction}{0.9}\n\\renewcommand{\\bottomfraction}{0.8}\n")
                .append("\\renewcommand{\\textfraction}{0.07}\n\\renewcommand{\\floatpagefraction}{0.7}\n");
        sb.append("\\begin{document}\n");
        sb.append("\\section*{Report: ").append(TableText.texEscape(title)).append("}\n");
        // no float above the heading on its page: the report starts with its title and opening sentence
        sb.append(TableText.texEscape(intro)).append("\n\\suppressfloats[t]\n\n");
        floats(sb);
        return sb.append("\\end{document}\n").toString();
    }

    private static String usePackages() {
        List<String> lines = new ArrayList<>();
        PACKAGES.forEach(p -> lines.add("\\usepackage{" + p + "}"));
        return String.join("\n", lines);
    }

    private void floats(StringBuilder sb) {
        for (Float f : floats) {
            LatexTable t = LatexTable.of(f.table(), f.labels(), f.dropSuffix());
            sb.append('\n').append(t.render(TableText.texEscape(f.caption()) + TableText.texEscape(t.captionNote()), label(f.key())));
        }
    }
}
