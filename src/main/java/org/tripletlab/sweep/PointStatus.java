package org.tripletlab.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.tripletlab.util.AtomicFiles;
import org.tripletlab.util.FileReads;
import org.tripletlab.util.Json;

/**
 * What a point run on its own ({@code tripletlab sweep <file> --point N}, one task of a Slurm array) says about
 * itself: {@code <out>/<sweep>/status/<NNN>-<run-id>.json}, written atomically when it starts ({@code running})
 * and when it ends ({@code complete} with its folder, or {@code failed} with its error). The submission writes
 * {@code submitted} just before {@code sbatch} (before, not after: a task may start the moment sbatch returns). A task writes only this
 * file and its run folder; the index is rebuilt from the run folders and these files ({@link SweepReindex}), so
 * concurrent tasks never write one file.
 *
 * <p>The run folder decides whether a point is done (a {@code COMPLETE} marker on the data read now); the status
 * file only adds what a folder cannot say: the error of a failed attempt, and that an attempt is under way. It is
 * named by the point and the run id, so after the sweep file changes an old status never speaks for another
 * config.
 *
 * @param point the point's number in the sweep
 * @param runId the point's run id
 * @param state {@code submitted}, {@code running}, {@code complete} or {@code failed}
 * @param runDir the run folder (complete only), relative to the results root
 * @param error what went wrong (failed only)
 * @param job the Slurm array job id the task ran in ({@code $SLURM_ARRAY_JOB_ID}), or "" outside Slurm
 * @param host the machine it ran on
 */
record PointStatus(int point, String runId, String state, String runDir, String error, String job, String host) {
    /** Written by the submission before {@code sbatch}, so an earlier attempt's error no longer speaks for the point. */
    static final String SUBMITTED = "submitted";
    static final String RUNNING = "running";
    static final String COMPLETE = "complete";
    static final String FAILED = "failed";

    /** The folder of a sweep's status files. */
    static Path folder(Path sweepDir) {
        return sweepDir.resolve("status");
    }

    static Path file(Path sweepDir, Sweep.Point p) {
        return folder(sweepDir).resolve(String.format(Locale.ROOT, "%03d-%s.json", p.index(), p.runId()));
    }

    void write(Path sweepDir) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("point", point);
        m.put("run_id", runId);
        m.put("status", state);
        m.put("run_dir", runDir);
        m.put("error", error);
        m.put("slurm_job", job);
        m.put("host", host);
        m.put("time", Instant.now().toString());
        AtomicFiles.write(folder(sweepDir).resolve(String.format(Locale.ROOT, "%03d-%s.json", point, runId)), Json.write(m));
    }

    /** The status of {@code p} in {@code sweepDir}, or null when it has none (never run on its own). */
    static PointStatus read(Path sweepDir, Sweep.Point p) {
        Path f = file(sweepDir, p);
        if (!Files.exists(f)) {
            return null;
        }
        Map<?, ?> m = FileReads.jsonObject(f, "delete " + f + " (a status file only adds a failed point's error to the index) and rerun "
                + "the same 'tripletlab sweep' command");
        return new PointStatus(p.index(), p.runId(), text(m, "status"), text(m, "run_dir"), text(m, "error"), text(m, "slurm_job"),
                text(m, "host"));
    }

    private static String text(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? "" : String.valueOf(v);
    }
}
