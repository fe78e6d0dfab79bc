package org.tripletlab.data.source;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.FaceDataset;

/** What the source tests share: a config from a {@code data:} mapping, loading it under a root, identity names. */
final class SourceLoads {
    private SourceLoads() {}

    static ExperimentConfig cfg(String data, String... overrides) {
        return ExperimentConfig.from(Config.parse("data: " + data + "\n", "t.yaml", List.of(overrides)));
    }

    static DataSources.Loaded load(Path root, String data, String... overrides) {
        return DataSources.load(cfg(data, overrides).data(), root);
    }

    static List<String> identities(FaceDataset ds) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ds.identityCount(); i++) {
            out.add(ds.identityName(i));
        }
        return out;
    }
}
