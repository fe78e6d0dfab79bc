package org.tripletlab.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tripletlab.eval.OneShot;

class OneShotMatchesTest {
    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void enrolsTheFirstImageOfEachIdentity() {
        assertArrayEquals(new int[] {0, 1, 4}, OneShotMatches.enrolFirst(new int[] {5, 3, 5, 3, 9, 9}));
    }

    @Test
    void identifiesEachQueryByTheNearestEnrolledFace() {
        // 2-D points: identity 0 around (0,0), identity 1 around (1,0); row 3 lies nearer identity 0's face
        float[] e = {0, 0, 1, 0, 0.1f, 0, 0.4f, 0, 0.9f, 0.2f};
        int[] labels = {0, 1, 0, 1, 1};
        List<OneShotMatches.Match> m = OneShotMatches.identify(e, 5, 2, labels, OneShotMatches.enrolFirst(labels));
        assertEquals(3, m.size());
        assertEquals(new OneShotMatches.Match(2, 0, 0, 0.1f * 0.1f, 0.1f * 0.1f, true), round(m.get(0)));
        OneShotMatches.Match wrong = round(m.get(1));
        assertEquals(3, wrong.query());
        assertEquals(0, wrong.matched());
        assertEquals(1, wrong.trueGallery());
        assertEquals(0.16, wrong.distance(), 1e-6);
        assertEquals(0.36, wrong.trueDistance(), 1e-6);
        assertFalse(wrong.correct());
        assertTrue(m.get(2).correct());
        assertEquals(2.0 / 3, OneShotMatches.rank1(m), 1e-12);
    }

    private static OneShotMatches.Match round(OneShotMatches.Match m) {
        return new OneShotMatches.Match(m.query(), m.matched(), m.trueGallery(), (float) m.distance(), (float) m.trueDistance(), m.correct());
    }

    @Test
    void aTieWithAnotherIdentityIsWrongAsInOneShot() {
        // the query sits halfway between the two enrolled faces
        float[] e = {0, 0, 2, 0, 1, 0};
        int[] labels = {0, 1, 0};
        OneShotMatches.Match m = OneShotMatches.identify(e, 3, 2, labels, new int[] {0, 1}).get(0);
        assertFalse(m.correct());
        assertEquals(1, m.matched());
        float[] e2 = {0, 0, 2, 0, 1, 0, 2, 0};
        int[] labels2 = {0, 1, 0, 1};
        double r1 = OneShotMatches.rank1(OneShotMatches.identify(e2, 4, 2, labels2, new int[] {0, 1}));
        assertEquals(0.5, r1, 1e-12, "query 2 ties (wrong), query 3 sits on its own face (right)");
    }

    @Test
    void matchesOneShotWhenEveryIdentityHasTwoImagesAndBothEnrolmentsAgree() {
        // Identity 0: rows 0, 2; identity 1: rows 1, 3. Embeddings make every enrolment choice give the same result:
        // row pairs are tight clusters far apart, so rank-1 is 1 for any draw, here and in OneShot.
        float[] e = {0, 0, 10, 0, 0.1f, 0, 10.1f, 0};
        int[] labels = {0, 1, 0, 1};
        assertEquals(1.0, OneShotMatches.rank1(OneShotMatches.identify(e, 4, 2, labels, OneShotMatches.enrolFirst(labels))));
        assertEquals(1.0, OneShot.closedSet(e, 4, 2, labels, 5, 1).rank1().mean(), 1e-12);
    }

    @Test
    void rejectsMissingEnrolmentsAndTooFewIdentities() {
        float[] e = {0, 1, 2, 3};
        assertThrows(IllegalArgumentException.class, () -> OneShotMatches.identify(e, 4, 1, new int[] {0, 1, 2, 2}, new int[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> OneShotMatches.identify(e, 4, 1, new int[] {0, 0, 0, 0}, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> OneShotMatches.rank1(List.of()));
    }

    @Test
    void galleryHasTwoFacesPerMatch() {
        List<OneShotMatches.Match> m = List.of(new OneShotMatches.Match(0, 1, 1, 0.5, 0.5, true),
                new OneShotMatches.Match(2, 1, 3, 0.7, 0.9, false), new OneShotMatches.Match(4, 3, 3, 0.1, 0.1, true));
        BufferedImage face = FaceGrid.face(new byte[16 * 16], 16, 1);
        BufferedImage img = OneShotMatches.gallery(m, r -> face, r -> "person " + r, 2, 48);
        assertEquals(4 * FaceGrid.cellWidth(48), img.getWidth(), "2 pairs a row = 4 faces");
        assertEquals(2 * FaceGrid.cellHeight(48, 3), img.getHeight(), "3 pairs → 2 rows, 3 caption lines");
    }
}
