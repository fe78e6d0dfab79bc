package org.tripletlab.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tripletlab.distance.PairDistances;
import org.tripletlab.util.Json;

/** Known answers computed by hand. All distances are multiples of 1/8: exact in float and double. */
class FoldedVerificationTest {
    private static final double EPS = 1e-12;

    /** Builder of (distance, same, fold) triples. */
    private static final class Pairs {
        final List<float[]> rows = new ArrayList<>();

        Pairs add(int fold, boolean same, double... ds) {
            for (double d : ds) {
                rows.add(new float[] {(float) d, same ? 1 : 0, fold});
            }
            return this;
        }

        float[] d() {
            float[] a = new float[rows.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = rows.get(i)[0];
            }
            return a;
        }

        boolean[] same() {
            boolean[] a = new boolean[rows.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = rows.get(i)[1] == 1;
            }
            return a;
        }

        int[] fold() {
            int[] a = new int[rows.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = (int) rows.get(i)[2];
            }
            return a;
        }

        FoldedVerification.Result eval(int folds, double far) {
            return FoldedVerification.evaluate(d(), same(), fold(), folds, far);
        }
    }

    @Test
    void thresholdNeverSeesItsOwnFold() {
        // Fold 0 lives at large distances (same 2.0..2.5, different 3.0..3.5, 5 + 5 pairs); folds 1
        // and 2 at small ones.
        Pairs p = new Pairs()
                .add(0, true, 2.0, 2.125, 2.25, 2.375, 2.5).add(0, false, 3.0, 3.125, 3.25, 3.375, 3.5)
                .add(1, true, 0.5, 0.75).add(1, false, 1.0, 1.25)
                .add(2, true, 0.25, 0.625).add(2, false, 1.125, 1.5);
        FoldedVerification.Result r = p.eval(3, 0.5);
        // Fold 0, trained on folds 1+2: 0.25S 0.5S 0.625S 0.75S | 1.0D 1.125D 1.25D 1.5D → all 8 correct
        // only at t = (0.75 + 1.0)/2 = 0.875. On fold 0 that rejects everything: 5 of 10 correct.
        // (Had fold 0 been in the training set, 2.75 would win with 14 of 18 and fold 0 would score 1.0.)
        assertEquals(0.875, r.thresholds()[0], EPS);
        assertEquals(0.5, r.foldAccuracy()[0], EPS);
        // Fold 1, trained on folds 0+2 (7 same, 7 different): correct counts by cut —
        // none 7, ≤0.25 8, ≤0.625 9, ≤1.125 8, ≤1.5 7, ≤2.0 8, … ≤2.5 12, ≤3.0 11 … → t = 2.75.
        // Fold 1 at 2.75 accepts all four: same 2 right, different 2 wrong → 0.5.
        assertEquals(2.75, r.thresholds()[1], EPS);
        assertEquals(0.5, r.foldAccuracy()[1], EPS);
        // Fold 2, trained on folds 0+1: ≤0.75 gives 9, ≤2.5 gives 12 → t = 2.75 → 0.5.
        assertEquals(2.75, r.thresholds()[2], EPS);
        assertEquals(0.5, r.foldAccuracy()[2], EPS);
        assertEquals(0.5, r.accuracy().mean(), EPS);
        assertEquals(0.0, r.accuracy().standardError(), EPS);
        assertEquals(18, r.pairs());
        assertEquals(9, r.samePairs());
    }

