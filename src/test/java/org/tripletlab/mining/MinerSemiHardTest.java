package org.tripletlab.mining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tripletlab.mining.SemiHardMiner.Fallback;
import org.tripletlab.mining.SemiHardMiner.Pick;
import org.tripletlab.distance.DistanceMatrix;

class MinerSemiHardTest {
    /** What the oracle decided for one anchor–positive pair. */
    private static final class Expected {
        final int a;
        final int p;
        final List<Integer> candidates;
        final Integer fallbackNegative; // null when candidates exist or the pair is skipped

        Expected(int a, int p, List<Integer> candidates, Integer fallbackNegative) {
            this.a = a;
            this.p = p;
            this.candidates = candidates;
            this.fallbackNegative = fallbackNegative;
        }
    }

    private static List<Expected> oracle(MiningFixtures.Batch b, float margin, Fallback fallback, int[] counts) {
        List<Expected> out = new ArrayList<>();
        for (int[] ap : MiningFixtures.orderedPairs(b.labels)) {
            int a = ap[0];
            int p = ap[1];
            List<Integer> negs = MiningFixtures.negativesOf(b.labels, a);
            if (negs.isEmpty()) {
                counts[1]++;
                continue;
            }
            List<Integer> cands = new ArrayList<>();
            for (int q : negs) {
                if (b.d(a, p) < b.d(a, q) && b.d(a, q) < b.d(a, p) + margin) {
                    cands.add(q);
                }
            }
            // "+ 0f": Double.compare orders −0 before +0, but as distances they are equal (ties → index).
            cands.sort(Comparator.comparingDouble((Integer q) -> b.d(a, q) + 0f).thenComparingInt(q -> q));
            if (!cands.isEmpty()) {
                out.add(new Expected(a, p, cands, null));
            } else if (fallback == Fallback.SKIP) {
                counts[1]++;
            } else {
                counts[0]++;
                List<Integer> sorted = new ArrayList<>(negs);
                Comparator<Integer> byDistance = Comparator.comparingDouble((Integer q) -> b.d(a, q) + 0f);
                if (fallback == Fallback.EASIEST_NEGATIVE) {
                    byDistance = byDistance.reversed();
                }
                sorted.sort(byDistance.thenComparingInt(q -> q));
                out.add(new Expected(a, p, cands, sorted.get(0)));
            }
        }
        return out;
    }

    private static float[] marginsFor(MiningFixtures.Batch b) {
        // Integer-valued (tied) batches: margin 1 admits no candidate at all (open interval), 1.5 one
        // distance level, 2.5 two levels. Geometric batches: a range around FaceNet's 0.2.
        return b.description.startsWith("tied") ? new float[] {1f, 1.5f, 2.5f} : new float[] {0.05f, 0.2f, 0.5f, 2f};
    }

    @Test
    void hardestPickMatchesBruteForceForEveryFallback() {
        int withCandidates = 0;
        int withFallback = 0;
        for (MiningFixtures.Batch b : MiningFixtures.manyBatches(33, 300)) {
            for (float margin : marginsFor(b)) {
                for (Fallback fb : Fallback.values()) {
                    int[] counts = {0, 0};
                    List<Expected> expected = oracle(b, margin, fb, counts);
                    Triplets t = new SemiHardMiner(margin, Pick.HARDEST, fb).mine(b.d, b.labels, new SplittableRandom(5));
                    String ctx = b.description + " margin=" + margin + " fallback=" + fb;
                    assertEquals(expected.size(), t.size(), ctx);
                    for (int i = 0; i < t.size(); i++) {
                        Expected e = expected.get(i);
                        int want = e.fallbackNegative != null ? e.fallbackNegative : e.candidates.get(0);
                        assertEquals(e.a, t.anchor(i), ctx);
                        assertEquals(e.p, t.positive(i), ctx);
                        assertEquals(want, t.negative(i), ctx + " pair " + e.a + "," + e.p);
                        if (e.fallbackNegative == null) {
                            withCandidates++;
                        } else {
                            withFallback++;
                        }
                    }
                    assertEquals(counts[0], t.fallbacks(), ctx);
                    assertEquals(counts[1], t.skipped(), ctx);
                }
            }
        }
        // The fixtures must exercise both branches substantially, or the comparison proves little.
        assertTrue(withCandidates > 1000, "pairs with candidates: " + withCandidates);
        assertTrue(withFallback > 1000, "pairs with fallback: " + withFallback);
    }

