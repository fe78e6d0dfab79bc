package org.tripletlab.train;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.FaceDataset;
import org.tripletlab.data.IdentitySplit;
import org.tripletlab.data.PkSampler;
import org.tripletlab.data.protocol.PairProtocol;
import org.tripletlab.data.source.DataSources;
import org.tripletlab.eval.PairBenchmarks;
import org.tripletlab.run.Provenance;
import org.tripletlab.run.RunDirectory;
import org.tripletlab.run.RunFiles;
import org.tripletlab.util.AtomicFiles;
import org.tripletlab.util.PortablePaths;

/**
 * What every run (trained or fitted) prepares before its run folder exists: the decoded data, the
 * identity-disjoint split, the PK sampler over the training identities and the fixed validation images.
 * Data problems (missing folder, corrupt image, too few identities, a benchmark's missing protocol file)
 * surface here, before anything is written — and so does a benchmark whose test identities the run would
 * train or validate on ({@link TestIdentityCheck}), which refuses the run unless the config allows it.
 */
public record RunData(DataSources.Loaded loaded, IdentitySplit split, PkSampler sampler, int[] valImages, int[] valLabels,
        TestIdentityCheck check) {
    /** Validation images per held-out identity (at most). */
    static final int VAL_IMAGES_PER_IDENTITY = 10;

    public static RunData prepare(ExperimentConfig cfg, Path dataRoot) {
        DataSources.Loaded loaded = DataSources.load(cfg.data(), dataRoot);
        FaceDataset ds = loaded.dataset();
        IdentitySplit split = IdentitySplit.of(ds, cfg.data().valFraction(), cfg.seed());
        PkSampler sampler = new PkSampler(ds, split.trainIdentities(), cfg.sampler().identities(), cfg.sampler().images(),
                cfg.sampler().replaceSmall(), cfg.seed());
        int[] valImages = split.validationImages(ds, cfg.data().valImages(), VAL_IMAGES_PER_IDENTITY, cfg.seed());
        int[] valLabels = Arrays.stream(valImages).map(ds::label).toArray();
        Map<String, PairProtocol> protocols = new LinkedHashMap<>();
        for (String b : cfg.eval().benchmarks()) {
            // Read the protocol now, so a missing data root or image fails before training rather than after.
            protocols.put(b, PairBenchmarks.protocol(b, dataRoot, cfg));
        }
        TestIdentityCheck check = TestIdentityCheck.run(cfg, dataRoot, ds, split, protocols);
        return new RunData(loaded, split, sampler, valImages, valLabels, check);
    }

    public FaceDataset dataset() {
        return loaded.dataset();
    }

    /**
     * Starts a run's record, the same for trained and fitted runs: writes the resolved {@code config.yaml} and
     * a first {@code provenance.json} (run id, seed, threads, data root, {@link #summary}, the disjointness
     * check), and says on the console where the run goes and on which benchmarks it is not a test number.
     */
    public Provenance startRecord(ExperimentConfig cfg, RunDirectory run, int threads, Path dataRoot, PrintStream console) {
        AtomicFiles.write(run.file(RunFiles.CONFIG), cfg.raw().toYaml());
        Provenance prov = new Provenance();
        prov.put("run_id", run.runId()).put("experiment", cfg.name()).put("seed", cfg.seed()).put("threads", threads)
                .put("data_root", PortablePaths.dataRoot(dataRoot))
                .put("data", summary(dataRoot));
        check().putInto(prov);
        prov.write(run.file(RunFiles.PROVENANCE));
        console.println("Run " + run.runId() + " → " + run.dir());
        check().notATestNumber().forEach((bench, why) -> console.println("Not a test number on " + bench + ": " + why));
        return prov;
    }

    /**
     * What provenance.json records under "data": the dataset, its manifest hash, the identities left out by
     * name (exactly, and through an alias, separately), how it was split and sampled, and a SHA-256 of the
     * training and of the validation identity names (sorted, one a line, joined by {@code \n}), so two runs
     * can be shown to have trained on the same people. Paths in the description are relative to the data
     * root ({@code <data-root>/…}), so the file reads the same on any clone.
     */
    Map<String, Object> summary(Path dataRoot) {
        FaceDataset ds = loaded.dataset();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("description", PortablePaths.underDataRoot(ds.description(), dataRoot));
        data.put("manifest_sha256", ds.manifestHash());
        data.put("images", ds.size());
        data.put("identities", ds.identityCount());
        data.put("identities_below_min_images", loaded.identitiesExcluded());
        data.put("identities_excluded_by_name", loaded.identitiesExcludedByName());
        data.put("identities_excluded_by_exact_name", loaded.excludedByExactName().size());
        data.put("identities_excluded_by_alias", loaded.excludedByAlias().size());
        data.put("excluded_by_exact_name", loaded.excludedByExactName());
        data.put("excluded_by_alias", loaded.excludedByAlias());
        data.put("hidden_entries_skipped", loaded.hiddenEntriesSkipped());
        data.put("train_identities", split.trainIdentities().length);
        data.put("train_identities_excluded_by_sampler", sampler.excludedIdentities());
        data.put("train_identities_sampled_with_replacement", sampler.replacedIdentities());
        data.put("val_identities", split.valIdentities().length);
        data.put("val_images", valImages.length);
        data.put("train_identities_sha256", namesDigest(ds, split.trainIdentities()));
        data.put("val_identities_sha256", namesDigest(ds, split.valIdentities()));
        return data;
    }

    /** SHA-256 of the identities' names, sorted, one a line joined by {@code \n} (no final newline). */
    static String namesDigest(FaceDataset ds, int[] identities) {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int id : identities) {
            names.add(ds.identityName(id));
        }
        java.util.Collections.sort(names);
        return org.tripletlab.util.Hashing.sha256(String.join("\n", names));
    }
}
