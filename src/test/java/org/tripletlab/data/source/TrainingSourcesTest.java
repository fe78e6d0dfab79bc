package org.tripletlab.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.component.ConfigException;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.DataException;
import org.tripletlab.data.FaceDataset;
import org.tripletlab.data.protocol.Fixtures;

/** Named sources on a tiny fixture data root: lfw, cfp, celeba-10k and olivetti folders. */
class TrainingSourcesTest {
    @TempDir
    Path root;

    @BeforeEach
    void dataRoot() {
        Path lfw = root.resolve("lfw");
        Fixtures.lfwPerson(lfw, "Ann_Lee", 3);
        Fixtures.lfwPerson(lfw, "Bo", 1);
        Fixtures.lfwPerson(lfw, "Cy_Dee", 2);
        Fixtures.text(lfw.resolve("lfw-names.txt"), "Ann_Lee\t3", "Bo\t1", "Cy_Dee\t2");
        Fixtures.text(lfw.resolve("people.txt"), "2", "2", "Ann_Lee\t3", "Bo\t1", "1", "Cy_Dee\t2");
        Path cfp = root.resolve("cfp");
        Fixtures.text(cfp.resolve("Data/list_name.txt"), "Ann Lee", "Dana Fox", "Eli");
        for (String id : List.of("001", "002", "003")) {
            Fixtures.image(cfp.resolve("Data/Images/" + id + "/frontal/01.jpg"), 8, 50);
            Fixtures.image(cfp.resolve("Data/Images/" + id + "/frontal/02.jpg"), 8, 60);
            Fixtures.image(cfp.resolve("Data/Images/" + id + "/profile/01.jpg"), 8, 70);
        }
        Path celeba = root.resolve("celeba-10k");
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            String f = String.format("%06d.jpg", i);
            Fixtures.image(celeba.resolve("images/" + f), 10, 20 * i);
            ids.add(f + " " + (i <= 2 ? 77 : i <= 4 ? 5 : 9)); // identity 77: 2 images, 5: 2 images, 9: 1 image
        }
        Fixtures.text(celeba.resolve("identity_CelebA.txt"), ids.toArray(String[]::new));
        Path oli = root.resolve("olivetti");
        List<String> rows = new ArrayList<>(List.of("image,subject"));
        for (int i = 0; i < 6; i++) {
            Fixtures.image(oli.resolve("images/image-" + i + ".png"), 8, 100 + i);
            rows.add("images/image-" + i + ".png," + i / 3);
        }
        Fixtures.text(oli.resolve("labels.csv"), rows.toArray(String[]::new));
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
    void eachNamedSourceLoadsWithNamespacedIdentities() {
        DataSources.Loaded lfw = load("{source: lfw, image_size: 16, lfw: {crop: null}}");
        assertEquals(List.of("lfw:Ann_Lee", "lfw:Cy_Dee"), identities(lfw.dataset()));
        assertEquals(3, lfw.identitiesSeen());
        assertEquals(1, lfw.identitiesExcluded(), "Bo has one image");
        assertEquals("lfw:images_deepfunneled/Ann_Lee/Ann_Lee_0001.jpg", lfw.dataset().imageName(0));

        FaceDataset cfp = load("{source: cfp, image_size: 16}").dataset();
        assertEquals(List.of("cfp:Ann Lee", "cfp:Dana Fox", "cfp:Eli"), identities(cfp));
        assertEquals(9, cfp.size());
        assertEquals(6, load("{source: cfp, image_size: 16, cfp: {poses: frontal}}").dataset().size());

        DataSources.Loaded celeba = load("{source: celeba, image_size: 16, celeba: {crop: [0, 0, 10, 10]}}");
        assertEquals(List.of("celeba:5", "celeba:77"), identities(celeba.dataset()));
        assertEquals(1, celeba.identitiesExcluded());

        FaceDataset oli = load("{source: olivetti, image_size: 16, channels: 1}").dataset();
        assertEquals(List.of("olivetti:0", "olivetti:1"), identities(oli));
        assertEquals(6, oli.size());
        assertEquals(100, oli.pixels()[0] & 0xff, "image-0 first, grey 100");
        assertEquals(103, oli.pixels()[3 * oli.imageBytes()] & 0xff, 1, "image-3 starts subject 1");
    }

