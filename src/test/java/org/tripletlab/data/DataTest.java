package org.tripletlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.source.DataSources;

class DataTest {

    /** A dataset whose identity i has counts[i] images; pixel value = image index (mod 256). */
    static FaceDataset dataset(int... counts) {
        List<Integer> labels = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            ids.add("id" + i);
            for (int k = 0; k < counts[i]; k++) {
                labels.add(i);
            }
        }
        int n = labels.size();
        byte[] px = new byte[n * 4];
        for (int i = 0; i < n; i++) {
            Arrays.fill(px, i * 4, i * 4 + 4, (byte) i);
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add("img" + i);
        }
        return new FaceDataset(2, 1, px, labels.stream().mapToInt(Integer::intValue).toArray(), ids, names, "h", "test");
    }

    @Test
    void pkBatchesHavePDistinctIdentitiesWithKImagesEach() {
        FaceDataset ds = dataset(5, 6, 4, 7, 5, 4, 8, 4);
        int[] ids = {0, 1, 2, 3, 4, 5, 6, 7};
        PkSampler s = new PkSampler(ds, ids, 3, 4, false, 1);
        Map<Integer, Integer> seen = new HashMap<>();
        for (int b = 0; b < 40; b++) {
            int[] batch = s.next();
            assertEquals(12, batch.length);
            Set<Integer> batchIds = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                int id = ds.label(batch[i * 4]);
                assertTrue(batchIds.add(id), "identity repeated within a batch");
                Set<Integer> imgs = new HashSet<>();
                for (int k = 0; k < 4; k++) {
                    assertEquals(id, ds.label(batch[i * 4 + k]), "block of K images belongs to one identity");
                    assertTrue(imgs.add(batch[i * 4 + k]), "images drawn without replacement when the identity has ≥ K");
                }
                seen.merge(id, 1, Integer::sum);
            }
        }
        assertEquals(8, seen.size(), "every identity is visited");
        // Passes over a shuffled identity list: visits stay within one pass of each other.
        int min = seen.values().stream().min(Integer::compare).orElseThrow();
        int max = seen.values().stream().max(Integer::compare).orElseThrow();
        assertTrue(max - min <= 2, "visits " + seen);
    }

    @Test
    void smallIdentitiesExcludedOrReplacedAndCounted() {
        FaceDataset ds = dataset(1, 2, 3, 4, 4, 5);
        int[] all = {0, 1, 2, 3, 4, 5};
        PkSampler excl = new PkSampler(ds, all, 2, 4, false, 3);
        assertEquals(3, excl.usableIdentities());
        assertEquals(3, excl.excludedIdentities());
        assertEquals(0, excl.replacedIdentities());
        PkSampler repl = new PkSampler(ds, all, 2, 4, true, 3);
        assertEquals(5, repl.usableIdentities(), "single-image identity is always excluded");
        assertEquals(1, repl.excludedIdentities());
        assertEquals(2, repl.replacedIdentities());
        boolean sawRepeat = false;
        for (int b = 0; b < 30; b++) {
            int[] batch = repl.next();
            for (int i = 0; i < 2; i++) {
                Set<Integer> imgs = new HashSet<>();
                for (int k = 0; k < 4; k++) {
                    imgs.add(batch[i * 4 + k]);
                }
                sawRepeat |= imgs.size() < 4;
                int have = ds.imagesByIdentity().get(ds.label(batch[i * 4])).length;
                assertEquals(Math.min(4, have), imgs.size(), "small identities use every image, then repeats");
            }
        }
        assertTrue(sawRepeat);
    }

    @Test
    void tooFewIdentitiesWithKImagesIsAClearError() {
        FaceDataset ds = dataset(2, 2, 3, 5);
        DataException e = assertThrows(DataException.class, () -> new PkSampler(ds, new int[] {0, 1, 2, 3}, 2, 4, false, 1));
        assertTrue(e.getMessage().contains("P=2") && e.getMessage().contains("sampler.small_identities"), e.getMessage());
    }

    @Test
    void samplerIsDeterministicForASeed() {
        FaceDataset ds = dataset(5, 6, 4, 7, 5, 4);
        int[] ids = {0, 1, 2, 3, 4, 5};
        PkSampler a = new PkSampler(ds, ids, 2, 3, false, 9);
        PkSampler b = new PkSampler(ds, ids, 2, 3, false, 9);
        PkSampler c = new PkSampler(ds, ids, 2, 3, false, 10);
        boolean differs = false;
        for (int i = 0; i < 10; i++) {
            int[] x = a.next();
            assertArrayEquals(x, b.next());
            differs |= !Arrays.equals(x, c.next());
        }
        assertTrue(differs);
    }

    @Test
    void splitIsIdentityDisjointAndSeeded() {
        FaceDataset ds = dataset(3, 3, 3, 3, 3, 3, 3, 3, 3, 3);
        IdentitySplit s = IdentitySplit.of(ds, 0.3, 5);
        assertEquals(3, s.valIdentities().length);
        assertEquals(7, s.trainIdentities().length);
        Set<Integer> train = new HashSet<>();
        for (int i : s.trainIdentities()) {
            train.add(i);
        }
        for (int v : s.valIdentities()) {
            assertTrue(!train.contains(v), "identity in both sides");
        }
        assertArrayEquals(s.valIdentities(), IdentitySplit.of(ds, 0.3, 5).valIdentities());
        int[] val = s.validationImages(ds, 100, 10, 5);
        assertEquals(9, val.length);
        for (int img : val) {
            assertTrue(!train.contains(ds.label(img)));
        }
    }

    @Test
    void batchBuilderScalesFlipsAndShifts() {
        // One 3×3 grey image with distinct values.
        byte[] px = {0, 10, 20, 30, 40, 50, 60, 70, (byte) 255};
        FaceDataset ds = new FaceDataset(3, 1, px, new int[] {0}, List.of("a"), List.of("a/0"), "h", "t");
        BatchBuilder bb = new BatchBuilder(ds);
        float[] plain = bb.build(new int[] {0});
        assertEquals(-1f, plain[0], 1e-6);
        assertEquals(1f, plain[8], 1e-6);
        assertEquals(10 / 127.5f - 1, plain[1], 1e-6);
        float[] mirrored = bb.buildMirrored(new int[] {0});
        assertArrayEquals(new float[] {20 / 127.5f - 1, 10 / 127.5f - 1, -1f}, Arrays.copyOf(mirrored, 3), 1e-6f);
        // With flips on, over many draws both the plain and the mirrored image appear; mirrored row 0 is 20,10,0.
        SplittableRandom r = new SplittableRandom(1);
        boolean sawMirror = false;
        boolean sawPlain = false;
        for (int i = 0; i < 20; i++) {
            float[] f = bb.build(new int[] {0}, true, 0, r);
            sawMirror |= Math.abs(f[0] - (20 / 127.5f - 1)) < 1e-6;
            sawPlain |= Math.abs(f[0] + 1) < 1e-6;
        }
        assertTrue(sawMirror && sawPlain);
        // Shifts stay within the image (edge pixels repeat) and change the picture sometimes.
        boolean shifted = false;
        for (int i = 0; i < 20; i++) {
            float[] f = bb.build(new int[] {0}, false, 1, r);
            shifted |= !Arrays.equals(f, plain);
            for (float v : f) {
                assertTrue(v >= -1f && v <= 1f);
            }
        }
        assertTrue(shifted);
    }

    @Test
    void imageFolderLoadsCropsResizesAndCountsSmallIdentities(@TempDir Path root) throws Exception {
        writeImage(root.resolve("alice/a1.png"), 0xff0000, 40);
        writeImage(root.resolve("alice/a2.png"), 0x00ff00, 40);
        writeImage(root.resolve("bob/b1.png"), 0x0000ff, 40);
        writeImage(root.resolve("bob/b2.jpg"), 0xffffff, 40);
        writeImage(root.resolve("carol/c1.png"), 0x808080, 40);
        Files.writeString(root.resolve("bob/notes.txt"), "not an image");
        ExperimentConfig cfg = ExperimentConfig.from(Config.parse(
                "data: {source: image-folder, image_size: 16, channels: 3, crop: [4, 4, 32, 32]}\n", "t.yaml", List.of()));
        DataSources.Loaded l = DataSources.load(cfg.data(), root);
        FaceDataset ds = l.dataset();
        assertEquals(4, ds.size());
        assertEquals(2, ds.identityCount());
        assertEquals(1, l.identitiesExcluded(), "carol has a single image");
        assertEquals("alice", ds.identityName(0));
        assertEquals(16 * 16 * 3, ds.imageBytes());
        assertEquals(255, ds.pixels()[0] & 0xff, "red channel of alice's red image");
        assertEquals(0, ds.pixels()[1] & 0xff);
        ExperimentConfig grey = ExperimentConfig.from(Config.parse(
                "data: {source: image-folder, image_size: 16, channels: 1}\n", "t.yaml", List.of()));
        FaceDataset g = DataSources.load(grey.data(), root).dataset();
        assertEquals(Math.round(0.299 * 255), g.pixels()[0] & 0xff, "BT.601 luma of pure red");
        assertNotEquals(l.dataset().manifestHash(), g.manifestHash(), "preprocessing is part of the manifest");
    }

    @Test
    void hiddenFoldersAndFilesAreSkippedAndCounted(@TempDir Path root) throws Exception {
        writeImage(root.resolve("alice/a1.png"), 0xff0000, 40);
        writeImage(root.resolve("alice/a2.png"), 0x00ff00, 40);
        writeImage(root.resolve("alice/.a3.png"), 0x0000ff, 40);
        writeImage(root.resolve(".ipynb_checkpoints/x1.png"), 0x0000ff, 40);
        writeImage(root.resolve(".ipynb_checkpoints/x2.png"), 0x0000ff, 40);
        writeImage(root.resolve(".git/y1.png"), 0x0000ff, 40);
        writeImage(root.resolve(".git/y2.png"), 0x0000ff, 40);
        ExperimentConfig cfg = ExperimentConfig.from(Config.parse(
                "data: {source: image-folder, image_size: 16, channels: 3}\n", "t.yaml", List.of()));
        DataSources.Loaded l = DataSources.load(cfg.data(), root);
        assertEquals(1, l.dataset().identityCount(), "only alice");
        assertEquals("alice", l.dataset().identityName(0));
        assertEquals(2, l.dataset().size(), "alice's hidden .a3.png is skipped");
        assertEquals(1, l.identitiesSeen());
        assertEquals(3, l.hiddenEntriesSkipped(), ".git, .ipynb_checkpoints, alice/.a3.png");
    }

    @Test
    void corruptImageIsNamed(@TempDir Path root) throws Exception {
        writeImage(root.resolve("alice/a1.png"), 0xff0000, 40);
        Files.write(root.resolve("alice/a2.jpg"), new byte[] {1, 2, 3, 4});
        ExperimentConfig cfg = ExperimentConfig.from(Config.parse(
                "data: {source: image-folder, image_size: 16}\n", "t.yaml", List.of()));
        DataException e = assertThrows(DataException.class, () -> DataSources.load(cfg.data(), root));
        assertTrue(e.getMessage().contains("a2.jpg"), e.getMessage());
    }

    @Test
    void missingFolderAndMissingRootAreClear(@TempDir Path root) {
        ExperimentConfig cfg = ExperimentConfig.from(Config.parse(
                "data: {source: image-folder, root: nowhere}\n", "t.yaml", List.of()));
        DataException e = assertThrows(DataException.class, () -> DataSources.load(cfg.data(), root));
        assertTrue(e.getMessage().contains("nowhere") && e.getMessage().contains("image folder not found"), e.getMessage());
        ExperimentConfig noRoot = ExperimentConfig.from(Config.parse("data: {source: image-folder}\n", "t.yaml", List.of()));
        DataException e2 = assertThrows(DataException.class, () -> DataSources.load(noRoot.data(), null));
        assertTrue(e2.getMessage().contains("--data-root"), e2.getMessage());
    }

    @Test
    void areaResizeAveragesExactly() {
        float[] src = {0, 2, 4, 6};
        assertArrayEquals(new float[] {3f}, ImageDecoder.resizeArea(src, 2, 2, 1, 1), 1e-6f);
        float[] row = {0, 3, 6};
        // 3 → 2: output 0 covers [0,1.5): (0 + 0.5·3)/1.5 = 1; output 1 covers [1.5,3): (0.5·3 + 6)/1.5 = 5.
        assertArrayEquals(new float[] {1f, 5f}, ImageDecoder.resizeArea(row, 3, 1, 2, 1), 1e-5f);
    }

    private static void writeImage(Path file, int rgb, int size) throws Exception {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        String fmt = file.toString().endsWith(".jpg") ? "jpg" : "png";
        ImageIO.write(img, fmt, file.toFile());
    }
}
