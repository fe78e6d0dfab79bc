package org.tripletlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.cli.Main;

/** {@code tripletlab plot A B … --out DIR}: several folders' runs drawn together, one line per configuration. */
class JointPlotsTest {
    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** A fixture run of {@link PlotCommandTest#fixtureRun} with its seed set. */
    private static Path run(Path dir, String strategy, int seed) throws Exception {
        PlotCommandTest.fixtureRun(dir, strategy, seed);
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, Files.readString(config).replace("seed: 1", "seed: " + seed));
        return dir;
    }

    @Test
    void twoFoldersGiveOneLinePerConfigurationAndTheLowestSeedsRoc(@TempDir Path tmp) throws Exception {
        // Folder a: semi-hard with seeds 2 (folder "aaa", listed first) and 1 ("zzz"); folder b: hardest, seed 1.
        run(tmp.resolve("a/aaa"), "semi-hard", 2);
        Path seed1 = run(tmp.resolve("a/zzz"), "semi-hard", 1);
        Path hardest = run(tmp.resolve("b/h1"), "hardest", 1);
        // folder c: a run that trained on LFW's people is drawn in the training figures, never on the LFW ROC
        Path seen = run(tmp.resolve("c/r1"), "random", 1);
        Files.writeString(seen.resolve("provenance.json"), "{\"not_a_test_number\": {\"lfw\": \"trained on LFW people\"}}");
        Path out = tmp.resolve("joint");
        assertEquals(0, Main.execute("plot", tmp.resolve("a").toString(), tmp.resolve("b").toString(), tmp.resolve("c").toString(),
                "--out", out.toString()));
        for (String f : List.of("training", "validation-accuracy", "validation-distances", "distances", "roc-lfw")) {
            PlotCommandTest.assertPng(out.resolve("plots/" + f + ".png"));
        }
        JointPlots.Outcome o = JointPlots.plot(List.of(tmp.resolve("a"), tmp.resolve("b"), tmp.resolve("c")), tmp.resolve("again"), null, "png");
        // the folders' names ("fixture" in all) are not a key that varies: lines are named by the miner alone
        assertEquals(List.of("semi-hard", "hardest", "random"), o.lines());
        assertEquals(Map.of("semi-hard", seed1.resolve("eval/lfw-roc.csv"), "hardest", hardest.resolve("eval/lfw-roc.csv")), o.rocs());
        assertEquals(5, o.written().size());
    }

    @Test
    void foldersThatCannotBeToldApartAreRefused(@TempDir Path tmp) throws Exception {
        run(tmp.resolve("a/r"), "semi-hard", 1);
        run(tmp.resolve("b/r"), "semi-hard", 1);
        IllegalArgumentException same = assertThrows(IllegalArgumentException.class,
                () -> JointPlots.plot(List.of(tmp.resolve("a"), tmp.resolve("b")), tmp.resolve("out"), null, "png"));
        assertTrue(same.getMessage().contains("every run has the same configuration"), same.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> JointPlots.plot(List.of(tmp.resolve("a"), tmp.resolve("a/../a")), tmp.resolve("out"), null, "png"));
        assertTrue(twice.getMessage().contains("is given twice"), twice.getMessage());
        Files.createDirectories(tmp.resolve("empty"));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> JointPlots.plot(List.of(tmp.resolve("a"), tmp.resolve("empty")), tmp.resolve("out"), null, "png"));
        assertTrue(empty.getMessage().startsWith(tmp.resolve("empty") + ": no completed run"), empty.getMessage());
        // the command: several folders need --out, and --out needs several folders
        assertEquals(2, Main.execute("plot", tmp.resolve("a").toString(), tmp.resolve("b").toString()));
        assertEquals(2, Main.execute("plot", tmp.resolve("a").toString(), "--out", tmp.resolve("out").toString()));
        assertTrue(!Files.exists(tmp.resolve("out")), "nothing written");
    }

    @Test
    void linesAreNamedByWordsOrKeyValue() {
        Map<String, Object> config = Map.of("miner.strategy", "distance-weighted", "loss.margin", 0.2, "train.warm_start", true);
        assertEquals("distance-weighted", JointPlots.label(config, List.of("miner.strategy")));
        assertEquals("distance-weighted, loss.margin = 0.2, train.warm_start = true",
                JointPlots.label(config, List.of("miner.strategy", "loss.margin", "train.warm_start")));
    }
}