    @Test
    void hiddenFoldersAndFilesAreNotLfwOrCfpData() {
        Fixtures.image(root.resolve("lfw/images_deepfunneled/.ipynb_checkpoints/Ann_Lee_0001-checkpoint.jpg"), 8, 10);
        Fixtures.image(root.resolve("lfw/images_deepfunneled/.ipynb_checkpoints/Ann_Lee_0002-checkpoint.jpg"), 8, 20);
        Fixtures.image(root.resolve("lfw/images_deepfunneled/Ann_Lee/._Ann_Lee_0001.jpg"), 8, 30);
        Fixtures.image(root.resolve("cfp/Data/Images/001/frontal/.01.jpg"), 8, 40);
        DataSources.Loaded lfw = load("{source: lfw, image_size: 16, lfw: {crop: null}}");
        assertEquals(List.of("lfw:Ann_Lee", "lfw:Cy_Dee"), identities(lfw.dataset()));
        assertEquals(3, lfw.identitiesSeen());
        assertEquals(5, lfw.dataset().size(), "Ann_Lee's 3 and Cy_Dee's 2; the hidden files are not images");
        DataSources.Loaded cfp = load("{source: cfp, image_size: 16, cfp: {crop: null}}");
        assertEquals(9, cfp.dataset().size(), "3 images of each of the 3 subjects");
    }

    @Test
    void combinedSourcesMinusLfwNamesAreDisjointFromLfw() {
        DataSources.Loaded l = load("{source: combined, combine: [celeba, cfp], exclude_names: [lfw/lfw-names.txt], image_size: 16, "
                + "celeba: {crop: null}}");
        FaceDataset ds = l.dataset();
        // CFP's "Ann Lee" is LFW's Ann_Lee: left out by name; CelebA's one-image identity by min_images.
        assertEquals(List.of("celeba:5", "celeba:77", "cfp:Dana Fox", "cfp:Eli"), identities(ds));
        assertEquals(1, l.identitiesExcludedByName());
        assertEquals(1, l.identitiesExcluded());
        assertEquals(6, l.identitiesSeen());
        assertEquals(4 + 6, ds.size());
        assertEquals(1 + 3, l.imagesExcluded());
        for (int i = 0; i < ds.size(); i++) {
            assertTrue(ds.imageName(i).startsWith(ds.identityName(ds.label(i)).split(":")[0] + ":"), ds.imageName(i));
        }
    }

    @Test
    void manifestHashCoversEverySourceAndTheExclusionList() throws Exception {
        String combined = "{source: combined, combine: [celeba, cfp], image_size: 16, celeba: {crop: null}}";
        String h1 = load(combined).dataset().manifestHash();
        assertEquals(h1, load(combined).dataset().manifestHash(), "same data, same hash");
        Files.writeString(root.resolve("cfp/MANIFEST.sha256"), "abc  ./Data/Images/001/frontal/01.jpg\n");
        String h2 = load(combined).dataset().manifestHash();
        assertNotEquals(h1, h2, "a changed CFP manifest changes the hash");
        Fixtures.text(root.resolve("none.txt"), "Nobody");
        String h3 = load("{source: combined, combine: [celeba, cfp], image_size: 16, celeba: {crop: null}, exclude_names: [none.txt]}")
                .dataset().manifestHash();
        assertNotEquals(h2, h3, "the exclusion list is part of the hash even when it removes nobody");
        assertNotEquals(h2, load(combined, "data.celeba.crop=[0, 0, 8, 8]").dataset().manifestHash(), "crop is hashed");
    }

