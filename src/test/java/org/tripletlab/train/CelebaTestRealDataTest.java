package org.tripletlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.source.SourceImages;
import org.tripletlab.data.source.TrainingSources;

/**
 * The shared {@code celeba-test} folder against what the datasets README and issue 16 state: 17,476 images of
 * 998 identities (923 with ≥ 4 images, 17,304 images), none of them a {@code celeba-10k} identity; loaded
 * beside {@code celeba} it passes the numbering check, and the test-identity check counts its people as
 * anonymous, as it counts celeba-10k's. Nothing is decoded. Needs {@code TRIPLETLAB_DATA_ROOT}.
 */
class CelebaTestRealDataTest {
    static Path root;

    @BeforeAll
    static void dataRoot() {
        String env = System.getenv("TRIPLETLAB_DATA_ROOT");
        assumeTrue(env != null && Files.isRegularFile(Path.of(env, "celeba-test/identity_CelebA.txt"))
                && Files.isRegularFile(Path.of(env, "celeba-10k/identity_CelebA.txt")),
                "skipped: TRIPLETLAB_DATA_ROOT is not set or has no celeba-test/ and celeba-10k/ "
                        + "(export TRIPLETLAB_DATA_ROOT=../shared/datasets to check the real celeba-test folder)");
        root = Path.of(env);
    }

    private static ExperimentConfig cfg(String data) {
        return ExperimentConfig.from(Config.parse("data: " + data + "\neval: {benchmarks: [lfw]}\n", "t.yaml", List.of()));
    }

    private static Set<String> numbers(SourceImages s) {
        Set<String> out = new HashSet<>();
        s.entries().forEach(e -> out.add(e.identity().substring(e.identity().indexOf(':') + 1)));
        return out;
    }

    @Test
    void countsAreTheReadmes() {
        ExperimentConfig c = cfg("{source: celeba-test, min_images: 4}");
        SourceImages listed = TrainingSources.list(c.data().sources(), root).get(0);
        assertEquals(17_476, listed.entries().size());
        Map<String, Integer> perIdentity = new java.util.HashMap<>();
        listed.entries().forEach(e -> perIdentity.merge(e.identity(), 1, Integer::sum));
        assertEquals(998, perIdentity.size());
        int[] sizes = perIdentity.values().stream().mapToInt(Integer::intValue).sorted().toArray();
        assertEquals(1, sizes[0]);
        assertEquals(19, sizes[sizes.length / 2], "median images per identity");
        assertEquals(30, sizes[sizes.length - 1]);
        TrainingSources.Selection four = TrainingSources.selection(c.data(), root);
        assertEquals(923, four.identities().size(), "identities with ≥ 4 images");
        assertEquals(17_304, four.imageCount());
        assertEquals(998, four.identitiesSeen());
    }

    @Test
    void identityDisjointFromCeleba10kAndCountedAsAnonymous() {
        ExperimentConfig c = cfg("{source: combined, combine: [celeba, celeba-test]}");
        // the listing itself refuses shared numbers (TrainingSources.requireDisjointNumbering); counted here independently
        List<SourceImages> listed = TrainingSources.list(c.data().sources(), root);
        Set<String> celeba = numbers(listed.get(0));
        Set<String> test = numbers(listed.get(1));
        assertEquals(5_429, celeba.size());
        assertEquals(998, test.size());
        Set<String> both = new HashSet<>(celeba);
        both.retainAll(test);
        assertEquals(Set.of(), both, "no CelebA identity number in both folders");

        TrainingSources.Selection sel = TrainingSources.selection(c.data(), root);
        assertEquals(2_854 + 988, sel.identities().size(), "identities with ≥ 2 images (data.min_images default)");
        TestIdentityCheck check = TestIdentityCheck.run(c, root, RealDataDisjointnessTest.trainAndVal(c, sel),
                Map.of("lfw", org.tripletlab.eval.PairBenchmarks.protocol("lfw", root, c)));
        assertEquals(List.of(), check.overlap().get("lfw"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> unchecked = (Map<String, Map<String, Object>>) check.record().get("not_checkable_by_name");
        assertEquals(2_854, unchecked.get("celeba").get("identities"));
        assertEquals(988, unchecked.get("celeba-test").get("identities"));
        assertTrue(((String) unchecked.get("celeba-test").get("note")).contains("identity-disjoint from LFW"));
        assertEquals(0, check.record().get("named_identities"), "no celeba-test identity is compared as a name");
    }
}
