package org.tripletlab.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IdentitySampleTest {
    /** Image list: "b" 5 images, "a" 5, "c" 7, "d" 2, "e" 1, in an interleaved order. */
    private static List<String> images() {
        List<String> ids = new ArrayList<>();
        for (int k = 0; k < 7; k++) {
            if (k < 5) {
                ids.add("b");
                ids.add("a");
            }
            ids.add("c");
            if (k < 2) {
                ids.add("d");
            }
        }
        ids.add("e");
        return ids;
    }

    @Test
    void picksThePeopleWithTheMostImagesTiesByName() {
        IdentitySample s = IdentitySample.choose(images(), 3, 20, 1);
        assertEquals(List.of("c", "a", "b"), s.identities());
        assertEquals(7 + 5 + 5, s.size());
        // every image of "a", ascending indices
        List<String> ids = images();
        for (int i : s.images().get(1)) {
            assertEquals("a", ids.get(i));
        }
        assertEquals(5, s.images().get(1).length);
    }

    @Test
    void singleImagePeopleAreNeverChosen() {
        IdentitySample s = IdentitySample.choose(images(), 10, 20, 1);
        assertEquals(List.of("c", "a", "b", "d"), s.identities());
    }

    @Test
    void capsImagesPerPersonWithASeededSubset() {
        List<String> ids = images();
        IdentitySample s = IdentitySample.choose(ids, 2, 3, 42);
        assertEquals(3, s.images().get(0).length);
        int[] c = s.images().get(0);
        for (int k = 1; k < c.length; k++) {
            assertEquals(true, c[k] > c[k - 1], "ascending, distinct");
        }
        for (int i : c) {
            assertEquals("c", ids.get(i));
        }
        assertArrayEquals(c, IdentitySample.choose(ids, 2, 3, 42).images().get(0), "same seed, same subset");
        // over a few seeds the 3-of-7 subset changes (35 possible subsets)
        boolean changed = false;
        for (long seed = 0; seed < 5; seed++) {
            changed |= !java.util.Arrays.equals(c, IdentitySample.choose(ids, 2, 3, seed).images().get(0));
        }
        assertEquals(true, changed);
    }

    @Test
    void choiceDoesNotDependOnImageOrder() {
        List<String> ids = images();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(8));
        List<String> shuffled = order.stream().map(ids::get).toList();
        IdentitySample a = IdentitySample.choose(ids, 3, 20, 1);
        IdentitySample b = IdentitySample.choose(shuffled, 3, 20, 1);
        assertEquals(a.identities(), b.identities());
        for (int k = 0; k < 3; k++) {
            assertEquals(a.images().get(k).length, b.images().get(k).length);
        }
    }

    @Test
    void tooFewPeopleOrImagesAreErrorsNamingTheOption() {
        assertEquals(true, assertThrows(IllegalArgumentException.class, () -> IdentitySample.choose(images(), 1, 20, 1))
                .getMessage().contains("--projection-identities"));
        assertEquals(true, assertThrows(IllegalArgumentException.class, () -> IdentitySample.choose(images(), 3, 1, 1))
                .getMessage().contains("--projection-images"));
        assertFalse(assertThrows(IllegalArgumentException.class, () -> IdentitySample.choose(List.of("a", "a", "b"), 3, 5, 1))
                .getMessage().isEmpty());
    }
}
