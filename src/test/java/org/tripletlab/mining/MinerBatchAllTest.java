package org.tripletlab.mining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tripletlab.distance.DistanceMatrix;

class MinerBatchAllTest {
    private final BatchAllMiner miner = new BatchAllMiner();

    @Test
    void matchesBruteForceOnManyBatches() {
        for (MiningFixtures.Batch b : MiningFixtures.manyBatches(11, 300)) {
            Triplets t = miner.mine(b.d, b.labels, new SplittableRandom(1));
            List<int[]> expected = MiningFixtures.allValidTriplets(b.labels);
            // Same triplets in the documented order (a, then p, then n ascending).
            assertEquals(MiningFixtures.show(expected), MiningFixtures.show(MiningFixtures.asList(t)), b.description);
            assertEquals(expected.size(), t.size(), b.description);
            int pairsWithoutNegative = 0;
            for (int[] ap : MiningFixtures.orderedPairs(b.labels)) {
                if (MiningFixtures.negativesOf(b.labels, ap[0]).isEmpty()) {
                    pairsWithoutNegative++;
                }
            }
            assertEquals(pairsWithoutNegative, t.skipped(), b.description);
            assertEquals(0, t.fallbacks(), b.description);
        }
    }

    @Test
    void countsForPkBatch() {
        // P = 5 identities, K = 4 each: 5 · 4 · 3 · 16 = 960 triplets.
        int[] labels = new int[20];
        for (int i = 0; i < 20; i++) {
            labels[i] = i / 4;
        }
        Triplets t = miner.mine(new DistanceMatrix(new float[400], 20), labels, new SplittableRandom(0));
        assertEquals(960, t.size());
    }

    @Test
    void noValidTripletGivesEmpty() {
        Triplets one = miner.mine(new DistanceMatrix(new float[16], 4), new int[] {1, 1, 1, 1}, new SplittableRandom(0));
        assertTrue(one.isEmpty());
        assertEquals(12, one.skipped());
        Triplets singletons = miner.mine(new DistanceMatrix(new float[9], 3), new int[] {1, 2, 3}, new SplittableRandom(0));
        assertTrue(singletons.isEmpty());
        assertEquals(0, singletons.skipped());
    }
}
