package org.tripletlab.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tripletlab.util.Hashing;
import org.tripletlab.component.ConfigException;

/** {@code train.nonfinite}: validated like every key, and absent from the resolved config at its default. */
class NonFiniteKeyTest {
    private static Config parse(String yaml, String... overrides) {
        return Config.parse(yaml, "exp.yaml", List.of(overrides));
    }

    @Test
    void defaultsToStopAndAcceptsSkip() {
        assertEquals("stop", ExperimentConfig.from(parse("name: t\n")).train().nonFinite());
        assertEquals("skip", ExperimentConfig.from(parse("train: {nonfinite: skip}\n")).train().nonFinite());
        assertEquals("skip", ExperimentConfig.from(parse("name: t\n", "train.nonfinite=skip")).train().nonFinite());
    }

    @Test
    void otherValuesAndTyposAreRejected() {
        ConfigException bad = assertThrows(ConfigException.class, () -> parse("train: {nonfinite: ignore}\n"));
        assertTrue(bad.getMessage().contains("key 'train.nonfinite'") && bad.getMessage().contains("one of stop, skip"),
                bad.getMessage());
        ConfigException typo = assertThrows(ConfigException.class, () -> parse("train: {nonfinit: skip}\n"));
        assertTrue(typo.getMessage().contains("did you mean 'train.nonfinite'"), typo.getMessage());
    }

    @Test
    void writtenOnlyWhenNotAtItsDefaultSoEarlierRunIdsStay() {
        String yaml = "name: t\nseed: 3\n";
        String plain = parse(yaml).toYaml();
        assertFalse(plain.contains("nonfinite"), plain);
        assertEquals(plain, parse(yaml, "train.nonfinite=stop").toYaml(), "stop is the default: same file, same run id");
        String skip = parse(yaml, "train.nonfinite=skip").toYaml();
        assertTrue(skip.contains("nonfinite: skip"), skip);
        assertNotEquals(Hashing.sha256(plain), Hashing.sha256(skip), "skip is another run");
        // Reading the written file back gives the same config again (both ways).
        assertEquals(plain, parse(plain).toYaml());
        assertEquals(skip, parse(skip).toYaml());
        // Every other key is still written at its default.
        assertTrue(plain.contains("checkpoints: true") && plain.contains("collapse_patience: 50"), plain);
    }

    @Test
    void theQuickstartKeepsItsRunId() throws Exception {
        Config quick = Config.load(Path.of("experiments/quickstart.yaml"), List.of());
        // Measured on the code before train.nonfinite existed.
        assertEquals("e858bb434925", Hashing.sha256(quick.toYaml()).substring(0, 12));
    }
}
