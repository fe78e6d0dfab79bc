package org.tripletlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.DataException;
import org.tripletlab.data.IdentitySplit;
import org.tripletlab.data.protocol.PairProtocol;
import org.tripletlab.data.source.TrainingSources;
import org.tripletlab.eval.PairBenchmarks;

/**
 * The shipped outside-data protocol against the real datasets ($TRIPLETLAB_DATA_ROOT, else
 * ../shared/datasets): the fixed config leaves out every CFP identity that is an LFW person (176 by exact
 * name, 12 through {@code cfp/lfw-aliases.txt}) and passes the test-identity check, while the old protocol
 * (aliases not honoured) is refused naming the leaked people. Nothing is decoded or trained: the identities
 * come from listing the sources, as {@link RunData#prepare} would decode them.
 */
class RealDataDisjointnessTest {
    static Path root;

    @BeforeAll
    static void dataRoot() {
        String env = System.getenv("TRIPLETLAB_DATA_ROOT");
        root = env == null ? Path.of("../shared/datasets") : Path.of(env);
        assumeTrue(Files.isRegularFile(root.resolve("cfp/lfw-aliases.txt")) && Files.isRegularFile(root.resolve("lfw/pairs.txt"))
                && Files.isDirectory(root.resolve("celeba-10k/images")),
                "datasets not found under " + root.toAbsolutePath() + " (set TRIPLETLAB_DATA_ROOT)");
    }

    /** The run's training and validation identity names, in split order (training first). */
    static List<String> trainAndVal(ExperimentConfig cfg, TrainingSources.Selection sel) {
        IdentitySplit split = IdentitySplit.of(sel.identities().size(), "test", cfg.data().valFraction(), cfg.seed());
        List<String> out = new ArrayList<>();
        for (int id : split.trainIdentities()) {
            out.add(sel.identities().get(id));
        }
        for (int id : split.valIdentities()) {
            out.add(sel.identities().get(id));
        }
        return out;
    }

    static Map<String, PairProtocol> protocols(ExperimentConfig cfg) {
        Map<String, PairProtocol> out = new LinkedHashMap<>();
        for (String b : cfg.eval().benchmarks()) {
            out.put(b, PairBenchmarks.protocol(b, root, cfg));
        }
        return out;
    }

    @Test
    void fixedOutsideDataProtocolExcludesAll188AndPassesTheCheck() {
        ExperimentConfig cfg = ExperimentConfig.from(Config.load(Path.of("experiments/lfw-outside-data.yaml"), List.of()));
        TrainingSources.Selection sel = TrainingSources.selection(cfg.data(), root);
        assertEquals(176, sel.excludedByExactName().size(), "CFP names that are LFW names ignoring case");
        assertEquals(12, sel.excludedByAlias().size(), "CFP spellings of LFW people: " + sel.excludedByAlias());
        assertEquals(188, sel.identitiesExcludedByName());
        assertEquals("Robert_Downey_Jr", sel.excludedByAlias().get("cfp:Robert Downey"));
        assertEquals("George_W_Bush", sel.excludedByAlias().get("cfp:George Bush"));
        assertTrue(sel.identities().stream().noneMatch(i -> i.equals("cfp:Joe Biden") || i.equals("cfp:Aaron Eckhart")));
        assertEquals(312, sel.identities().stream().filter(i -> i.startsWith("cfp:")).count(), "500 − 188 CFP identities remain");

        TestIdentityCheck check = TestIdentityCheck.run(cfg, root, trainAndVal(cfg, sel), protocols(cfg));
        assertEquals(List.of(), check.overlap().get("lfw"), "no LFW View 2 person is trained or validated on");
        assertEquals(312, check.overlap().get("cfp-fp").size(), "CFP-FP tests on the 312 CFP people trained on");
        assertEquals(java.util.Set.of("cfp-fp"), check.notATestNumber().keySet());
        assertTrue(check.notATestNumber().get("cfp-fp").startsWith("trained/validated on 312 of cfp-fp's 500 test identities"),
                check.notATestNumber().get("cfp-fp"));
        @SuppressWarnings("unchecked")
        Map<String, Object> celeba = (Map<String, Object>) ((Map<String, Object>) check.record().get("not_checkable_by_name")).get("celeba");
        assertEquals(2854, celeba.get("identities"), "CelebA-10k identities with ≥ 2 images, unchecked by name");
    }

