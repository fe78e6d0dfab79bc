package org.tripletlab.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tripletlab.data.FaceDataset;

/** Choosing the held-out people of a one-shot test, naming them, and sampling matches fairly. */
class OneShotPeopleTest {
    /** Identity i has i + 1 images (1, 2, 3, 4, 5 images), 4×4 grey. */
    private static FaceDataset dataset() {
        List<Integer> labels = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int id = 0; id < 5; id++) {
            for (int k = 0; k <= id; k++) {
                labels.add(id);
                names.add("p" + id + "/" + k);
            }
        }
        int[] l = labels.stream().mapToInt(Integer::intValue).toArray();
        return new FaceDataset(4, 1, new byte[16 * l.length], l, List.of("lfw:A_a", "lfw:B_b", "lfw:C_c", "lfw:George_W_Bush", "lfw:E_e"),
                names, "h", "test");
    }

    @Test
    void peopleWithEnoughPhotosKeepTheirFirstPhotos() {
        FaceDataset ds = dataset();
        OneShotPeople p = OneShotPeople.of(ds, OneShotPeople.allIdentities(ds), 4, 3, 2);
        // identity 3 has images 6..9, identity 4 images 10..14: the first 3 of each
        assertArrayEquals(new int[] {6, 7, 8, 10, 11, 12}, p.images());
        assertArrayEquals(new int[] {3, 3, 3, 4, 4, 4}, p.labels());
        assertEquals(2, p.people());
        assertEquals("2 people, 6 photos: 2 enrolled, 4 queries", p.describe());
        assertEquals("George W Bush", p.name(0));
    }

    @Test
    void tooFewPeopleIsAnError() {
        FaceDataset ds = dataset();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> OneShotPeople.of(ds, OneShotPeople.allIdentities(ds), 4, 10, 3));
        assertEquals("only 2 held-out people with ≥ 4 images; need 3", e.getMessage());
    }

    @Test
    void spreadTakesEvenlySpacedElementsFirstIncluded() {
        assertEquals(List.of(0, 3, 6), OneShotPeople.spread(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8), 3));
        assertEquals(List.of(0, 1), OneShotPeople.spread(List.of(0, 1), 6));
        assertEquals(List.of(), OneShotPeople.spread(List.of(), 6));
    }

    /** The open-set table holds each embedding's DIR at every target FAR as OneShot computed it, row for row. */
    @Test
    void openSetTableIsOneShotsDirAtFar() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        int n = 80;
        float[] tight = new float[n * 2];
        float[] loose = new float[n * 2];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i / 4;
            for (int k = 0; k < 2; k++) {
                tight[2 * i + k] = (float) (3 * (labels[i] % 7) + 0.3 * rnd.nextGaussian() + k * (labels[i] / 7));
                loose[2 * i + k] = (float) rnd.nextGaussian();
            }
        }
        org.tripletlab.eval.OneShot.OpenSet a = org.tripletlab.eval.OneShot.openSetCalibrated(tight, n, 2, labels, 6, 3L, 0.5);
        org.tripletlab.eval.OneShot.OpenSet b = org.tripletlab.eval.OneShot.openSetCalibrated(loose, n, 2, labels, 6, 3L, 0.5);
        tech.tablesaw.api.Table t = OneShotPeople.openSetTable("learned", a, b);
        assertEquals(10, a.enrolled());
        assertEquals("open set, 10 people enrolled, 10 impostors, 6 draws", t.name());
        assertEquals(1 + 3 * org.tripletlab.eval.OneShot.DIR_TARGET_FARS.length, t.columnCount());
        for (int i = 0; i < org.tripletlab.eval.OneShot.DIR_TARGET_FARS.length; i++) {
            String far = i == 0 ? "1 %" : "10 %";
            assertEquals(a.dirAtFar().get(i).dir().mean(), t.doubleColumn("DIR at FAR " + far).get(0), 0);
            assertEquals(b.dirAtFar().get(i).dir().mean(), t.doubleColumn("DIR at FAR " + far).get(1), 0);
            assertEquals(b.dirAtFar().get(i).dir().standardError(), t.doubleColumn("± s.e. (" + far + ")").get(1), 0);
            assertEquals(a.dirAtFar().get(i).falseAlarm().mean(), t.doubleColumn("FAR reached (" + far + ")").get(0), 0);
        }
        // the separated embedding identifies more enrolled photos than noise at 10 %
        assertTrue(t.doubleColumn("DIR at FAR 10 %").get(0) > t.doubleColumn("DIR at FAR 10 %").get(1), t.print());
    }
}
