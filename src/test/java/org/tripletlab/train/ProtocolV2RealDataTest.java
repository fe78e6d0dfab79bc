package org.tripletlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.source.NameAliases;
import org.tripletlab.data.source.NameList;
import org.tripletlab.data.source.TrainingSources;
import org.tripletlab.tools.ProtocolCounts;

/**
 * Outside-data protocol v2 ({@code experiments/lfw-outside-data-v2.yaml}) against the real datasets: the counts
 * {@code results/data/README.md} quotes (its {@code protocol-v2.txt} regenerates byte for byte), no LFW person in
 * training or validation — by the run's own check and, independently of it, by comparing every kept CFP name and
 * its alias with LFW's image folders — and the crops it decodes with. Nothing is decoded or trained. Needs
 * {@code TRIPLETLAB_DATA_ROOT}.
 */
class ProtocolV2RealDataTest {
    static final Path CONFIG = Path.of("experiments/lfw-outside-data-v2.yaml");
    static Path root;
    static ExperimentConfig cfg;

    @BeforeAll
    static void dataRoot() {
        String env = System.getenv("TRIPLETLAB_DATA_ROOT");
        assumeTrue(env != null && Files.isDirectory(Path.of(env, "celeba-test")) && Files.isDirectory(Path.of(env, "lfw/images_deepfunneled")),
                "skipped: TRIPLETLAB_DATA_ROOT is not set or lacks celeba-test/ and lfw/ (export TRIPLETLAB_DATA_ROOT=../shared/datasets)");
        root = Path.of(env);
        cfg = ExperimentConfig.from(Config.load(CONFIG, List.of()));
    }

    @Test
    void countsAreTheCommittedOnes() throws IOException {
        TrainingSources.Selection sel = TrainingSources.selection(cfg.data(), root);
        assertEquals(4_154, sel.identities().size());
        assertEquals(29_259, sel.imageCount());
        assertEquals(176, sel.excludedByExactName().size());
        assertEquals(12, sel.excludedByAlias().size());
        assertEquals(Map.of("celeba", 2_854L, "celeba-test", 988L, "cfp", 312L),
                sel.identities().stream().collect(Collectors.groupingBy(i -> i.substring(0, i.indexOf(':')), Collectors.counting())));
        String committed = Files.readString(Path.of("results/data/protocol-v2.txt"), StandardCharsets.UTF_8);
        assertEquals(committed, ProtocolCounts.text(cfg, root, CONFIG.toString()), "results/data/protocol-v2.txt is what ProtocolCounts prints");
    }

    @Test
    void noLfwPersonIsTrainedOrValidatedOn() throws IOException {
        TrainingSources.Selection sel = TrainingSources.selection(cfg.data(), root);
        List<String> trainAndVal = RealDataDisjointnessTest.trainAndVal(cfg, sel);
        assertEquals(4_154, trainAndVal.size(), "every kept identity is training or validation");
        TestIdentityCheck check = TestIdentityCheck.run(cfg, root, trainAndVal, protocols());
        assertEquals(List.of(), check.overlap().get("lfw"), "LFW View 2");
        assertEquals(List.of(), check.overlap().get("lfw-dev"), "LFW View 1's test pairs");
        assertEquals(Set.of("cfp-fp"), check.notATestNumber().keySet());

        // Independently of lfw-names.txt and of the check: LFW's image folders, and every alias's both sides.
        Set<String> lfwPeople;
        try (Stream<Path> s = Files.list(root.resolve("lfw/images_deepfunneled"))) {
            lfwPeople = s.filter(Files::isDirectory).map(p -> NameList.normalize(p.getFileName().toString())).collect(Collectors.toSet());
        }
        assertEquals(5_749, lfwPeople.size());
        NameAliases aliases = NameAliases.read(root.resolve("cfp/lfw-aliases.txt"));
        List<String> cfpKept = trainAndVal.stream().filter(i -> i.startsWith("cfp:")).map(i -> i.substring(4)).toList();
        assertEquals(312, cfpKept.size());
        for (String name : cfpKept) {
            assertTrue(!lfwPeople.contains(NameList.normalize(name)), name + " is an LFW folder name");
            assertTrue(aliases.aliasOf(name) == null, name + " is listed as a CFP spelling of " + aliases.aliasOf(name));
        }
        assertTrue(trainAndVal.stream().noneMatch(i -> i.startsWith("lfw:")));
    }

    private static Map<String, org.tripletlab.data.protocol.PairProtocol> protocols() {
        Map<String, org.tripletlab.data.protocol.PairProtocol> out = new java.util.LinkedHashMap<>();
        for (String b : cfg.eval().benchmarks()) {
            out.put(b, org.tripletlab.eval.PairBenchmarks.protocol(b, root, cfg));
        }
        return out;
    }

    @Test
    void cropsAreTheMatchedOnes() {
        assertEquals(List.of(15, 35, 59, 59), cfg.data().sources().dataset("celeba").crop(), "results/data/README.md, Framing");
        assertEquals(List.of(18, 22, 74, 74), cfg.data().sources().dataset("celeba-test").crop());
        assertEquals(null, cfg.data().sources().dataset("cfp").crop());
        assertEquals(List.of("celeba", "celeba-test", "cfp"), cfg.data().sources().names());
    }
}
