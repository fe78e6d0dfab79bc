package org.tripletlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tripletlab.component.Component;
import org.tripletlab.config.Config;
import org.tripletlab.config.Schema;
import org.tripletlab.component.Setting;
import org.tripletlab.mining.MinerSchedule;
import org.tripletlab.mining.Miners;
import org.tripletlab.mining.TripletMiner;
import org.tripletlab.report.PaperTable;
import picocli.CommandLine;

/**
 * One noun, one place: every miner in {@link Miners#REGISTRY} is what the schema allows for
 * {@code miner.strategy}, what the bench command's help and completion offer, and what the paper table
 * orders by; every key a miner declares is a schema key; each miner builds from a default config.
 */
class MinerRegistrySyncTest {
    @Test
    void schemaAllowsExactlyTheRegisteredMiners() {
        Setting strategy = Schema.get("miner.strategy");
        assertEquals(Miners.STRATEGIES, strategy.choices());
        assertTrue(Miners.STRATEGIES.contains(strategy.defaultValue()));
        for (Component.Key k : Miners.REGISTRY.keys()) {
            assertEquals(k.setting(), Schema.get(k.path()), k.path() + " is in the schema as the miner declares it");
            assertEquals(k.omittedAtDefault(), Schema.omittedAtDefault(k.path()), k.path());
        }
        // No miner.* key in the schema that no miner declares (besides the selector).
        Set<String> declared = new HashSet<>(Miners.REGISTRY.keys().stream().map(Component.Key::path).toList());
        declared.add("miner.strategy");
        // ... or the warm-up (MinerSchedule), whose strategy is any registered miner or none, both left out at their defaults.
        declared.add(MinerSchedule.STRATEGY_KEY);
        declared.add(MinerSchedule.EPOCHS_KEY);
        List<String> warmups = new java.util.ArrayList<>(List.of(MinerSchedule.NONE));
        warmups.addAll(Miners.STRATEGIES);
        assertEquals(warmups, Schema.get(MinerSchedule.STRATEGY_KEY).choices());
        assertTrue(Schema.omittedAtDefault(MinerSchedule.STRATEGY_KEY) && Schema.omittedAtDefault(MinerSchedule.EPOCHS_KEY));
        for (String key : Schema.settings().keySet()) {
            if (key.startsWith("miner.")) {
                assertTrue(declared.contains(key), key + " is declared by no miner");
            }
        }
    }

    @Test
    void benchHelpAndCompletionOfferEveryMiner() {
        String help = new CommandLine(new BenchCommand()).getUsageMessage(CommandLine.Help.Ansi.OFF);
        List<String> candidates = new java.util.ArrayList<>();
        new BenchCommand.MinerNames().forEach(candidates::add);
        assertEquals(Miners.STRATEGIES, candidates);
        for (String m : Miners.STRATEGIES) {
            assertTrue(help.contains(m), m + " missing from bench --help:\n" + help);
        }
    }

    @Test
    void paperTableOrdersEveryMiner() {
        assertEquals(Miners.STRATEGIES, PaperTable.MINER_ORDER);
    }

    @Test
    void everyMinerBuildsFromADefaultConfigUnderItsName() {
        for (Component<TripletMiner> c : Miners.REGISTRY.all()) {
            Config cfg = Config.parse("", "sync", List.of("miner.strategy=" + c.name()));
            TripletMiner m = Miners.create(cfg);
            assertNotNull(m);
            assertEquals(c.name(), m.name());
            assertTrue(!c.description().isBlank(), c.name());
        }
    }
}
