package org.tripletlab.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.tripletlab.config.StandaloneMiners;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tripletlab.distance.PairwiseDistances;
import org.tripletlab.distance.DistanceMatrix;
import org.tripletlab.mining.Miners;
import org.tripletlab.mining.SemiHardMiner;
import org.tripletlab.mining.Triplets;

/** {@link TripletStats} (Java side) against {@link TripletLoss} (tensor side) on the same D. */
class TripletLossStatsTest {
    @Test
    void statsAgreeWithTensorLoss() {
        Random r = new Random(202);
        int nonEmpty = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int trial = 0; trial < 40; trial++) {
                // Includes PK batches up to B = 96 so batch-all has thousands of terms to sum.
                int p = 2 + r.nextInt(23);
                int k = 1 + r.nextInt(4);
                int n = p * k;
                int dim = 2 + r.nextInt(15);
                int[] labels = new int[n];
                for (int i = 0; i < n; i++) {
                    labels[i] = i / k;
                }
                float[] emb = trial % 2 == 0 ? LossFixtures.unitEmbeddings(r, n, dim) : LossFixtures.clustered(r, labels, dim, 0.5);
                float margin = 0.1f + 0.4f * r.nextFloat();
                try (NDManager m = manager.newSubManager()) {
                    NDArray d = PairwiseDistances.squared(m.create(emb, new Shape(n, dim)));
                    // The training path: mine on the detached copy of the very tensor the loss uses.
                    DistanceMatrix dm = PairwiseDistances.toDistanceMatrix(d);
                    for (String strategy : Miners.STRATEGIES) {
                        Triplets t = StandaloneMiners.create(strategy, margin, SemiHardMiner.Pick.RANDOM,
                                SemiHardMiner.Fallback.EASIEST_NEGATIVE).mine(dm, labels, new SplittableRandom(trial));
                        nonEmpty += t.isEmpty() ? 0 : 1;
                        for (Reduction red : Reduction.values()) {
                            TripletStats s = TripletStats.of(dm, t, margin, red);
                            float tensor = new TripletLoss(margin, red).loss(d, t).getFloat();
                            String ctx = "trial " + trial + " " + strategy + " " + red + " T=" + t.size();
                            assertEquals(tensor, s.loss(), 1e-5f * Math.max(1f, Math.abs(tensor)), ctx);
                            assertEquals(s.loss(), s.loss(red), ctx);
                            assertEquals(t.size(), s.count(), ctx);
                            checkCountsAndMeans(dm, t, margin, s, ctx);
                        }
                    }
                }
            }
        }
        assertTrue(nonEmpty > 100, "non-empty triplet sets: " + nonEmpty);
    }

    /** Plain recomputation of the counts and means in double. */
    private static void checkCountsAndMeans(DistanceMatrix dm, Triplets t, float margin, TripletStats s, String ctx) {
        int active = 0;
        double sp = 0;
        double sn = 0;
        for (int i = 0; i < t.size(); i++) {
            float dap = dm.get(t.anchor(i), t.positive(i));
            float dan = dm.get(t.anchor(i), t.negative(i));
            // Same float expression as the tensor side decides activity.
            if (dap - dan + margin > 0f) {
                active++;
            }
            sp += dap;
            sn += dan;
        }
        assertEquals(active, s.activeCount(), ctx);
        float share = t.isEmpty() ? 0f : (float) active / t.size();
        assertEquals(share, s.activeShare(), 1e-7f, ctx);
        assertEquals(t.isEmpty() ? 0 : sp / t.size(), s.meanPositive(), 1e-6, ctx);
        assertEquals(t.isEmpty() ? 0 : sn / t.size(), s.meanNegative(), 1e-6, ctx);
    }

    @Test
    void emptyStatsAreZeroNotNaN() {
        DistanceMatrix dm = new DistanceMatrix(new float[9], 3);
        for (Reduction red : Reduction.values()) {
            TripletStats s = TripletStats.of(dm, Triplets.empty(), 0.2f, red);
            assertEquals(0, s.count());
            assertEquals(0, s.activeCount());
            assertEquals(0f, s.activeShare());
            assertEquals(0f, s.meanPositive());
            assertEquals(0f, s.meanNegative());
            assertEquals(0f, s.loss());
            assertTrue(s.toString().contains("triplets=0"), s.toString());
        }
    }

    @Test
    void allEasyTripletsGiveZeroMeanNonzero() {
        // D[a,p] = 0.1, D[a,n] = 3: every term is max(0.1 − 3 + 0.2, 0) = 0; mean-nonzero divides by max(0, 1).
        int n = 4;
        float[] v = {0, 0.1f, 3, 3, 0.1f, 0, 3, 3, 3, 3, 0, 0.1f, 3, 3, 0.1f, 0};
        DistanceMatrix dm = new DistanceMatrix(v, n);
        Triplets t = StandaloneMiners.create("batch-all", 0.2f, null, null).mine(dm, new int[] {0, 0, 1, 1}, new SplittableRandom(0));
        TripletStats s = TripletStats.of(dm, t, 0.2f, Reduction.MEAN_NONZERO);
        assertEquals(8, s.count());
        assertEquals(0, s.activeCount());
        assertEquals(0f, s.loss());
        assertEquals(0.1f, s.meanPositive(), 1e-7f);
        assertEquals(3f, s.meanNegative(), 1e-7f);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray d = m.create(v, new Shape(n, n));
            assertEquals(0f, new TripletLoss(0.2f, Reduction.MEAN_NONZERO).loss(d, t).getFloat());
        }
    }
}
