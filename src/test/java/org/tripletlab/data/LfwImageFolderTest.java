package org.tripletlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.source.DataSources;

/**
 * Reads the real LFW deep-funneled folder through the image-folder source with the shipped
 * experiment's settings, when the data root is present ($TRIPLETLAB_DATA_ROOT; CI points it at
 * ../shared/datasets). Skipped, with the reason, when it is not.
 */
class LfwImageFolderTest {
    @Test
    void loadsEveryLfwIdentityWithTwoOrMoreImages() {
        String env = System.getenv("TRIPLETLAB_DATA_ROOT");
        Path root = env == null ? Path.of("../shared/datasets") : Path.of(env);
        assumeTrue(Files.isDirectory(root.resolve("lfw/images_deepfunneled")),
                "LFW not found under " + root.toAbsolutePath() + " (set TRIPLETLAB_DATA_ROOT)");
        ExperimentConfig cfg = ExperimentConfig.from(Config.load(Path.of("experiments/lfw-people.yaml"), List.of()));
        DataSources.Loaded l = DataSources.load(cfg.data(), root);
        FaceDataset ds = l.dataset();
        // LFW: 5,749 people, 1,680 with at least two images; 13,233 images in all.
        assertEquals(5749, l.identitiesSeen());
        assertEquals(1680, ds.identityCount());
        assertEquals(5749 - 1680, l.identitiesExcluded());
        assertEquals(13233, ds.size() + l.imagesExcluded());
        assertEquals(64 * 64, ds.imageBytes());
        // Decoded faces are real images, not blank: the crop holds a face with contrast.
        byte[] px = ds.pixels();
        int min = 255;
        int max = 0;
        for (int i = 0; i < ds.imageBytes(); i++) {
            min = Math.min(min, px[i] & 0xff);
            max = Math.max(max, px[i] & 0xff);
        }
        assertTrue(max - min > 100, "contrast " + min + ".." + max);
    }
}
