package org.tripletlab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.report.Metric;
import org.tripletlab.report.Report;
import org.tripletlab.report.ResultsTable;
import org.tripletlab.report.RunResult;

/** The one-call views of notebook 02 on the committed miner sweep (protocol v2), and on a sweep missing from the checkout. */
class MiningSweepTest {
    private static final Path SWEEP = Path.of("results/mining-margin-v2");

    @Test
    void theCommittedSweepIsReadWithItsMarginsAndEachLineHasOneBudget() {
        MiningSweep sweep = MiningSweep.at(SWEEP);
        assertTrue(sweep.runs().size() >= 30, sweep.summary());
        assertEquals(List.of(0.05, 0.2, 0.5), sweep.margins());
        assertEquals(0.2, sweep.shownMargin());
        assertTrue(sweep.summary().startsWith(sweep.runs().size() + " completed triplet runs in mining-margin-v2 — per miner: "), sweep.summary());
        // the large batch ran 320 steps, the grid 6,000: two budgets, never pooled — the large batch is a line of its own
        assertEquals(2, ResultsViews.byBudget(sweep.runs()).size());
        java.util.Map<String, List<Path>> lines = ResultsViews.byMiner(sweep.runs(), r -> true);
        List<String> big = lines.keySet().stream().filter(l -> l.startsWith("semi-hard, P×K 450×4")).toList();
        assertEquals(1, big.size(), lines.keySet().toString());
        for (Path run : lines.get(big.get(0))) {
            assertTrue(sweep.runs().stream().anyMatch(r -> r.dir().equals(run) && "train.steps=320".equals(r.budget())), run.toString());
        }
        assertTrue(lines.get("semi-hard").stream().noneMatch(lines.get(big.get(0))::contains));
        assertTrue(sweep.isSparse());
    }

    @Test
    void activeShareNamesEveryMinerAndMarginWithMeanAndStandardError() {
        MiningSweep sweep = MiningSweep.at(SWEEP);
        String html = sweep.activeShare();
        for (String miner : ResultsViews.byMiner(sweep.runs(), r -> true).keySet()) {
            assertTrue(html.contains("<li><b>" + miner + "</b>: α = "), html);
        }
        // the semi-hard cell at α = 0.2, computed here without the helper
        List<RunResult> cell = sweep.runs().stream().filter(r -> ResultsViews.miner(r).equals("semi-hard") && ResultsViews.margin(r) == 0.2
                && Integer.valueOf(24).equals(r.config().get("sampler.identities"))).toList();
        assertEquals(3, cell.size());
        assertTrue(html.contains("α = 0.2: " + ResultsViews.percent(MiningSweep.stat(cell, Metric.FINAL_ACTIVE_SHARE))), html);
    }

    @Test
    void theHeadlineNamesTheBestConfigurationOnLfwAndTheOneValidationChooses() {
        MiningSweep sweep = MiningSweep.at(SWEEP);
        Report report = sweep.report();
        ResultsTable.Group best = null;
        for (ResultsTable.Group g : report.results().groups()) {
            double v = g.stats(Metric.ACCURACY).mean();
            if (!Double.isNaN(v) && (best == null || v > best.stats(Metric.ACCURACY).mean())) {
                best = g;
            }
        }
        String html = MiningSweep.headline(report);
        assertTrue(html.contains("Highest mean LFW accuracy: <b>" + org.tripletlab.report.RunGroups.line(report.results(), best.config())
                + ", α = " + best.config().get("loss.margin") + "</b>"), html);
        assertTrue(html.contains("Chosen on validation"), html);
        // the paired difference to the runner-up, computed here without the helper
        ResultsTable.Group top = best;
        ResultsTable.Group second = report.results().groups().stream().filter(g -> g != top && !Double.isNaN(g.stats(Metric.ACCURACY).mean()))
                .max(java.util.Comparator.comparingDouble(g -> g.stats(Metric.ACCURACY).mean())).orElseThrow();
        org.tripletlab.eval.MeanSe d = ResultsTable.paired(best.values(Metric.ACCURACY), second.values(Metric.ACCURACY));
        assertTrue(html.contains(String.format(java.util.Locale.ROOT, "Over the next best, %s, α = %s: %+.2f ± %.2f percentage points, paired over %d seeds (p = %.3f)",
                org.tripletlab.report.RunGroups.line(report.results(), second.config()), second.config().get("loss.margin"), 100 * d.mean(), 100 * d.standardError(), d.n(),
                org.tripletlab.report.PairedTest.pValue(d))), html);
        assertTrue(MiningSweep.measured(report).contains("<table"));
        // a sparse study is compared with one configuration, semi-hard at α = 0.2, as its README's report command does
        assertTrue(MiningSweep.paired(report).contains("<table"), MiningSweep.paired(report));
    }

    @Test
    void figuresAreImagesAndTheDistanceNumbersCoverEveryMiner() {
        MiningSweep sweep = MiningSweep.at(SWEEP);
        assertInstanceOf(BufferedImage.class, sweep.trainingCurves());
        String numbers = sweep.distancesInNumbers();
        for (String miner : ResultsViews.byMiner(sweep.runs(), r -> ResultsViews.margin(r) == 0.2).keySet()) {
            assertTrue(numbers.contains("<b>" + miner + "</b> ("), numbers);
        }
    }

    @Test
    void collapseViewsCountOnlyTheSweepsRunsPerMiner() {
        MiningSweep sweep = MiningSweep.at(SWEEP);
        String html = sweep.collapseByMiner(List.of());
        assertTrue(html.startsWith("<div class=\"tripletlab-prose\">\n<p>Runs of the sweep with a collapse event, per miner:</p>"), html);
        int runs = ResultsViews.byMiner(sweep.runs(), r -> ResultsViews.miner(r).equals("hardest")).getOrDefault("hardest", List.of()).size();
        assertTrue(html.contains("<b>hardest</b>: ") && html.contains(" of " + runs + " runs"), html);
    }

    @Test
    void aSweepMissingFromTheCheckoutSaysSoInEveryView(@TempDir Path tmp) {
        MiningSweep sweep = MiningSweep.at(tmp.resolve("not-there"));
        assertTrue(sweep.isEmpty());
        assertTrue(String.valueOf(sweep.distancesOverEpochs()).contains("nothing to draw"));
        assertTrue(String.valueOf(sweep.trainingCurves()).contains("nothing to draw"));
        assertNull(sweep.report());
        assertTrue(MiningSweep.measured(null).contains("no table"));
        assertTrue(MiningSweep.headline(null).contains("no headline"));
    }
}