    @Test
    void specialFloatValuesBehaveLikeFloatComparisons() {
        // The miner compares distances through int keys; D from outside (or a buggy caller) may hold −0,
        // negatives, subnormals, huge values and ∞. Margins 0 and 1e-9 (dap + α rounds to dap) give an
        // empty interval. The oracle uses plain float comparisons.
        float[] specials = {-0.0f, 0f, Float.MIN_VALUE, -1f, -Float.MIN_VALUE, 0.5f, 0.5f, 1f, 1.1f, 3e38f,
            Float.POSITIVE_INFINITY, 2f};
        Random r = new Random(66);
        for (int trial = 0; trial < 200; trial++) {
            int n = 6 + r.nextInt(8);
            int[] labels = MiningFixtures.randomLabels(r, n, 2 + r.nextInt(3));
            float[] v = new float[n * n];
            for (int i = 0; i < v.length; i++) {
                v[i] = specials[r.nextInt(specials.length)];
            }
            MiningFixtures.Batch b = new MiningFixtures.Batch(labels, new DistanceMatrix(v, n), "specials " + trial);
            for (float margin : new float[] {0f, 1e-9f, 0.6f, 5f}) {
                for (Pick pick : Pick.values()) {
                    int[] counts = {0, 0};
                    List<Expected> expected = oracle(b, margin, Fallback.HARDEST_NEGATIVE, counts);
                    Triplets t = new SemiHardMiner(margin, pick, Fallback.HARDEST_NEGATIVE).mine(b.d, labels, new SplittableRandom(3));
                    String ctx = b.description + " margin=" + margin + " " + pick;
                    assertEquals(expected.size(), t.size(), ctx);
                    assertEquals(counts[0], t.fallbacks(), ctx);
                    for (int i = 0; i < t.size(); i++) {
                        Expected e = expected.get(i);
                        if (e.fallbackNegative != null) {
                            assertEquals(e.fallbackNegative, t.negative(i), ctx);
                        } else if (pick == Pick.HARDEST) {
                            assertEquals(e.candidates.get(0), t.negative(i), ctx);
                        } else {
                            assertTrue(e.candidates.contains(t.negative(i)), ctx);
                        }
                    }
                }
            }
        }
    }

    @Test
    void sortableKeyOrdersLikeFloats() {
        float[] xs = {Float.NEGATIVE_INFINITY, -3e38f, -1f, -Float.MIN_VALUE, -0.0f, 0f, Float.MIN_VALUE, 1e-30f,
            0.5f, 1f, 3e38f, Float.POSITIVE_INFINITY};
        for (float x : xs) {
            for (float y : xs) {
                assertEquals(x < y, SemiHardMiner.sortableKey(x) < SemiHardMiner.sortableKey(y), x + " < " + y);
                assertEquals(x == y, SemiHardMiner.sortableKey(x) == SemiHardMiner.sortableKey(y), x + " == " + y);
            }
            // NaN is never strictly between two non-NaN floats, in either sign.
            int kn = SemiHardMiner.sortableKey(Float.NaN);
            int knNeg = SemiHardMiner.sortableKey(Float.intBitsToFloat(0xffc00000));
            assertTrue(kn > SemiHardMiner.sortableKey(Float.POSITIVE_INFINITY));
            assertTrue(knNeg < SemiHardMiner.sortableKey(Float.NEGATIVE_INFINITY));
        }
    }

    @Test
    void randomPickChoosesACandidateAndIsReproducible() {
        for (MiningFixtures.Batch b : MiningFixtures.manyBatches(44, 200)) {
            for (float margin : marginsFor(b)) {
                for (Fallback fb : Fallback.values()) {
                    int[] counts = {0, 0};
                    List<Expected> expected = oracle(b, margin, fb, counts);
                    SemiHardMiner miner = new SemiHardMiner(margin, Pick.RANDOM, fb);
                    Triplets t = miner.mine(b.d, b.labels, new SplittableRandom(99));
                    String ctx = b.description + " margin=" + margin + " fallback=" + fb;
                    assertEquals(expected.size(), t.size(), ctx);
                    for (int i = 0; i < t.size(); i++) {
                        Expected e = expected.get(i);
                        assertEquals(e.a, t.anchor(i), ctx);
                        assertEquals(e.p, t.positive(i), ctx);
                        if (e.fallbackNegative != null) {
                            assertEquals(e.fallbackNegative, t.negative(i), ctx);
                        } else {
                            assertTrue(e.candidates.contains(t.negative(i)), ctx);
                        }
                    }
                    assertEquals(counts[0], t.fallbacks(), ctx);
                    assertEquals(counts[1], t.skipped(), ctx);
                    Triplets again = miner.mine(b.d, b.labels, new SplittableRandom(99));
                    assertEquals(MiningFixtures.show(MiningFixtures.asList(t)),
                            MiningFixtures.show(MiningFixtures.asList(again)), ctx);
                }
            }
        }
    }

