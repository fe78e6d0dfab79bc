package org.tripletlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Method labels and families from the keys that select a baseline, as the shipped presets set them. */
class RecipeTest {
    @Test
    void classicalBaselinesByBaselineKind() {
        Recipe eig = Recipe.of(Map.of("name", "baseline-eigenfaces-whitened", "baseline.kind", "eigenfaces", "baseline.components", 128,
                "baseline.whiten", true, "loss.kind", "triplet"));
        assertEquals("Eigenfaces (PCA, 128 components, whitened)", eig.method());
        assertEquals(Recipe.Family.CLASSICAL, eig.family());
        assertEquals("Fisherfaces (PCA → LDA, 128 dims)", Recipe.of(Map.of("baseline.kind", "fisherfaces", "baseline.components", 128)).method());
        assertEquals(Recipe.Family.CLASSICAL, Recipe.of(Map.of("baseline.kind", "pixels")).family());
    }

    @Test
    void deepBaselinesByLossKindOrPresetName() {
        Recipe softmax = Recipe.of(Map.of("baseline.kind", "none", "loss.kind", "softmax"));
        assertEquals(Recipe.Family.DEEP, softmax.family());
        assertEquals("siamese contrastive (m = 1.0)", Recipe.of(Map.of("baseline.kind", "none", "loss.kind", "contrastive", "loss.margin", 1.0)).method());
        Recipe facenet = Recipe.of(Map.of("name", "baseline-facenet-style", "baseline.kind", "none", "loss.kind", "triplet",
                "miner.strategy", "semi-hard", "loss.margin", 0.2, "encoder.architecture", "inception-small", "optimizer.name", "adagrad"));
        assertEquals("FaceNet-style (semi-hard, α = 0.2, inception-small, adagrad)", facenet.method());
        assertEquals(Recipe.Family.DEEP, facenet.family());
        assertNull(facenet.miner());
    }

    @Test
    void aStudysRerunOfABaselinePresetIsStillThatPreset() {
        assertEquals("facenet-style", Recipe.preset("baseline-facenet-style-v2"));
        assertEquals("facenet-style", Recipe.preset("baseline-facenet-style"));
        assertNull(Recipe.preset("mining-margin-v2"));
        Recipe r = Recipe.of(Map.of("name", "baseline-facenet-style-v2", "baseline.kind", "none", "loss.kind", "triplet",
                "miner.strategy", "semi-hard", "loss.margin", 0.2, "encoder.architecture", "inception-small", "optimizer.name", "adagrad"));
        assertEquals(Recipe.Family.DEEP, r.family());
        assertTrue(r.method().startsWith("FaceNet-style ("), r.method());
    }

    @Test
    void otherTripletRunsAreTheProjectsOwn() {
        Recipe r = Recipe.of(Map.of("name", "lfw-outside-data", "baseline.kind", "none", "loss.kind", "triplet",
                "miner.strategy", "hardest", "loss.margin", 0.05));
        assertEquals("triplet, hardest, α = 0.05", r.method());
        assertEquals(Recipe.Family.TRIPLET, r.family());
        assertEquals("hardest", r.miner());
    }

    @Test
    void aWarmStartedMinerIsARowOfItsOwn() {
        Recipe warm = Recipe.of(Map.of("baseline.kind", "none", "loss.kind", "triplet", "miner.strategy", "hardest",
                "miner.warmup.strategy", "semi-hard", "miner.warmup.epochs", 2, "loss.margin", 0.2));
        assertEquals("triplet, semi-hard (2 epochs) → hardest, α = 0.2", warm.method());
        assertEquals("semi-hard (2 epochs) → hardest", warm.miner());
        assertEquals("random (1 epoch) → hardest", Recipe.minerLabel(Map.of("miner.strategy", "hardest",
                "miner.warmup.strategy", "random", "miner.warmup.epochs", 1)));
        // Resolved with the defaults filled in, or without the keys (config.yaml omits them): the plain miner.
        assertEquals("hardest", Recipe.minerLabel(Map.of("miner.strategy", "hardest", "miner.warmup.strategy", "none",
                "miner.warmup.epochs", 0)));
        assertEquals("hardest", Recipe.minerLabel(Map.of("miner.strategy", "hardest")));
    }
}
