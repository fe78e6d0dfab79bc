package org.tripletlab.train;

import ai.djl.engine.Engine;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tripletlab.util.AtomicFiles;
import org.tripletlab.util.BuildInfo;
import org.tripletlab.util.CpuInfo;
import org.tripletlab.util.Json;

/**
 * What produced a run: tripletlab version and git commit, Java, DJL and PyTorch versions, threads,
 * the CPU model and its vector-instruction flags ({@link CpuInfo}), the allocator, seed, data root and the hash of the data's manifest, start and end time, and what happened on
 * the way (excluded identities, warnings). Written as {@code provenance.json} at the start and
 * rewritten at the end, so even a killed run says what it was.
 */
public final class Provenance {
    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();

    public Provenance() {
        fields.put("tripletlab_version", BuildInfo.version());
        fields.put("git_commit", BuildInfo.gitCommit());
        fields.put("java_version", System.getProperty("java.version"));
        fields.put("java_vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        fields.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        fields.put("cores", Runtime.getRuntime().availableProcessors());
        // Same config, seed and threads give bit-identical numbers only on the same CPU kind (vector kernels differ).
        fields.put("cpu", CpuInfo.describe());
        fields.put("djl_version", Engine.getDjlVersion());
        Engine engine = Engine.getInstance();
        fields.put("engine", engine.getEngineName());
        fields.put("engine_version", engine.getVersion());
        String preload = System.getenv("LD_PRELOAD");
        fields.put("allocator", preload == null || preload.isBlank() ? "glibc malloc (no LD_PRELOAD)" : preload);
        fields.put("started", Instant.now().toString());
        fields.put("status", "running");
    }

    public Provenance put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    public void warn(String message) {
        warnings.add(message);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public void write(Path file) {
        Map<String, Object> out = new LinkedHashMap<>(fields);
        out.put("warnings", List.copyOf(warnings));
        AtomicFiles.write(file, Json.write(out));
    }

    public void finish(String status) {
        fields.put("finished", Instant.now().toString());
        fields.put("status", status);
    }
}
