package org.tripletlab.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.component.ConfigException;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.DataException;
import org.tripletlab.data.FaceDataset;
import org.tripletlab.data.protocol.CfpFolds;
import org.tripletlab.data.protocol.Fixtures;

/**
 * {@code data.cfp.folds} on a fixture CFP folder of 4 people in 2 folds (people 001, 002 in fold 1; 003, 004 in fold 2,
 * in both FF and FP): the people of the chosen folds are loaded, both poses; folds that share a person, or a fold whose
 * FF and FP people differ, are refused.
 */
class CfpFoldsTest {
    @TempDir
    Path root;
    Path cfp;

    @BeforeEach
    void fixture() {
        cfp = root.resolve("cfp");
        Fixtures.text(cfp.resolve("Data/list_name.txt"), "Ann Lee", "Bo Ray", "Cara", "Dan");
        for (String id : List.of("001", "002", "003", "004")) {
            Fixtures.image(cfp.resolve("Data/Images/" + id + "/frontal/01.jpg"), 8, 50);
            Fixtures.image(cfp.resolve("Data/Images/" + id + "/frontal/02.jpg"), 8, 60);
            Fixtures.image(cfp.resolve("Data/Images/" + id + "/profile/01.jpg"), 8, 70);
        }
        // frontal k: person (k + 1) / 2, image 1 or 2; profile k: person k
        Fixtures.text(cfp.resolve("Protocol/Pair_list_F.txt"), "1 ../Data/Images/001/frontal/01.jpg", "2 ../Data/Images/001/frontal/02.jpg",
                "3 ../Data/Images/002/frontal/01.jpg", "4 ../Data/Images/002/frontal/02.jpg", "5 ../Data/Images/003/frontal/01.jpg",
                "6 ../Data/Images/003/frontal/02.jpg", "7 ../Data/Images/004/frontal/01.jpg", "8 ../Data/Images/004/frontal/02.jpg");
        Fixtures.text(cfp.resolve("Protocol/Pair_list_P.txt"), "1 ../Data/Images/001/profile/01.jpg", "2 ../Data/Images/002/profile/01.jpg",
                "3 ../Data/Images/003/profile/01.jpg", "4 ../Data/Images/004/profile/01.jpg");
        split("FF/01", "1,2", "1,3");
        split("FF/02", "5,6", "5,7");
        split("FP/01", "1,1", "3,1");
        split("FP/02", "5,3", "7,3");
    }

    private void split(String fold, String same, String diff) {
        Fixtures.text(cfp.resolve("Protocol/Split/" + fold + "/same.txt"), same);
        Fixtures.text(cfp.resolve("Protocol/Split/" + fold + "/diff.txt"), diff);
    }

    @Test
    void foldsArePeopleOfTheirPairsAndTheChosenFoldsAreLoaded() {
        CfpFolds folds = CfpFolds.read(cfp);
        assertEquals(List.of(Set.of("001", "002"), Set.of("003", "004")), folds.ids());
        assertEquals(Set.of("001", "002", "003", "004"), folds.idsOf(List.of(2, 1)));

        FaceDataset two = SourceLoads.load(root, "{source: cfp, image_size: 16, cfp: {folds: [2]}}").dataset();
        assertEquals(List.of("cfp:Cara", "cfp:Dan"), SourceLoads.identities(two));
        assertEquals(6, two.size(), "both poses of fold 2's two people");
        assertEquals(12, SourceLoads.load(root, "{source: cfp, image_size: 16}").dataset().size(), "no folds: everyone");
        assertEquals(4, SourceLoads.load(root, "{source: cfp, image_size: 16, cfp: {folds: [1], poses: frontal}}").dataset().size());

        DataException e = assertThrows(DataException.class,
                () -> SourceLoads.load(root, "{source: cfp, image_size: 16, cfp: {folds: [1, 3]}}"));
        assertTrue(e.getMessage().contains("has 2 folds; data.cfp.folds asks for fold 3"), e.getMessage());
    }

    @Test
    void foldsSharingAPersonAreRefused() {
        split("FF/02", "5,6", "5,1"); // fold 2 now pairs 003 with 001, in FF and in FP
        split("FP/02", "5,3", "5,1");
        DataException e = assertThrows(DataException.class, () -> CfpFolds.read(cfp));
        assertTrue(e.getMessage().contains("folds 1 and 2 share 1 people (ids 001)")
                && e.getMessage().contains("not identity-disjoint"), e.getMessage());
        assertThrows(DataException.class, () -> SourceLoads.load(root, "{source: cfp, image_size: 16, cfp: {folds: [1]}}"));
    }

    @Test
    void aFoldWithOtherPeopleInFfThanInFpIsRefused() {
        split("FP/02", "5,3", "5,4"); // FP fold 2: 003 and 004; FF fold 2 as before; then FF fold 2 loses 004
        split("FF/02", "5,6", "5,6");
        DataException e = assertThrows(DataException.class, () -> CfpFolds.read(cfp));
        assertTrue(e.getMessage().contains("fold 2 has other people in FF than in FP (e.g. ids 004)"), e.getMessage());
    }

    @Test
    void badFoldListsAreConfigErrors() {
        for (String data : List.of("{source: lfw, cfp: {folds: [1]}}", "{source: cfp, cfp: {folds: []}}",
                "{source: cfp, cfp: {folds: [1, 1]}}", "{source: cfp, cfp: {folds: [0]}}", "{source: cfp, cfp: {folds: [11]}}")) {
            ConfigException e = assertThrows(ConfigException.class, () -> SourceLoads.cfg(data), data);
            assertTrue(e.getMessage().contains("data.cfp.folds"), e.getMessage());
        }
        // in a combination that loads cfp it is allowed, and the resolved config round-trips it
        ExperimentConfig c = SourceLoads.cfg("{source: combined, combine: [celeba, cfp], cfp: {folds: [1, 2]}}");
        assertEquals(List.of(1, 2), c.raw().getIntList("data.cfp.folds"));
        assertTrue(c.raw().toYaml().contains("folds: [1, 2]") || c.raw().toYaml().contains("folds:\n"), c.raw().toYaml());
    }
}
