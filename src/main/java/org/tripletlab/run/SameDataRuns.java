package org.tripletlab.run;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.DataException;
import org.tripletlab.data.source.DataSources;

/**
 * The one rule for "this config already has a finished run": a folder of the config's run id
 * ({@link RunDirectory#completeAttempts}, {@link RunDirectory#trainedAttempts}) counts only if it was
 * trained on the data the config reads now, i.e. the {@code data.manifest_sha256} its
 * {@code provenance.json} recorded ({@link RunDirectory#recordedManifest}) equals the manifest of the data
 * loaded now. {@code tripletlab train} ({@code train.TrainingRun}), the sweep's decision which points still need
 * training and {@code sweep --dry-run} all ask this class, so they cannot disagree.
 *
 * <p>The run id hashes only the config, so without the data comparison a run would be "already complete"
 * on another {@code --data-root} or after images were added, removed or changed in size. Synthetic data is
 * a function of the config and is not reloaded; a folder that recorded no manifest (older runs) is taken
 * as it is; when the data cannot be read now, the finished run stands (nothing could be trained on it either).
 *
 * <p>One instance remembers the manifest of each data section it loaded, so a sweep of many points on the
 * same data decodes it once; make a new instance when the data may have changed in between.
 */
public final class SameDataRuns {
    private final Path dataRoot;
    private final Map<String, String> manifests = new HashMap<>();

    /** The verdict on one config: the folder that stands for it (null: none, it needs training) and why not, if not. */
    public record Verdict(Path dir, List<String> otherData) {
        public boolean found() {
            return dir != null;
        }

        /** Why the config's finished folders were not taken (one line per folder), or "" when none was refused. */
        public String why() {
            return String.join("; ", otherData);
        }
    }

    public SameDataRuns(Path dataRoot) {
        this.dataRoot = dataRoot;
    }

    /** The completed ({@code COMPLETE}) folder of {@code cfg} under {@code outRoot} trained on the current data. */
    public Verdict complete(Path outRoot, ExperimentConfig cfg) {
        return firstOnSameData(RunDirectory.completeAttempts(outRoot, cfg.raw(), cfg.name()), cfg);
    }

    /**
     * The first of {@code folders} (finished folders of {@code cfg}, in attempt order) trained on the data
     * {@code cfg} reads now; {@link Verdict#otherData} names each folder passed over, with its recorded and
     * the current manifest hash and the data root.
     */
    public synchronized Verdict firstOnSameData(List<Path> folders, ExperimentConfig cfg) {
        List<String> refused = new java.util.ArrayList<>();
        if (folders.isEmpty()) {
            return new Verdict(null, refused);
        }
        if (cfg.data().source().equals("synthetic")) {
            return new Verdict(folders.get(0), refused);
        }
        for (Path dir : folders) {
            String recorded = RunDirectory.recordedManifest(dir);
            if (recorded == null) {
                return new Verdict(dir, refused);
            }
            String current;
            try {
                current = currentManifest(cfg);
            } catch (DataException e) {
                refused.add("cannot read the data to compare with the finished run's (" + e.getMessage() + ")");
                return new Verdict(dir, refused);
            }
            if (recorded.equals(current)) {
                return new Verdict(dir, refused);
            }
            refused.add("Run " + dir.getFileName() + " in " + dir + " has this config but was trained on other data: "
                    + "its data manifest was " + recorded + ", the data now read (data root " + dataRoot + ") has " + current
                    + "; it is not taken as this run.");
        }
        return new Verdict(null, refused);
    }

    /** {@link #firstOnSameData} printing its reasons to {@code console}; returns the folder or null. */
    public Path firstOnSameData(List<Path> folders, ExperimentConfig cfg, PrintStream console) {
        Verdict v = firstOnSameData(folders, cfg);
        v.otherData().forEach(console::println);
        return v.dir();
    }

    /** The manifest hash of the data {@code cfg} reads now (loaded once per data section and instance). */
    private String currentManifest(ExperimentConfig cfg) {
        // Every data.* key (flat, resolved): what DataSources.load reads besides the data root.
        String key = new java.util.TreeMap<>(cfg.raw().asMap()).entrySet().stream().filter(e -> e.getKey().startsWith("data."))
                .map(String::valueOf).collect(java.util.stream.Collectors.joining("\n"));
        String m = manifests.get(key);
        if (m == null) {
            m = DataSources.load(cfg.data(), dataRoot).dataset().manifestHash();
            manifests.put(key, m);
        }
        return m;
    }
}
