package org.tripletlab.data.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.data.DataException;

class CfpPairsTest {
    @TempDir
    Path cfp;

    /** Two people (001 "Ann Lee", 002 "Bo"), 2 frontal + 1 profile each; F numbers 1..4, P numbers 1..2. */
    @BeforeEach
    void fixture() {
        for (String id : List.of("001", "002")) {
            Fixtures.image(cfp.resolve("Data/Images/" + id + "/frontal/01.jpg"), 8, 10);
            Fixtures.image(cfp.resolve("Data/Images/" + id + "/frontal/02.jpg"), 8, 20);
            Fixtures.image(cfp.resolve("Data/Images/" + id + "/profile/01.jpg"), 8, 30);
        }
        Fixtures.text(cfp.resolve("Data/list_name.txt"), "Ann Lee", "Bo");
        Fixtures.text(cfp.resolve("Protocol/Pair_list_F.txt"),
                "1 ../Data/Images/001/frontal/01.jpg", "2 ../Data/Images/001/frontal/02.jpg",
                "3 ../Data/Images/002/frontal/01.jpg", "4 ../Data/Images/002/frontal/02.jpg");
        Fixtures.text(cfp.resolve("Protocol/Pair_list_P.txt"),
                "1 ../Data/Images/001/profile/01.jpg", "2 ../Data/Images/002/profile/01.jpg");
        for (String fold : List.of("01", "02")) {
            Fixtures.text(cfp.resolve("Protocol/Split/FF/" + fold + "/same.txt"), "1,2", "3,4");
            Fixtures.text(cfp.resolve("Protocol/Split/FF/" + fold + "/diff.txt"), "1,3", "2,4");
            Fixtures.text(cfp.resolve("Protocol/Split/FP/" + fold + "/same.txt"), "1,1", "3,2");
            Fixtures.text(cfp.resolve("Protocol/Split/FP/" + fold + "/diff.txt"), "1,2", "4, 1");
        }
    }

    @Test
    void frontalFrontalUsesTheFrontalListForBothSides() {
        PairProtocol ff = CfpPairs.ff(cfp);
        assertEquals("cfp-ff", ff.name());
        assertEquals(2, ff.foldCount());
        assertEquals(List.of(new PairProtocol.FoldCounts(0, 2, 2), new PairProtocol.FoldCounts(1, 2, 2)), ff.foldCounts());
        assertEquals(4, ff.images().size(), "only the four frontal images are used");
        assertTrue(ff.images().stream().allMatch(i -> i.path().contains("/frontal/")));
        assertEquals(new PairProtocol.Image("Data/Images/001/frontal/01.jpg", "cfp:Ann Lee"), ff.images().get(0));
        for (PairProtocol.Pair p : ff.pairs()) {
            assertEquals(p.same(), ff.images().get(p.first()).identity().equals(ff.images().get(p.second()).identity()));
        }
    }

    @Test
    void frontalProfileTakesTheSecondNumberFromTheProfileList() {
        PairProtocol fp = CfpPairs.fp(cfp);
        assertEquals(8, fp.pairs().size());
        PairProtocol.Pair p = fp.pairs().get(1); // 3,2 : Bo frontal 01 vs Bo profile 01
        assertEquals("Data/Images/002/frontal/01.jpg", fp.images().get(p.first()).path());
        assertEquals("Data/Images/002/profile/01.jpg", fp.images().get(p.second()).path());
        assertTrue(p.same());
        for (PairProtocol.Pair q : fp.pairs()) {
            assertTrue(fp.images().get(q.first()).path().contains("/frontal/"));
            assertTrue(fp.images().get(q.second()).path().contains("/profile/"));
            assertEquals(q.same(), fp.images().get(q.first()).identity().equals(fp.images().get(q.second()).identity()));
        }
    }

    @Test
    void unknownNumberMalformedLineAndMissingImageNameFileAndLine() {
        Fixtures.text(cfp.resolve("Protocol/Split/FF/02/diff.txt"), "1,3", "2,9");
        DataException e = assertThrows(DataException.class, () -> CfpPairs.ff(cfp));
        assertTrue(e.getMessage().contains("02/diff.txt:2") && e.getMessage().contains("image number 9 is not in Pair_list_F.txt"),
                e.getMessage());

        Fixtures.text(cfp.resolve("Protocol/Split/FF/02/diff.txt"), "1;3");
        e = assertThrows(DataException.class, () -> CfpPairs.ff(cfp));
        assertTrue(e.getMessage().contains("02/diff.txt:1") && e.getMessage().contains("expected 'i,j'"), e.getMessage());

        Fixtures.text(cfp.resolve("Protocol/Pair_list_P.txt"),
                "1 ../Data/Images/001/profile/01.jpg", "2 ../Data/Images/002/profile/07.jpg");
        e = assertThrows(DataException.class, () -> CfpPairs.fp(cfp));
        assertTrue(e.getMessage().contains("FP/01/same.txt:2") && e.getMessage().contains("Data/Images/002/profile/07.jpg"),
                e.getMessage());
    }
}
