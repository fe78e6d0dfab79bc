package org.tripletlab.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.DataException;
import org.tripletlab.data.FaceDataset;
import org.tripletlab.data.protocol.Fixtures;

/**
 * {@code celeba-test} on a fixture data root: CelebA's layout under its own namespace, combinable with
 * {@code celeba}, and refused beside a {@code celeba} folder that shares an identity number (one person, two
 * identities). The real folder's counts and disjointness: {@code train.CelebaTestRealDataTest}.
 */
class CelebaTestSourceTest {
    @TempDir
    Path root;

    /** A CelebA folder {@code name} whose image {@code first + i} belongs to identity {@code ids[i]}. */
    private void celebaFolder(String name, int first, int... ids) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            String f = String.format("%06d.jpg", first + i);
            Fixtures.image(root.resolve(name + "/images/" + f), 12, 10 + 20 * i);
            lines.add(f + " " + ids[i]);
        }
        Fixtures.text(root.resolve(name + "/identity_CelebA.txt"), lines.toArray(String[]::new));
    }

    @BeforeEach
    void folders() {
        celebaFolder("celeba-10k", 1, 77, 77, 5, 5);
        celebaFolder("celeba-test", 182638, 300, 9, 300, 9, 300);
    }

    private DataSources.Loaded load(String data, String... overrides) {
        return SourceLoads.load(root, data, overrides);
    }

    private static ExperimentConfig cfg(String data, String... overrides) {
        return SourceLoads.cfg(data, overrides);
    }

    private static List<String> identities(FaceDataset ds) {
        return SourceLoads.identities(ds);
    }

    @Test
    void loadsCelebasLayoutUnderItsOwnNamespace() {
        FaceDataset ds = load("{source: celeba-test, image_size: 16, celeba-test: {crop: null}}").dataset();
        assertEquals(List.of("celeba-test:9", "celeba-test:300"), identities(ds), "identities by number, not by text");
        assertEquals(5, ds.size());
        assertEquals("celeba-test:images/182639.jpg", ds.imageName(0), "identity 9's images first, by file name");
        assertEquals(List.of("celeba-test:images/182639.jpg", "celeba-test:images/182641.jpg", "celeba-test:images/182638.jpg",
                "celeba-test:images/182640.jpg", "celeba-test:images/182642.jpg"),
                java.util.stream.IntStream.range(0, ds.size()).mapToObj(ds::imageName).toList());
        assertEquals(30, ds.pixels()[0] & 0xff, 1, "182639.jpg is the second fixture image, grey 30");
    }

    @Test
    void defaultCropIsTheLfwLikeBoxAndStaysOutOfConfigYaml() {
        ExperimentConfig c = cfg("{source: celeba-test}");
        assertEquals(List.of(18, 22, 74, 74), c.data().sources().dataset("celeba-test").crop());
        assertEquals("celeba-test", c.data().sources().dataset("celeba-test").root());
        // keys added after runs were recorded: a config that leaves them at their defaults keeps its run id
        assertFalse(cfg("{source: combined, combine: [celeba, cfp]}").raw().toYaml().contains("celeba-test"));
        assertTrue(cfg("{source: celeba-test, celeba-test: {crop: [0, 0, 8, 8]}}").raw().toYaml().contains("celeba-test"));
        // the 12-px fixture images are smaller than the default box: an error naming the box, never a silent resize
        DataException e = assertThrows(DataException.class, () -> load("{source: celeba-test, image_size: 16}"));
        assertTrue(e.getMessage().contains("[18, 22, 74, 74]"), e.getMessage());
    }

    @Test
    void combinesWithCelebaWhenTheirIdentitiesAreDisjoint() {
        FaceDataset ds = load("{source: combined, combine: [celeba, celeba-test], image_size: 16, celeba: {crop: null}, "
                + "celeba-test: {crop: null}}").dataset();
        assertEquals(List.of("celeba:5", "celeba:77", "celeba-test:9", "celeba-test:300"), identities(ds));
        assertEquals(9, ds.size());
    }

    @Test
    void aSharedIdentityNumberIsRefusedNamingBothFolders() {
        celebaFolder("celeba-test", 182638, 300, 5, 300, 77, 5);
        for (String order : List.of("[celeba, celeba-test]", "[celeba-test, celeba]")) {
            DataException e = assertThrows(DataException.class, () -> load("{source: combined, combine: " + order
                    + ", image_size: 16, celeba: {crop: null}, celeba-test: {crop: null}}"));
            assertTrue(e.getMessage().contains("share 2 of their CelebA identity numbers (e.g. 5, 77)"), e.getMessage());
            assertTrue(e.getMessage().contains("data.celeba.root='celeba-10k'") && e.getMessage().contains("data.celeba-test.root='celeba-test'"),
                    e.getMessage());
        }
        // each alone is fine: the numbers are only compared between folders of one numbering
        assertEquals(2, load("{source: celeba-test, image_size: 16, celeba-test: {crop: null}}").dataset().identityCount(),
                "300 and 5 (77 has one image)");
        // another dataset's numbers (olivetti subjects) are not CelebA's: no comparison with them
        List<String> rows = new ArrayList<>(List.of("image,subject"));
        for (int i = 0; i < 4; i++) {
            Fixtures.image(root.resolve("olivetti/images/image-" + i + ".png"), 8, 100 + i);
            rows.add("images/image-" + i + ".png," + (i < 2 ? 5 : 77));
        }
        Fixtures.text(root.resolve("olivetti/labels.csv"), rows.toArray(String[]::new));
        assertEquals(4, load("{source: combined, combine: [celeba, olivetti], image_size: 16, celeba: {crop: null}}").dataset().identityCount());
    }
}
