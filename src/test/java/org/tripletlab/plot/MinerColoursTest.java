package org.tripletlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A miner keeps its colour across figures that list their lines in different orders and with different labels. */
class MinerColoursTest {

    @Test
    void aPlainMinerHasOneColourWhateverTheOrderAndLabelStyle() {
        Map<String, Color> training = MinerColours.of(List.of("semi-hard", "random", "hardest", "batch-all", "distance-weighted"));
        Map<String, Color> roc = MinerColours.of(List.of("triplet, random, α = 0.2", "triplet, distance-weighted, α = 0.2",
                "triplet, semi-hard, α = 0.05", "Eigenfaces", "triplet, hardest, α = 0.2", "triplet, batch-all, α = 0.2"));
        assertEquals(training.get("semi-hard"), roc.get("triplet, semi-hard, α = 0.05"));
        assertEquals(training.get("random"), roc.get("triplet, random, α = 0.2"));
        assertEquals(training.get("hardest"), roc.get("triplet, hardest, α = 0.2"));
        assertEquals(training.get("batch-all"), roc.get("triplet, batch-all, α = 0.2"));
        assertEquals(training.get("distance-weighted"), roc.get("triplet, distance-weighted, α = 0.2"));
        assertEquals(5, new HashSet<>(training.values()).size());
        assertFalse(training.containsValue(roc.get("Eigenfaces")), "a baseline never wears a miner's colour");
    }

    @Test
    void variantsBaselinesAndRepeatsGetColoursNoPlainMinerUses() {
        List<String> labels = List.of("semi-hard", "semi-hard, sampler.identities = 450", "semi-hard (3 epochs) → hardest",
                "hardest", "softmax", "triplet, semi-hard, α = 0.5");
        Map<String, Color> c = MinerColours.of(labels);
        assertEquals(MinerColours.FIXED.get("semi-hard"), c.get("semi-hard"));
        assertEquals(MinerColours.FIXED.get("hardest"), c.get("hardest"));
        for (String other : List.of("semi-hard, sampler.identities = 450", "semi-hard (3 epochs) → hardest", "softmax",
                "triplet, semi-hard, α = 0.5")) {
            assertFalse(MinerColours.FIXED.containsValue(c.get(other)), other + " must not look like a plain miner");
        }
        assertEquals(labels.size(), new HashSet<>(c.values()).size(), "every line its own colour");
        assertNotEquals(c.get("softmax"), c.get("semi-hard, sampler.identities = 450"));
    }

    @Test
    void aStudysRocWithFiveMinersTwoVariantsAndSixBaselinesGivesEveryCurveItsOwnColour() {
        // the protocol-v2 miner study's ROC: the paper table's rows
        List<String> labels = List.of("raw pixels (mean-centred, unit length)", "Eigenfaces (PCA, 128 components)",
                "Fisherfaces (PCA → LDA, 128 dims)", "DeepFace-style (softmax over training identities)", "siamese contrastive (m = 1.0)",
                "FaceNet-style (semi-hard, α = 0.2, inception-small, adagrad)", "triplet, random, α = 0.2", "triplet, semi-hard, α = 0.05",
                "triplet, semi-hard, P×K 450×4, 320 steps, α = 0.2", "triplet, hardest, α = 0.2", "triplet, semi-hard (3 epochs) → hardest, α = 0.2",
                "triplet, batch-all, α = 0.05", "triplet, distance-weighted, α = 0.2");
        Map<String, Color> c = MinerColours.of(labels);
        assertEquals(labels.size(), new HashSet<>(c.values()).size(), "every curve its own colour: " + c);
    }

    @Test
    void aFigureWithoutAPlainMinerTakesThePaletteInOrder() {
        Map<String, Color> c = MinerColours.of(List.of("small-conv", "resnet", "inception-small"));
        assertEquals(List.of(Chart.PALETTE[0], Chart.PALETTE[1], Chart.PALETTE[2]), List.copyOf(c.values()));
    }

    @Test
    void onlyAMinerWithAtMostAMarginIsPlain() {
        assertEquals("semi-hard", MinerColours.plainMiner("triplet, semi-hard, α = 0.2"));
        assertEquals("random", MinerColours.plainMiner("random"));
        assertNull(MinerColours.plainMiner("semi-hard (3 epochs) → hardest"));
        assertNull(MinerColours.plainMiner("semi-hard, train.batch = 450"));
        assertNull(MinerColours.plainMiner("Fisherfaces"));
    }

    @Test
    void everyRegisteredMinerHasAFixedColourAndTheDefaultMinerTheFirst() {
        for (String m : org.tripletlab.mining.Miners.STRATEGIES) {
            assertTrue(MinerColours.FIXED.containsKey(m), m);
        }
        // the committed figures were drawn with these
        assertEquals(Chart.PALETTE[0], MinerColours.FIXED.get("semi-hard"));
        assertEquals(Chart.PALETTE[1], MinerColours.FIXED.get("random"));
        assertEquals(Chart.PALETTE[4], MinerColours.FIXED.get("distance-weighted"));
    }
}
