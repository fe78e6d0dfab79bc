package org.tripletlab.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RetrievalTest {
    private static final double EPS = 1e-12;

    @Test
    void sixImagesByHand() {
        // 1-D embeddings (squared distance ranks like |x − y|):
        //   A0 = 0, A1 = 1, A2 = 1.75, B0 = 2.125, B1 = 3.5, C0 = 10
        float[] e = {0f, 1f, 1.75f, 2.125f, 3.5f, 10f};
        int[] labels = {7, 7, 7, 3, 3, 9};
        // A0 (R=2): A1 1, A2 1.75            → ✓✓  P@1 1, R-prec 1,   MAP@R (1 + 1)/2 = 1
        // A1 (R=2): A2 0.75, A0 1            → ✓✓  P@1 1, R-prec 1,   MAP@R 1
        // A2 (R=2): B0 0.375, A1 0.75        → ✗✓  P@1 0, R-prec 1/2, MAP@R (0 + ½·1)/2 = 1/4
        // B0 (R=1): A2 0.375                  → ✗   P@1 0, R-prec 0,   MAP@R 0
        // B1 (R=1): B0 1.375 (A2 1.75 next)   → ✓   P@1 1, R-prec 1,   MAP@R 1
        // C0 (R=0): skipped
        Retrieval.Result r = Retrieval.evaluate(e, 6, 1, labels);
        assertEquals(5, r.queries());
        assertEquals(1, r.skipped());
        assertEquals(3 / 5.0, r.precisionAt1(), EPS);
        assertEquals(3.5 / 5, r.rPrecision(), EPS);
        assertEquals(3.25 / 5, r.mapAtR(), EPS);
    }

    @Test
    void mapAtRRewardsEarlyHits() {
        // ✓✗✓ : P@1 1, R-prec 2/3, MAP@R (1 + 0 + 2/3)/3 = 5/9
        assertArrayEquals(new double[] {1, 2 / 3.0, 5 / 9.0},
                Retrieval.score(new boolean[] {true, false, true}, 3), EPS);
        // ✗✓✓ : P@1 0, R-prec 2/3, MAP@R (0 + 1/2 + 2/3)/3 = 7/18
        assertArrayEquals(new double[] {0, 2 / 3.0, 7 / 18.0},
                Retrieval.score(new boolean[] {false, true, true}, 3), EPS);
    }

    @Test
    void perfectClustersScoreOne() {
        // 2-D, three tight identities far apart, 3 images each.
        float[] e = new float[9 * 2];
        int[] labels = new int[9];
        for (int i = 0; i < 9; i++) {
            labels[i] = i / 3;
            e[2 * i] = 10 * (i / 3) + 0.01f * (i % 3);
            e[2 * i + 1] = 0.02f * (i % 3);
        }
        Retrieval.Result r = Retrieval.evaluate(e, 9, 2, labels);
        assertEquals(9, r.queries());
        assertEquals(0, r.skipped());
        assertEquals(1.0, r.precisionAt1(), EPS);
        assertEquals(1.0, r.rPrecision(), EPS);
        assertEquals(1.0, r.mapAtR(), EPS);
    }
}