    @Test
    void randomPickIsUniformOverCandidates() {
        // Anchor 0 and positive 1 at distance 1; negatives 2..7 at 1.1..1.6, margin 1 → all six are candidates.
        int n = 8;
        float[] v = new float[n * n];
        int[] labels = {0, 0, 1, 1, 2, 2, 3, 3};
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    v[i * n + j] = 3f;
                }
            }
        }
        MinerHardestTest.set(v, n, 0, 1, 1f);
        for (int q = 2; q < n; q++) {
            MinerHardestTest.set(v, n, 0, q, 1f + 0.1f * (q - 1));
        }
        DistanceMatrix d = new DistanceMatrix(v, n);
        SemiHardMiner miner = new SemiHardMiner(1f, Pick.RANDOM, Fallback.SKIP);
        SplittableRandom rng = new SplittableRandom(2024);
        int[] hits = new int[n];
        int draws = 6000;
        for (int r = 0; r < draws; r++) {
            Triplets t = miner.mine(d, labels, rng);
            assertEquals(0, t.anchor(0));
            assertEquals(1, t.positive(0));
            hits[t.negative(0)]++;
        }
        double expected = draws / 6.0;
        double chi2 = 0;
        for (int q = 2; q < n; q++) {
            chi2 += (hits[q] - expected) * (hits[q] - expected) / expected;
        }
        // 5 degrees of freedom: P(χ² > 20.5) ≈ 0.001.
        assertTrue(chi2 < 20.5, "chi-square " + chi2 + " for hits " + java.util.Arrays.toString(hits));
    }

    @Test
    void tiesAmongCandidatesAndFallbacksGoToLowestIndex() {
        // Anchor 0, positive 1 (D = 1). Negatives 2..5: D = 1.2, 1.2, 0.5, 0.5 → hardest candidate 2,
        // and with margin 0.1 no candidate: hardest negative 4 (tie with 5), easiest 2 (tie with 3).
        int n = 6;
        float[] v = new float[n * n];
        int[] labels = {0, 0, 1, 1, 2, 2};
        MinerHardestTest.set(v, n, 0, 1, 1f);
        MinerHardestTest.set(v, n, 0, 2, 1.2f);
        MinerHardestTest.set(v, n, 0, 3, 1.2f);
        MinerHardestTest.set(v, n, 0, 4, 0.5f);
        MinerHardestTest.set(v, n, 0, 5, 0.5f);
        DistanceMatrix d = new DistanceMatrix(v, n);
        assertEquals(2, new SemiHardMiner(0.5f, Pick.HARDEST, Fallback.SKIP).mine(d, labels, new SplittableRandom(0)).negative(0));
        Triplets hard = new SemiHardMiner(0.1f, Pick.HARDEST, Fallback.HARDEST_NEGATIVE).mine(d, labels, new SplittableRandom(0));
        assertEquals(4, hard.negative(0));
        Triplets easy = new SemiHardMiner(0.1f, Pick.HARDEST, Fallback.EASIEST_NEGATIVE).mine(d, labels, new SplittableRandom(0));
        assertEquals(2, easy.negative(0));
        Triplets skip = new SemiHardMiner(0.1f, Pick.HARDEST, Fallback.SKIP).mine(d, labels, new SplittableRandom(0));
        assertTrue(skip.size() < hard.size());
        assertEquals(hard.size(), skip.size() + skip.skipped());
        assertEquals(hard.fallbacks(), skip.skipped());
    }

    @Test
    void noValidTripletGivesEmpty() {
        Random r = new Random(3);
        for (Fallback fb : Fallback.values()) {
            SemiHardMiner m = new SemiHardMiner(0.2f, Pick.RANDOM, fb);
            MiningFixtures.Batch one = MiningFixtures.geometricWithLabels(r, new int[] {1, 1, 1}, "one identity");
            Triplets t = m.mine(one.d, one.labels, new SplittableRandom(0));
            assertTrue(t.isEmpty());
            assertEquals(6, t.skipped());
            assertEquals(0, t.fallbacks());
            MiningFixtures.Batch singles = MiningFixtures.geometricWithLabels(r, new int[] {1, 2, 3}, "singletons");
            assertTrue(m.mine(singles.d, singles.labels, new SplittableRandom(0)).isEmpty());
        }
    }
}
