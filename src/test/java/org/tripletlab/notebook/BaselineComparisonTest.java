package org.tripletlab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.report.Metric;
import org.tripletlab.report.PaperTable;
import org.tripletlab.report.PublishedTables;
import org.tripletlab.report.Recipe;

/** The one-call views of notebook 03 on the committed results, and on a results folder without runs. */
class BaselineComparisonTest {
    private static final Path STUDY = Path.of("results", BaselineComparison.STUDY);

    @Test
    void theCommittedResultsGiveAMeasuredTableWithTripletAndBaselineRows() {
        BaselineComparison c = BaselineComparison.of(STUDY);
        assertTrue(c.summary().startsWith("Read " + BaselineComparison.STUDY + ", baseline-"), c.summary());
        // the sweep's baseline runs, on its data: never the folders of other commands' baseline runs
        assertTrue(c.runs().stream().allMatch(r -> String.valueOf(r.config().get("name")).equals(BaselineComparison.STUDY)
                || String.valueOf(r.config().get("name")).endsWith("-v2")), c.summary());
        assertTrue(c.measuredTable().startsWith("<table"), c.measuredTable());
        Map<Recipe.Family, PaperTable.Row> best = c.bestPerFamily();
        assertTrue(best.containsKey(Recipe.Family.TRIPLET), best.toString());
        // every row of a family is at most as accurate as the family's best
        for (PaperTable.Row r : c.table().rows()) {
            double v = r.group().stats(Metric.ACCURACY).mean();
            assertTrue(Double.isNaN(v) || v <= best.get(r.recipe().family()).group().stats(Metric.ACCURACY).mean());
        }
        String words = c.inWords();
        assertTrue(words.contains("best " + Recipe.Family.TRIPLET.label() + " on LFW: <b>"), words);
    }

    @Test
    void theGapToThePublishedNumbersNamesEachPublishedSystem() {
        String gap = BaselineComparison.of(STUDY).gapToPublished();
        for (PublishedTables.Published p : PublishedTables.PUBLISHED_LFW) {
            assertTrue(gap.contains(HtmlTable.escape(p.method())), gap);
        }
    }

    @Test
    void aResultsFolderWithoutRunsSaysSoAndMissesEveryBaseline(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("results/sweep"));
        BaselineComparison c = BaselineComparison.of(tmp.resolve("results/sweep"));
        assertTrue(c.measuredTable().contains("No completed runs"), c.measuredTable());
        assertEquals(BaselineComparison.EXPECTED_BASELINES.size(), c.missingBaselines().size());
        assertTrue(c.rocs().isEmpty());
        assertTrue(String.valueOf(c.rocFigure()).contains("no ROC figure"));
    }
}
