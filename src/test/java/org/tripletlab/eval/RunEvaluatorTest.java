package org.tripletlab.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.DataException;
import org.tripletlab.train.TrainingRun;

/** The eval pipeline end to end: a trained run's checkpoint, a benchmark's protocol files, the written reports. */
public class RunEvaluatorTest {
    private static final String[] PEOPLE = {"Ann_A", "Bob_B", "Cid_C", "Dee_D", "Eve_E", "Fay_F"};

    /** A tiny LFW folder: 6 people × 3 images (each person a colour, plus noise) and a View 1 test file of 6 + 6 pairs. */
    public static Path fixtureLfw(Path root) throws Exception {
        Path lfw = root.resolve("lfw");
        Random r = new Random(1);
        for (int p = 0; p < PEOPLE.length; p++) {
            Path dir = lfw.resolve("images_deepfunneled").resolve(PEOPLE[p]);
            Files.createDirectories(dir);
            for (int k = 1; k <= 3; k++) {
                BufferedImage img = new BufferedImage(250, 250, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 250; y++) {
                    for (int x = 0; x < 250; x++) {
                        int base = 40 * p;
                        int v = Math.max(0, Math.min(255, base + (x / 25 % 2) * 30 + r.nextInt(20)));
                        img.setRGB(x, y, (v << 16) | (v << 8) | v);
                    }
                }
                ImageIO.write(img, "jpg", dir.resolve(String.format("%s_%04d.jpg", PEOPLE[p], k)).toFile());
            }
        }
        StringBuilder pairs = new StringBuilder("6\n");
        for (int p = 0; p < 6; p++) {
            pairs.append(PEOPLE[p]).append('\t').append(1).append('\t').append(2 + p % 2).append('\n');
        }
        for (int p = 0; p < 6; p++) {
            pairs.append(PEOPLE[p]).append('\t').append(1).append('\t').append(PEOPLE[(p + 1) % 6]).append('\t').append(3).append('\n');
        }
        Files.writeString(lfw.resolve("pairsDevTest.txt"), pairs.toString());
        Files.writeString(lfw.resolve("pairsDevTrain.txt"), pairs.toString());
        return root;
    }

    @Test
    void evaluatesATrainedRunAndWritesReports(@TempDir Path tmp) throws Exception {
        Path root = fixtureLfw(tmp.resolve("data"));
        ExperimentConfig cfg = ExperimentConfig.from(Config.parse(
                "name: ev\ndata: {source: synthetic, image_size: 32, synthetic: {identities: 40, images_per_identity: 4}}\n"
                        + "sampler: {identities: 8, images: 4}\nencoder: {width: 8, embedding: 16}\n"
                        + "train: {steps: 4, steps_per_epoch: 2}\neval: {benchmarks: [lfw-dev]}\n",
                "ev.yaml", List.of()));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        TrainingRun.Outcome o = TrainingRun.run(cfg, new TrainingRun.Options(tmp.resolve("out"), root, false,
                new PrintStream(console, true, StandardCharsets.UTF_8)));
        Path json = o.runDir().resolve("eval/lfw-dev.json");
        Path roc = o.runDir().resolve("eval/lfw-dev-roc.csv");
        assertTrue(Files.isRegularFile(json) && Files.isRegularFile(roc), console.toString());
        String report = Files.readString(json);
        assertTrue(report.contains("\"pairs\": 24") && report.contains("\"same_pairs\": 12") && report.contains("\"test_fold\"") && report.contains("\"checkpoint\": \"best\""), report);
        assertTrue(report.contains("\"one_shot_closed_set\"") && report.contains("\"map_at_r\"") && report.contains("\"nmi\""), report);
        assertTrue(report.contains("\"threshold_from\": \"run validation"), "open-set threshold comes from validation, not the test pairs");
        assertTrue(Files.readAllLines(roc).get(0).equals("threshold,fpr,tpr"));
        List<String> pairs = Files.readAllLines(o.runDir().resolve("eval/lfw-dev-pairs.csv"));
        assertEquals("fold,image_a,image_b,same,distance", pairs.get(0));
        assertEquals(1 + 24, pairs.size(), "one line a pair, beside the json");
        assertTrue(pairs.get(1).startsWith("0,lfw/images_deepfunneled/Ann_A/Ann_A_0001.jpg,lfw/images_deepfunneled/Ann_A/Ann_A_0002.jpg,1,"), pairs.get(1));
        assertTrue(Files.readString(o.runDir().resolve("provenance.json")).contains("\"benchmark_accuracy\""));
    }

    @Test
    void missingImageInAProtocolIsNamedBeforeTraining(@TempDir Path tmp) throws Exception {
        Path root = fixtureLfw(tmp.resolve("data"));
        Files.delete(root.resolve("lfw/images_deepfunneled/Bob_B/Bob_B_0003.jpg"));
        ExperimentConfig cfg = ExperimentConfig.from(Config.parse(
                "name: ev\ndata: {source: synthetic, image_size: 32}\neval: {benchmarks: [lfw-dev]}\n", "ev.yaml", List.of()));
        DataException e = assertThrows(DataException.class, () -> TrainingRun.run(cfg,
                new TrainingRun.Options(tmp.resolve("out"), root, false, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().contains("Bob_B_0003.jpg"), e.getMessage());
        assertTrue(Files.notExists(tmp.resolve("out/ev")), "no run folder for a run that cannot evaluate");
    }

    @Test
    void pixelBaselineOnRealLfwView1IsNearTheEigenfacesFloor(@TempDir Path tmp) {
        String env = System.getenv("TRIPLETLAB_DATA_ROOT");
        Path root = env == null ? Path.of("../shared/datasets") : Path.of(env);
        assumeTrue(Files.isDirectory(root.resolve("lfw")), "LFW not found under " + root.toAbsolutePath());
        List<BenchmarkReport> r = RunEvaluator.evaluatePixels(List.of("lfw-dev"), root, tmp, 64, 1,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        FoldedVerification.Result v = r.get(0).verification();
        assertEquals(2200 + 1000, v.pairs(), "View 1 train and test pairs");
        assertEquals(1100 + 500, v.samePairs());
        double acc = r.get(0).accuracy();
        assertTrue(acc > 0.55 && acc < 0.7, "raw pixels verify LFW faces barely above chance, got " + acc);
        assertTrue(Files.isRegularFile(tmp.resolve("eval/lfw-dev.json")));
    }
}