    @Test
    void oldOutsideDataProtocolIsRefusedNamingTheLeakedPeople() {
        // The committed protocol: the same config without data.cfp.aliases, evaluated on LFW only (as the sweeps did).
        ExperimentConfig cfg = ExperimentConfig.from(Config.load(Path.of("experiments/lfw-outside-data.yaml"),
                List.of("data.cfp.aliases=null", "eval.benchmarks=[lfw]", "eval.allow_test_overlap=[]")));
        TrainingSources.Selection sel = TrainingSources.selection(cfg.data(), root);
        assertEquals(176, sel.identitiesExcludedByName(), "exact names only");
        List<String> identities = trainAndVal(cfg, sel);
        assertEquals(12, identities.stream().filter(TestIdentityCheckTest.LEAKED_CFP_NAMES::contains).count());
        Map<String, PairProtocol> protocols = protocols(cfg);
        DataException e = assertThrows(DataException.class, () -> TestIdentityCheck.run(cfg, root, identities, protocols));
        assertTrue(e.getMessage().contains("lfw: 11 of lfw's 4281 test identities"), e.getMessage());
        assertTrue(e.getMessage().contains("Cristina_Kirchner (as cfp:Cristina Fernandez De Kirchner)"), e.getMessage());
        assertTrue(e.getMessage().contains("eval.allow_test_overlap: [lfw]"), e.getMessage());

        // Allowed explicitly, it would run, marked: 39 of View 2's 6,000 pairs involve the 11.
        ExperimentConfig allowed = ExperimentConfig.from(cfg.raw().with(List.of("eval.allow_test_overlap=[lfw]")));
        TestIdentityCheck check = TestIdentityCheck.run(allowed, root, identities, protocols);
        assertEquals(new TreeSet<>(List.of("Cristina_Kirchner", "Diego_Armando_Maradona", "Dianne_Feinstein", "George_W_Bush",
                "Gerhard_Schroeder", "Joseph_Biden", "Luiz_Inacio_Lula_da_Silva", "Matthew_McConaughey", "Nicolas_Cage",
                "Robert_De_Niro", "Robert_Downey_Jr")), new TreeSet<>(check.overlap().get("lfw")));
        PairProtocol v2 = protocols.get("lfw");
        java.util.Set<String> leaked = new java.util.HashSet<>();
        check.overlap().get("lfw").forEach(n -> leaked.add("lfw:" + n));
        long pairs = v2.pairs().stream().filter(p -> leaked.contains(v2.images().get(p.first()).identity())
                || leaked.contains(v2.images().get(p.second()).identity())).count();
        assertEquals(39, pairs);
    }

    @Test
    void lfw10foldAllowsLfwAndOnlyFold10IsATestNumber() {
        ExperimentConfig cfg = ExperimentConfig.from(Config.load(Path.of("experiments/lfw-10fold.yaml"), List.of()));
        TrainingSources.Selection sel = TrainingSources.selection(cfg.data(), root);
        TestIdentityCheck check = TestIdentityCheck.run(cfg, root, trainAndVal(cfg, sel), protocols(cfg));
        String why = check.notATestNumber().get("lfw");
        assertTrue(why != null && why.contains("only the pairs of fold [10] involve none of them"), why);
        ExperimentConfig strict = ExperimentConfig.from(cfg.raw().with(List.of("eval.allow_test_overlap=[]")));
        assertThrows(DataException.class, () -> TestIdentityCheck.run(strict, root, trainAndVal(strict, sel), protocols(strict)));
    }
}
