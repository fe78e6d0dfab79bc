package org.tripletlab.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What issue 13 asks of paper-ready figures, on synthetic runs: shared and labelled axes, one legend per figure, runs
 * named by their configuration (never a folder hash), a readable view of a collapsed embedding, a stated smoothing and
 * pooling, integer epoch ticks, two visibly different ROC families starting at the smallest FPR with data, a shared
 * projection scale, and an SVG from the same drawing for every figure kind.
 */
class PaperFiguresTest {
    /** A run folder name that looks like the hashes tripletlab uses: it must never appear in a figure. */
    private static final String HASH = "0123abcd4567";

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** A run whose embedding collapsed: every distance about 0.003, all pairs in the first bin. */
    static Path collapsedRun(Path dir) throws Exception {
        Path run = PlotCommandTest.fixtureRun(dir, "hardest", 1);
        Files.writeString(run.resolve("distances.csv"), "epoch,step,pairs,n,mean,p5,p25,p50,p75,p95,bin_0.0,bin_0.5,bin_1.0,bin_1.5\n"
                + "0,0,ap,10,0.1,0.01,0.05,0.1,0.2,0.4,9,1,0,0\n0,0,an,20,0.1,0.01,0.06,0.1,0.3,0.5,18,2,0,0\n"
                + "1,20,ap,10,0.003,0.001,0.002,0.003,0.004,0.005,10,0,0,0\n1,20,an,20,0.004,0.002,0.003,0.004,0.005,0.006,20,0,0,0\n");
        return run;
    }

