package org.tripletlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.cli.Main;
import org.tripletlab.report.PaperTable;
import org.tripletlab.report.RunResult;
import org.tripletlab.run.RunFinder;
import org.tripletlab.run.SweepIndexFile;

/**
 * {@code tripletlab plot <sweep-folder>} on a constructed results root: a sweep folder whose index points at
 * run folders in a sibling experiment folder, 2 miners × 2 margins × 2 seeds plus one baseline run.
 */
class SweepPlotsTest {
    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** Validation accuracy per miner and margin: random is best at 0.05, semi-hard at 0.2. */
    private static double validation(String miner, double margin) {
        return miner.equals("random") ? (margin == 0.05 ? 0.75 : 0.70) : (margin == 0.05 ? 0.60 : 0.80);
    }

    /** A completed triplet run (fixture curves of {@link PlotCommandTest#fixtureRun}) with the given config. */
    private static Path tripletRun(Path dir, String miner, double margin, int seed) throws Exception {
        // different loss scales per miner, so that the two lines do not cover each other
        PlotCommandTest.fixtureRun(dir, miner, miner.equals("random") ? seed : 3 * seed);
        Files.writeString(dir.resolve("config.yaml"), "name: lfw-outside-data\nseed: " + seed + "\nminer:\n  strategy: " + miner
                + "\nloss:\n  margin: " + margin + "\n");
        Files.writeString(dir.resolve("epochs.csv"), String.format(Locale.ROOT, "epoch,step,val_accuracy,val_mean_d_ap,val_mean_d_an\n"
                + "0,0,0.5,0.1,0.1\n1,20,%s,0.6,1.2\n", validation(miner, margin)));
        return dir;
    }

    /**
     * results/mm/sweep-index.csv (with a baseline column) → results/exp/&lt;id&gt;; one grid point still pending.
     * Returns the sweep folder.
     */
    static Path fixtureSweep(Path results, String extraRow) throws Exception {
        Path sweep = Files.createDirectories(results.resolve("mm"));
        StringBuilder index = new StringBuilder("point,baseline,seed,miner.strategy,loss.margin,experiment,run_id,status,run_dir,error\n");
        Path base = PlotCommandTest.fixtureRun(results.resolve("baseline-eigenfaces/e1"), "none", 1);
        Files.writeString(base.resolve("config.yaml"), "name: baseline-eigenfaces\nseed: 1\nbaseline:\n  kind: eigenfaces\n  components: 20\n");
        index.append("1,experiments/baselines/eigenfaces.yaml,1,,,baseline-eigenfaces,e1,complete,baseline-eigenfaces/e1,\n");
        int point = 2;
        for (int seed = 1; seed <= 2; seed++) {
            for (String miner : List.of("semi-hard", "random")) {
                for (double margin : new double[] {0.05, 0.2}) {
                    String id = miner + "-" + margin + "-s" + seed;
                    tripletRun(results.resolve("exp").resolve(id), miner, margin, seed);
                    index.append(point++).append(",,").append(seed).append(',').append(miner).append(',').append(margin)
                            .append(",exp,").append(id).append(",complete,exp/").append(id).append(",\n");
                }
            }
        }
        index.append(point).append(",,3,random,0.05,exp,later,pending,,\n").append(extraRow);
        Files.writeString(sweep.resolve("sweep-index.csv"), index);
        return sweep;
    }

