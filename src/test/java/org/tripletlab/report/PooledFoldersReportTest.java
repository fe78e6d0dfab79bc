package org.tripletlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.cli.CommittedStudies;

/**
 * {@code tripletlab report A B --out DIR}: two experiment folders (two sweeps of one recipe that differ in the miner)
 * pooled into one report, compared seed for seed. Accuracies, seeds 1 and 2:
 * <pre>
 *  semi-hard         (folder "sh")  0.80 0.82 → 81.00 ± 1.00
 *  distance-weighted (folder "dw")  0.83 0.87 → 85.00 ± 2.00   paired: +0.03 +0.05 → +4.00 ± 1.00
 * </pre>
 */
class PooledFoldersReportTest {
    @TempDir
    Path root;

    private Path folder(String name, String miner, double... accuracy) throws Exception {
        for (int seed = 1; seed <= accuracy.length; seed++) {
            ReportTablesTest.run(root, ReportTablesTest.GRID, List.of("name=" + name, "miner.strategy=" + miner, "seed=" + seed),
                    ReportTablesTest.acc(accuracy[seed - 1], 0.5, 0.5));
        }
        return root.resolve(name);
    }

    /** The two folders of the class comment: semi-hard ("sh") and distance-weighted ("dw"). */
    private List<Path> semiHardAndDistanceWeighted() throws Exception {
        return List.of(folder("sh", "semi-hard", 0.80, 0.82), folder("dw", "distance-weighted", 0.83, 0.87));
    }

    @Test
    void twoFoldersArePairedSeedForSeedAndRowsAreNamedByWhatChanged() throws Exception {
        String md = Report.of(semiHardAndDistanceWeighted(), "lfw", List.of(), List.of("miner.strategy=semi-hard"), null).markdown();
        assertTrue(md.startsWith("# Report: sh + dw\n"), md);
        assertTrue(md.contains("4 completed runs in 2 configurations"), md);
        assertTrue(md.contains("| semi-hard | 2 | 81.00 ± 1.00 |"), md);
        assertTrue(md.contains("| distance-weighted | 2 | **85.00 ± 2.00** |"), md);
        assertTrue(md.contains("| distance-weighted | +4.00 ± 1.00 (n=2) |"), md);
        // The folders' names are not a key of their own: no name column, no name × miner pivot.
        assertFalse(md.contains("name="), md);
        assertFalse(md.contains("## Pivot"), md);
    }

    @Test
    void foldersHoldingTheSameConfigurationKeepTheirNamesSoNoSeedCountsTwice() throws Exception {
        Path a = folder("a", "semi-hard", 0.80, 0.82);
        Path b = folder("b", "semi-hard", 0.70, 0.74);
        String md = Report.of(List.of(a, b), "lfw", List.of(), List.of(), null).markdown();
        assertTrue(md.contains("| a | 2 | **81.00 ± 1.00** |"), md);
        assertTrue(md.contains("| b | 2 | 72.00 ± 2.00 |"), md);
    }

    @Test
    void severalFoldersNeedOutAndNoFolderTwice() throws Exception {
        List<Path> folders = semiHardAndDistanceWeighted();
        Path sh = folders.get(0);
        Path dw = folders.get(1);
        assertEquals("report " + sh + " " + dw + ": several folders need --out DIR, the folder to write their joint report into (e.g. --out "
                + dw.resolve("compared") + ")", error("report", sh.toString(), dw.toString()));
        assertEquals("report: " + sh + " is given twice; each folder's runs would be counted twice",
                error("report", sh.toString(), sh.toString(), "--out", root.resolve("out").toString()));
        assertFalse(Files.exists(sh.resolve("report.md")), "nothing written into the first folder");
        CommittedStudies.run(List.of("report", sh.toString(), dw.toString(), "--reference-config", "miner.strategy=semi-hard",
                "--out", root.resolve("out").toString()));
        assertTrue(Files.readString(root.resolve("out/report.md"), StandardCharsets.UTF_8).contains("+4.00 ± 1.00 (n=2)"));
    }

    /** The one-line error {@code tripletlab args…} prints (without its "error: " prefix); asserts a non-zero exit. */
    private static String error(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = org.tripletlab.cli.Main.execute(args);
        } finally {
            System.setErr(stderr);
        }
        assertTrue(code != 0, String.join(" ", args));
        return err.toString(StandardCharsets.UTF_8).strip().replaceFirst("^error: ", "");
    }
}
