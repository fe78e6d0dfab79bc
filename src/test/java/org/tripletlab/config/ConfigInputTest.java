package org.tripletlab.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.cli.Main;
import org.tripletlab.sweep.Sweep;
import org.tripletlab.component.ConfigException;

/** Bad input to the config side (issue 11): names that leave the results folder, empty files, misleading messages. */
class ConfigInputTest {
    private static final String BASE = """
            name: tiny
            train: {steps: 2, checkpoints: false}
            """;

    private static ConfigException fails(String yaml, String... overrides) {
        return assertThrows(ConfigException.class, () -> Config.parse(yaml, "exp.yaml", List.of(overrides)));
    }

    private static void assertNameRule(ConfigException e, String name) {
        String m = e.getMessage();
        assertTrue(m.contains("'name'") || m.contains("name"), m);
        assertTrue(m.contains("'" + name + "' is not a plain name"), m);
        assertTrue(m.contains("letters, digits, '-', '_' and '.'"), m);
    }

    @Test
    void namesThatAreNotPlainFolderNamesAreConfigErrors() {
        for (String name : List.of("../../evil", "..", ".", "/tmp/evil", "a/b", "a\\b", ".hidden", "")) {
            ConfigException e = fails("", "name=" + name);
            assertTrue(e.getMessage().startsWith("--set name=" + name + ": '" + name + "' is not a plain name"), e.getMessage());
            assertNameRule(e, name);
        }
        assertNameRule(fails("name: ../../evil\n"), "../../evil");
        assertNameRule(fails("name: /abs/evil\n"), "/abs/evil");
        for (String ok : List.of("quickstart", "margin-0.2", "a_b.c", "2024")) {
            assertEquals(ok, Config.parse("", "exp.yaml", List.of("name=" + ok)).getString("name"));
        }
    }

    @Test
    void trainWithAnEscapingNameStopsBeforeWritingAnything(@TempDir Path dir) throws Exception {
        Path exp = Files.writeString(dir.resolve("exp.yaml"), BASE);
        Path out = dir.resolve("a/b/results");
        Files.createDirectories(out);
        for (String name : List.of("../../evil", "..", dir.resolve("abs").toAbsolutePath().toString())) {
            PrintStream err = System.err;
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int code;
            try {
                System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
                code = Main.execute("train", exp.toString(), "--set", "name=" + name, "--out", out.toString());
            } finally {
                System.setErr(err);
            }
            assertEquals(2, code, name);
            assertTrue(buf.toString(StandardCharsets.UTF_8).contains("is not a plain name"), buf.toString(StandardCharsets.UTF_8));
        }
        try (Stream<Path> all = Files.walk(dir)) {
            assertEquals(List.of(dir, exp, dir.resolve("a"), dir.resolve("a/b"), out).stream().sorted().toList(),
                    all.sorted().toList(), "nothing written");
        }
    }

    @Test
    void sweepsCannotNameRunsOutsideTheResultsFolder(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tiny.yaml"), BASE);
        Path set = Files.writeString(dir.resolve("s1.yaml"), "base: tiny.yaml\nset: {name: ../../x}\naxes: {seed: [1]}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Sweep.load(set));
        assertTrue(e.getMessage().startsWith(set + ": set.name: "), e.getMessage());
        assertTrue(e.getMessage().contains("'../../x' is not a plain name"), e.getMessage());
        Path axis = Files.writeString(dir.resolve("s2.yaml"), "base: tiny.yaml\naxes: {name: [ok, ..]}\n");
        e = assertThrows(ConfigException.class, () -> Sweep.load(axis));
        assertTrue(e.getMessage().contains("axes.name") && e.getMessage().contains("'..' is not a plain name"), e.getMessage());
        Path top = Files.writeString(dir.resolve("s3.yaml"), "name: ..\nbase: tiny.yaml\naxes: {seed: [1]}\n");
        e = assertThrows(ConfigException.class, () -> Sweep.load(top));
        assertTrue(e.getMessage().contains("key 'name'") && e.getMessage().contains("'..' is not a plain name"), e.getMessage());
        Path baseline = Files.writeString(dir.resolve("s4.yaml"),
                "base: tiny.yaml\naxes: {seed: [1]}\nbaselines: [{file: tiny.yaml, set: {name: /tmp/x}}]\n");
        e = assertThrows(ConfigException.class, () -> Sweep.load(baseline));
        assertTrue(e.getMessage().contains("set.name") && e.getMessage().contains("'/tmp/x' is not a plain name"), e.getMessage());
    }

    @Test
    void emptyOrCommentOnlyConfigFilesAreErrorsNamingTheFile(@TempDir Path dir) throws Exception {
        for (String text : List.of("", "\n  \n", "# just a comment\n# another\n", "---\n")) {
            Path f = Files.writeString(dir.resolve("empty.yaml"), text);
            ConfigException e = assertThrows(ConfigException.class, () -> Config.load(f, List.of()), text);
            assertTrue(e.getMessage().startsWith(f + ": the config file has no keys (it is empty or only comments)"), e.getMessage());
            assertTrue(e.getMessage().contains("name: my-experiment"), e.getMessage());
            e = assertThrows(ConfigException.class, () -> Config.load(f, List.of("train.steps=2")), text);
            assertTrue(e.getMessage().contains("has no keys"), e.getMessage());
        }
        Path f = Files.writeString(dir.resolve("comments.yaml"), "# nothing here\n");
        Path out = dir.resolve("results");
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
            code = Main.execute("train", f.toString(), "--out", out.toString());
        } finally {
            System.setErr(err);
        }
        assertEquals(2, code);
        assertTrue(buf.toString(StandardCharsets.UTF_8).contains(f + ": the config file has no keys"), buf.toString(StandardCharsets.UTF_8));
        assertTrue(!Files.exists(out), "nothing trained");
        // Text given directly (tests, defaults) still means all defaults.
        assertEquals("experiment", Config.parse("", "t.yaml", List.of()).getString("name"));
    }

