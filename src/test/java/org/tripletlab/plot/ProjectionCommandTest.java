package org.tripletlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.cli.Main;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.train.TrainingRun;

/** {@code tripletlab plot <run> --projection} end to end on a tiny trained run and a tiny LFW folder, and its errors. */
class ProjectionCommandTest {
    /** Image counts per person: the projection with 3 identities must pick Cid, Ann, Bob (ties by name) and leave out Dee. */
    private static final String[] PEOPLE = {"Ann_A", "Bob_B", "Cid_C", "Dee_D"};
    private static final int[] COUNTS = {4, 4, 5, 2};

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** An LFW folder with View 1 files naming every image of each person. */
    static Path fixtureLfw(Path root) throws Exception {
        Path lfw = root.resolve("lfw");
        Random r = new Random(2);
        StringBuilder pairs = new StringBuilder();
        int n = 0;
        for (int p = 0; p < PEOPLE.length; p++) {
            Path dir = Files.createDirectories(lfw.resolve("images_deepfunneled").resolve(PEOPLE[p]));
            for (int k = 1; k <= COUNTS[p]; k++) {
                BufferedImage img = new BufferedImage(250, 250, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 250; y++) {
                    for (int x = 0; x < 250; x++) {
                        int v = Math.min(255, 50 * p + (x / 25 % 2) * 30 + r.nextInt(20));
                        img.setRGB(x, y, (v << 16) | (v << 8) | v);
                    }
                }
                ImageIO.write(img, "jpg", dir.resolve(String.format("%s_%04d.jpg", PEOPLE[p], k)).toFile());
            }
            for (int k = 2; k <= COUNTS[p]; k++) {
                pairs.append(PEOPLE[p]).append('\t').append(k - 1).append('\t').append(k).append('\n');
                n++;
            }
        }
        for (int i = 0; i < n; i++) {
            pairs.append(PEOPLE[i % 4]).append("\t1\t").append(PEOPLE[(i + 1) % 4]).append("\t2\n");
        }
        Files.writeString(lfw.resolve("pairsDevTest.txt"), n + "\n" + pairs);
        Files.writeString(lfw.resolve("pairsDevTrain.txt"), n + "\n" + pairs);
        return root;
    }

    static Path trainedRun(Path out) {
        ExperimentConfig cfg = ExperimentConfig.from(Config.parse(
                "name: proj\ndata: {source: synthetic, image_size: 32, synthetic: {identities: 40, images_per_identity: 4}}\n"
                        + "sampler: {identities: 8, images: 4}\nencoder: {width: 8, embedding: 16}\ntrain: {steps: 2, steps_per_epoch: 2}\n",
                "proj.yaml", List.of()));
        return TrainingRun.run(cfg, new TrainingRun.Options(out, null, false,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))).runDir();
    }

    private static String stderrOf(Runnable r) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(old);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void projectsATrainedRunNextToRawPixelsAsPngAndSvg(@TempDir Path tmp) throws Exception {
        Path data = fixtureLfw(tmp.resolve("data"));
        Path run = trainedRun(tmp.resolve("out"));
        assertEquals(0, Main.execute("plot", run.toString(), "--projection", "--projection-identities", "3", "--benchmark", "lfw-dev",
                "--baseline", "pixels", "--data-root", data.toString()));
        Path png = run.resolve("plots/projection-lfw-dev.png");
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(2 * EmbeddingProjection.WIDTH, img.getWidth(), "run and pixel panels side by side");
        assertTrue(img.getHeight() > EmbeddingProjection.HEIGHT && img.getHeight() < EmbeddingProjection.HEIGHT + 120,
                "panels under the title, notes and the one legend: " + img.getHeight());
        int half = img.getWidth() / 2;
        for (int k = 0; k < 3; k++) {
            assertTrue(ScatterAndSvgTest.pixelsOf(img, Chart.GROUP_COLOURS[k], 0, half) > 0, "person " + k + " in the run's panel");
            assertTrue(ScatterAndSvgTest.pixelsOf(img, Chart.GROUP_COLOURS[k], half, img.getWidth()) > 0, "person " + k + " in the pixel panel");
        }
        assertEquals(0, ScatterAndSvgTest.pixelsOf(img, Chart.GROUP_COLOURS[3], 0, img.getWidth()), "Dee (2 images) is the fourth: not drawn");

        assertEquals(0, Main.execute("plot", run.toString(), "--projection", "--projection-identities", "3", "--benchmark", "lfw-dev",
                "--projection-method", "tsne", "--format", "svg", "--data-root", data.toString()));
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(run.resolve("plots/projection-lfw-dev-tsne.svg").toFile());
        // Cid 5 + Ann 4 + Bob 4 points and 3 legend markers
        assertEquals(13 + 3, doc.getElementsByTagName("circle").getLength());
        assertTrue(Files.isRegularFile(run.resolve("plots/training.svg")), "the run's other plots follow --format");
    }

    @Test
    void aMissingCheckpointIsNamedWithWhatToDo(@TempDir Path tmp) throws Exception {
        Path run = PlotCommandTest.fixtureRun(tmp.resolve("run"), "semi-hard", 1);
        String err = stderrOf(() -> assertEquals(2, Main.execute("plot", run.toString(), "--projection", "--data-root", tmp.toString())));
        // No checkpoint at all: the message says so and how to get one (with one, it lists them instead).
        assertTrue(err.contains(run.resolve("checkpoints").resolve("best").toString()) && err.contains("train.checkpoints: true")
                && err.contains("this run has no checkpoint") && err.contains("checkpoint names are best and last"), err);
        assertTrue(Files.notExists(run.resolve("plots")), "a failed projection writes none of the run's plots");
    }

    @Test
    void aMissingBenchmarkFolderIsNamed(@TempDir Path tmp) throws Exception {
        Path run = PlotCommandTest.fixtureRun(tmp.resolve("run"), "semi-hard", 1);
        Files.createDirectories(run.resolve("checkpoints/best"));
        Path empty = Files.createDirectories(tmp.resolve("empty-data-root"));
        String err = stderrOf(() -> assertEquals(2, Main.execute("plot", run.toString(), "--projection", "--data-root", empty.toString())));
        assertTrue(err.contains(empty.resolve("lfw").toString()) && err.contains("benchmark lfw needs this folder"), err);
        assertTrue(Files.notExists(run.resolve("plots/projection-lfw.png")));
    }

    @Test
    void projectionOfAnExperimentFolderOrUnknownOptionsAreErrors(@TempDir Path tmp) throws Exception {
        PlotCommandTest.fixtureRun(tmp.resolve("exp/aaa"), "semi-hard", 1);
        assertEquals(2, Main.execute("plot", tmp.resolve("exp").toString(), "--projection"));
        Path run = tmp.resolve("exp/aaa");
        assertEquals(2, Main.execute("plot", run.toString(), "--format", "pdf"));
        assertEquals(2, Main.execute("plot", run.toString(), "--projection", "--baseline", "eigenfaces"));
    }
}
