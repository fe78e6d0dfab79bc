package org.tripletlab.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OneShotTest {
    private static final double EPS = 1e-12;

    @Test
    void rankOneKnownForEveryDraw() {
        // 1-D: A = {0, 0.25}, B = {5, 5.25}, C = {0.625, 10}, D = {42} (single image: ignored).
        // Whatever the gallery draw, A's and B's probes find their own gallery image first.
        // C: gallery 0.625, probe 10 → B's gallery (≈5) is nearer → rank 2;
        //    gallery 10, probe 0.625 → A's gallery (≤ 0.625 away) is nearer, then B → rank 3.
        // So every draw: 3 probes, 2 correct at rank 1 → rank-1 = 2/3; rank-5 = 1 (only 3 identities).
        float[] e = {0f, 0.25f, 5f, 5.25f, 0.625f, 10f, 42f};
        int[] labels = {1, 1, 2, 2, 3, 3, 4};
        OneShot.ClosedSet r = OneShot.closedSet(e, 7, 1, labels, 8, 11L);
        assertEquals(3, r.identities());
        assertEquals(1, r.ignoredSingleImageIdentities());
        assertEquals(3, r.probesPerDraw());
        assertEquals(2 / 3.0, r.rank1().mean(), EPS);
        assertEquals(0.0, r.rank1().standardError(), EPS);
        assertEquals(1.0, r.rank5().mean(), EPS);
    }

    @Test
    void rankFiveDependsOnTheDraw() {
        // Identities k = 0..5 at {10k, 10k + 0.25}; identity X = {26, 1000}.
        // Others are always right at rank 1; X never is → rank-1 = 6/7 in every draw.
        // X's gallery 26, probe 1000: galleries 50, 40, 30 are nearer → rank 4 (≤ 5).
        // X's gallery 1000, probe 26: all six others are nearer → rank 7 (> 5).
        // So each draw's rank-5 is 1 or 6/7, and over many draws both occur.
        float[] e = new float[14];
        int[] labels = new int[14];
        for (int k = 0; k < 6; k++) {
            e[2 * k] = 10 * k;
            e[2 * k + 1] = 10 * k + 0.25f;
            labels[2 * k] = k;
            labels[2 * k + 1] = k;
        }
        e[12] = 26;
        e[13] = 1000;
        labels[12] = 99;
        labels[13] = 99;
        OneShot.ClosedSet r = OneShot.closedSet(e, 14, 1, labels, 40, 5L);
        assertEquals(6 / 7.0, r.rank1().mean(), EPS);
        int ones = 0;
        for (double v : r.drawRank5()) {
            assertTrue(Math.abs(v - 1) < EPS || Math.abs(v - 6 / 7.0) < EPS, "rank-5 " + v);
            ones += Math.abs(v - 1) < EPS ? 1 : 0;
        }
        assertTrue(ones > 0 && ones < 40, "both gallery choices occur in 40 draws: " + ones);
        assertEquals(6 / 7.0 + ones / 40.0 / 7, r.rank5().mean(), 1e-9);
        // Same seed → same numbers.
        assertEquals(r.rank5().mean(), OneShot.closedSet(e, 14, 1, labels, 40, 5L).rank5().mean(), 0);
    }

    /** Four identities at 0, 10, 20, 30 with images {10k, 10k + 0.25}: nearest-gallery distance of a known probe is 0.0625. */
    private static float[] fourTight(int[] labels) {
        float[] e = new float[8];
        for (int k = 0; k < 4; k++) {
            e[2 * k] = 10 * k;
            e[2 * k + 1] = 10 * k + 0.25f;
            labels[2 * k] = k;
            labels[2 * k + 1] = k;
        }
        return e;
    }

    @Test
    void openSetByHand() {
        int[] labels = new int[8];
        float[] e = fourTight(labels);
        // Half enrolled: 2 identities → 2 known probes (d = 0.0625); 2 unknown identities → 4 unknown
        // probes, each ≥ 9.75² ≈ 95 from any other identity's image.
        OneShot.OpenSet good = OneShot.openSet(e, 8, 1, labels, 5, 1L, 0.5, 1.0);
        assertEquals(2, good.enrolled());
        assertEquals(1.0, good.detectionAndIdentification().mean(), EPS);
        assertEquals(0.0, good.falseAlarm().mean(), EPS);
        assertEquals(1.0, good.accuracy().mean(), EPS);
        // Threshold too large: unknowns accepted too → DIR 1, false alarms 1, accuracy 2/6, balanced ½.
        OneShot.OpenSet loose = OneShot.openSet(e, 8, 1, labels, 5, 1L, 0.5, 1e6);
        assertEquals(1.0, loose.detectionAndIdentification().mean(), EPS);
        assertEquals(1.0, loose.falseAlarm().mean(), EPS);
        assertEquals(2 / 6.0, loose.accuracy().mean(), EPS);
        assertEquals(0.5, loose.balancedAccuracy().mean(), EPS);
        // Threshold too small: everything "unknown" → DIR 0, false alarms 0, accuracy 4/6, balanced ½.
        OneShot.OpenSet tight = OneShot.openSet(e, 8, 1, labels, 5, 1L, 0.5, 0.01);
        assertEquals(0.0, tight.detectionAndIdentification().mean(), EPS);
        assertEquals(4 / 6.0, tight.accuracy().mean(), EPS);
        // Calibration finds a threshold between the known distances (0.0625) and the unknowns' (> 90).
        OneShot.OpenSet cal = OneShot.openSetCalibrated(e, 8, 1, labels, 5, 1L, 0.5);
        assertTrue(cal.threshold() > 0.0625 && cal.threshold() < 90, "threshold " + cal.threshold());
        assertEquals(1.0, cal.balancedAccuracy().mean(), EPS);
        assertTrue(cal.thresholdSource().startsWith("calibrated"));
    }

    @Test
    void dirAtFarByHand() {
        // The four tight identities: the unknowns are ≥ 9.75² ≈ 95 from every gallery image, the known probes 0.0625
        // from their own → at 1 % and 10 % of 4 unknown probes no alarm is allowed; the threshold sits just below
        // the nearest unknown (between 9.75² and 10.25²) and every known probe is identified.
        int[] labels = new int[8];
        float[] e = fourTight(labels);
        OneShot.OpenSet open = OneShot.openSet(e, 8, 1, labels, 5, 1L, 0.5, 1e6);
        assertEquals(OneShot.DIR_TARGET_FARS.length, open.dirAtFar().size());
        for (OneShot.DirAtFar d : open.dirAtFar()) {
            assertEquals(1.0, d.dir().mean(), EPS);
            assertEquals(0.0, d.falseAlarm().mean(), EPS);
            for (double t : d.drawThresholds()) {
                assertTrue(t > 95 && t < 10.25 * 10.25, "threshold " + t);
            }
        }
        // Probes by hand: unknowns at 1, 2, 2, 2, 5 (U = 5); known right at 0.5 and 2, wrong at 1.5.
        float[] dist = {1, 2, 2, 2, 5, 0.5f, 2, 1.5f};
        boolean[] unknown = {true, true, true, true, true, false, false, false};
        boolean[] right = {false, false, false, false, false, true, true, false};
        // f = 0.1: ⌊0.5⌋ = 0 alarms allowed → t just below 1: only the probe at 0.5 → DIR 1/3, FAR 0.
        assertPoint(OneShot.dirAtFar(dist, right, unknown, 0.1), Math.nextDown(1.0), 1 / 3.0, 0);
        // f = 0.2 and 0.6: 1 and 3 allowed, but accepting the unknowns at 2 means all three ties → t just below 2.
        assertPoint(OneShot.dirAtFar(dist, right, unknown, 0.2), Math.nextDown(2.0), 1 / 3.0, 0.2);
        assertPoint(OneShot.dirAtFar(dist, right, unknown, 0.6), Math.nextDown(2.0), 1 / 3.0, 0.2);
        // f = 0.8: 4 allowed → t just below 5: known at 2 accepted too → DIR 2/3, FAR 4/5.
        assertPoint(OneShot.dirAtFar(dist, right, unknown, 0.8), Math.nextDown(5.0), 2 / 3.0, 0.8);
        // f = 1: everything accepted.
        assertPoint(OneShot.dirAtFar(dist, right, unknown, 1.0), Double.POSITIVE_INFINITY, 2 / 3.0, 1.0);
    }

    private static void assertPoint(OneShot.OperatingPoint p, double threshold, double dir, double far) {
        assertEquals(threshold, p.threshold(), 0, "threshold");
        assertEquals(dir, p.dir(), EPS, "DIR");
        assertEquals(far, p.falseAlarm(), EPS, "FAR");
    }

    /**
     * Oracle: every candidate threshold (−∞ and each probe's distance), kept when it accepts at most ⌊f·U⌋ unknowns
     * (f = a/100, counted in integers); the best DIR among them. Random probes with many ties.
     */
    @Test
    void dirAtFarMatchesBruteForce() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        int[] percents = {0, 1, 5, 10, 25, 50, 99, 100};
        for (int trial = 0; trial < 300; trial++) {
            int n = 2 + rnd.nextInt(60);
            float[] dist = new float[n];
            boolean[] unknown = new boolean[n];
            boolean[] right = new boolean[n];
            for (int i = 0; i < n; i++) {
                dist[i] = rnd.nextInt(12) / 4f; // few distinct values → ties
                unknown[i] = i == 0 || (i != 1 && rnd.nextBoolean());
                right[i] = !unknown[i] && rnd.nextInt(3) > 0;
            }
            int u = 0;
            for (boolean b : unknown) {
                u += b ? 1 : 0;
            }
            int known = n - u;
            for (int a : percents) {
                int allowed = a * u / 100;
                double bestDir = -1;
                double[] candidates = new double[n + 1];
                candidates[0] = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    candidates[i + 1] = dist[i];
                }
                for (double t : candidates) {
                    int alarms = 0;
                    int hits = 0;
                    for (int i = 0; i < n; i++) {
                        if (dist[i] <= t) {
                            alarms += unknown[i] ? 1 : 0;
                            hits += right[i] ? 1 : 0;
                        }
                    }
                    if (alarms <= allowed) {
                        bestDir = Math.max(bestDir, (double) hits / known);
                    }
                }
                OneShot.OperatingPoint p = OneShot.dirAtFar(dist, right, unknown, a / 100.0);
                String what = "trial " + trial + ", f = " + a + " %";
                assertEquals(bestDir, p.dir(), EPS, what);
                assertTrue(p.falseAlarm() <= a / 100.0 + EPS, what + ": realised FAR " + p.falseAlarm());
            }
        }
    }

    /** The curve's per-draw thresholds, given back to the thresholded evaluation (1 draw), give the same DIR and FAR. */
    @Test
    void dirAtFarIsTheThresholdedEvaluationAtItsThreshold() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        int n = 120;
        int dim = 4;
        float[] e = new float[n * dim];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i / 4; // 30 identities of 4 images
            for (int k = 0; k < dim; k++) {
                e[i * dim + k] = (float) (labels[i] % 5 + rnd.nextGaussian());
            }
        }
        OneShot.OpenSet open = OneShot.openSet(e, n, dim, labels, 1, 9L, 0.5, 1.0);
        for (OneShot.DirAtFar d : open.dirAtFar()) {
            OneShot.OpenSet at = OneShot.openSet(e, n, dim, labels, 1, 9L, 0.5, d.drawThresholds()[0]);
            assertEquals(at.detectionAndIdentification().mean(), d.dir().mean(), EPS, "DIR at FAR " + d.targetFar());
            assertEquals(at.falseAlarm().mean(), d.falseAlarm().mean(), EPS, "FAR at FAR " + d.targetFar());
            assertTrue(d.falseAlarm().mean() <= d.targetFar(), "realised " + d.falseAlarm().mean());
        }
        // Not degenerate: 10 % admits more known probes than 1 %.
        assertTrue(open.dirAtFar().get(1).dir().mean() > open.dirAtFar().get(0).dir().mean(),
                open.dirAtFar().get(0).dir() + " vs " + open.dirAtFar().get(1).dir());
    }
}