    private static List<String> texts(String svg) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<text[^>]*>([^<]*)</text>").matcher(svg);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void distanceHistogramsShareAxesAndShowACollapsedRunInThePercentilePanel(@TempDir Path tmp) throws Exception {
        Map<String, List<Path>> groups = new LinkedHashMap<>();
        groups.put("semi-hard", List.of(PlotCommandTest.fixtureRun(tmp.resolve("s"), "semi-hard", 1)));
        groups.put("hardest", List.of(collapsedRun(tmp.resolve("h"))));
        Sheet f = MiningFigures.distancesFigure(groups);
        assertNotNull(f);
        List<Chart> histograms = f.panels().stream().filter(c -> c.title().contains("epoch ")).toList();
        assertEquals(4, histograms.size(), "2 groups × 2 epochs");
        for (Chart c : histograms) {
            assertArrayEquals(histograms.get(0).yRangeShown(), c.yRangeShown(), 1e-12, c.title() + ": one y scale per figure");
            assertArrayEquals(new double[] {0, 2}, c.xRangeShown(), 1e-12, c.title() + ": the full bin range");
            assertEquals(DistanceFigures.X_LABEL, c.xLabel(), "squared distances, said so");
        }
        // the collapsed spike (density 2 = all pairs in one 0.5-wide bin) does not set the scale; its height is noted
        Chart spike = histograms.get(3);
        assertEquals("hardest, epoch 1", spike.title());
        assertTrue(spike.note().startsWith("peak 2.0"), spike.note());
        // the percentile panel draws both distributions of the collapsed epoch on the log axis, d(A,P) above d(A,N)
        Chart pct = f.panels().get(5);
        assertEquals("hardest: percentiles", pct.title());
        assertArrayEquals(new double[] {DistanceFigures.LOG_MIN, DistanceFigures.LOG_MAX}, pct.xRangeShown(), 1e-12);
        List<Chart.Band> epoch1 = pct.bands().stream().filter(b -> b.y() > 0.5).toList();
        assertTrue(epoch1.stream().anyMatch(b -> b.color().equals(RunPlots.AP) && b.x0() == 0.002 && b.x1() == 0.004), "d(A,P) 25–75 %");
        assertTrue(epoch1.stream().anyMatch(b -> b.color().equals(RunPlots.AN) && b.x0() == 0.003 && b.x1() == 0.005), "d(A,N) 25–75 %");
        // one legend for the figure, none in the panels
        String svg = Files.readString(f.write(tmp, "d", "svg"));
        assertEquals(1, texts(svg).stream().filter(t -> t.startsWith("d(A,P)")).count(), "the legend appears once");
    }

    @Test
    void runFiguresNameTheRunByItsConfigurationNeverItsHash(@TempDir Path tmp) throws Exception {
        Path run = collapsedRun(tmp.resolve(HASH));
        List<Path> written = RunPlots.plotRun(run, "svg");
        assertEquals(List.of(run.resolve("plots/training.svg"), run.resolve("plots/distances.svg")), written);
        for (Path f : written) {
            List<String> t = texts(Files.readString(f));
            assertTrue(t.stream().noneMatch(s -> s.contains(HASH)), f + " names the run by its hash: " + t);
            assertTrue(t.stream().anyMatch(s -> s.contains("triplet, hardest")), f + " names the method: " + t);
        }
    }

    @Test
    void trainingCurvesStateTheSeedsAndTheWindowAndKeepAnActiveShareOfOneInside(@TempDir Path tmp) throws Exception {
        Map<String, Map<String, List<Path>>> panels = new LinkedHashMap<>();
        panels.put("α = 0.2", Map.of("hardest", List.of(PlotCommandTest.fixtureRun(tmp.resolve("a"), "hardest", 1),
                PlotCommandTest.fixtureRun(tmp.resolve("b"), "hardest", 1), PlotCommandTest.fixtureRun(tmp.resolve("c"), "hardest", 1))));
        Sheet f = MiningFigures.trainingFigure(panels, "t");
        assertTrue(f.notes().get(0).contains("mean over 3 seeds"), f.notes().toString());
        assertTrue(f.notes().get(0).contains("trailing mean over the last"), f.notes().toString());
        Chart active = f.panels().get(1);
        assertArrayEquals(new double[] {0, RunPlots.SHARE_TOP}, active.yRangeShown(), 1e-12, "0 to 1 with room above: 1 is not on the frame");
        assertEquals(List.of("hardest"), f.legendEntries().stream().map(Sheet.Entry::name).toList(), "one legend entry per group");
    }

    @Test
    void validationFiguresHaveIntegerEpochTicksAndExplainTheLineStyles(@TempDir Path tmp) throws Exception {
        Map<String, Map<String, List<Path>>> panels = new LinkedHashMap<>();
        panels.put("α = 0.2", Map.of("random", List.of(PlotCommandTest.fixtureRun(tmp.resolve("r"), "random", 1))));
        Sheet f = MiningFigures.validationFigure(panels, "v");
        List<String> names = f.legendEntries().stream().map(Sheet.Entry::name).toList();
        assertTrue(names.stream().anyMatch(n -> n.startsWith("solid: d(A,N)")) && names.stream().anyMatch(n -> n.startsWith("dashed: d(A,P)")),
                names.toString());
        // epochs 0 and 1: the axis has ticks 0 and 1 and none between
        for (Sheet s : List.of(f, MiningFigures.validationAccuracyFigure(panels, "a"))) {
            assertEquals(List.of("0", "1"), s.panels().get(0).xTickLabels(), "no fractional epoch tick");
        }
        assertEquals(List.of("0", "0.2", "0.4", "0.6", "0.8", "1"), new Chart("").xRange(0, 1).xTickLabels(), "without integerX: fractions");
    }

    @Test
    void rocKeepsMeasuredAndPublishedApartAndStartsAtTheSmallestFprWithData(@TempDir Path tmp) throws Exception {
        Path run = PlotCommandTest.fixtureRun(tmp.resolve("r"), "semi-hard", 1);
        Path pub = Files.createDirectories(tmp.resolve("published-roc"));
        Files.writeString(pub.resolve("deepface_ensemble.txt"), "0.6 0.0001\n0.9 0.01\n");
        Files.writeString(pub.resolve("dlib_resnet.txt"), "0.7 0.0001\n0.95 0.01\n");
        Sheet s = RunPlots.lfwRocSheet(Map.of("triplet, semi-hard, α = 0.2", run.resolve("eval/lfw-roc.csv")), pub, List.of("note"));
        Chart roc = s.panels().get(0);
        assertEquals(0.001, roc.xRangeShown()[0], 1e-15, "the fixture's smallest non-zero FPR");
        assertTrue(s.title().contains("LFW View 2") && s.title().contains("10 folds"), s.title());
        for (Chart.Series c : roc.series()) {
            boolean published = c.name().endsWith("(published)");
            Color k = c.color();
            assertEquals(published, c.dashed(), c.name() + ": published curves and only they are not solid");
            assertEquals(published, k.getRed() == k.getGreen() && k.getGreen() == k.getBlue(), c.name() + ": greys only for published curves");
        }
        assertFalse(java.util.Arrays.equals(roc.series().get(1).dash(), roc.series().get(2).dash()), "each published curve its own pattern");
        List<String> legend = s.legendEntries().stream().map(Sheet.Entry::name).toList();
        assertEquals(List.of("measured (solid):", "triplet, semi-hard, α = 0.2", "published (grey, dashed/dotted):", "DeepFace ensemble",
                "dlib ResNet"), legend);
    }

    @Test
    void pcaPanelsShareOneStatedScaleSoACollapseIsVisible() {
        IdentitySample sample = new IdentitySample(List.of("lfw:A", "lfw:B"), List.of(new int[] {0, 1}, new int[] {2, 3}));
        Chart collapsed = EmbeddingProjection.chart("run", new Projection(new double[] {0.01, -0.01, 0.02, -0.02},
                new double[] {0.01, 0, -0.01, 0}, "PCA", new double[] {0.5, 0.2}), sample);
        Chart pixels = EmbeddingProjection.chart("pixels", new Projection(new double[] {0.7, -0.6, 0.5, -0.4},
                new double[] {0.3, 0.2, -0.5, 0.1}, "PCA", new double[] {0.3, 0.1}), sample);
        EmbeddingProjection.Options o = new EmbeddingProjection.Options("lfw", 2, 2, 1, "pca", 30, "best", true, true, "svg");
        Sheet s = EmbeddingProjection.sheet("triplet, hardest, α = 0.2 · seed 1", List.of(collapsed, pixels), o);
        assertArrayEquals(pixels.xRangeShown(), collapsed.xRangeShown(), 1e-12, "one scale for both panels");
        assertArrayEquals(pixels.yRangeShown(), collapsed.yRangeShown(), 1e-12);
        assertEquals(0.7 * 1.08, pixels.xRangeShown()[1], 1e-12, "the largest coordinate of any panel sets it");
        assertTrue(s.notes().stream().anyMatch(n -> n.contains("±0.76") && n.contains("shared scale")), s.notes().toString());
        assertEquals(2, s.legendEntries().size(), "one legend: the two people once");
        assertNull(s.legendEntries().get(0).dash());
    }

    @Test
    void everyFigureKindIsAlsoWrittenAsSvgFromTheSameDrawing(@TempDir Path tmp) throws Exception {
        PlotCommandTest.fixtureRun(tmp.resolve("exp/aaa"), "semi-hard", 1);
        collapsedRun(tmp.resolve("exp/bbb"));
        for (String format : List.of("png", "svg")) {
            List<Path> written = RunPlots.plotExperiment(tmp.resolve("exp"), null, format);
            List<String> names = written.stream().map(p -> tmp.resolve("exp").relativize(p).toString()).sorted().toList();
            assertEquals(List.of("aaa/plots/distances." + format, "aaa/plots/training." + format, "bbb/plots/distances." + format,
                    "bbb/plots/training." + format, "roc-lfw." + format, "training-compare." + format), names);
        }
        // the runs' histograms share one density scale: the collapsed run's spikes do not set it
        Sheet a = DistanceFigures.sheet(RunPlots.distances(tmp.resolve("exp/aaa")), "a", List.of(), 1.0);
        assertArrayEquals(new double[] {0, 1.05}, a.panels().get(0).yRangeShown(), 1e-12);
    }
}