    /** Pixels within a small distance of {@code c}. */
    static int pixelsOf(BufferedImage img, Color c) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                Color p = new Color(img.getRGB(x, y));
                if (Math.abs(p.getRed() - c.getRed()) + Math.abs(p.getGreen() - c.getGreen()) + Math.abs(p.getBlue() - c.getBlue()) < 30) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void writesTheMiningFiguresOfASweepIntoItsPlotsFolder(@TempDir Path tmp) throws Exception {
        Path sweep = fixtureSweep(tmp.resolve("results"), "");
        Path pub = Files.createDirectories(tmp.resolve("data/lfw/published-roc"));
        Files.writeString(pub.resolve("deepface_ensemble.txt"), "0.6 0.001\n0.9 0.01\n0.99 0.1\n");
        assertEquals(0, Main.execute("plot", sweep.toString(), "--data-root", tmp.resolve("data").toString()));

        Path plots = sweep.resolve("plots");
        BufferedImage training = ImageIO.read(plots.resolve("training.png").toFile());
        // two margins → two columns; loss row and active-share row; 420 × 300 per panel under the title, notes and legend
        assertEquals(2 * 420, training.getWidth());
        assertTrue(training.getHeight() > 2 * 300 && training.getHeight() < 2 * 300 + 100, "header " + (training.getHeight() - 600));
        // one line per miner in each panel, in the miner's colour (first miner in story order: random)
        assertTrue(pixelsOf(training, Chart.PALETTE[0]) > 200, "random's line");
        assertTrue(pixelsOf(training, Chart.PALETTE[1]) > 200, "semi-hard's line");

        for (String margin : List.of("0.05", "0.2")) {
            BufferedImage d = ImageIO.read(plots.resolve("distances-alpha-" + margin + ".png").toFile());
            // rows = 2 miners, columns = the 2 validation epochs and the percentile panel, 300 × 210 per panel, under a header
            assertEquals(3 * 300, d.getWidth());
            assertTrue(d.getHeight() > 2 * 210 && d.getHeight() < 2 * 210 + 120, "header " + (d.getHeight() - 420));
            assertTrue(pixelsOf(d, RunPlots.AP) > 100, "d(A,P) bars in green");
            assertTrue(pixelsOf(d, RunPlots.AN) > 100, "d(A,N) bars in red");
        }
        assertFalse(Files.exists(plots.resolve("distances-alpha-0.5.png")));
        PlotCommandTest.assertPng(plots.resolve("validation-distances.png"));
        PlotCommandTest.assertPng(plots.resolve("roc-lfw.png"));
        assertEquals(List.of("distances-alpha-0.05.png", "distances-alpha-0.2.png", "roc-lfw.png", "training.png",
                "validation-accuracy.png", "validation-distances.png"), listing(plots));
    }

    @Test
    void rocShowsPerMinerTheMarginChosenOnValidationAndTheBaselines(@TempDir Path tmp) throws Exception {
        Path sweep = fixtureSweep(tmp.resolve("results"), "");
        List<RunResult> runs = new ArrayList<>();
        for (Path r : RunFinder.all(sweep)) {
            runs.add(RunResult.read(r, "lfw"));
        }
        assertEquals(9, runs.size());
        List<String> labels = List.copyOf(SweepPlots.rocsOf(PaperTable.of(runs, "lfw")).keySet());
        // compact labels: how α and the seed were chosen is said once, in the figure's note
        assertEquals(List.of("Eigenfaces (PCA, 20 components)", "triplet, random, α = 0.05", "triplet, semi-hard, α = 0.2"), labels);
    }

    @Test
    void listsTheGridPointsNotCompleteAndWritesSvg(@TempDir Path tmp) throws Exception {
        Path sweep = fixtureSweep(tmp.resolve("results"), "");
        SweepPlots.Outcome o = SweepPlots.plot(sweep, null, "svg");
        assertEquals(List.of("point 10 (later, pending)"), o.notComplete());
        assertEquals(6, o.written().size(), "training, 2 distances, validation distances and accuracy, ROC");
        for (Path f : o.written()) {
            assertTrue(f.toString().endsWith(".svg"), f.toString());
            String svg = Files.readString(f);
            assertTrue(svg.contains("<svg") && svg.contains("</svg>"), f + " is a whole SVG document");
        }
        String distances = Files.readString(sweep.resolve("plots/distances-alpha-0.2.svg")).toLowerCase(Locale.ROOT);
        assertTrue(distances.contains("2ca02c") && distances.contains("d62728"), "green d(A,P) and red d(A,N) in the SVG");
    }

