package org.tripletlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The LaTeX of report tables: a known answer for a small table, and the rules that make wide tables fit the page. */
class LatexTableTest {
    @Test
    void aSmallTableIsABooktabsFloatWithCaptionLabelAndEscapedCells() {
        // fits the page as it is: headers stay on one line
        Table t = Table.create("t", StringColumn.create("miner.strategy", "semi_hard", "random"),
                IntColumn.create("seeds", 3, 3),
                StringColumn.create("lfw accuracy (%)", "\\textbf{68.43 ± 0.42}", "67.37 ± 0.07"),
                StringColumn.create("Δ AUC (pp)", "-1.50 ± 0.20 (n=3)", "reference"));
        LatexTable latex = LatexTable.of(t, 1);
        assertEquals("", latex.captionNote(), "the seeds (the same in every row) are left out without a note: every caption has them");
        assertEquals("""
                \\begin{table}[tbp]
                \\centering
                \\small
                \\setlength{\\tabcolsep}{4pt}
                \\caption{Measured: 5\\% over 3 seeds, $\\alpha$ $\\rightarrow$ 0.2---see text.}
                \\label{tab:x-measured}
                \\begin{tabular}{@{}lrr@{}}
                \\toprule
                miner.strategy & lfw accuracy (\\%) & $\\Delta$ AUC (pp) \\\\
                \\midrule
                semi\\_hard & \\textbf{68.43 $\\pm$ 0.42} & $-$1.50 $\\pm$ 0.20 (n=3) \\\\
                random & 67.37 $\\pm$ 0.07 & reference \\\\
                \\bottomrule
                \\end{tabular}
                \\end{table}
                """, latex.render(TableText.texEscape("Measured: 5% over 3 seeds, α → 0.2—see text."), "tab:x-measured"));
    }

    @Test
    void aSuffixSharedByEveryCellMovesToTheCaption() {
        Table t = Table.create("t", StringColumn.create("miner", "random", "hardest", "semi-hard"),
                StringColumn.create("Δ acc (pp)", "+1.00 ± 0.50 (n=3)", "-2.00 ± 0.10 (n=3)", "reference"),
                StringColumn.create("Δ AUC (pp)", "+0.10 ± 0.20 (n=3)", "–", "reference"));
        LatexTable latex = LatexTable.of(t, 1);
        assertEquals(" n=3 in every cell with a number.", latex.captionNote());
        String tex = latex.render("c", "tab:x");
        assertTrue(tex.contains("random & +1.00 $\\pm$ 0.50 & +0.10 $\\pm$ 0.20 \\\\"), tex);
        assertFalse(tex.contains("n=3"), tex);
    }

    @Test
    void theSharedSuffixMovesAlsoFromBeforeTheMarkOfARealDifference() {
        Table t = Table.create("t", StringColumn.create("miner", "random", "hardest", "semi-hard"),
                StringColumn.create("Δ acc (pp)", "+1.00 ± 0.50 (n=3)", "-20.00 ± 0.10 (n=3) *", "reference"));
        LatexTable latex = LatexTable.of(t, 1);
        assertEquals(" n=3 in every cell with a number.", latex.captionNote());
        String tex = latex.render("c", "tab:x");
        assertTrue(tex.contains("hardest & $-$20.00 $\\pm$ 0.10 * \\\\"), tex);
        assertFalse(tex.contains("n=3"), tex);
    }

    @Test
    void rowLabelsTooWideForEvenOneValueColumnWrapUntilTheTableFits() {
        // A variant's label of about 250 pt beside a label column and a 100 pt value column: 4 pt of separation on each
        // side of each column, too wide for the 345 pt text width even in \footnotesize, so the label wraps.
        String variant = "P×K 450×4, 320 steps, lr warm-up 15 steps, semi-hard warm start (3 epochs)";
        Table t = Table.create("t", StringColumn.create("miner.strategy", "distance-weighted", "semi-hard"),
                StringColumn.create("other keys", "", variant),
                StringColumn.create("Δ lfw accuracy (pp)", "+2.28 ± 0.41 (n=3) *", "-4.22 ± 0.30 (n=3) *"));
        assertTrue(TexWidth.of(variant, false) > 250, "the label alone is wider than the room beside the other columns");
        LatexTable latex = LatexTable.of(t, 2);
        assertTrue(latex.widestPart() <= LatexTable.TEXT_WIDTH, "fits: " + latex.widestPart());
        assertEquals(1, latex.parts());
        String tex = latex.render("c", "tab:x");
        assertTrue(tex.contains("\\begin{tabular}[t]{@{}l@{}}P$\\times$K 450$\\times$4,"), "the label is stacked on lines of its own: " + tex);
        assertTrue(tex.contains("distance-weighted &  & +2.28 $\\pm$ 0.41 *"), tex);
    }

    @Test
    void aKeySharedByEveryValueColumnIsASpanningHeader() {
        Table t = Table.create("t", StringColumn.create("miner", "random"),
                StringColumn.create("loss.margin=0.05", "67.37 ± 0.07 · 39.4 active"),
                StringColumn.create("loss.margin=0.2", "67.09 ± 0.09 · 37.0 active"));
        String tex = LatexTable.of(t, 1, " active").render("c", "tab:x");
        assertTrue(tex.contains("&\\multicolumn{2}{c}{loss.margin} \\\\\n\\cmidrule(l){2-3}\nminer & 0.05 & 0.2 \\\\"), tex);
        assertTrue(tex.contains("random & 67.37 $\\pm$ 0.07 $\\cdot$ 39.4 & 67.09 $\\pm$ 0.09 $\\cdot$ 37.0 \\\\"), tex);
    }

    @Test
    void aTableWiderThanThePageIsSplitIntoPartsThatFit() {
        List<StringColumn> columns = new ArrayList<>();
        columns.add(StringColumn.create("miner.strategy", "semi-hard", "batch-all"));
        for (int i = 0; i < 10; i++) {
            columns.add(StringColumn.create("metric " + i + " (%)", "67.37 ± 0.07", "\\textbf{100.00 ± 0.00}"));
        }
        LatexTable latex = LatexTable.of(Table.create("wide", columns.toArray(StringColumn[]::new)), 1);
        assertTrue(latex.parts() >= 2, "ten columns of mean ± s.e. are wider than 345 pt");
        assertTrue(latex.widestPart() <= LatexTable.TEXT_WIDTH, "widest part " + latex.widestPart() + " pt");
        String tex = latex.render("c", "tab:x");
        assertEquals(latex.parts(), tex.split("\\\\begin\\{tabular\\}\\{@\\{\\}", -1).length - 1, tex);
        assertEquals(latex.parts(), tex.split("\nsemi-hard & ", -1).length - 1, "the row labels repeat in every part: " + tex);
        assertTrue(tex.contains("In " + latex.parts() + " parts to fit the page width"), tex);
        assertTrue(tex.contains("\\begin{tabular}[b]{@{}l@{}}miner.\\\\strategy\\end{tabular} & "), "a wide table's long headers wrap: " + tex);
    }

    @Test
    void widthsAreTheFontsMetrics() {
        // pdflatex (\small, cmr9): "67.37 $\pm$ 0.07" is 50.87 pt, "semi-hard" 39.64 pt, bold "68.43 $\pm$ 0.42" 57.49 pt
        assertEquals(50.87, TexWidth.of("67.37 ± 0.07", false), 0.6);
        assertEquals(39.64, TexWidth.of("semi-hard", false), 0.1);
        assertEquals(57.49, LatexTable.cellTextWidth("\\textbf{68.43 ± 0.42}"), 1.2);
    }
}