    private static String message(String yaml, String... overrides) {
        return fails(yaml, overrides).getMessage();
    }

    @Test
    void aSectionSetAsAValueSaysItIsASectionAndHowToSetOneKey() {
        String m = message("", "loss=0.3");
        assertEquals("--set loss=0.3: 'loss' is a section with keys margin, reduction, kind, negatives; "
                + "set one of them, e.g. --set loss.margin=0.3", m);
        m = message("", "miner={strategy: hardest}");
        assertTrue(m.startsWith("--set miner={strategy: hardest}: 'miner' is a section with keys strategy, margin, pick, fallback"), m);
        assertTrue(m.endsWith("e.g. --set miner.strategy=hardest"), m);
        m = message("loss: 0.3\n");
        assertTrue(m.startsWith("exp.yaml: key 'loss' is a section, not a value; write a mapping of its keys margin, reduction, kind, negatives"), m);
        assertTrue(m.endsWith("e.g. loss: {margin: 0.2}"), m);
        m = message("data: {augment: 1}\n");
        assertTrue(m.endsWith("e.g. data.augment: {flip: true}"), m);
    }

    @Test
    void aMalformedOverrideValueSaysItIsMalformed() {
        String m = message("", "miner={strategy: hardest");
        assertTrue(m.startsWith("--set miner={strategy: hardest: the value {strategy: hardest is malformed (not valid YAML: "), m);
        // The miner keys come from the miner registry (each miner declares its own), so the list is read from the schema.
        assertTrue(String.join(", ", Schema.childrenOf("miner")).startsWith("strategy, margin, pick, fallback"));
        assertTrue(m.contains("'miner' is a section with keys " + String.join(", ", Schema.childrenOf("miner"))
                + "; set one of them, e.g. --set miner.strategy="), m);
        assertTrue(!m.contains("\n"), m);
        m = message("", "data.crop=[1, 2");
        assertTrue(m.startsWith("--set data.crop=[1, 2: the value [1, 2 is malformed (not valid YAML: "), m);
        assertTrue(m.contains("quote it or fix the brackets, e.g. --set data.crop="), m);
        m = message("", "lss.margin={");
        assertTrue(m.contains("unknown key 'lss.margin'"), m);
    }

