package org.tripletlab.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tripletlab.config.Config;
import org.tripletlab.util.AtomicFiles;
import org.tripletlab.util.Hashing;

/**
 * The folder of one run: {@code <out>/<experiment>/<run-id>/}. The run id is the first 12 hex
 * digits of the SHA-256 of the resolved {@code config.yaml} (which contains the seed), so running
 * the same config again maps to the same id and is recognised.
 *
 * <p>A run never overwrites another's files: if the folder exists, a completed run is reported and
 * skipped (unless a rerun is asked for), and an unfinished one is kept as it is while the new
 * attempt goes to {@code <run-id>-2}, {@code -3}, ….
 */
public final class RunDirectory {
    /** File whose presence marks a run that finished and wrote all its results. */
    public static final String COMPLETE_MARKER = "COMPLETE";

    private final Path dir;
    private final String runId;
    private final boolean alreadyComplete;

    private RunDirectory(Path dir, String runId, boolean alreadyComplete) {
        this.dir = dir;
        this.runId = runId;
        this.alreadyComplete = alreadyComplete;
    }

    public static String runId(Config config) {
        return Hashing.sha256(config.toYaml()).substring(0, 12);
    }

    /** Whether a completed run of exactly this config exists under {@code outRoot}. */
    public static boolean isComplete(Path outRoot, Config config, String experimentName) {
        return completeAttempt(outRoot, config, experimentName) != null;
    }

    /**
     * The folder of a completed run of exactly this config, or null: {@code <run-id>} or, when an
     * earlier attempt was killed and left unfinished, a later attempt {@code <run-id>-2}, {@code -3}, …
     * (so a run that finished on its second attempt is recognised rather than trained a third time).
     */
    public static Path completeAttempt(Path outRoot, Config config, String experimentName) {
        String id = runId(config);
        Path base = outRoot.resolve(experimentName);
        Path dir = base.resolve(id);
        for (int attempt = 2; Files.exists(dir); attempt++) {
            if (Files.isRegularFile(dir.resolve(COMPLETE_MARKER))) {
                return dir;
            }
            dir = base.resolve(id + "-" + attempt);
        }
        return null;
    }

    /**
     * Chooses the folder for a run of {@code config} under {@code outRoot}.
     *
     * @param rerun when the same config already completed, start a fresh attempt beside it instead of skipping
     */
    public static RunDirectory open(Path outRoot, Config config, String experimentName, boolean rerun) {
        String id = runId(config);
        Path base = outRoot.resolve(experimentName);
        Path dir = base.resolve(id);
        Path done = completeAttempt(outRoot, config, experimentName);
        if (done != null && !rerun) {
            return new RunDirectory(done, id, true);
        }
        int attempt = 1;
        while (Files.exists(dir)) {
            attempt++;
            dir = base.resolve(id + "-" + attempt);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run folder " + dir + ": " + e.getMessage(), e);
        }
        return new RunDirectory(dir, attempt == 1 ? id : id + "-" + attempt, false);
    }

    public Path dir() {
        return dir;
    }

    public String runId() {
        return runId;
    }

    /** Whether this config already has a completed run here (nothing will be written). */
    public boolean alreadyComplete() {
        return alreadyComplete;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    public void markComplete() {
        AtomicFiles.write(dir.resolve(COMPLETE_MARKER), "complete\n");
    }
}
