package org.tripletlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tripletlab.component.Component;
import org.tripletlab.config.Config;
import org.tripletlab.component.ConfigException;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.config.Schema;
import org.tripletlab.component.Setting;
import org.tripletlab.loss.LossKind;
import org.tripletlab.loss.Losses;
import org.tripletlab.mining.Miners;
import org.tripletlab.report.Recipe;

/**
 * One noun, one place, for losses: every loss in {@link Losses#REGISTRY} is what the schema allows for
 * {@code loss.kind}; every key a loss declares is a schema key (and every loss.* key is declared by a loss);
 * each loss builds from a default config under its name, and the trainer, memory estimate, collapse watch
 * and report can ask it what they need.
 */
class LossRegistrySyncTest {
    @Test
    void schemaAllowsExactlyTheRegisteredLosses() {
        Setting kind = Schema.get("loss.kind");
        assertEquals(Losses.REGISTRY.names(), kind.choices());
        assertEquals("triplet", kind.defaultValue());
        for (Component.Key k : Losses.REGISTRY.keys()) {
            assertEquals(k.setting(), Schema.get(k.path()), k.path() + " is in the schema as the loss declares it");
            assertEquals(k.omittedAtDefault(), Schema.omittedAtDefault(k.path()), k.path());
        }
        Set<String> declared = new HashSet<>(Losses.REGISTRY.keys().stream().map(Component.Key::path).toList());
        declared.add("loss.kind");
        List<String> lossKeys = new ArrayList<>();
        for (String key : Schema.settings().keySet()) {
            if (key.startsWith("loss.")) {
                assertTrue(declared.contains(key), key + " is declared by no loss");
                lossKeys.add(key);
            }
        }
        // The order every config.yaml has had since the first runs (run ids hash it): margin, reduction, kind, negatives.
        assertEquals(List.of("loss.margin", "loss.reduction", "loss.kind", "loss.negatives"), lossKeys.subList(0, 4));
    }

    @Test
    void everyLossBuildsFromADefaultConfigUnderItsName() {
        for (Component<LossKind> c : Losses.REGISTRY.all()) {
            Config cfg = Config.parse("", "sync", List.of("loss.kind=" + c.name()));
            LossKind kind = Losses.kind(cfg);
            assertEquals(c.name(), kind.name());
            assertSame(kind, Losses.kind(c.name()));
            assertNotNull(kind.create(cfg, Miners.create(cfg), new int[] {0, 1}), c.name());
            assertTrue(!c.description().isBlank(), c.name());
            assertTrue(kind.pairwiseTensors() > 0 && kind.heapArrays() > 0, c.name());
            assertTrue(kind.collapseTolerance(0.2) > 0, c.name());
            assertTrue(kind.collapseMessage(7, 3, 0.01).startsWith("possible collapse at step 7"), c.name());
            // The report labels every run; a deep baseline row is labelled by the loss, the others as triplet rows.
            assertNotNull(Recipe.of(cfg.asMap()).method(), c.name());
        }
    }

    @Test
    void aKeyOnlyAnotherLossReadsIsRefusedWithTheReaderNamed() {
        for (String kind : Losses.REGISTRY.names()) {
            if (Losses.REGISTRY.readersOf("loss.negatives").contains(kind)) {
                continue;
            }
            ConfigException e = assertThrows(ConfigException.class,
                    () -> ExperimentConfig.from(Config.parse("", "sync", List.of("loss.kind=" + kind, "loss.negatives=hardest"))));
            assertTrue(e.getMessage().contains("is only used with loss.kind: contrastive (it is " + kind + ")"), e.getMessage());
        }
        // Keys of the default loss stay free under every loss: configs have always written them.
        for (String kind : Losses.REGISTRY.names()) {
            if (!kind.equals("contrastive")) {
                assertNotNull(ExperimentConfig.from(Config.parse("", "sync", List.of("loss.kind=" + kind, "loss.margin=3", "loss.reduction=sum"))));
            }
        }
    }

    @Test
    void unknownKindsNameTheAllowedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Losses.kind("hinge"));
        assertTrue(e.getMessage().contains(String.join(", ", Losses.REGISTRY.names())), e.getMessage());
    }
}
