package org.tripletlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tripletlab.baseline.BaselineKind;
import org.tripletlab.baseline.Baselines;
import org.tripletlab.component.Component;
import org.tripletlab.component.ConfigException;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.config.Schema;
import org.tripletlab.projection.LinearProjection;
import org.tripletlab.report.Recipe;

/**
 * One noun, one place, for classical baselines: {@link Baselines#REGISTRY} is what the schema allows for
 * {@code baseline.kind}, every {@code baseline.*} key is declared by a kind (or is the shared
 * {@code baseline.max_images}), each kind fits (or says it compares pixels), and the report labels it.
 */
class BaselineRegistrySyncTest {
    @Test
    void schemaAllowsExactlyTheRegisteredKindsInTheRecordedKeyOrder() {
        assertEquals(Baselines.REGISTRY.names(), Schema.get("baseline.kind").choices());
        assertEquals("none", Schema.get("baseline.kind").defaultValue());
        Set<String> declared = new HashSet<>(List.of("baseline.kind", "baseline.max_images"));
        for (Component.Key k : Baselines.REGISTRY.keys()) {
            assertEquals(k.setting(), Schema.get(k.path()), k.path());
            declared.add(k.path());
        }
        List<String> keys = new ArrayList<>();
        for (String key : Schema.settings().keySet()) {
            if (key.startsWith("baseline.")) {
                assertTrue(declared.contains(key), key + " is declared by no baseline");
                keys.add(key);
            }
        }
        // The order every config.yaml has had (run ids hash it).
        assertEquals(List.of("baseline.kind", "baseline.components", "baseline.whiten", "baseline.pca_components",
                "baseline.max_images"), keys);
    }

    @Test
    void everyFittedKindFitsAProjectionOrComparesPixelsAndIsLabelled() {
        // 12 rows of 6 pixels, 3 identities of 4 images each, separable along the first pixels.
        float[][] x = new float[12][6];
        int[] labels = new int[12];
        for (int i = 0; i < 12; i++) {
            labels[i] = i / 4;
            for (int c = 0; c < 6; c++) {
                x[i][c] = (float) (labels[i] * (c < 2 ? 1.0 : 0.0) + 0.01 * Math.sin(7 * i + c));
            }
        }
        for (Component<BaselineKind> c : Baselines.REGISTRY.all()) {
            Config cfg = Config.parse("", "sync", List.of("baseline.kind=" + c.name(), "baseline.components=2"));
            BaselineKind kind = Baselines.kind(cfg);
            assertEquals(kind, Baselines.kind(c.name()));
            assertFalse(c.description().isBlank(), c.name());
            assertEquals(c.name().equals("none"), !ExperimentConfig.from(cfg).baseline().fitted(), c.name());
            if (!kind.fitted()) {
                continue;
            }
            Map<String, Object> fitted = new LinkedHashMap<>();
            LinearProjection p = kind.fit(cfg, x, labels, 1L, fitted);
            if (kind.fitsProjection()) {
                assertNotNull(p, c.name());
                assertEquals(6, p.inputDim());
                assertEquals(2, p.outputDim(), c.name());
                assertEquals(2, fitted.get("components"), c.name());
            } else {
                assertNull(p, c.name());
            }
            String label = Recipe.of(cfg.asMap()).method();
            assertEquals(kind.label(key -> String.valueOf(cfg.asMap().get(key))), label, c.name());
        }
    }

    @Test
    void aKeyOnlyAnotherKindReadsIsRefusedWithTheReaderNamed() {
        for (String kind : Baselines.REGISTRY.names()) {
            if (kind.equals("fisherfaces")) {
                continue;
            }
            ConfigException e = assertThrows(ConfigException.class, () -> ExperimentConfig.from(
                    Config.parse("", "sync", List.of("baseline.kind=" + kind, "baseline.pca_components=20"))));
            assertTrue(e.getMessage().contains("is only used with baseline.kind: fisherfaces (it is " + kind
                    + "); remove baseline.pca_components, or set baseline.kind: fisherfaces"), e.getMessage());
        }
        // Keys with a default value are in every config.yaml, whatever the kind.
        assertNotNull(ExperimentConfig.from(Config.parse("", "sync", List.of("baseline.kind=pixels", "baseline.whiten=true"))));
    }

    @Test
    void unknownKindsNameTheAllowedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Baselines.kind("lbp"));
        assertTrue(e.getMessage().contains(String.join(", ", Baselines.REGISTRY.names())), e.getMessage());
    }
}
