package org.tripletlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.config.Config;
import org.tripletlab.component.ConfigException;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.DataException;
import org.tripletlab.data.protocol.Fixtures;
import org.tripletlab.data.source.NameAliases;
import org.tripletlab.data.source.TrainingSources;
import org.tripletlab.experiment.ExperimentRun;
import org.tripletlab.run.TestNumbers;

/**
 * The test-identity check and alias exclusion on a constructed data root: LFW people with View 1 pair
 * files (the {@code lfw-dev} benchmark), and CFP folders where "Ann Lee" is an LFW name exactly and
 * "Joe Biden" is LFW's Joseph_Biden only through {@code cfp/lfw-aliases.txt}.
 */
class TestIdentityCheckTest {
    /** The 12 CFP identities that are LFW people under another spelling (cfp/lfw-aliases.txt of the real data). */
    static final Set<String> LEAKED_CFP_NAMES = Set.of("cfp:Barbara Streisand", "cfp:Cristina Fernandez De Kirchner",
            "cfp:Diane Feinstein", "cfp:Diego Maradona", "cfp:George Bush", "cfp:Gerard Schroeder", "cfp:Joe Biden",
            "cfp:Luiz Lula Da Silva", "cfp:Mathew Mcconaughey", "cfp:Nicholas Cage", "cfp:Robert Do Niro", "cfp:Robert Downey");

    @TempDir
    Path tmp;
    Path root;

    @BeforeEach
    void dataRoot() {
        root = tmp.resolve("data");
        Path lfw = root.resolve("lfw");
        for (String p : List.of("Ann_Lee", "Joseph_Biden", "Cy_Dee", "Zed_Moe")) {
            Fixtures.lfwPerson(lfw, p, 2);
        }
        Fixtures.text(lfw.resolve("lfw-names.txt"), "Ann_Lee\t2", "Joseph_Biden\t2", "Cy_Dee\t2", "Zed_Moe\t2");
        // View 1: the same 2 + 2 pairs for training thresholds and for testing; Joseph_Biden is a test identity.
        String[] pairs = {"2", "Ann_Lee\t1\t2", "Joseph_Biden\t1\t2", "Cy_Dee\t1\tZed_Moe\t2", "Ann_Lee\t2\tJoseph_Biden\t1"};
        Fixtures.text(lfw.resolve("pairsDevTrain.txt"), pairs);
        Fixtures.text(lfw.resolve("pairsDevTest.txt"), pairs);
        Path cfp = root.resolve("cfp");
        List<String> names = List.of("Ann Lee", "Joe Biden", "Eli Roe", "Fay Wu", "Gus Ho", "Hal Ng");
        Fixtures.text(cfp.resolve("Data/list_name.txt"), names.toArray(String[]::new));
        for (int i = 1; i <= names.size(); i++) {
            for (int k = 1; k <= 2; k++) {
                Fixtures.image(cfp.resolve(String.format("Data/Images/%03d/frontal/%02d.jpg", i, k)), 16, 30 * i + 20 * k);
            }
        }
        Fixtures.text(cfp.resolve("lfw-aliases.txt"), "Joe Biden\tJoseph_Biden");
    }

    private static ExperimentConfig cfg(String... overrides) {
        return ExperimentConfig.from(Config.parse("name: chk\nseed: 3\n"
                + "data: {source: cfp, exclude_names: [lfw/lfw-names.txt], image_size: 16, val_images: 20, split: {val_fraction: 0.3},"
                + " lfw: {crop: null}}\n"
                + "sampler: {identities: 2, images: 2}\nencoder: {width: 4, embedding: 8}\n"
                + "train: {steps: 1, steps_per_epoch: 1, threads: 1}\neval: {benchmarks: [lfw-dev], batch: 8}\n", "chk.yaml",
                List.of(overrides)));
    }

