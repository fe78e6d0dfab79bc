package org.tripletlab.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.component.ConfigException;

class ConfigTest {

    private static ConfigException fails(String yaml, String... overrides) {
        return assertThrows(ConfigException.class,
                () -> ExperimentConfig.from(Config.parse(yaml, "exp.yaml", List.of(overrides))));
    }

    @Test
    void defaultsFillEveryKeyAndOverridesWin() {
        ExperimentConfig c = ExperimentConfig.from(Config.parse("name: t\nminer: {strategy: random}\n", "exp.yaml",
                List.of("miner.strategy=hardest", "loss.margin=0.5")));
        assertEquals("hardest", c.miner().strategy());
        assertEquals(0.5, c.loss().margin());
        assertEquals(0.5, c.miner().margin(), "miner margin defaults to the loss margin");
        assertEquals(10, c.train().epochs());
        assertNull(c.train().steps());
        assertEquals(96, c.sampler().batchSize());
    }

    @Test
    void unknownKeyNamesFileKeyAndSuggestion() {
        ConfigException e = fails("miner:\n  stratgy: hardest\n");
        assertTrue(e.getMessage().contains("exp.yaml"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown key 'miner.stratgy'"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'miner.strategy'"), e.getMessage());
    }

    @Test
    void unknownTopLevelSectionListsKnownKeys() {
        ConfigException e = fails("trainer: {epochs: 3}\n");
        assertTrue(e.getMessage().contains("unknown key 'trainer'"), e.getMessage());
        assertTrue(e.getMessage().contains("train"), e.getMessage());
    }

    @Test
    void wrongTypeIsRejected() {
        ConfigException e = fails("sampler: {identities: many}\n");
        assertTrue(e.getMessage().contains("key 'sampler.identities'"), e.getMessage());
        assertTrue(e.getMessage().contains("expected an integer"), e.getMessage());
    }

    @Test
    void impossibleValuesAreRejectedWithWhatIsAllowed() {
        ConfigException margin = fails("loss: {margin: -0.1}\n");
        assertTrue(margin.getMessage().contains("loss.margin") && margin.getMessage().contains("≥ 0")
                || margin.getMessage().contains("in [0"), margin.getMessage());
        ConfigException k = fails("sampler: {images: 1}\n");
        assertTrue(k.getMessage().contains("sampler.images") && k.getMessage().contains("[2,"), k.getMessage());
        ConfigException p = fails("sampler: {identities: 1}\n");
        assertTrue(p.getMessage().contains("sampler.identities"), p.getMessage());
        ConfigException miner = fails("", "miner.strategy=hardestest");
        assertTrue(miner.getMessage().contains("one of random, semi-hard, hardest, batch-all"), miner.getMessage());
    }

    @Test
    void overrideOfUnknownKeyIsRejected() {
        ConfigException e = fails("", "miner.strategi=hardest");
        assertTrue(e.getMessage().startsWith("--set miner.strategi=hardest"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'miner.strategy'"), e.getMessage());
    }

    @Test
    void epochsAndStepsTogetherAreRejected() {
        ConfigException e = fails("train: {epochs: 2, steps: 100}\n");
        assertTrue(e.getMessage().contains("train.steps") && e.getMessage().contains("not both"), e.getMessage());
    }

    @Test
    void cropNeedsFourNumbers() {
        ConfigException e = fails("data: {crop: [1, 2, 3]}\n");
        assertTrue(e.getMessage().contains("data.crop"), e.getMessage());
    }

    @Test
    void invalidYamlNamesLine() {
        ConfigException e = fails("name: x\nloss: {margin: [\n");
        assertTrue(e.getMessage().startsWith("exp.yaml: not valid YAML"), e.getMessage());
    }

    @Test
    void missingFileSaysSo(@TempDir Path dir) {
        ConfigException e = assertThrows(ConfigException.class, () -> Config.load(dir.resolve("nope.yaml"), List.of()));
        assertTrue(e.getMessage().contains("nope.yaml: config file not found"), e.getMessage());
    }

    @Test
    void resolvedYamlRoundTripsToTheSameConfig(@TempDir Path dir) throws Exception {
        Config c = Config.parse("name: rt\ndata: {crop: [1, 2, 30, 40]}\n", "exp.yaml", List.of("seed=7"));
        Path f = dir.resolve("config.yaml");
        Files.writeString(f, c.toYaml());
        Config back = Config.load(f, List.of());
        assertEquals(c.asMap(), back.asMap());
        assertEquals(c.toYaml(), back.toYaml());
    }

    @Test
    void shippedExperimentsAreValid() {
        for (String f : List.of("experiments/quickstart.yaml", "experiments/lfw-people.yaml")) {
            ExperimentConfig.from(Config.load(Path.of(f), List.of()));
        }
    }
}
