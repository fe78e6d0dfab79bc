package org.tripletlab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.eval.MeanSe;
import org.tripletlab.report.Metric;
import org.tripletlab.report.RunResult;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The notebook helpers against small files with known answers. */
class ResultsViewsTest {
    @Test
    void htmlEscapesCellsAndShowsMarkdownBoldAsBold() {
        Table t = Table.create("t").addColumns(StringColumn.create("a<b", List.of("**81.00 ± 0.50**", "x & y", "**")));
        String html = ResultsViews.html(t);
        assertTrue(html.contains("<th>a&lt;b</th>"), html);
        assertTrue(html.contains("<td><b>81.00 ± 0.50</b></td>"), html);
        assertTrue(html.contains("<td>x &amp; y</td>"), html);
        assertTrue(html.contains("<td>**</td>"), html);
    }

    @Test
    void tprAtTakesTheBestPointWithinTheFalsePositiveRate(@TempDir Path tmp) throws Exception {
        Path roc = tmp.resolve("lfw-roc.csv");
        Files.writeString(roc, "threshold,fpr,tpr\n0.1,0,0.05\n0.5,0.001,0.3\n0.7,0.002,0.35\n0.9,0.01,0.6\n2,1,1\n");
        assertEquals(0.3, ResultsViews.tprAt(roc, 1e-3));
        assertEquals(0.6, ResultsViews.tprAt(roc, 1e-2));
        assertEquals(0.05, ResultsViews.tprAt(roc, 1e-4));
        assertThrows(IllegalArgumentException.class, () -> ResultsViews.tprAt(tmp.resolve("missing.csv"), 1e-3));
    }

    @Test
    void firstAndLastValidationAreMeansOverRuns(@TempDir Path tmp) throws Exception {
        List<Path> runs = new ArrayList<>();
        double[] last = {0.9, 1.1};
        for (int i = 0; i < 2; i++) {
            Path r = Files.createDirectories(tmp.resolve("r" + i));
            Files.writeString(r.resolve("epochs.csv"), "epoch,val_mean_d_an\n0,0.08\n1,0.5\n2," + last[i] + "\n");
            runs.add(r);
        }
        MeanSe l = ResultsViews.lastValidation(runs, "val_mean_d_an");
        assertEquals(1.0, l.mean(), 1e-12);
        assertEquals(0.1, l.standardError(), 1e-12);
        assertEquals(0.08, ResultsViews.firstValidation(runs, "val_mean_d_an").mean(), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResultsViews.lastValidation(runs, "nope"));
        assertTrue(e.getMessage().contains("epochs.csv"), e.getMessage());
    }

    @Test
    void pixelFloorIsAddedFromItsEvaluationUnlessAPixelsRunExists(@TempDir Path tmp) throws Exception {
        Path pixels = Files.createDirectories(tmp.resolve("pixels/eval"));
        Files.writeString(pixels.resolve("lfw.json"), "{\"verification\": {\"accuracy\": {\"mean\": 0.608}, \"auc\": 0.65,"
                + " \"val_at_far\": {\"val\": {\"mean\": 0.025}}}, \"identification\": {\"one_shot_closed_set\": {\"rank1\": {\"mean\": 0.0357}}}}");
        List<RunResult> none = List.of();
        List<RunResult> with = ResultsViews.withPixelFloor(none, tmp.resolve("pixels"), "lfw");
        assertEquals(1, with.size());
        assertEquals(0.608, with.get(0).metric(Metric.ACCURACY));
        assertEquals(0.025, with.get(0).metric(Metric.VAL_AT_FAR));
        assertEquals(0.0357, with.get(0).metric(Metric.ONE_SHOT_RANK1));
        assertEquals(1, ResultsViews.withPixelFloor(with, tmp.resolve("pixels"), "lfw").size(), "a pixels result is already there");
        assertEquals(0, ResultsViews.withPixelFloor(none, tmp.resolve("elsewhere"), "lfw").size(), "no evaluation file, no row");
    }

    @Test
    void groupsByMarginThenMinerInStoryOrder() {
        List<RunResult> runs = new ArrayList<>();
        String[] miners = {"batch-all", "hardest", "random", "semi-hard"};
        for (String m : miners) {
            for (double a : new double[] {0.5, 0.05}) {
                runs.add(new RunResult(Path.of(m + a), m + a, Map.of("miner.strategy", m, "loss.margin", a), 1, new EnumMap<>(Metric.class)));
            }
        }
        Map<String, Map<String, List<Path>>> g = ResultsViews.byMarginThenMiner(runs);
        assertEquals(List.of("α = 0.05", "α = 0.5"), List.copyOf(g.keySet()));
        assertEquals(List.of("random", "semi-hard", "hardest", "batch-all"), List.copyOf(g.get("α = 0.05").keySet()));
        assertEquals(List.of(Path.of("hardest0.5")), g.get("α = 0.5").get("hardest"));
    }
}
