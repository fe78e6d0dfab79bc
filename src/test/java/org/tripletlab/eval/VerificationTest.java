package org.tripletlab.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tripletlab.distance.PairDistances;

class VerificationTest {

    @Test
    void perfectSeparationHasAccuracyOneAndThresholdBetween() {
        Verification.Best b = Verification.bestBalancedAccuracy(new float[] {0.1f, 0.2f, 0.3f}, new float[] {1f, 2f});
        assertEquals(1.0, b.accuracy(), 1e-12);
        assertEquals(0.65, b.threshold(), 1e-6);
        assertEquals(1.0, Verification.auc(new float[] {0.1f, 0.2f, 0.3f}, new float[] {1f, 2f}), 1e-12);
    }

    @Test
    void handComputedOverlap() {
        // same: 0.1 0.4 0.6 0.9   different: 0.5 0.7 0.8 1.2
        float[] s = {0.9f, 0.1f, 0.6f, 0.4f};
        float[] d = {0.7f, 0.5f, 1.2f, 0.8f};
        // Threshold 0.45 accepts same {0.1,0.4} = 2/4 and rejects all different = 4/4 → 0.75; 0.65 ties
        // (3/4 and 3/4); no threshold does better, and ties go to the smallest threshold.
        Verification.Best b = Verification.bestBalancedAccuracy(s, d);
        assertEquals(0.75, b.accuracy(), 1e-12);
        assertEquals(0.45, b.threshold(), 1e-6);
        // Pairs (s,d) with d > s: 0.1→4, 0.4→4, 0.6→3, 0.9→1 = 12 of 16.
        assertEquals(12.0 / 16, Verification.auc(s, d), 1e-12);
    }

    @Test
    void tiesCountHalfInAuc() {
        assertEquals(0.5, Verification.auc(new float[] {1f}, new float[] {1f}), 1e-12);
        assertEquals(0.75, Verification.auc(new float[] {1f, 0f}, new float[] {1f}), 1e-12);
    }

    @Test
    void aucMatchesBruteForceOnRandomData() {
        Random r = new Random(3);
        for (int trial = 0; trial < 50; trial++) {
            float[] s = new float[1 + r.nextInt(30)];
            float[] d = new float[1 + r.nextInt(30)];
            for (int i = 0; i < s.length; i++) {
                s[i] = r.nextInt(10) / 4f;
            }
            for (int i = 0; i < d.length; i++) {
                d[i] = r.nextInt(10) / 4f;
            }
            double wins = 0;
            for (float a : s) {
                for (float b : d) {
                    wins += b > a ? 1 : (b == a ? 0.5 : 0);
                }
            }
            assertEquals(wins / (s.length * d.length), Verification.auc(s, d), 1e-12);
            double best = 0;
            for (float t : concat(s, d)) {
                int tp = 0;
                int tn = 0;
                for (float a : s) {
                    tp += a <= t ? 1 : 0;
                }
                for (float b : d) {
                    tn += b > t ? 1 : 0;
                }
                best = Math.max(best, 0.5 * ((double) tp / s.length + (double) tn / d.length));
            }
            best = Math.max(best, 0.5);
            Verification.Best got = Verification.bestBalancedAccuracy(s, d);
            assertEquals(best, got.accuracy(), 1e-12);
            int tp = 0;
            int tn = 0;
            for (float a : s) {
                tp += a <= got.threshold() ? 1 : 0;
            }
            for (float b : d) {
                tn += b > got.threshold() ? 1 : 0;
            }
            assertEquals(best, 0.5 * ((double) tp / s.length + (double) tn / d.length), 1e-12, "threshold achieves the accuracy");
        }
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void distanceSummaryBinsAndPercentiles() {
        float[] v = {0f, 0.05f, 1f, 2f, 3.99f, 4f};
        DistanceSummary s = DistanceSummary.of(v, 4);
        assertArrayEquals(new long[] {2, 1, 1, 2}, s.counts());
        // NumPy: np.percentile([0,0.05,1,2,3.99,4], 50) = 1.5
        assertEquals(1.5, s.percentiles()[2], 1e-6);
        assertEquals(0.0125, s.percentiles()[0], 1e-6); // position 0.25 between 0 and 0.05
        assertEquals((0 + 0.05 + 1 + 2 + 3.99 + 4) / 6, s.mean(), 1e-6);
    }

    @Test
    void pairDistancesSplitBySameAndDifferent() {
        float[] e = {1, 0, 0, 1, 1, 0};
        PairDistances pd = PairDistances.of(e, 3, 2, new int[] {7, 8, 7});
        assertArrayEquals(new float[] {0f}, pd.same());
        assertArrayEquals(new float[] {2f, 2f}, pd.different());
    }
}