    private TrainingRun.Outcome train(ExperimentConfig cfg) {
        return ExperimentRun.run(cfg, new TrainingRun.Options(tmp.resolve("out"), root, false,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    }

    @Test
    void exclusionHonoursAliasesOnlyForExcludedNames() {
        TrainingSources.Selection exact = TrainingSources.selection(cfg().data(), root);
        assertEquals(List.of("cfp:Ann Lee"), exact.excludedByExactName());
        assertTrue(exact.identities().contains("cfp:Joe Biden"), "without aliases CFP's spelling slips through");

        TrainingSources.Selection aliased = TrainingSources.selection(cfg("data.cfp.aliases=cfp/lfw-aliases.txt").data(), root);
        assertEquals(List.of("cfp:Ann Lee"), aliased.excludedByExactName());
        assertEquals(Map.of("cfp:Joe Biden", "Joseph_Biden"), aliased.excludedByAlias());
        assertEquals(2, aliased.identitiesExcludedByName());
        assertEquals(List.of("cfp:Eli Roe", "cfp:Fay Wu", "cfp:Gus Ho", "cfp:Hal Ng"), aliased.identities());

        // An alias removes a CFP identity only when its LFW name is itself excluded.
        Fixtures.text(root.resolve("only-ann.txt"), "Ann_Lee");
        TrainingSources.Selection onlyAnn = TrainingSources.selection(
                cfg("data.cfp.aliases=cfp/lfw-aliases.txt", "data.exclude_names=[only-ann.txt]").data(), root);
        assertEquals(Map.of(), onlyAnn.excludedByAlias());
        assertTrue(onlyAnn.identities().contains("cfp:Joe Biden"));
    }

    @Test
    void aliasTablesAreReadStrictly() {
        NameAliases a = NameAliases.read(Fixtures.text(tmp.resolve("a.txt"), "# CFP\tLFW", "Robert Do Niro\tRobert_De_Niro", ""));
        assertEquals("Robert_De_Niro", a.aliasOf("robert  do_niro"));
        assertEquals("robert de niro", a.canonical("Robert Do Niro"));
        assertEquals("ann lee", a.canonical("Ann_Lee"), "a name without alias is its own canonical form");
        DataException bad = assertThrows(DataException.class, () -> NameAliases.read(Fixtures.text(tmp.resolve("b.txt"), "Joe Biden Joseph_Biden")));
        assertTrue(bad.getMessage().contains("b.txt:1"), bad.getMessage());
        assertThrows(DataException.class, () -> NameAliases.read(Fixtures.text(tmp.resolve("c.txt"), "A\tB", "a\tC")));
        ConfigException notCfp = assertThrows(ConfigException.class, () -> ExperimentConfig.from(Config.parse(
                "data: {source: celeba, cfp: {aliases: cfp/lfw-aliases.txt}}\n", "x.yaml", List.of())));
        assertTrue(notCfp.getMessage().contains("data.cfp.aliases"), notCfp.getMessage());
        ConfigException unknown = assertThrows(ConfigException.class, () -> cfg("eval.allow_test_overlap=[lfw-view3]"));
        assertTrue(unknown.getMessage().contains("eval.allow_test_overlap"), unknown.getMessage());
    }

    @Test
    void trainRefusesABenchmarkWhoseTestPeopleItWouldTrainOn() {
        DataException e = assertThrows(DataException.class, () -> train(cfg()));
        String m = e.getMessage();
        assertTrue(m.contains("lfw-dev: 1 of lfw-dev's 4 test identities"), m);
        assertTrue(m.contains("Joseph_Biden (as cfp:Joe Biden)"), "the alias is what makes them meet: " + m);
        assertTrue(m.contains("eval.allow_test_overlap: [lfw-dev]") && m.contains("data.cfp.aliases"), m);
        assertFalse(Files.exists(tmp.resolve("out")), "refused before any run folder is written");
    }

    @Test
    void allowedOverlapRunsAndIsRecordedAsNotATestNumber() throws Exception {
        TrainingRun.Outcome o = train(cfg("eval.allow_test_overlap=[lfw-dev]"));
        String why = TestNumbers.reasonNotTestNumber(o.runDir(), "lfw-dev");
        assertEquals("trained/validated on 1 of lfw-dev's 4 test identities (allowed by eval.allow_test_overlap)", why);
        assertNull(TestNumbers.reasonNotTestNumber(o.runDir(), "lfw"), "a benchmark not recorded gives test numbers");
        String prov = Files.readString(o.runDir().resolve("provenance.json"));
        assertTrue(prov.contains("\"test_identity_overlap\": {\n    \"lfw-dev\": [\"Joseph_Biden\"]\n  }"), prov);
        assertTrue(prov.contains("\"excluded_by_exact_name\": [\"cfp:Ann Lee\"]"), prov);
        assertTrue(prov.contains("\"train_identities_sha256\""), prov);
        assertTrue(Files.readString(o.runDir().resolve("config.yaml")).contains("allow_test_overlap:\n  - lfw-dev"));
    }

    @Test
    void disjointProtocolRunsWithTestNumbers() throws Exception {
        // A fitted baseline, so the check is shown for both run kinds (and no encoder is trained).
        TrainingRun.Outcome o = train(cfg("data.cfp.aliases=cfp/lfw-aliases.txt", "baseline.kind=pixels"));
        assertNull(TestNumbers.reasonNotTestNumber(o.runDir(), "lfw-dev"));
        String prov = Files.readString(o.runDir().resolve("provenance.json"));
        assertTrue(prov.contains("\"not_a_test_number\": {}"), prov);
        assertTrue(prov.contains("\"excluded_by_alias\": {\n      \"cfp:Joe Biden\": \"Joseph_Biden\"\n    }"), prov);
        assertTrue(prov.contains("\"alias_tables\": [\"cfp/lfw-aliases.txt\"]"), prov);
        assertNull(TestNumbers.reasonNotTestNumber(tmp.resolve("no-such-run"), "lfw-dev"));
    }
}
