package org.tripletlab.train;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.DataSources;
import org.tripletlab.data.FaceDataset;
import org.tripletlab.data.IdentitySplit;
import org.tripletlab.data.PkSampler;
import org.tripletlab.eval.PairBenchmarks;

/**
 * What every run (trained or fitted) prepares before its run folder exists: the decoded data, the
 * identity-disjoint split, the PK sampler over the training identities and the fixed validation images.
 * Data problems (missing folder, corrupt image, too few identities, a benchmark's missing protocol file)
 * surface here, before anything is written.
 */
record RunData(DataSources.Loaded loaded, IdentitySplit split, PkSampler sampler, int[] valImages, int[] valLabels) {
    /** Validation images per held-out identity (at most). */
    static final int VAL_IMAGES_PER_IDENTITY = 10;

    static RunData prepare(ExperimentConfig cfg, Path dataRoot) {
        DataSources.Loaded loaded = DataSources.load(cfg.data(), dataRoot);
        FaceDataset ds = loaded.dataset();
        IdentitySplit split = IdentitySplit.of(ds, cfg.data().valFraction(), cfg.seed());
        PkSampler sampler = new PkSampler(ds, split.trainIdentities(), cfg.sampler().identities(), cfg.sampler().images(),
                cfg.sampler().replaceSmall(), cfg.seed());
        int[] valImages = split.validationImages(ds, cfg.data().valImages(), VAL_IMAGES_PER_IDENTITY, cfg.seed());
        int[] valLabels = Arrays.stream(valImages).map(ds::label).toArray();
        for (String b : cfg.eval().benchmarks()) {
            // Read the protocol now, so a missing data root or image fails before training rather than after.
            PairBenchmarks.protocol(b, dataRoot, cfg);
        }
        return new RunData(loaded, split, sampler, valImages, valLabels);
    }

    FaceDataset dataset() {
        return loaded.dataset();
    }

    /**
     * What provenance.json records under "data": the dataset, its manifest hash and how it was split and sampled.
     * Paths in the description are relative to the data root ({@code <data-root>/…}), so the file reads the same on any clone.
     */
    Map<String, Object> summary(java.nio.file.Path dataRoot) {
        FaceDataset ds = loaded.dataset();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("description", org.tripletlab.util.PortablePaths.underDataRoot(ds.description(), dataRoot));
        data.put("manifest_sha256", ds.manifestHash());
        data.put("images", ds.size());
        data.put("identities", ds.identityCount());
        data.put("identities_below_min_images", loaded.identitiesExcluded());
        data.put("identities_excluded_by_name", loaded.identitiesExcludedByName());
        data.put("train_identities", split.trainIdentities().length);
        data.put("train_identities_excluded_by_sampler", sampler.excludedIdentities());
        data.put("train_identities_sampled_with_replacement", sampler.replacedIdentities());
        data.put("val_identities", split.valIdentities().length);
        data.put("val_images", valImages.length);
        return data;
    }
}
