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
}
