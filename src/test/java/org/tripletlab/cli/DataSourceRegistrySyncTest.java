package org.tripletlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tripletlab.component.Component;
import org.tripletlab.component.ConfigException;
import org.tripletlab.component.Setting;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.config.Schema;
import org.tripletlab.data.source.DataSettings;
import org.tripletlab.data.source.DataSource;
import org.tripletlab.data.source.DataSources;

/**
 * One noun, one place: every data source in {@link DataSources#REGISTRY} is what the schema allows for
 * {@code data.source}; every key a source declares is a schema key, declared as the source declares it and
 * in the section's order; the datasets are what {@code data.combine} accepts; each source builds from a
 * default config under its name.
 */
class DataSourceRegistrySyncTest {
    @Test
    void schemaAllowsExactlyTheRegisteredSources() {
        Setting source = Schema.get("data.source");
        assertEquals(DataSources.REGISTRY.names(), source.choices());
        assertTrue(DataSources.REGISTRY.names().contains(source.defaultValue()));
        for (Component.Key k : DataSources.REGISTRY.keys()) {
            assertEquals(k.setting(), Schema.get(k.path()), k.path() + " is in the schema as the source declares it");
            assertEquals(k.omittedAtDefault(), Schema.omittedAtDefault(k.path()), k.path());
        }
        for (String d : DataSources.datasets()) {
            assertTrue(source.help().contains(d), d + " missing from the help of data.source: " + source.help());
        }
    }

    @Test
    void theDataSectionIsTheSelectorThenTheSectionKeysInOrder() {
        List<String> section = new ArrayList<>();
        section.add("data.source");
        DataSources.sectionKeys().forEach(k -> section.add(k.path()));
        List<String> schema = Schema.settings().keySet().stream().filter(k -> k.startsWith("data.")).toList();
        assertEquals(section, schema, "every data.* key is the selector, a source's or a shared key (DataSettings), in config.yaml order");
        Set<String> declared = new HashSet<>(DataSources.REGISTRY.keys().stream().map(Component.Key::path).toList());
        for (Setting shared : List.of(DataSettings.IMAGE_SIZE, DataSettings.CHANNELS, DataSettings.FLIP, DataSettings.SHIFT,
                DataSettings.VAL_FRACTION, DataSettings.VAL_IMAGES, DataSettings.MIN_IMAGES)) {
            assertEquals(shared, Schema.get(shared.path()));
            declared.add(shared.path());
        }
        declared.add("data.source");
        assertEquals(new HashSet<>(schema), declared, "no data.* key that neither a source nor DataSettings declares");
    }

    @Test
    void combineAcceptsExactlyTheDatasets() {
        for (String name : DataSources.REGISTRY.names()) {
            Config cfg = Config.parse("", "sync", List.of("data.source=combined", "data.combine=[" + name + "]"));
            if (DataSources.datasets().contains(name)) {
                assertEquals(List.of(name), ExperimentConfig.from(cfg).data().sources().names());
            } else {
                ConfigException e = assertThrows(ConfigException.class, () -> ExperimentConfig.from(cfg));
                assertTrue(e.getMessage().contains("is not a source that can be combined; expected some of " + DataSources.datasets()),
                        e.getMessage());
            }
        }
    }

    @Test
    void everySourceBuildsFromADefaultConfigUnderItsName() {
        for (Component<DataSource> c : DataSources.REGISTRY.all()) {
            List<String> set = new ArrayList<>(List.of("data.source=" + c.name()));
            if (c.name().equals("combined")) {
                set.add("data.combine=[" + DataSources.datasets().get(0) + "]");
            }
            DataSettings data = ExperimentConfig.from(Config.parse("", "sync", set)).data();
            assertEquals(c.name(), data.source());
            assertNotNull(data.loader(), c.name());
            assertTrue(!c.description().isBlank(), c.name());
            if (DataSources.datasets().contains(c.name())) {
                assertEquals(List.of(c.name()), data.sources().names(), c.name() + " loads itself");
            }
        }
    }
}
