package org.tripletlab.mining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tripletlab.distance.DistanceMatrix;

class MinerHardestTest {
    private final HardestMiner miner = new HardestMiner();

    /** Oracle: per anchor, sort positives by (−D, index) and negatives by (D, index); take the first of each. */
    private static List<int[]> oracle(MiningFixtures.Batch b, int[] skippedOut) {
        List<int[]> out = new ArrayList<>();
        for (int a = 0; a < b.n(); a++) {
            List<Integer> pos = new ArrayList<>();
            List<Integer> neg = new ArrayList<>();
            for (int j = 0; j < b.n(); j++) {
                if (j != a && b.labels[j] == b.labels[a]) {
                    pos.add(j);
                }
                if (b.labels[j] != b.labels[a]) {
                    neg.add(j);
                }
            }
            if (pos.isEmpty() || neg.isEmpty()) {
                skippedOut[0]++;
                continue;
            }
            final int anchor = a;
            pos.sort(Comparator.comparingDouble((Integer j) -> -b.d(anchor, j)).thenComparingInt(j -> j));
            neg.sort(Comparator.comparingDouble((Integer j) -> b.d(anchor, j)).thenComparingInt(j -> j));
            out.add(new int[] {a, pos.get(0), neg.get(0)});
        }
        return out;
    }

    @Test
    void matchesBruteForceOnManyBatches() {
        for (MiningFixtures.Batch b : MiningFixtures.manyBatches(22, 300)) {
            int[] skipped = {0};
            List<int[]> expected = oracle(b, skipped);
            Triplets t = miner.mine(b.d, b.labels, new SplittableRandom(1));
            assertEquals(MiningFixtures.show(expected), MiningFixtures.show(MiningFixtures.asList(t)), b.description);
            assertEquals(skipped[0], t.skipped(), b.description);
            assertEquals(0, t.fallbacks(), b.description);
        }
    }

    @Test
    void hardestTripletMaximisesLossOverAllTripletsOfItsAnchor() {
        // Independent property: the chosen triplet's D[a,p] − D[a,n] is the maximum over all valid
        // triplets with that anchor.
        for (MiningFixtures.Batch b : MiningFixtures.manyBatches(23, 100)) {
            Triplets t = miner.mine(b.d, b.labels, new SplittableRandom(1));
            for (int i = 0; i < t.size(); i++) {
                int a = t.anchor(i);
                float chosen = b.d(a, t.positive(i)) - b.d(a, t.negative(i));
                for (int[] v : MiningFixtures.allValidTriplets(b.labels)) {
                    if (v[0] == a) {
                        assertTrue(b.d(a, v[1]) - b.d(a, v[2]) <= chosen, b.description);
                    }
                }
            }
        }
    }

    @Test
    void tiesGoToLowestIndex() {
        // Anchor 0 (label A) has positives 3 and 5 both at distance 2, negatives 1, 2, 4 with 1 and 4 at 0.5.
        int n = 6;
        float[] v = new float[n * n];
        int[] labels = {0, 1, 1, 0, 1, 0};
        set(v, n, 0, 3, 2f);
        set(v, n, 0, 5, 2f);
        set(v, n, 0, 1, 0.5f);
        set(v, n, 0, 2, 0.7f);
        set(v, n, 0, 4, 0.5f);
        Triplets t = miner.mine(new DistanceMatrix(v, n), labels, new SplittableRandom(0));
        assertEquals(0, t.anchor(0));
        assertEquals(3, t.positive(0));
        assertEquals(1, t.negative(0));
    }

    @Test
    void degenerateBatches() {
        Triplets one = miner.mine(new DistanceMatrix(new float[9], 3), new int[] {4, 4, 4}, new SplittableRandom(0));
        assertTrue(one.isEmpty());
        assertEquals(3, one.skipped());
        Triplets singletons = miner.mine(new DistanceMatrix(new float[9], 3), new int[] {1, 2, 3}, new SplittableRandom(0));
        assertTrue(singletons.isEmpty());
        assertEquals(3, singletons.skipped());
    }

    static void set(float[] v, int n, int i, int j, float x) {
        v[i * n + j] = x;
        v[j * n + i] = x;
    }
}
