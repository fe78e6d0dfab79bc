package org.tripletlab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tripletlab.config.Config;
import org.tripletlab.config.Schema;
import org.tripletlab.util.Hashing;
import org.yaml.snakeyaml.Yaml;

/**
 * Keys added to the schema must not change the ids of runs already committed: every
 * {@code results/<experiment>/<run-id>/config.yaml} that has every key it had when it was written, read
 * and resolved again, is written out byte for byte as it was and so hashes to its folder's id. Keys at their
 * default that were added later ({@code data.cfp.aliases}, {@code eval.allow_test_overlap}) are not written.
 * (Configs older than {@code loss.kind} and {@code baseline.*} lack those keys and changed id when they were
 * added; they are counted, not checked.)
 */
class CommittedRunIdsTest {
    @Test
    void everyCommittedRunKeepsItsId() throws Exception {
        List<Path> configs;
        try (Stream<Path> s = Files.walk(Path.of("results"), 3)) {
            configs = s.filter(p -> p.getFileName().toString().equals("config.yaml")
                    && p.getParent().getFileName().toString().matches("[0-9a-f]{12}(-\\d+)?")).sorted().toList();
        }
        int checked = 0;
        for (Path c : configs) {
            String text = Files.readString(c, StandardCharsets.UTF_8);
            Set<String> keys = new HashSet<>();
            flatten((Map<?, ?>) new Yaml().load(text), "", keys);
            boolean predatesAKey = Schema.settings().keySet().stream().anyMatch(k -> !Schema.omittedAtDefault(k) && !keys.contains(k));
            if (predatesAKey) {
                continue;
            }
            Config cfg = Config.parse(text, c.toString(), List.of());
            assertEquals(text, cfg.toYaml(), c.toString());
            // The folder is named by the id formula of its day: today's (RunDirectory.runId: execution-only keys such as
            // train.threads at their defaults), or the older one, the hash of the whole config.yaml (threads included),
            // which RunDirectory.completeAttempt recognises by content.
            String folder = c.getParent().getFileName().toString().substring(0, 12);
            String today = RunDirectory.runId(cfg);
            String older = Hashing.sha256(cfg.toYaml()).substring(0, 12);
            assertTrue(folder.equals(today) || folder.equals(older),
                    c + ": folder " + folder + " is neither the run id " + today + " nor the older formula's " + older);
            checked++;
        }
        assertTrue(checked >= 75, "committed runs checked: " + checked + " of " + configs.size());
    }

    private static void flatten(Map<?, ?> m, String prefix, Set<String> out) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String k = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> child && Schema.isSection(k)) {
                flatten(child, k + ".", out);
            } else {
                out.add(k);
            }
        }
    }

    @Test
    void newKeysAppearOnlyWhenSet() {
        Config plain = Config.parse("data: {source: cfp}\n", "t.yaml", List.of());
        assertFalse(plain.toYaml().contains("aliases") || plain.toYaml().contains("allow_test_overlap"), plain.toYaml());
        Config set = plain.with(List.of("data.cfp.aliases=cfp/lfw-aliases.txt", "eval.allow_test_overlap=[cfp-fp]"));
        assertTrue(set.toYaml().contains("aliases: cfp/lfw-aliases.txt") && set.toYaml().contains("allow_test_overlap:\n  - cfp-fp"),
                set.toYaml());
        assertEquals(set.toYaml(), set.with(List.of()).toYaml(), "round-trips");
    }
}
