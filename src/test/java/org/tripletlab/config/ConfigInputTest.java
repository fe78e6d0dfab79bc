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
            assertTrue(e.getMessage().startsWith("exp.yaml: key 'name': "), e.getMessage());
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
}
