package org.tripletlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.run.RunDirectory;

/** "Already complete" holds only for a completed run of the same config on the same data (issue 11). */
public class CompleteOnSameDataTest {
    public static void image(Path file, int shade, long seed, int noise) throws Exception {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                int v = Math.max(0, Math.min(255, shade + r.nextInt(noise + 1)));
                img.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }
        ImageIO.write(img, "png", file.toFile());
    }

    /** 6 people × 4 small PNGs in {@code <root>/<person>/<k>.png}. */
    public static Path imageFolder(Path root) throws Exception {
        for (int p = 0; p < 8; p++) {
            Path dir = root.resolve("person" + p);
            Files.createDirectories(dir);
            for (int k = 0; k < 4; k++) {
                image(dir.resolve(k + ".png"), 25 * p, p * 10L + k, 20);
            }
        }
        return root;
    }

    static ExperimentConfig config() {
        return ExperimentConfig.from(Config.parse(
                "name: sd\ndata: {source: image-folder, image_size: 16, min_images: 2}\n"
                        + "sampler: {identities: 2, images: 2}\nencoder: {width: 4, embedding: 8}\n"
                        + "train: {steps: 2, steps_per_epoch: 2, checkpoints: false}\n", "sd.yaml", List.of()));
    }

    static TrainingRun.Outcome train(Path out, Path root, ByteArrayOutputStream console) {
        return TrainingRun.run(config(), new TrainingRun.Options(out, root, false, new PrintStream(console, true, StandardCharsets.UTF_8)));
    }

    static String manifest(Path runDir) throws Exception {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"manifest_sha256\": \"([0-9a-f]+)\"")
                .matcher(Files.readString(runDir.resolve("provenance.json")));
        assertTrue(m.find());
        return m.group(1);
    }

    @Test
    void changedImageOrOtherDataRootIsNotAlreadyComplete(@TempDir Path tmp) throws Exception {
        Path root = imageFolder(tmp.resolve("data"));
        Path out = tmp.resolve("out");
        ByteArrayOutputStream c1 = new ByteArrayOutputStream();
        TrainingRun.Outcome first = train(out, root, c1);
        assertFalse(first.skipped(), c1.toString());

        ByteArrayOutputStream c2 = new ByteArrayOutputStream();
        TrainingRun.Outcome same = train(out, root, c2);
        assertTrue(same.skipped(), "same config, same data: already complete\n" + c2);
        assertEquals(first.runDir(), same.runDir());

        // One image changed (a noisier picture, so another file size).
        image(root.resolve("person2/1.png"), 60, 99, 200);
        ByteArrayOutputStream c3 = new ByteArrayOutputStream();
        TrainingRun.Outcome changed = train(out, root, c3);
        assertFalse(changed.skipped(), "changed data must not be 'already complete'\n" + c3);
        assertNotEquals(first.runDir(), changed.runDir(), "a new attempt folder; the first run stays as it is");
        assertTrue(c3.toString().contains("trained on other data") && c3.toString().contains(manifest(first.runDir())), c3.toString());
        assertTrue(Files.isRegularFile(first.runDir().resolve(RunDirectory.COMPLETE_MARKER)));

        // Each data version now finds its own completed run.
        ByteArrayOutputStream c4 = new ByteArrayOutputStream();
        TrainingRun.Outcome again = train(out, root, c4);
        assertTrue(again.skipped(), c4.toString());
        assertEquals(changed.runDir(), again.runDir());

        // Another data root with the original images: the first run's data, found complete.
        Path copy = imageFolder(tmp.resolve("copy"));
        ByteArrayOutputStream c5 = new ByteArrayOutputStream();
        TrainingRun.Outcome onCopy = train(out, copy, c5);
        assertTrue(onCopy.skipped(), c5.toString());
        assertEquals(first.runDir(), onCopy.runDir());
    }

    @Test
    void aTruncatedProvenanceOfACompletedRunIsNamedNotTakenAsComplete(@TempDir Path tmp) throws Exception {
        Path root = imageFolder(tmp.resolve("data"));
        Path out = tmp.resolve("out");
        TrainingRun.Outcome first = train(out, root, new ByteArrayOutputStream());
        Path prov = first.runDir().resolve("provenance.json");
        String text = Files.readString(prov);
        Files.writeString(prov, text.substring(0, text.length() / 2));
        // Before, the manifest was looked up with a pattern and a damaged file counted as "recorded none": the run
        // was "already complete" on any data.
        org.tripletlab.util.BadFileException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.tripletlab.util.BadFileException.class, () -> train(out, root, new ByteArrayOutputStream()));
        assertTrue(e.getMessage().contains(prov.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }
}