    @Test
    void tiesGoToTheSmallestThresholdAndStandardErrorIsStdOverRootFolds() {
        Pairs p = new Pairs()
                .add(0, true, 0.5, 1.25).add(0, false, 1.5, 2.0)
                .add(1, true, 0.25, 1.75).add(1, false, 1.0, 2.5);
        FoldedVerification.Result r = p.eval(2, 0.5);
        // Fold 0 from fold 1 (0.25S 1.0D 1.75S 2.5D): correct none 2, ≤0.25 3, ≤1.0 2, ≤1.75 3, ≤2.5 2.
        // Tie between 0.625 and 2.125 → smallest, 0.625. Fold 0: 0.5 ✓ 1.25 ✗ 1.5 ✓ 2.0 ✓ → 0.75.
        assertEquals(0.625, r.thresholds()[0], EPS);
        assertEquals(0.75, r.foldAccuracy()[0], EPS);
        // Fold 1 from fold 0 (0.5S 1.25S 1.5D 2.0D): best ≤1.25 (4 of 4) → t = 1.375.
        // Fold 1: 0.25 ✓ 1.75 ✗ (same, rejected) 1.0 ✗ (different, accepted) 2.5 ✓ → 0.5.
        assertEquals(1.375, r.thresholds()[1], EPS);
        assertEquals(0.5, r.foldAccuracy()[1], EPS);
        // mean 0.625; sample std = sqrt(2 · 0.125² / 1) = 0.1767767; s.e. = std / √2 = 0.125.
        assertEquals(0.625, r.accuracy().mean(), EPS);
        assertEquals(Math.sqrt(2 * 0.125 * 0.125), r.accuracy().std(), EPS);
        assertEquals(0.125, r.accuracy().standardError(), EPS);
    }

    private static Pairs valFarPairs() {
        return new Pairs()
                .add(0, true, 0.5, 1.0, 1.5, 3.0).add(0, false, 1.25, 2.0, 2.5, 3.5)
                .add(1, true, 0.25, 0.75, 2.25, 2.75).add(1, false, 1.75, 3.25, 3.75, 3.875);
    }

    @Test
    void valAtFarChoosesTheLargestThresholdWithinTheTargetOnTheOtherFolds() {
        FoldedVerification.ValAtFar v = valFarPairs().eval(2, 0.25).valAtFar();
        // Target 0.25 with 4 different training pairs: at most 1 false accept.
        // Fold 0 from fold 1: 0.25S 0.75S 1.75D(1 FA) 2.25S 2.75S 3.25D(2 FA: too many)
        //   → largest candidate = (2.75 + 3.25)/2 = 3.0. Fold 0 at 3.0: same 0.5 1.0 1.5 3.0 all accepted
        //   → VAL 1.0; different 1.25 2.0 2.5 accepted → FAR 0.75.
        // Fold 1 from fold 0: 0.5S 1.0S 1.25D(1 FA) 1.5S 2.0D(2 FA) → t = (1.5 + 2.0)/2 = 1.75.
        //   Fold 1 at 1.75: same 0.25 0.75 → VAL 0.5; different 1.75 (≤ 1.75) → FAR 0.25.
        assertArrayEquals(new double[] {3.0, 1.75}, v.thresholds(), EPS);
        assertArrayEquals(new double[] {1.0, 0.5}, v.foldVal(), EPS);
        assertArrayEquals(new double[] {0.75, 0.25}, v.foldFar(), EPS);
        assertEquals(0.75, v.val().mean(), EPS);
        assertEquals(0.25, v.val().standardError(), EPS); // std = 0.25·√2, / √2
        assertEquals(0.5, v.meanFar(), EPS);
        assertEquals(4, v.neededDifferent());
        assertTrue(v.resolved());
    }

    @Test
    void unreachableFarResolutionIsFlaggedNotSilentlyZero() {
        FoldedVerification.ValAtFar v = valFarPairs().eval(2, 0.1).valAtFar();
        // FAR 0.1 needs 10 different pairs; 4 per training split → only FAR = 0 is admissible.
        // Fold 0 from fold 1: largest with 0 FA is after 0.75 → (0.75 + 1.75)/2 = 1.25 (not 0!).
        //   Fold 0 at 1.25: same 0.5 1.0 → VAL 0.5; different 1.25 → FAR 0.25.
        // Fold 1 from fold 0: after 1.0 → (1.0 + 1.25)/2 = 1.125. Fold 1: VAL 0.5, FAR 0.
        assertArrayEquals(new double[] {1.25, 1.125}, v.thresholds(), EPS);
        assertArrayEquals(new double[] {0.5, 0.5}, v.foldVal(), EPS);
        assertArrayEquals(new double[] {0.25, 0.0}, v.foldFar(), EPS);
        assertFalse(v.resolved());
        assertEquals(10, v.neededDifferent());
        assertTrue(v.message().contains("FAR 1e-1 needs at least 10 different pairs per training split; only 4 available"),
                v.message());
        assertTrue(v.message().contains("VAL@FAR=0"), v.message());
        assertEquals(0, v.acceptsNoTrainingSame());
    }

