package org.tripletlab.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
