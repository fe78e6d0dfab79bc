package org.tripletlab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.report.RunResult;
import org.tripletlab.util.Json;

/** The notebook helpers that keep rankings honest: test numbers only, budgets apart, identical runs counted once. */
class ResultsViewsRankingTest {
    @TempDir
    Path tmp;

    private RunResult run(String name, String config, String epochs, double lfwAccuracy, Map<String, Object> provenance) throws Exception {
        Path d = tmp.resolve(name);
        Files.createDirectories(d.resolve("eval"));
        Files.writeString(d.resolve("config.yaml"), config);
        Files.writeString(d.resolve("provenance.json"), Json.write(provenance));
        Files.writeString(d.resolve("epochs.csv"), "epoch,val_accuracy\n" + epochs);
        Files.writeString(d.resolve("eval/lfw.json"), Json.write(Map.of("verification", Map.of("accuracy", Map.of("mean", lfwAccuracy)))));
        Files.writeString(d.resolve("COMPLETE"), "");
        return RunResult.read(d, "lfw");
    }

    private static String config(String miner, double margin, int epochs, long seed) {
        return "name: x\nseed: " + seed + "\ndata: {source: synthetic}\nminer: {strategy: " + miner + "}\nloss: {margin: " + margin
                + "}\ntrain: {epochs: " + epochs + "}\n";
    }

    @Test
    void onlyTestNumbersAreRankedAndTheOthersKeepTheirReason() throws Exception {
        RunResult ok = run("ok", config("semi-hard", 0.2, 10, 42), "0,0.5\n1,0.7\n", 0.73, Map.of());
        RunResult leaked = run("leaked", config("semi-hard", 0.2, 10, 1), "0,0.5\n1,0.8\n", 0.84,
                Map.of("not_a_test_number", Map.of("lfw", "trained on folds 1-9 of LFW's people")));
        List<RunResult> all = List.of(leaked, ok);
        assertEquals(List.of(ok), ResultsViews.testNumbers(all, "lfw"));
        assertEquals(Map.of(leaked, "trained on folds 1-9 of LFW's people"), ResultsViews.notTestNumbers(all, "lfw"));
        assertEquals(all, ResultsViews.testNumbers(all, "cfp-fp"), "the mark is per benchmark");
    }

    @Test
    void budgetsAreKeptApart() throws Exception {
        RunResult ten = run("ten", config("semi-hard", 0.2, 10, 42), "0,0.5\n", 0.73, Map.of());
        RunResult three = run("three", config("semi-hard", 0.2, 3, 1), "0,0.5\n", 0.68, Map.of());
        RunResult threeB = run("threeB", config("random", 0.2, 3, 1), "0,0.5\n", 0.67, Map.of());
        Map<String, List<RunResult>> b = ResultsViews.byBudget(List.of(ten, three, threeB));
        assertEquals(List.of("train.epochs=10", "train.epochs=3"), List.copyOf(b.keySet()));
        assertEquals(List.of(three, threeB), b.get("train.epochs=3"));
    }

    @Test
    void runsWithIdenticalFilesAreOneOutcome() throws Exception {
        // hardest mining: α does not change the trajectory; three α × one seed are one outcome
        RunResult a = run("a", config("hardest", 0.05, 3, 1), "0,0.5\n1,0.58\n", 0.66, Map.of());
        RunResult b = run("b", config("hardest", 0.2, 3, 1), "0,0.5\n1,0.58\n", 0.66, Map.of());
        RunResult c = run("c", config("hardest", 0.5, 3, 1), "0,0.5\n1,0.58\n", 0.66, Map.of());
        RunResult d = run("d", config("hardest", 0.5, 3, 2), "0,0.5\n1,0.58\n", 0.66, Map.of());
        RunResult e = run("e", config("hardest", 0.5, 3, 1), "0,0.5\n1,0.59\n", 0.66, Map.of());
        assertEquals(1, ResultsViews.distinctOutcomes(List.of(a, b, c)));
        assertEquals(2, ResultsViews.distinctOutcomes(List.of(a, b, c, d)), "another seed is another outcome");
        assertEquals(2, ResultsViews.distinctOutcomes(List.of(a, e)));
        assertEquals(List.of(a, d), ResultsViews.distinct(List.of(a, b, c, d)), "the first run of each outcome, in order");
        assertTrue(ResultsViews.distinctOutcomes(List.of()) == 0);
    }
}