    @Test
    void thresholdThatAcceptsNoSamePairIsCounted() {
        // Fold 1's smallest distance is a different pair: with FAR 0 forced, fold 0's threshold is
        // just below 0.25 and accepts no training pair at all.
        Pairs p = new Pairs()
                .add(0, true, 0.5).add(0, false, 1.0)
                .add(1, true, 0.5).add(1, false, 0.25);
        FoldedVerification.ValAtFar v = p.eval(2, 0.1).valAtFar();
        assertEquals(Math.nextDown(0.25), v.thresholds()[0], 0);
        assertEquals(0.0, v.foldVal()[0], EPS);
        assertEquals(1, v.acceptsNoTrainingSame());
        assertTrue(v.message().contains("accepts no same pair"), v.message());
    }

    @Test
    void lfwSizedResolutionMessage() {
        Random rnd = new Random(7);
        Pairs p = new Pairs();
        for (int f = 0; f < 10; f++) {
            for (int i = 0; i < 300; i++) {
                p.add(f, true, 1.0 + 0.5 * rnd.nextGaussian());
                p.add(f, false, 2.0 + 0.5 * rnd.nextGaussian());
            }
        }
        FoldedVerification.Result r = p.eval(10, 1e-3);
        FoldedVerification.ValAtFar v = r.valAtFar();
        assertTrue(v.resolved());
        assertEquals(1000, v.neededDifferent());
        assertTrue(v.message().startsWith(
                "FAR 1e-3 needs at least 1,000 different pairs per training split; 2,700 available → resolution 3.7e-4"),
                v.message());
        for (double t : v.thresholds()) {
            assertTrue(t > 0);
        }
        assertEquals(10, r.accuracy().n());
        assertTrue(r.accuracy().mean() > 0.8 && r.accuracy().mean() < 0.9, r.accuracy().toString());
        assertTrue(Json.write(r.toMap()).contains("\"val_at_far\""));
    }

    @Test
    void rocAucAndEerByHand() {
        // same {0.5, 1.0, 2.0}, different {1.5, 2.5, 3.0}
        float[] d = {0.5f, 1.0f, 2.0f, 1.5f, 2.5f, 3.0f};
        boolean[] s = {true, true, true, false, false, false};
        FoldedVerification.Roc roc = FoldedVerification.roc(d, s);
        // Points: (0,0) (0,1/3) (0,2/3) (1/3,2/3) (1/3,1) (2/3,1) (1,1) at thresholds ·, 0.5 1.0 1.5 2.0 2.5 3.0
        assertArrayEquals(new double[] {0, 0, 0, 1 / 3.0, 1 / 3.0, 2 / 3.0, 1}, roc.fpr(), EPS);
        assertArrayEquals(new double[] {0, 1 / 3.0, 2 / 3.0, 2 / 3.0, 1, 1, 1}, roc.tpr(), EPS);
        assertArrayEquals(new double[] {0.5, 1.0, 1.5, 2.0, 2.5, 3.0},
                java.util.Arrays.copyOfRange(roc.thresholds(), 1, 7), EPS);
        // AUC: pairs (s, d) with d > s: 0.5→3, 1.0→3, 2.0→2 = 8 of 9.
        assertEquals(8.0 / 9, roc.auc(), EPS);
        // FPR + TPR − 1 over the points: −1, −2/3, −1/3, 0 → EER at the point (1/3, 2/3), threshold 1.5.
        assertEquals(1 / 3.0, roc.eer(), EPS);
        assertEquals(1.5, roc.eerThreshold(), EPS);
    }