    @Test
    void aQuotedNumberSaysItIsAStringAndToDropTheQuotes() {
        String m = message("train: {epochs: \"3\"}\n");
        assertTrue(m.startsWith("exp.yaml: key 'train.epochs': the string \"3\" (in quotes) is not allowed; expected an integer"), m);
        assertTrue(m.endsWith("; drop the quotes: train.epochs: 3"), m);
        m = message("loss: {margin: '0.3'}\n");
        assertTrue(m.contains("the string \"0.3\" (in quotes)") && m.endsWith("drop the quotes: loss.margin: 0.3"), m);
        m = message("train: {checkpoints: \"false\"}\n");
        assertTrue(m.endsWith("drop the quotes: train.checkpoints: false"), m);
        m = message("", "train.epochs=\"3\"");
        assertTrue(m.startsWith("--set train.epochs=\"3\": the string \"3\" (in quotes) is not allowed"), m);
        assertTrue(m.endsWith("drop the quotes: --set train.epochs=3"), m);
        m = message("", "seed=");
        assertTrue(m.startsWith("--set seed=: an empty value is not allowed; expected an integer"), m);
        assertTrue(m.endsWith("give a value after '=', e.g. --set seed=42"), m);
        m = message("", "loss.margin=abc");
        assertTrue(m.startsWith("--set loss.margin=abc: abc is not allowed; expected a number in [0, 4]"), m);
        m = message("name: [a\n");
        assertTrue(m.startsWith("exp.yaml: not valid YAML at line 2, column 1: while parsing a flow sequence"), m);
        assertTrue(m.endsWith("check the indentation, brackets, quotes and 'key: value' colons on or before that line"), m);
        // A string that is no number is simply not allowed.
        m = message("sampler: {identities: many}\n");
        assertTrue(m.startsWith("exp.yaml: key 'sampler.identities': many is not allowed; expected an integer"), m);
        m = message("sampler: {identities: null}\n");
        assertTrue(m.contains("null (no value) is not allowed") && m.contains("remove the key to use the default"), m);
    }

    @Test
    void aFileThatIsNotUtf8SaysWhereAndHowToFixIt(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write("seed: 1\n# \u00e9 in UTF-8\n".getBytes(StandardCharsets.UTF_8));
        bytes.write("name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        byte[] file = bytes.toByteArray();
        Path f = Files.write(dir.resolve("latin1.yaml"), file);
        ConfigException e = assertThrows(ConfigException.class, () -> Config.load(f, List.of()));
        String m = e.getMessage();
        assertTrue(m.startsWith(f + ": the config file is not UTF-8: byte 0xE9 at line 3, column 10 (byte offset 31)"), m);
        assertTrue(m.contains("save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8 latin1.yaml > fixed.yaml)"), m);
        assertTrue(!m.contains("Input length"), m);
        Files.writeString(dir.resolve("tiny.yaml"), BASE);
        Path sweep = Files.write(dir.resolve("sweep.yaml"), "base: tiny.yaml\n# caf\u00e9\naxes: {seed: [1]}\n".getBytes(StandardCharsets.ISO_8859_1));
        m = assertThrows(ConfigException.class, () -> Sweep.load(sweep)).getMessage();
        assertTrue(m.startsWith(sweep + ": the sweep file is not UTF-8: byte 0xE9 at line 2, column 6 (byte offset 21)"), m);
        Path folder = Files.createDirectories(dir.resolve("folder.yaml"));
        m = assertThrows(ConfigException.class, () -> Config.load(folder, List.of())).getMessage();
        assertTrue(m.startsWith(folder + ": is a folder, not a config file; pass the path"), m);
    }

    @Test
    void crossKeyErrorsSayHowToFixThem() {
        for (String[] c : new String[][] {
                {"data: {source: lfw, combine: [cfp]}\n", "remove data.combine, or set data.source: combined"},
                {"data: {source: combined, combine: [cfp, cfp]}\n", "lists a source twice; list each source once"},
                {"data: {exclude_names: [a.txt]}\n", "not to synthetic; remove data.exclude_names"},
                {"data: {source: lfw, cfp: {aliases: a.txt}}\n", "remove data.cfp.aliases, or load cfp"},
                {"data: {source: lfw, lfw: {folds: [1]}}\n", "remove data.lfw.folds, or set data.lfw.people: folds"},
                {"data: {source: lfw, lfw: {people: folds, folds: [1, 1]}}\n", "lists a fold twice; list each fold once"},
                {"loss: {negatives: hardest}\n", "remove loss.negatives, or set loss.kind: contrastive"},
                {"baseline: {pca_components: 10}\n", "remove baseline.pca_components, or set baseline.kind: fisherfaces"},
                {"loss: {kind: contrastive, margin: 3}\n", "set loss.margin to at most 2"}}) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> ExperimentConfig.from(Config.parse(c[0], "exp.yaml", List.of())), c[0]);
            assertTrue(e.getMessage().startsWith("exp.yaml: key '") && e.getMessage().contains(c[1]), e.getMessage());
        }
    }

    @Test
    void aSweepFileThatIsNotYamlSaysWhereOnOneLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tiny.yaml"), BASE);
        Path sweep = Files.writeString(dir.resolve("sweep.yaml"), "base: tiny.yaml\naxes: {seed: [1, 2}\n");
        String m = assertThrows(ConfigException.class, () -> Sweep.load(sweep)).getMessage();
        assertTrue(m.startsWith(sweep + ": not valid YAML at line 2, column "), m);
        assertTrue(m.endsWith("on or before that line") && !m.contains("\n"), m);
    }
}
