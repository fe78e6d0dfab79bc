package org.tripletlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** The paper-style table: baselines first, one triplet row per miner with the margin chosen on validation, never on LFW. */
class PaperTableTest {
    static RunResult result(String id, Map<String, Object> config, long seed, double lfw, double val) {
        Map<Metric, Double> m = new EnumMap<>(Metric.class);
        m.put(Metric.ACCURACY, lfw);
        m.put(Metric.BEST_VAL_ACCURACY, val);
        Map<String, Object> c = new LinkedHashMap<>(config);
        c.put("seed", seed);
        return new RunResult(Path.of(id), id, c, seed, m);
    }

    static Map<String, Object> triplet(String miner, double margin) {
        return Map.of("name", "grid", "baseline.kind", "none", "loss.kind", "triplet", "miner.strategy", miner, "loss.margin", margin);
    }

    @Test
    void choosesEachMinersMarginOnValidationAndPutsBaselinesFirst() {
        List<RunResult> runs = new ArrayList<>();
        // random at α = 0.05 is better on LFW but worse on validation than at α = 0.2: the table must keep α = 0.2
        runs.add(result("r05a", triplet("random", 0.05), 1, 0.80, 0.70));
        runs.add(result("r05b", triplet("random", 0.05), 2, 0.82, 0.72));
        runs.add(result("r20a", triplet("random", 0.2), 1, 0.74, 0.80));
        runs.add(result("r20b", triplet("random", 0.2), 2, 0.76, 0.82));
        runs.add(result("s20a", triplet("semi-hard", 0.2), 1, 0.78, 0.79));
        runs.add(result("eig", Map.of("name", "baseline-eigenfaces", "baseline.kind", "eigenfaces", "baseline.components", 128), 42, 0.64, 0.61));
        runs.add(result("pix", Map.of("name", "baseline-pixels", "baseline.kind", "pixels"), 42, 0.61, 0.55));

        PaperTable t = PaperTable.of(runs, "lfw");
        assertEquals(List.of("raw pixels (mean-centred, unit length)", "Eigenfaces (PCA, 128 components)", "triplet, random, α = 0.2",
                "triplet, semi-hard, α = 0.2"),
                t.rows().stream().map(r -> r.recipe().method()).toList());
        assertEquals(2, t.rows().get(2).candidates());
        assertEquals("r20a", t.rows().get(2).representative().runId());

        Table text = t.measured();
        assertEquals("triplet, random, α = 0.2 (best of 2 margins on validation)", text.getString(2, "method"));
        // mean of 0.74 and 0.76; s.e. = sample s.d. 0.01414 / √2 = 0.01
        assertEquals("75.00 ± 1.00", text.getString(2, "lfw accuracy (%)"));
        assertEquals("**78.00**", text.getString(3, "lfw accuracy (%)"));
        assertEquals("64.00", text.getString(1, "lfw accuracy (%)"));
        assertEquals("**81.00 ± 1.00**", text.getString(2, "best val. accuracy (%)"));
    }

    @Test
    void aConfigurationBesideTheGridIsARowOfItsOwnNeverAMarginCandidate() {
        List<RunResult> runs = new ArrayList<>();
        for (long seed = 1; seed <= 3; seed++) {
            runs.add(result("s05-" + seed, batch("semi-hard", 0.05, 24, 6000), seed, 0.84, 0.90));
            runs.add(result("s20-" + seed, batch("semi-hard", 0.2, 24, 6000), seed, 0.85, 0.91));
            runs.add(result("r20-" + seed, batch("random", 0.2, 24, 6000), seed, 0.82, 0.89));
            // the large batch is best on validation: as a margin candidate it would wrongly stand for semi-hard
            runs.add(result("big-" + seed, batch("semi-hard", 0.2, 450, 320), seed, 0.80, 0.95));
        }
        PaperTable t = PaperTable.of(runs, "lfw");
        assertEquals(List.of("triplet, random, α = 0.2", "triplet, semi-hard, α = 0.2", "triplet, semi-hard, P×K 450×4, 320 steps, α = 0.2"),
                t.rows().stream().map(r -> r.recipe().method()).toList());
        assertEquals(2, t.rows().get(1).candidates());
        assertEquals(1, t.rows().get(2).candidates());
        assertEquals("big-1", t.rows().get(2).representative().runId());
    }

    private static Map<String, Object> batch(String miner, double margin, int identities, int steps) {
        Map<String, Object> c = new LinkedHashMap<>(triplet(miner, margin));
        c.put("sampler.identities", identities);
        c.put("sampler.images", 4);
        c.put("train.steps", steps);
        return c;
    }

    @Test
    void publishedNumbersAreTheirOwnTable() {
        Table p = PaperTable.published();
        assertEquals(PublishedTables.PUBLISHED_LFW.size(), p.rowCount());
        assertEquals("99.63 ± 0.09", p.getString(0, "LFW accuracy (%)"));
    }
}