    @Test
    void lfwPeopleFoldsRestrictIdentities() {
        DataSources.Loaded l = load("{source: lfw, image_size: 16, min_images: 2, lfw: {crop: null, people: folds, folds: [2]}}");
        assertEquals(List.of("lfw:Cy_Dee"), identities(l.dataset()));
        assertEquals(1, l.identitiesSeen());
        DataException e = assertThrows(DataException.class,
                () -> load("{source: lfw, image_size: 16, lfw: {crop: null, people: folds, folds: [3]}}"));
        assertTrue(e.getMessage().contains("people.txt") && e.getMessage().contains("fold 3"), e.getMessage());
    }

    @Test
    void nameListsIgnoreCountsCaseAndUnderscores() {
        Path f = Fixtures.text(root.resolve("names.txt"), "# comment", "10", "ANN_LEE\t3", "dana   fox", "");
        assertEquals(java.util.Set.of("ann lee", "dana fox"), NameList.read(f));
        assertEquals(NameList.normalize("Aaron_Eckhart"), NameList.normalize("aaron eckhart"));
    }

    @Test
    void configErrorsNameTheKey() {
        ConfigException unknown = assertThrows(ConfigException.class, () -> cfg("{source: combined, sources: [celeba]}"));
        assertTrue(unknown.getMessage().contains("unknown key 'data.sources'"), unknown.getMessage());
        assertKeyError("data.combine", "{source: combined}");
        assertKeyError("data.combine", "{source: combined, combine: [celeba, image-folder]}");
        assertKeyError("data.combine", "{source: combined, combine: [cfp, cfp]}");
        assertKeyError("data.combine", "{source: lfw, combine: [cfp]}");
        assertKeyError("data.crop", "{source: lfw, crop: [0, 0, 10, 10]}");
        assertKeyError("data.root", "{source: cfp, root: cfp}");
        assertKeyError("data.lfw.folds", "{source: lfw, lfw: {people: folds}}");
        assertKeyError("data.lfw.folds", "{source: lfw, lfw: {folds: [1]}}");
        assertKeyError("data.lfw.crop", "{source: lfw, lfw: {crop: [1, 2, 3]}}");
        assertKeyError("data.exclude_names", "{source: synthetic, exclude_names: [x.txt]}");
        ConfigException range = assertThrows(ConfigException.class, () -> cfg("{source: lfw, lfw: {people: folds, folds: [11]}}"));
        assertTrue(range.getMessage().contains("data.lfw.folds"), range.getMessage());
        // the resolved config (a run's config.yaml) round-trips with the new keys
        ExperimentConfig c = cfg("{source: combined, combine: [celeba, cfp], exclude_names: [lfw/lfw-names.txt]}");
        assertEquals(c.data().sources(), ExperimentConfig.from(c.raw().with(List.of())).data().sources());
        // defaults are the documented crop policies; existing sources are unaffected
        DataSettings d = cfg("{source: lfw}").data();
        assertEquals(List.of(63, 68, 124, 124), d.sources().dataset("lfw").crop());
        assertEquals(List.of("lfw"), d.sources().names());
        assertEquals(List.of(), cfg("{source: image-folder, root: x, crop: [0, 0, 4, 4]}").data().sources().names());
    }

    @Test
    void missingFolderOrDataRootIsAClearError() {
        DataException e = assertThrows(DataException.class, () -> DataSources.load(cfg("{source: cfp, cfp: {root: nowhere}}").data(), root));
        assertTrue(e.getMessage().contains("nowhere") && e.getMessage().contains("data.cfp.root"), e.getMessage());
        DataException e2 = assertThrows(DataException.class, () -> DataSources.load(cfg("{source: cfp}").data(), null));
        assertTrue(e2.getMessage().contains("--data-root"), e2.getMessage());
    }

    private static void assertKeyError(String key, String data) {
        ConfigException e = assertThrows(ConfigException.class, () -> cfg(data), data);
        assertTrue(e.getMessage().contains("t.yaml") && e.getMessage().contains("'" + key + "'"), e.getMessage());
    }
}
