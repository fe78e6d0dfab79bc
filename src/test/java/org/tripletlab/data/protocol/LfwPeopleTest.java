package org.tripletlab.data.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.data.DataException;

class LfwPeopleTest {
    @TempDir
    Path lfw;

    @Test
    void foldsAreReadInOrderWithTheirPeople() {
        Fixtures.text(lfw.resolve("people.txt"), "3", "2", "Ann_Lee\t3", "Bo\t1", "1", "Cy_Dee\t2", "0");
        LfwPeople p = LfwPeople.folds(lfw);
        assertEquals(3, p.foldCount());
        assertEquals(List.of(new LfwPeople.Person("Ann_Lee", 3), new LfwPeople.Person("Bo", 1)), p.folds().get(0));
        assertEquals(List.of(), p.folds().get(2));
        assertEquals(4, p.imageCount(0));
        assertEquals(Set.of("Cy_Dee"), p.namesExcept(0));
        assertEquals(Set.of("Ann_Lee", "Bo"), p.namesExcept(1));
        assertEquals(Set.of("Ann_Lee", "Bo", "Cy_Dee"), p.names(0, 1));
    }

    @Test
    void devListsAreOneFold() {
        Fixtures.text(lfw.resolve("peopleDevTest.txt"), "2", "Ann_Lee 3", "Bo 1");
        Fixtures.text(lfw.resolve("peopleDevTrain.txt"), "1", "Cy_Dee 2");
        assertEquals(Set.of("Ann_Lee", "Bo"), LfwPeople.devTest(lfw).names(0));
        assertEquals(1, LfwPeople.devTrain(lfw).foldCount());
    }

    @Test
    void countMismatchAndRepeatedPeopleAreErrors() {
        Fixtures.text(lfw.resolve("people.txt"), "2", "2", "Ann_Lee\t3", "1", "Cy_Dee\t2");
        DataException e = assertThrows(DataException.class, () -> LfwPeople.folds(lfw));
        assertTrue(e.getMessage().contains("people.txt:4"), e.getMessage()); // "1" read as person 2 of fold 1

        Fixtures.text(lfw.resolve("people.txt"), "2", "1", "Ann_Lee\t3", "1", "Ann_Lee\t3");
        e = assertThrows(DataException.class, () -> LfwPeople.folds(lfw));
        assertTrue(e.getMessage().contains("Ann_Lee is listed in fold 1 and fold 2"), e.getMessage());

        Fixtures.text(lfw.resolve("people.txt"), "1", "1", "Ann_Lee\t3", "Bo\t1");
        e = assertThrows(DataException.class, () -> LfwPeople.folds(lfw));
        assertTrue(e.getMessage().contains("people.txt:4") && e.getMessage().contains("extra line"), e.getMessage());

        Fixtures.text(lfw.resolve("peopleDevTest.txt"), "1", "Ann_Lee three");
        e = assertThrows(DataException.class, () -> LfwPeople.devTest(lfw));
        assertTrue(e.getMessage().contains("peopleDevTest.txt:2") && e.getMessage().contains("image count"), e.getMessage());
    }
}