    @Test
    void tiedDistancesCountHalfInAuc() {
        // same {1.0, 2.0}, different {1.0, 3.0}: s=1.0 → ½ (tie) + 1; s=2.0 → 1. AUC = 2.5 / 4.
        float[] d = {1.0f, 2.0f, 1.0f, 3.0f};
        boolean[] s = {true, true, false, false};
        FoldedVerification.Roc roc = FoldedVerification.roc(d, s);
        assertEquals(0.625, roc.auc(), EPS);
        // Points (0,0) (½,½) (½,1) (1,1): FPR + TPR − 1 reaches 0 at (½,½), threshold 1.0.
        assertEquals(0.5, roc.eer(), EPS);
        assertEquals(1.0, roc.eerThreshold(), EPS);
    }

    @Test
    void eerIsInterpolatedBetweenRocPoints() {
        // same {1.0, 2.0, 3.0}, different {1.5, 2.5}. Points: (0,0) (0,⅓) (½,⅓) (½,⅔) (1,⅔) (1,1)
        // at thresholds ·, 1.0, 1.5, 2.0, 2.5, 3.0. FPR + TPR − 1: −1, −⅔, −⅙, +⅙ → halfway along
        // the segment (½,⅓)→(½,⅔): FPR = ½ = FNR; threshold halfway between 1.5 and 2.0 = 1.75.
        float[] d = {1.0f, 2.0f, 3.0f, 1.5f, 2.5f};
        boolean[] s = {true, true, true, false, false};
        FoldedVerification.Roc roc = FoldedVerification.roc(d, s);
        assertEquals(0.5, roc.eer(), EPS);
        assertEquals(1.75, roc.eerThreshold(), EPS);
        // AUC: 1.0→2, 2.0→1, 3.0→0 = 3 of 6.
        assertEquals(0.5, roc.auc(), EPS);
    }

    @Test
    void aucAgreesWithMannWhitneyMerge() {
        Random rnd = new Random(3);
        float[] same = new float[500];
        float[] diff = new float[700];
        for (int i = 0; i < same.length; i++) {
            same[i] = Math.round((1 + rnd.nextGaussian()) * 16) / 16f; // coarse values: many ties
        }
        for (int i = 0; i < diff.length; i++) {
            diff[i] = Math.round((2 + rnd.nextGaussian()) * 16) / 16f;
        }
        FoldedVerification.SingleSplit r = FoldedVerification.single(new PairDistances(same, diff), 1e-2);
        assertEquals(Verification.auc(same, diff), r.roc().auc(), 1e-12);
    }

    @Test
    void singleSplitByHand() {
        // same {0.5, 1.0, 2.0}, different {1.5, 2.5, 3.0}. Correct by cut: none 3, ≤0.5 4, ≤1.0 5,
        // ≤1.5 4, ≤2.0 5, ≤2.5 4, ≤3.0 3 → tie of 5 → smallest: t = 1.25, accuracy 5/6.
        float[] d = {0.5f, 1.0f, 2.0f, 1.5f, 2.5f, 3.0f};
        boolean[] s = {true, true, true, false, false, false};
        FoldedVerification.SingleSplit r = FoldedVerification.single(d, s, 0.34);
        assertEquals(1.25, r.threshold(), EPS);
        assertEquals(5 / 6.0, r.accuracy(), EPS);
        // FAR ≤ 0.34 with 3 different pairs: 1 false accept → largest cut after 2.0 → t = 2.25,
        // VAL 1, FAR 1/3; needs 3 different pairs (1/3 ≤ 0.34 < 1/2): resolved.
        assertEquals(2.25, r.valThreshold(), EPS);
        assertEquals(1.0, r.val(), EPS);
        assertEquals(1 / 3.0, r.far(), EPS);
        assertEquals(3, r.neededDifferent());
        assertTrue(r.resolved());
    }

    @Test
    void rejectsBadInput() {
        Pairs p = new Pairs().add(0, true, 0.5).add(0, false, 1.0).add(2, true, 0.5);
        assertThrows(IllegalArgumentException.class, () -> p.eval(3, 1e-3)); // fold 1 empty
        assertThrows(IllegalArgumentException.class, () -> p.eval(2, 1e-3)); // fold 2 out of range
        assertThrows(IllegalArgumentException.class,
                () -> FoldedVerification.single(new float[] {Float.NaN}, new boolean[] {true}, 1e-3));
    }
}
