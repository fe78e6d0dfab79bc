package org.tripletlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.plot.RunPlots;
import org.tripletlab.run.RunFinder;
import org.tripletlab.run.Study;
import org.tripletlab.util.Json;

/**
 * A results folder's declared run set ({@code study.yaml}), runs whose provenance says they are not test
 * numbers for a benchmark (listed apart, never ranked), and rows trained for different budgets (kept apart, said so).
 */
class StudyAndTestNumbersTest {
    @TempDir
    Path tmp;

    private String run(String miner, int epochs, long seed, double accuracy) throws Exception {
        return ReportTablesTest.run(tmp, ReportTablesTest.GRID.replace("train: {steps: 4, checkpoints: false}",
                        "train: {epochs: " + epochs + ", checkpoints: false}"),
                List.of("miner.strategy=" + miner, "seed=" + seed), new ReportTablesTest.Measured(accuracy, 0.02, 0.8, 0.5, Double.NaN, Double.NaN));
    }

    private void markNotTestNumber(String run, String benchmark, String reason) throws Exception {
        Path f = tmp.resolve(run).resolve("provenance.json");
        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("best_val_accuracy", 0.8);
        prov.put("not_a_test_number", Map.of(benchmark, reason));
        Files.writeString(f, Json.write(prov));
    }

    @Test
    void studyFileSelectsTheDeclaredRunsForReportAndPlots() throws Exception {
        String a = run("semi-hard", 10, 42, 0.73);
        String b = run("random", 10, 42, 0.72);
        run("semi-hard", 3, 1, 0.68);
        run("random", 3, 1, 0.67);
        Path folder = tmp.resolve("grid");
        assertEquals(4, RunFinder.forReportAll(folder).size());
        Files.writeString(folder.resolve(Study.FILE), "where:\n  train.epochs: 10\n");
        List<Path> selected = RunFinder.forReportAll(folder);
        assertEquals(List.of(tmp.resolve(a), tmp.resolve(b)).stream().sorted().toList(), selected.stream().sorted().toList());
        assertEquals(2, RunFinder.all(folder).size());
        assertEquals(2, RunFinder.ofExperiment(folder).size());
        String md = Report.of(folder, "lfw", List.of()).write(folder, Report.Format.MD).text();
        assertTrue(md.contains("2 completed runs in 2 configurations"), md);
        assertFalse(md.contains("budgets differ"), md);

        Files.writeString(folder.resolve(Study.FILE), "runs: [" + tmp.resolve(a).getFileName() + "]\n");
        assertEquals(List.of(tmp.resolve(a)), RunFinder.forReportAll(folder));
        Files.writeString(folder.resolve(Study.FILE), "runs: [nosuchrun]\n");
        assertThrows(IllegalArgumentException.class, () -> RunFinder.forReportAll(folder));
        Files.writeString(folder.resolve(Study.FILE), "wher: {train.epochs: 10}\n");
        assertThrows(RuntimeException.class, () -> RunFinder.forReportAll(folder));
    }

    @Test
    void rowsOfDifferentBudgetsAreKeptApartAndTheReportSaysSo() throws Exception {
        run("semi-hard", 10, 42, 0.73);
        run("semi-hard", 3, 1, 0.68);
        run("semi-hard", 3, 2, 0.66);
        Report r = Report.of(tmp.resolve("grid"), "lfw", List.of());
        // never averaged: one row per budget
        assertEquals(2, r.results().groups().size());
        assertEquals(Map.of("train.epochs=10", 1, "train.epochs=3", 1), r.budgets());
        assertTrue(r.results().varyingKeys().contains("train.epochs"));
        String md = r.write(tmp.resolve("grid"), Report.Format.MD).text();
        assertTrue(md.contains("Training budgets differ between rows (train.epochs=10: 1 row; train.epochs=3: 1 row)"), md);
        assertTrue(md.contains("| train.epochs |"), md);
    }

    @Test
    void aRunThatIsNotATestNumberIsListedApartAndNeverRanked() throws Exception {
        String good = run("semi-hard", 10, 42, 0.73);
        String leaked = run("random", 10, 42, 0.90);
        markNotTestNumber(leaked, "lfw", "trained on 9 of the 10 folds' identities");
        assertNull(RunResult.read(tmp.resolve(good), "lfw").notTestNumberReason("lfw"));
        assertEquals("trained on 9 of the 10 folds' identities", RunResult.read(tmp.resolve(leaked), "lfw").notTestNumberReason("lfw"));
        assertNull(RunResult.notTestNumberReason(tmp.resolve(leaked), "cfp-fp"), "only the benchmark named is affected");

        Report r = Report.of(tmp.resolve("grid"), "lfw", List.of());
        assertEquals(1, r.results().allGroups().size(), "the leaked run is not a measured row");
        assertEquals(1, r.notTestNumbers().size());
        String md = r.write(tmp.resolve("grid"), Report.Format.MD).text();
        assertTrue(md.contains("1 completed run in 1 configuration"), md);
        assertTrue(md.contains("1 run is not a test number for lfw and listed apart, never ranked."), md);
        assertTrue(md.contains("### Not test numbers for lfw"), md);
        assertTrue(md.contains("| grid/" + tmp.resolve(leaked).getFileName() + " | trained on 9 of the 10 folds' identities |"), md);
        assertFalse(md.contains("90.00"), "its accuracy is nowhere among the ranked numbers: " + md);
        String csv = Files.readString(r.write(tmp.resolve("grid"), Report.Format.CSV).files().get(0), StandardCharsets.UTF_8);
        assertFalse(csv.contains("0.9"), csv);
        // an empty reason still marks it
        markNotTestNumber(leaked, "lfw", "");
        assertTrue(RunResult.notTestNumberReason(tmp.resolve(leaked), "lfw").contains("not a test number"));
    }

    @Test
    void thePaperTableHasNoRowForARunThatIsNotATestNumber() throws Exception {
        run("semi-hard", 10, 42, 0.73);
        String leaked = run("random", 10, 42, 0.90);
        markNotTestNumber(leaked, "lfw", "trained on the test identities");
        List<RunResult> runs = RunFinder.forReportAll(tmp.resolve("grid")).stream().map(p -> RunResult.read(p, "lfw")).toList();
        assertEquals(2, runs.size());
        PaperTable t = PaperTable.of(runs, "lfw");
        assertEquals(1, t.rows().size());
        assertEquals("semi-hard", t.rows().get(0).recipe().miner());
    }

    @Test
    void theLfwRocLeavesOutRunsThatAreNotTestNumbers() throws Exception {
        String good = run("semi-hard", 10, 42, 0.73);
        String leaked = run("random", 10, 42, 0.90);
        markNotTestNumber(leaked, "lfw", "trained on the test identities");
        for (String r : List.of(good, leaked)) {
            Files.writeString(tmp.resolve(r).resolve("eval/lfw-roc.csv"), "threshold,fpr,tpr\n0,0,0\n1,0.5,0.8\n4,1,1\n");
        }
        Map<String, Path> rocs = new LinkedHashMap<>();
        rocs.put("good", tmp.resolve(good).resolve("eval/lfw-roc.csv"));
        rocs.put("leaked", tmp.resolve(leaked).resolve("eval/lfw-roc.csv"));
        assertEquals(1, RunPlots.lfwRoc(rocs, null).series().size());
    }
}
