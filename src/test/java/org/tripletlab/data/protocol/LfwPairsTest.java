package org.tripletlab.data.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.data.DataException;
import org.tripletlab.data.FaceDataset;

class LfwPairsTest {
    @TempDir
    Path lfw;

    @BeforeEach
    void people() {
        Fixtures.lfwPerson(lfw, "Ann_Lee", 3);
        Fixtures.lfwPerson(lfw, "Bo", 2);
        Fixtures.lfwPerson(lfw, "Cy_Dee", 2);
    }

    @Test
    void view2ReadsFoldsPairsAndDistinctImages() {
        Fixtures.text(lfw.resolve("pairs.txt"),
                "2\t2",
                "Ann_Lee\t1\t2", "Bo\t1\t2",
                "Ann_Lee\t1\tBo\t1", "Bo\t2\tCy_Dee\t1",
                "Ann_Lee 2 3", "Cy_Dee 1 2",          // blanks work as separators too
                "Ann_Lee\t3\tCy_Dee\t2", "",           // a blank line is ignored
                "Bo\t1\tCy_Dee\t1");
        PairProtocol p = LfwPairs.view2(lfw);
        assertEquals("lfw-view2", p.name());
        assertEquals(2, p.foldCount());
        assertEquals(8, p.pairs().size());
        assertEquals(List.of(new PairProtocol.FoldCounts(0, 2, 2), new PairProtocol.FoldCounts(1, 2, 2)), p.foldCounts());
        // Ann_Lee 1..3, Bo 1..2, Cy_Dee 1..2: every image of the fixture, each listed once.
        assertEquals(7, p.images().size());
        assertEquals(7, p.images().stream().map(PairProtocol.Image::path).distinct().count());
        PairProtocol.Pair first = p.pairs().get(0);
        assertTrue(first.same());
        assertEquals("images_deepfunneled/Ann_Lee/Ann_Lee_0001.jpg", p.images().get(first.first()).path());
        assertEquals("images_deepfunneled/Ann_Lee/Ann_Lee_0002.jpg", p.images().get(first.second()).path());
        PairProtocol.Pair diff = p.pairs().get(2);
        assertFalse(diff.same());
        assertEquals("lfw:Ann_Lee", p.images().get(diff.first()).identity());
        assertEquals("lfw:Bo", p.images().get(diff.second()).identity());
        assertEquals(first.first(), diff.first(), "Ann_Lee_0001 is reused, not listed twice");
        for (PairProtocol.Pair q : p.pairs()) {
            boolean sameId = p.images().get(q.first()).identity().equals(p.images().get(q.second()).identity());
            assertEquals(q.same(), sameId, q.toString());
        }
        assertEquals(1, p.fold(1).get(0).fold());
        assertEquals(4, p.fold(1).size());
    }

    @Test
    void loadImagesDecodesEachDistinctImageOnce() {
        Fixtures.text(lfw.resolve("pairs.txt"), "1 1", "Ann_Lee 1 2", "Bo 1 Cy_Dee 2");
        PairProtocol p = LfwPairs.view2(lfw);
        FaceDataset ds = p.loadImages(4, 1, null);
        assertEquals(4, ds.size());
        assertEquals(3, ds.identityCount());
        assertEquals(ds.label(0), ds.label(1));
        assertEquals("lfw:Ann_Lee", ds.identityName(ds.label(0)));
        assertEquals("lfw:images_deepfunneled/Bo/Bo_0001.jpg", ds.imageName(2));
        // image k of a person is grey 40·k: decoded pixels follow the protocol's image order
        assertEquals(40, ds.pixels()[0] & 0xff, 3);
        assertEquals(80, ds.pixels()[ds.imageBytes()] & 0xff, 3);
    }

    @Test
    void view1HasOneFoldOfNSameThenNDifferent() {
        Fixtures.text(lfw.resolve("pairsDevTest.txt"), "2", "Ann_Lee 1 3", "Bo 1 2", "Ann_Lee 1 Bo 2", "Bo 1 Cy_Dee 1");
        Fixtures.text(lfw.resolve("pairsDevTrain.txt"), "1", "Cy_Dee 1 2", "Ann_Lee 2 Cy_Dee 2");
        PairProtocol test = LfwPairs.view1Test(lfw);
        assertEquals(1, test.foldCount());
        assertEquals(List.of(new PairProtocol.FoldCounts(0, 2, 2)), test.foldCounts());
        assertEquals("lfw-view1-train", LfwPairs.view1Train(lfw).name());
        assertEquals(2, LfwPairs.view1Train(lfw).pairs().size());
    }

    @Test
    void missingImageIsAnErrorNamingTheLineAndThePath() {
        Fixtures.text(lfw.resolve("pairs.txt"), "1 1", "Ann_Lee 1 2", "Bo 1 Cy_Dee 7");
        DataException e = assertThrows(DataException.class, () -> LfwPairs.view2(lfw));
        assertTrue(e.getMessage().contains("pairs.txt:3"), e.getMessage());
        assertTrue(e.getMessage().contains("images_deepfunneled/Cy_Dee/Cy_Dee_0007.jpg"), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void malformedLinesAreErrorsNamingFileAndLine() {
        Fixtures.text(lfw.resolve("pairs.txt"), "1 1", "Ann_Lee 1 x", "Bo 1 Cy_Dee 1");
        assertMessage("pairs.txt:2", "'x' is not an integer");
        Fixtures.text(lfw.resolve("pairs.txt"), "1 1", "Ann_Lee 0 1", "Bo 1 Cy_Dee 1");
        assertMessage("pairs.txt:2", "below 1");
        // a different-person line where the same-person block is still due
        Fixtures.text(lfw.resolve("pairs.txt"), "1 2", "Ann_Lee 1 2", "Ann_Lee 1 Bo 1", "Bo 1 Cy_Dee 1", "Bo 2 Cy_Dee 2");
        assertMessage("pairs.txt:3", "same-person pair 2 of 2 in fold 1");
        Fixtures.text(lfw.resolve("pairs.txt"), "1 1", "Ann_Lee 1 2");
        assertMessage("pairs.txt", "ends early");
        Fixtures.text(lfw.resolve("pairs.txt"), "1 1", "Ann_Lee 1 2", "Bo 1 Cy_Dee 1", "Bo 2 Cy_Dee 2");
        assertMessage("pairs.txt:4", "unexpected extra line");
        Fixtures.text(lfw.resolve("pairs.txt"), "ten 300");
        assertMessage("pairs.txt:1", "fold count");
    }

    @Test
    void missingPairsFileNamesIt() {
        DataException e = assertThrows(DataException.class, () -> LfwPairs.view1Test(lfw));
        assertTrue(e.getMessage().contains("pairsDevTest.txt") && e.getMessage().contains("not found"), e.getMessage());
    }

    private void assertMessage(String... parts) {
        DataException e = assertThrows(DataException.class, () -> LfwPairs.view2(lfw));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' not in: " + e.getMessage());
        }
    }
}