    @Test
    void aSweepWhoseRunsAreMissingIsAnErrorNamingThem(@TempDir Path tmp) throws Exception {
        Path sweep = fixtureSweep(tmp.resolve("results"), "11,,1,hardest,0.05,exp,gone1,complete,exp/gone1,\n"
                + "12,,1,hardest,0.2,exp,gone2,complete,exp/gone2,\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SweepPlots.plot(sweep, null, "png"));
        assertTrue(e.getMessage().startsWith(sweep.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("point 11: exp/gone1") && e.getMessage().contains("point 12: exp/gone2"), e.getMessage());
        assertTrue(e.getMessage().contains("2 completed run(s)"), e.getMessage());
        assertFalse(Files.exists(sweep.resolve("plots")), "nothing written");
        assertEquals(2, Main.execute("plot", sweep.toString()));
    }

    /**
     * results/arch/sweep-index.csv: seed × architecture × embedding (2 × 2 × 2) → results/exp/&lt;id&gt;, one point
     * pending, plus a baseline run. Architecture b's runs have a 3× loss scale, so its lines differ from a's.
     */
    static Path architectureSweep(Path results) throws Exception {
        Path sweep = Files.createDirectories(results.resolve("arch"));
        StringBuilder index = new StringBuilder("point,baseline,seed,encoder.architecture,encoder.embedding,experiment,run_id,status,run_dir,error\n");
        int point = 1;
        for (int seed = 2; seed >= 1; seed--) {      // the higher seed first: the ROC must still pick seed 1
            for (String arch : List.of("small-conv", "resnet")) {
                for (int dim : new int[] {64, 128}) {
                    String id = arch + "-" + dim + "-s" + seed;
                    boolean pending = seed == 2 && arch.equals("resnet") && dim == 128;
                    if (!pending) {
                        PlotCommandTest.fixtureRun(results.resolve("exp").resolve(id), "semi-hard", arch.equals("resnet") ? 3 * seed : seed);
                    }
                    index.append(point++).append(",,").append(seed).append(',').append(arch).append(',').append(dim)
                            .append(",exp,").append(id).append(pending ? ",pending,," : ",complete,exp/" + id + ",").append('\n');
                }
            }
        }
        Path base = PlotCommandTest.fixtureRun(results.resolve("baseline-eigenfaces/e1"), "none", 1);
        Files.writeString(base.resolve("config.yaml"), "name: baseline-eigenfaces\nseed: 1\nbaseline:\n  kind: eigenfaces\n  components: 20\n");
        index.append(point).append(",experiments/baselines/eigenfaces.yaml,1,,,baseline-eigenfaces,e1,complete,baseline-eigenfaces/e1,\n");
        Files.writeString(sweep.resolve("sweep-index.csv"), index);
        return sweep;
    }

    @Test
    void anotherGridIsGroupedByItsFirstAxisIntoPanelsOfTheOthersWithSeedsPooled(@TempDir Path tmp) throws Exception {
        Path results = tmp.resolve("results");
        Path sweep = architectureSweep(results);
        GridGroups g = GridGroups.of(SweepIndexFile.read(sweep.resolve("sweep-index.csv")), results);
        assertEquals(List.of("encoder.embedding = 64", "encoder.embedding = 128"), List.copyOf(g.panels().keySet()));
        Map<String, List<Path>> p64 = g.panels().get("encoder.embedding = 64");
        assertEquals(List.of("small-conv", "resnet"), List.copyOf(p64.keySet()), "one line per architecture, grid order");
        assertEquals(List.of(results.resolve("exp/resnet-64-s2"), results.resolve("exp/resnet-64-s1")), p64.get("resnet"), "seeds pooled");
        assertEquals(List.of(results.resolve("exp/resnet-128-s1")), g.panels().get("encoder.embedding = 128").get("resnet"),
                "the pending point is left out");
        assertEquals(results.resolve("exp/small-conv-128-s1"), g.firstSeed().get("small-conv, encoder.embedding = 128"), "lowest seed");
        assertEquals(4, g.firstSeed().size(), "the baseline is not a grid configuration");

        SweepPlots.Outcome o = SweepPlots.plot(sweep, null, "png");
        assertEquals(List.of("point 4 (resnet-128-s2, pending)"), o.notComplete());
        Path plots = sweep.resolve("plots");
        assertEquals(List.of("distances-encoder.embedding-128.png", "distances-encoder.embedding-64.png", "roc-lfw.png", "training.png",
                "validation-accuracy.png", "validation-distances.png"), listing(plots));
        BufferedImage training = ImageIO.read(plots.resolve("training.png").toFile());
        assertEquals(2 * 420, training.getWidth(), "one column per embedding size");
        assertTrue(pixelsOf(training, Chart.PALETTE[0]) > 200 && pixelsOf(training, Chart.PALETTE[1]) > 200, "both architectures drawn");
        assertFalse(Files.exists(results.resolve("exp/resnet-64-s1/plots")), "no per-run figures written into the runs");
    }

    @Test
    void theRocOfAnotherGridDrawsEveryConfigurationAtItsLowestSeedAndTheBaselines(@TempDir Path tmp) throws Exception {
        Path results = tmp.resolve("results");
        Path sweep = architectureSweep(results);
        List<SweepIndexFile.Row> rows = SweepIndexFile.read(sweep.resolve("sweep-index.csv"));
        GridGroups g = GridGroups.of(rows, results);
        assertEquals(List.of("small-conv, encoder.embedding = 64", "small-conv, encoder.embedding = 128",
                "resnet, encoder.embedding = 64", "resnet, encoder.embedding = 128"), List.copyOf(g.firstSeed().keySet()));
        assertTrue(g.firstSeed().values().stream().allMatch(p -> p.getFileName().toString().endsWith("-s1")));
        // A grid over a number gets "key = value" lines, never a bare number in a legend; one non-seed axis: one panel.
        Files.writeString(sweep.resolve("sweep-index.csv"), "point,seed,optimizer.lr,experiment,run_id,status,run_dir,error\n"
                + "1,1,0.001,exp,small-conv-64-s1,complete,exp/small-conv-64-s1,\n");
        assertEquals(Map.of("all runs", List.of("optimizer.lr = 0.001")), GridGroups.of(SweepIndexFile.read(sweep.resolve("sweep-index.csv")), results)
                .panels().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.copyOf(e.getValue().keySet()))));
        assertEquals("encoder.embedding-64_optimizer.lr-0.01", GridGroups.slug("encoder.embedding = 64, optimizer.lr = 0.01"));
        // A budget axis beside the encoder (each encoder its own steps and warm-up) reads as the report says it.
        Files.writeString(sweep.resolve("sweep-index.csv"), "point,seed,encoder.embedding,encoder.architecture,train.steps,optimizer.warmup_steps,experiment,run_id,status,run_dir,error\n"
                + "1,1,128,resnet,3060,128,exp,small-conv-64-s1,complete,exp/small-conv-64-s1,\n");
        GridGroups budget = GridGroups.of(SweepIndexFile.read(sweep.resolve("sweep-index.csv")), results);
        assertEquals(List.of("encoder.architecture = resnet, 3060 steps, lr warm-up 128 steps"), List.copyOf(budget.panels().keySet()));
        assertEquals(List.of("encoder.embedding = 128, encoder.architecture = resnet, 3060 steps, lr warm-up 128 steps"), List.copyOf(budget.firstSeed().keySet()));
        assertEquals("encoder.architecture-resnet_3060-steps_lr-warm-up-128-steps", GridGroups.slug(budget.panels().keySet().iterator().next()));
    }

    private static List<String> listing(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
