package org.tripletlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report --format latex}: an {@code \input}-able fragment, or with {@code --standalone} a document that compiles. */
class LatexReportTest {
    private static final Pattern OVERFULL = Pattern.compile("Overfull \\\\hbox \\(([0-9.]+)pt too wide\\)");

    @Test
    void theFragmentHasFloatsAndNamesItsPackagesButNoPreamble(@TempDir Path root) throws Exception {
        Path sweep = ReportTablesTest.miningSweep(root);
        String tex = Report.of(sweep, "lfw", List.of("miner.strategy=hardest", "loss.margin=0.1")).write(sweep, Report.Format.LATEX).text();
        assertTrue(tex.startsWith("% tripletlab report: mm -- LaTeX fragment for \\input"), tex);
        assertTrue(tex.contains("\n% Needs in the preamble: \\usepackage{booktabs}\n"), tex);
        assertFalse(tex.contains("\\documentclass") || tex.contains("\\begin{document}"), tex);
        for (String key : List.of("measured", "others", "pivot", "paired", "published")) {
            assertTrue(tex.contains("\\label{tab:mm-" + key + "}"), key + ": " + tex);
        }
        assertEquals(count(tex, "\\begin{table}"), count(tex, "\\end{table}"));
        assertEquals(count(tex, "\\toprule"), count(tex, "\\bottomrule"));
        assertTrue(tex.contains("\\caption{Measured on lfw (LFW View 2: 10 folds $\\times$ (300 same + 300 different) pairs): one row per configuration"), tex);
        assertTrue(tex.lines().filter(l -> !l.startsWith("%")).allMatch(l -> l.chars().allMatch(c -> c < 128)), "typeset text is ASCII");
    }

    @Test
    void standaloneIsAWholeDocument(@TempDir Path root) throws Exception {
        Path sweep = ReportTablesTest.miningSweep(root);
        Report r = Report.of(sweep, "lfw", List.of());
        String tex = r.write(sweep, Report.Format.LATEX, true).text();
        assertTrue(tex.contains("\n\\documentclass{article}\n\\usepackage{booktabs}\n"), tex);
        assertTrue(tex.contains("\n\\begin{document}\n\\section*{Report: mm}\n"), tex);
        assertTrue(tex.indexOf("\\usepackage{booktabs}") < tex.indexOf("\\begin{document}")
                && tex.indexOf("\\begin{document}") < tex.indexOf("\\begin{table}"), tex);
        assertTrue(tex.endsWith("\\end{table}\n\\end{document}\n"), tex);
        assertEquals(tex, Files.readString(sweep.resolve("report.tex")));
        assertThrows(IllegalArgumentException.class, () -> r.write(sweep, Report.Format.MD, true));
    }

    /** Compiles the standalone report with pdflatex when it is installed (CI installs it); skipped, saying so, when not. */
    @Test
    void standaloneCompilesWithPdflatexWithoutOverfullBoxes(@TempDir Path root) throws Exception {
        Assumptions.assumeTrue(onPath("pdflatex"), "pdflatex not installed (apt-get install texlive-latex-base texlive-latex-recommended): "
                + "compiling the LaTeX report is skipped; scripts/check-latex.sh in CI compiles the committed studies' report.tex");
        Path sweep = ReportTablesTest.miningSweep(root);
        Report.of(sweep, "lfw", List.of("miner.strategy=hardest", "loss.margin=0.1")).write(sweep, Report.Format.LATEX, true);
        Process p = new ProcessBuilder("pdflatex", "-interaction=nonstopmode", "-halt-on-error", "report.tex")
                .directory(sweep.toFile()).redirectErrorStream(true).redirectOutput(sweep.resolve("pdflatex.out").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "pdflatex did not finish in 2 min");
        String log = Files.readString(sweep.resolve("report.log"), StandardCharsets.ISO_8859_1);
        assertEquals(0, p.exitValue(), log);
        assertTrue(Files.size(sweep.resolve("report.pdf")) > 0);
        Matcher m = OVERFULL.matcher(log);
        while (m.find()) {
            assertTrue(Double.parseDouble(m.group(1)) <= 1, m.group() + "\n" + log);
        }
    }

    static boolean onPath(String command) throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static int count(String s, String what) {
        return s.split(Pattern.quote(what), -1).length - 1;
    }
}
