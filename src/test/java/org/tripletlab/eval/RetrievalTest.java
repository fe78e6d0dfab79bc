package org.tripletlab.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tripletlab.distance.SquaredDistances;

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

    /**
     * The definition, computed the slow way: every query's whole ranking sorted, then its first R read. The
     * evaluator selects only the first R; both must agree to the last bit, ties in distance included.
     */
    private static double[] fullSortReference(float[] e, int n, int dim, int[] labels) {
        double p1 = 0;
        double rp = 0;
        double map = 0;
        int queries = 0;
        for (int q = 0; q < n; q++) {
            int r = -1;
            for (int l : labels) {
                r += l == labels[q] ? 1 : 0;
            }
            if (r == 0) {
                continue;
            }
            long[] keys = new long[n - 1];
            int m = 0;
            for (int j = 0; j < n; j++) {
                if (j != q) {
                    keys[m++] = Embeddings.key(SquaredDistances.between(e, q, j, dim), j);
                }
            }
            Arrays.sort(keys);
            boolean[] rel = new boolean[r];
            for (int i = 0; i < r; i++) {
                rel[i] = labels[(int) keys[i]] == labels[q];
            }
            double[] s = Retrieval.score(rel, r);
            p1 += s[0];
            rp += s[1];
            map += s[2];
            queries++;
        }
        return new double[] {p1 / queries, rp / queries, map / queries};
    }

    @Test
    void equalsTheFullSortDefinitionWithManyTies() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int trial = 0; trial < 20; trial++) {
            int n = 20 + rnd.nextInt(120);
            int dim = 1 + rnd.nextInt(3);
            float[] e = new float[n * dim];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = rnd.nextInt(1 + n / 3); // identities of 1 to many images
                for (int k = 0; k < dim; k++) {
                    e[i * dim + k] = rnd.nextInt(4); // a coarse grid: many equal distances
                }
            }
            double[] expected = fullSortReference(e, n, dim, labels);
            Retrieval.Result got = Retrieval.evaluate(e, n, dim, labels);
            assertEquals(expected[0], got.precisionAt1(), 0, "precision@1, trial " + trial);
            assertEquals(expected[1], got.rPrecision(), 0, "R-precision, trial " + trial);
            assertEquals(expected[2], got.mapAtR(), 0, "MAP@R, trial " + trial);
        }
    }
}
