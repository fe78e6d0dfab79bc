package org.tripletlab.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group figures: curves averaged over a group's runs, histograms pooled per validation, one panel per group × epoch. */
class MiningFiguresTest {
    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void meanCurveAveragesOnlyThePointsEveryRunHas(@TempDir Path tmp) throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        Files.writeString(a.resolve("steps.csv"), "step,loss\n1,0.4\n2,0.2\n3,0.1\n4,0.05\n");
        Files.writeString(b.resolve("steps.csv"), "step,loss\n1,0.2\n2,NaN\n4,0.15\n");
        // step 2: b's value is not finite; step 3: b has none — a mean of a alone there would jump; a run without the
        // file is not counted
        double[][] c = MiningFigures.meanCurve(List.of(a, b, tmp.resolve("no-such-run")), "steps.csv", "step", "loss");
        assertArrayEquals(new double[] {1, 4}, c[0]);
        assertArrayEquals(new double[] {0.3, 0.1}, c[1], 1e-12);
    }

    @Test
    void distancePanelsAreGroupsTimesEpochs(@TempDir Path tmp) throws Exception {
        Map<String, List<Path>> groups = new LinkedHashMap<>();
        groups.put("semi-hard", List.of(PlotCommandTest.fixtureRun(tmp.resolve("s1"), "semi-hard", 1),
                PlotCommandTest.fixtureRun(tmp.resolve("s2"), "semi-hard", 1)));
        groups.put("hardest", List.of(PlotCommandTest.fixtureRun(tmp.resolve("h1"), "hardest", 1)));
        BufferedImage img = MiningFigures.distancesOverEpochs(groups);
        // the fixture has validations at epochs 0 and 1: 2 histogram columns and a percentile column × 2 rows of 300 × 210
        // panels, under the figure's header (title, notes, one legend)
        Sheet sheet = MiningFigures.distancesFigure(groups);
        assertEquals(3, sheet.columns());
        assertEquals(6, sheet.panels().size());
        assertEquals(900, img.getWidth());
        assertEquals(sheet.headerHeight() + 420, img.getHeight());
        assertTrue(ChartTest.inked(img, 0, 0, 900, img.getHeight()) > 500);

        assertNull(MiningFigures.distancesOverEpochs(Map.of("none", List.of(tmp.resolve("empty")))));
    }

    @Test
    void onlyTheEpochsEveryRunValidatedAreShown(@TempDir Path tmp) throws Exception {
        // A seed whose split gives shorter epochs validates once more in the same steps: its epoch 2 would be pooled
        // from that run alone, so the figure stops at epoch 1 and says why.
        Path longer = PlotCommandTest.fixtureRun(tmp.resolve("s2"), "semi-hard", 1);
        List<String> lines = Files.readAllLines(longer.resolve("distances.csv"));
        List<String> extra = new ArrayList<>(lines);
        for (String l : lines.subList(1, lines.size())) {
            if (l.startsWith("1,")) {
                extra.add("2," + l.substring(2));
            }
        }
        Files.write(longer.resolve("distances.csv"), extra);
        Map<String, List<Path>> groups = new LinkedHashMap<>();
        groups.put("semi-hard", List.of(PlotCommandTest.fixtureRun(tmp.resolve("s1"), "semi-hard", 1), longer));
        Sheet sheet = MiningFigures.distancesFigure(groups);
        assertEquals(3, sheet.columns(), "epochs 0 and 1 and the percentile panel");
        assertTrue(sheet.panels().stream().noneMatch(c -> c.title().contains("epoch 2")));
        assertTrue(String.join(" ", sheet.notes()).contains("Shown up to epoch 1, the last every run validated"), sheet.notes().toString());
    }

    @Test
    void runsWithDifferentBinsCannotBePooled(@TempDir Path tmp) throws Exception {
        Path a = PlotCommandTest.fixtureRun(tmp.resolve("a"), "random", 1);
        Path b = PlotCommandTest.fixtureRun(tmp.resolve("b"), "random", 1);
        Files.writeString(b.resolve("distances.csv"), "epoch,step,pairs,n,mean,bin_0.0,bin_2.0\n0,0,ap,10,0.1,9,1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MiningFigures.distancesOverEpochs(Map.of("random", List.of(a, b))));
        assertTrue(e.getMessage().contains(b.resolve("distances.csv").toString()), e.getMessage());
    }

    @Test
    void trainingAndValidationFiguresHaveOneColumnPerPanel(@TempDir Path tmp) throws Exception {
        Map<String, Map<String, List<Path>>> panels = new LinkedHashMap<>();
        panels.put("α = 0.05", Map.of("random", List.of(PlotCommandTest.fixtureRun(tmp.resolve("r"), "random", 1))));
        panels.put("α = 0.2", Map.of("hardest", List.of(PlotCommandTest.fixtureRun(tmp.resolve("h"), "hardest", 2))));
        BufferedImage training = MiningFigures.trainingCurves(panels);
        assertEquals(2 * 420, training.getWidth());
        assertEquals(MiningFigures.trainingFigure(panels).headerHeight() + 2 * 300, training.getHeight());
        BufferedImage val = MiningFigures.validationDistances(panels);
        assertEquals(2 * 420, val.getWidth(), "one legend above the panels, none beside each plot");
        assertTrue(ChartTest.inked(val, 0, 0, val.getWidth(), val.getHeight()) > 500);
    }

    @Test
    void rocOverlayAddsPublishedCurvesOnlyWhenTheirFolderExists(@TempDir Path tmp) throws Exception {
        Path run = PlotCommandTest.fixtureRun(tmp.resolve("r"), "semi-hard", 1);
        Path pub = Files.createDirectories(tmp.resolve("published-roc"));
        Files.writeString(pub.resolve("deepface_ensemble.txt"), "0.6 0.001\n0.9 0.01\n");
        Files.writeString(pub.resolve("unrelated.txt"), "0.5 0.001\n");
        Chart with = RunPlots.lfwRoc(Map.of("semi-hard", run.resolve("eval/lfw-roc.csv")), pub);
        assertEquals(List.of("semi-hard", "DeepFace ensemble (published)"), with.series().stream().map(Chart.Series::name).toList());
        assertTrue(with.series().get(1).dashed());
        assertFalse(List.of(Chart.PALETTE).contains(with.series().get(1).color()), "published curves use their own colours");
        Chart without = RunPlots.lfwRoc(Map.of("semi-hard", run.resolve("eval/lfw-roc.csv")), null);
        assertEquals(1, without.series().size());
    }

    @Test
    void histogramsOfALongRunAreDrawnAtAFewGeometricallySpacedEpochs() {
        List<Double> epochs = new java.util.ArrayList<>();
        for (int e = 0; e <= 22; e++) {
            epochs.add((double) e);
        }
        assertEquals(List.of(0.0, 1.0, 4.0, 10.0, 22.0), DistanceFigures.shownEpochs(epochs, 5));
        assertEquals(List.of(0.0, 1.0, 2.0), DistanceFigures.shownEpochs(List.of(0.0, 1.0, 2.0), 5), "few epochs: all");
        List<Double> six = List.of(0.0, 0.5, 1.0, 1.5, 2.0, 2.5);
        List<Double> shown = DistanceFigures.shownEpochs(six, 5);
        assertEquals(0.0, shown.get(0));
        assertEquals(2.5, shown.get(shown.size() - 1), "the last validation is always shown");
        assertTrue(shown.size() <= 5 && shown.size() >= 4, "no more than asked, few lost to rounding: " + shown);
    }

    @Test
    void aCollapsedRunExtendsThePercentileAxisSoBothDistributionsStayInView() {
        double[] bins = {0, 0.1, 0.2};
        DistanceFigures.Dist healthy = new DistanceFigures.Dist(new double[] {1, 5, 3}, new double[] {0.02, 0.1, 0.3, 0.7, 1.5});
        DistanceFigures.Dist collapsed = new DistanceFigures.Dist(new double[] {9, 0, 0}, new double[] {1.2e-5, 1.4e-5, 1.6e-5, 1.9e-5, 2.6e-5});
        java.util.TreeMap<Double, Map<String, DistanceFigures.Dist>> ok = new java.util.TreeMap<>(Map.of(0.0, Map.of("ap", healthy, "an", healthy)));
        java.util.TreeMap<Double, Map<String, DistanceFigures.Dist>> bad = new java.util.TreeMap<>(Map.of(0.0, Map.of("ap", collapsed, "an", healthy)));
        assertEquals(DistanceFigures.LOG_MIN, new DistanceFigures.Pooled(bins, Map.of("semi-hard", ok), Map.of("semi-hard", 1), new java.util.TreeSet<>(List.of(0.0))).logMin());
        assertEquals(1e-5, new DistanceFigures.Pooled(bins, Map.of("semi-hard", ok, "hardest", bad), Map.of("semi-hard", 1, "hardest", 1),
                new java.util.TreeSet<>(List.of(0.0))).logMin(), 1e-12);
    }
}
