package org.tripletlab.mining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tripletlab.distance.DistanceMatrix;

class MinerRandomTest {
    private final RandomMiner miner = new RandomMiner();

    @Test
    void everyPairOnceWithValidNegative() {
        for (MiningFixtures.Batch b : MiningFixtures.manyBatches(55, 300)) {
            Triplets t = miner.mine(b.d, b.labels, new SplittableRandom(7));
            List<int[]> pairs = MiningFixtures.orderedPairs(b.labels);
            int skipped = 0;
            int i = 0;
            for (int[] ap : pairs) {
                if (MiningFixtures.negativesOf(b.labels, ap[0]).isEmpty()) {
                    skipped++;
                    continue;
                }
                // Documented order a then p ascending, so the i-th triplet is the i-th pair with negatives.
                assertEquals(ap[0], t.anchor(i), b.description);
                assertEquals(ap[1], t.positive(i), b.description);
                assertNotEquals(b.labels[ap[0]], b.labels[t.negative(i)], b.description);
                assertTrue(t.negative(i) >= 0 && t.negative(i) < b.n(), b.description);
                i++;
            }
            assertEquals(i, t.size(), b.description);
            assertEquals(skipped, t.skipped(), b.description);
            assertEquals(0, t.fallbacks(), b.description);
        }
    }

    @Test
    void reproducibleWithFixedSeedAndDifferentAcrossSeeds() {
        MiningFixtures.Batch b = MiningFixtures.geometricWithLabels(new java.util.Random(1),
                new int[] {0, 0, 0, 1, 1, 2, 2, 2, 3, 4, 4, 5}, "fixed");
        String first = MiningFixtures.show(MiningFixtures.asList(miner.mine(b.d, b.labels, new SplittableRandom(42))));
        String second = MiningFixtures.show(MiningFixtures.asList(miner.mine(b.d, b.labels, new SplittableRandom(42))));
        String other = MiningFixtures.show(MiningFixtures.asList(miner.mine(b.d, b.labels, new SplittableRandom(43))));
        assertEquals(first, second);
        assertNotEquals(first, other);
    }

    @Test
    void negativesAreUniform() {
        // Labels 0,0 | 1 | 2,2 | 3 | 4,4,4: anchor 0's negatives are the 8 elements 2..9.
        int[] labels = {0, 0, 1, 2, 2, 3, 4, 4, 4, 5};
        DistanceMatrix d = new DistanceMatrix(new float[100], 10);
        SplittableRandom rng = new SplittableRandom(77);
        int[] hits = new int[10];
        int draws = 8000;
        for (int r = 0; r < draws; r++) {
            Triplets t = miner.mine(d, labels, rng);
            assertEquals(0, t.anchor(0));
            assertEquals(1, t.positive(0));
            hits[t.negative(0)]++;
        }
        assertEquals(0, hits[0] + hits[1]);
        double expected = draws / 8.0;
        double chi2 = 0;
        for (int q = 2; q < 10; q++) {
            assertTrue(hits[q] > 0, "negative " + q + " never drawn");
            chi2 += (hits[q] - expected) * (hits[q] - expected) / expected;
        }
        // 7 degrees of freedom: P(χ² > 24.3) ≈ 0.001.
        assertTrue(chi2 < 24.3, "chi-square " + chi2 + " for hits " + java.util.Arrays.toString(hits));
    }

    @Test
    void noValidTripletGivesEmpty() {
        assertTrue(miner.mine(new DistanceMatrix(new float[9], 3), new int[] {1, 2, 3}, new SplittableRandom(0)).isEmpty());
        Triplets one = miner.mine(new DistanceMatrix(new float[9], 3), new int[] {1, 1, 1}, new SplittableRandom(0));
        assertTrue(one.isEmpty());
        assertEquals(6, one.skipped());
    }
}
