package org.tripletlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tripletlab.component.ConfigException;
import org.tripletlab.eval.MeanSe;

/** Grouping, mean ± s.e. over seeds, best marks and paired differences, against hand-computed numbers. */
class ResultsTableTest {
    static RunResult run(String miner, double margin, long seed, int threads, double acc, double minutes) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", "x");
        c.put("seed", seed);
        c.put("miner.strategy", miner);
        c.put("loss.margin", margin);
        c.put("train.threads", threads);
        Map<Metric, Double> m = new EnumMap<>(Metric.class);
        m.put(Metric.ACCURACY, acc);
        m.put(Metric.MINUTES, minutes);
        m.put(Metric.FINAL_ACTIVE_SHARE, 0.5);
        return new RunResult(Path.of(miner + margin + "-" + seed), "id", c, seed, m);
    }

    @Test
    void meanAndStandardErrorOverSeeds() {
        // random: 0.80, 0.82, 0.84 → mean 0.82; deviations −0.02, 0, 0.02; s² = 0.0008 / 2 = 0.0004; s = 0.02; s.e. = 0.02 / √3.
        // semi-hard: 0.78, 0.81, 0.81 → mean 0.80; s² = (0.0004 + 0.0001 + 0.0001) / 2 = 0.0003; s.e. = √(0.0003 / 3) = 0.01.
        List<RunResult> runs = List.of(
                run("random", 0.2, 1, 2, 0.80, 10), run("random", 0.2, 2, 1, 0.82, 12), run("random", 0.2, 3, 2, 0.84, 14),
                run("semi-hard", 0.2, 1, 2, 0.78, 9), run("semi-hard", 0.2, 2, 2, 0.81, 9), run("semi-hard", 0.2, 3, 2, 0.81, 9));
        ResultsTable t = ResultsTable.of(runs);
        assertEquals(2, t.groups().size(), "seed and train.threads do not make a configuration");
        assertEquals(List.of("miner.strategy"), t.varyingKeys());
        ResultsTable.Group random = t.groups().get(0);
        ResultsTable.Group semi = t.groups().get(1);
        assertEquals(3, random.seeds());
        MeanSe r = random.stats(Metric.ACCURACY);
        assertEquals(0.82, r.mean(), 1e-12);
        assertEquals(0.02, r.std(), 1e-12);
        assertEquals(0.02 / Math.sqrt(3), r.standardError(), 1e-12);
        assertEquals(3, r.n());
        MeanSe s = semi.stats(Metric.ACCURACY);
        assertEquals(0.80, s.mean(), 1e-12);
        assertEquals(0.01, s.standardError(), 1e-12);
        // minutes: random 10, 12, 14 → 12 ± 2/√3 (s = 2)
        assertEquals(12, random.stats(Metric.MINUTES).mean(), 1e-12);
        assertEquals(2 / Math.sqrt(3), random.stats(Metric.MINUTES).standardError(), 1e-12);

        assertTrue(t.isBest(random, Metric.ACCURACY));
        assertFalse(t.isBest(semi, Metric.ACCURACY));
        assertTrue(t.isBest(semi, Metric.MINUTES), "fewer minutes is better");
        assertFalse(t.isBest(random, Metric.FINAL_ACTIVE_SHARE) || t.isBest(semi, Metric.FINAL_ACTIVE_SHARE), "no best for the active share");
        assertEquals(List.of(Metric.ACCURACY, Metric.FINAL_ACTIVE_SHARE, Metric.MINUTES), t.metrics(), "only recorded metrics");

        // Paired: d = (0.80 − 0.78, 0.82 − 0.81, 0.84 − 0.81) = (0.02, 0.01, 0.03) → mean 0.02, s = 0.01, s.e. = 0.01 / √3.
        Map<String, String> ref = t.parseReference(List.of("miner.strategy=semi-hard"));
        assertSame(semi, t.referenceFor(random, ref));
        assertSame(semi, t.referenceFor(semi, ref));
        MeanSe d = ResultsTable.paired(random.values(Metric.ACCURACY), semi.values(Metric.ACCURACY));
        assertEquals(0.02, d.mean(), 1e-12);
        assertEquals(0.01, d.std(), 1e-12);
        assertEquals(0.01 / Math.sqrt(3), d.standardError(), 1e-12);
        assertEquals(3, d.n());
    }

    @Test
    void pairedDifferenceUsesMatchedSeedsOnly() {
        // Row seeds 1, 2, 4; reference seeds 1, 2, 3: matched 1 and 2 → d = (0.9 − 0.7, 0.6 − 0.5) = (0.2, 0.1):
        // mean 0.15, s = √((0.05² + 0.05²) / 1) = 0.0707107, s.e. = s / √2 = 0.05.
        Map<Long, Double> row = Map.of(1L, 0.9, 2L, 0.6, 4L, 0.99);
        Map<Long, Double> ref = Map.of(1L, 0.7, 2L, 0.5, 3L, 0.1);
        MeanSe d = ResultsTable.paired(row, ref);
        assertEquals(2, d.n());
        assertEquals(0.15, d.mean(), 1e-12);
        assertEquals(Math.sqrt(0.005), d.std(), 1e-12);
        assertEquals(0.05, d.standardError(), 1e-12);
        // One matched seed: a difference, no standard error.
        MeanSe one = ResultsTable.paired(Map.of(1L, 0.9), ref);
        assertEquals(0.2, one.mean(), 1e-12);
        assertTrue(Double.isNaN(one.standardError()));
        assertEquals(0, ResultsTable.paired(Map.of(9L, 0.9), ref).n());
    }

    @Test
    void referenceOnATwoAxisGridComparesAtTheSameOtherValues() {
        List<RunResult> runs = new ArrayList<>();
        for (String miner : List.of("random", "semi-hard", "hardest")) {
            for (double margin : List.of(0.05, 0.2)) {
                for (long seed = 1; seed <= 2; seed++) {
                    runs.add(run(miner, margin, seed, 2, 0.5 + margin + seed / 100.0 + (miner.equals("hardest") ? 0.1 : 0), 1));
                }
            }
        }
        ResultsTable t = ResultsTable.of(runs);
        assertEquals(6, t.groups().size());
        assertEquals(List.of("miner.strategy", "loss.margin"), t.varyingKeys());
        Map<String, String> ref = t.parseReference(List.of("miner.strategy=semi-hard"));
        for (ResultsTable.Group g : t.groups()) {
            ResultsTable.Group r = t.referenceFor(g, ref);
            assertEquals("semi-hard", r.config().get("miner.strategy"));
            assertEquals(g.config().get("loss.margin"), r.config().get("loss.margin"), "same margin");
        }
        ResultsTable.Group hardest02 = t.groups().get(5);
        MeanSe d = ResultsTable.paired(hardest02.values(Metric.ACCURACY), t.referenceFor(hardest02, ref).values(Metric.ACCURACY));
        assertEquals(0.1, d.mean(), 1e-12);
        assertEquals(0.0, d.standardError(), 1e-12);
        // A fixed reference row: both keys.
        Map<String, String> both = t.parseReference(List.of("miner.strategy=random", "loss.margin=0.20"));
        assertEquals(0.2, t.referenceFor(hardest02, both).config().get("loss.margin"));
        assertEquals("random", t.referenceFor(hardest02, both).config().get("miner.strategy"));
        assertThrows(ConfigException.class, () -> t.parseReference(List.of("miner.strategy=batch-all")));
        assertThrows(ConfigException.class, () -> t.parseReference(List.of("miner.stratgy=random")));
        assertThrows(ConfigException.class, () -> t.parseReference(List.of("seed=1")));
        assertNull(ResultsTable.of(runs.subList(0, 4)).referenceFor(t.groups().get(0), Map.of("miner.strategy", "hardest")));
    }

    @Test
    void aRepeatedSeedCountsOnce() {
        ResultsTable t = ResultsTable.of(List.of(run("random", 0.2, 1, 2, 0.8, 1), run("random", 0.2, 1, 2, 0.9, 1), run("random", 0.2, 2, 2, 0.7, 1)));
        assertEquals(1, t.duplicateSeeds());
        assertEquals(0.75, t.groups().get(0).stats(Metric.ACCURACY).mean(), 1e-12);
    }

    @Test
    void formatting() {
        assertEquals("82.00 ± 1.15", TableText.meanSe(new MeanSe(0.82, 0.02, 0.02 / Math.sqrt(3), 3), Metric.ACCURACY, false));
        assertEquals("+2.00 ± 0.58", TableText.meanSe(new MeanSe(0.02, 0.01, 0.01 / Math.sqrt(3), 3), Metric.ACCURACY, true));
        assertEquals("12.0 ± 1.2", TableText.meanSe(new MeanSe(12, 2, 2 / Math.sqrt(3), 3), Metric.MINUTES, false));
        assertEquals("81.00", TableText.meanSe(new MeanSe(0.81, Double.NaN, Double.NaN, 1), Metric.ACCURACY, false));
        assertEquals("–", TableText.meanSe(new MeanSe(Double.NaN, Double.NaN, Double.NaN, 0), Metric.ACCURACY, false));
        assertEquals("a\\_b 5\\% $\\pm$", TableText.texEscape("a_b 5% ±"));
    }
}
