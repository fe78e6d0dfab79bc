package org.tripletlab.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tripletlab.component.ConfigException;
import org.tripletlab.util.Hashing;

/**
 * {@code miner.warmup.strategy} and {@code miner.warmup.epochs}: checked together when a config is read, each error
 * naming its key and the fix, and absent from the resolved config at their defaults so no earlier run id changes.
 */
class MinerWarmupKeyTest {
    private static final String YAML = "name: t\nseed: 3\nminer: {strategy: hardest}\ntrain: {epochs: 10}\n";

    private static ExperimentConfig read(String... overrides) {
        return ExperimentConfig.from(Config.parse(YAML, "exp.yaml", List.of(overrides)));
    }

    private static String refused(String key, String... overrides) {
        ConfigException e = assertThrows(ConfigException.class, () -> read(overrides));
        assertTrue(e.getMessage().contains(key), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aWarmUpIsAStrategyAndItsEpochs() {
        ExperimentConfig c = read("miner.warmup.strategy=semi-hard", "miner.warmup.epochs=2");
        assertEquals("semi-hard", c.raw().getString("miner.warmup.strategy"));
        assertEquals(2, c.raw().getInt("miner.warmup.epochs"));
        assertEquals("none", read().raw().getString("miner.warmup.strategy"));
        assertEquals(0, read().raw().getInt("miner.warmup.epochs"));
    }

    @Test
    void unknownStrategyAndNegativeEpochsAreRefusedByTheSchema() {
        String unknown = refused("miner.warmup.strategy", "miner.warmup.strategy=semihard", "miner.warmup.epochs=2");
        assertTrue(unknown.contains("none, random, semi-hard, hardest, batch-all"), unknown);
        refused("miner.warmup.epochs", "miner.warmup.strategy=semi-hard", "miner.warmup.epochs=-1");
    }

    @Test
    void strategyAndEpochsComeTogether() {
        String noStrategy = refused("miner.warmup.epochs", "miner.warmup.epochs=2");
        assertTrue(noStrategy.contains("set miner.warmup.strategy"), noStrategy);
        String noEpochs = refused("miner.warmup.epochs", "miner.warmup.strategy=semi-hard");
        assertTrue(noEpochs.contains("at least 1"), noEpochs);
    }

    @Test
    void theWarmUpMinerIsAnotherMinerThanTheMainOne() {
        String same = refused("miner.warmup.strategy", "miner.warmup.strategy=hardest", "miner.warmup.epochs=2");
        assertTrue(same.contains("the same as miner.strategy") && same.contains("no warm-up"), same);
    }

    @Test
    void theMainMinerMustGetSomeEpochs() {
        String all = refused("miner.warmup.epochs", "miner.warmup.strategy=random", "miner.warmup.epochs=10");
        assertTrue(all.contains("would never mine") && all.contains("train.epochs"), all);
        read("miner.warmup.strategy=random", "miner.warmup.epochs=9");
    }

    @Test
    void onlyLossesThatMineTakeAWarmUp() {
        String softmax = refused("miner.warmup.strategy", "loss.kind=softmax", "miner.warmup.strategy=semi-hard", "miner.warmup.epochs=1");
        assertTrue(softmax.contains("uses no miner"), softmax);
        read("loss.kind=soft-margin-triplet", "miner.warmup.strategy=semi-hard", "miner.warmup.epochs=1");
    }

    @Test
    void theWarmUpMinersOwnRulesApply() {
        // distance-weighted's cross-key rule (nonzero_loss_cutoff > cutoff) is checked for it as a warm-up, as when selected;
        // the main miner (hardest) has no such rule, so only the warm-up check can refuse this.
        String dw = refused("miner.nonzero_loss_cutoff", "miner.warmup.strategy=distance-weighted", "miner.warmup.epochs=1",
                "miner.cutoff=0.5", "miner.nonzero_loss_cutoff=0.4");
        assertTrue(dw.contains("must exceed miner.cutoff"), dw);
        read("miner.cutoff=0.5", "miner.nonzero_loss_cutoff=0.4");
    }

    @Test
    void writtenOnlyWhenSetSoEarlierRunIdsStay() {
        String plain = Config.parse(YAML, "exp.yaml", List.of()).toYaml();
        assertFalse(plain.contains("warmup:") && plain.contains("miner:\n  warmup"), plain);
        assertFalse(plain.contains("strategy: none"), plain);
        assertEquals(plain, Config.parse(YAML, "exp.yaml", List.of("miner.warmup.strategy=none", "miner.warmup.epochs=0")).toYaml());
        String warm = Config.parse(YAML, "exp.yaml", List.of("miner.warmup.strategy=semi-hard", "miner.warmup.epochs=2")).toYaml();
        assertTrue(warm.contains("strategy: semi-hard") && warm.contains("epochs: 2"), warm);
        assertNotEquals(Hashing.sha256(plain), Hashing.sha256(warm), "a warm-up is another run");
        assertEquals(warm, Config.parse(warm, "config.yaml", List.of()).toYaml(), "read back, the same config");
    }

    @Test
    void theQuickstartKeepsItsRunId() throws Exception {
        Config quick = Config.load(Path.of("experiments/quickstart.yaml"), List.of());
        // Measured on the code before the miner warm-up existed (NonFiniteKeyTest has the same number).
        assertEquals("e858bb434925", Hashing.sha256(quick.toYaml()).substring(0, 12));
    }
}
