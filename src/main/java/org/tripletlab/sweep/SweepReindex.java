package org.tripletlab.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.run.SameDataRuns;
import org.tripletlab.run.SweepIndexFile;

/**
 * The state of a sweep worked out from its results folder alone, never from a scheduler's records: which points
 * have a completed run on the data read now ({@link SameDataRuns}, the rule of {@code tripletlab train}), and for
 * the others what their {@linkplain PointStatus status files} say. Every {@code sweep} command starts from it
 * (the local executor before it trains, the Slurm executor before it submits: the points still to run are the
 * points without a completed run), and {@code sweep --reindex} writes it as {@code sweep-index.csv}.
 *
 * <p>A row is {@code complete} when its run folder is, whatever any status file says; otherwise {@code failed}
 * with the error a task recorded, {@code running} while a task has said it started and not yet how it ended, and
 * {@code pending} without a status. A task killed outright (time limit, memory, {@code scancel}) cannot say how it
 * ended: the index rebuild that runs after its Slurm job ({@code --ended-job}) records such a task as failed.
 */
public final class SweepReindex {
    /**
     * @param index the index, with the rows as the results folder has them (not yet written)
     * @param todo the points without a completed run, in sweep order
     * @param otherData for points whose finished folder was trained on other data: why it does not count
     */
    record State(SweepIndex index, List<Sweep.Point> todo, List<String> otherData) {
        int complete() {
            return count(SweepIndexFile.Status.COMPLETE);
        }

        /** "Sweep x: 4 runs: 3 complete, 1 failed, 0 running, 0 pending". */
        String summary() {
            List<String> parts = new ArrayList<>();
            for (SweepIndexFile.Status st : SweepIndexFile.Status.values()) {
                parts.add(count(st) + " " + st.label());
            }
            return "Sweep " + index.file().getParent().getFileName() + ": " + index.rows().size() + " runs: " + String.join(", ", parts);
        }

        int count(SweepIndexFile.Status s) {
            return (int) index.rows().stream().filter(r -> r.status().equals(s.label())).count();
        }
    }

    private SweepReindex() {
    }

    /**
     * {@code tripletlab sweep <file> --reindex}: writes {@code sweep-index.csv} anew from the results folder and prints
     * how many points are complete, failed, running and pending.
     *
     * @param endedJob the Slurm array job that has ended (the rebuild submitted after it), or null
     * @return the number of points without a completed run
     */
    public static int rebuild(Sweep sweep, Path outRoot, Path dataRoot, String endedJob, PrintStream console) {
        List<Sweep.Point> points = sweep.expand(0);
        State s = of(sweep, points, outRoot, dataRoot, endedJob);
        s.index().write();
        SweepRunner.copySweepFile(sweep, outRoot.resolve(sweep.name()));
        s.otherData().forEach(console::println);
        console.println(s.summary() + ". Index: " + s.index().file());
        return s.todo().size();
    }

    /**
     * @param endedJob the Slurm job whose tasks have all ended (the rebuild that runs after it), or null
     */
    static State of(Sweep sweep, List<Sweep.Point> points, Path outRoot, Path dataRoot, String endedJob) {
        Path sweepDir = outRoot.resolve(sweep.name());
        SweepIndex index = new SweepIndex(sweepDir.resolve(SweepIndexFile.FILE), outRoot, sweep.indexColumns(), points);
        List<Sweep.Point> todo = new ArrayList<>();
        List<String> otherData = new ArrayList<>();
        SameDataRuns finished = new SameDataRuns(dataRoot);
        for (Sweep.Point p : points) {
            SameDataRuns.Verdict v = finished.complete(outRoot, ExperimentConfig.from(p.config()));
            if (v.found()) {
                index.update(p, SweepIndexFile.Status.COMPLETE, v.dir(), null);
                continue;
            }
            todo.add(p);
            if (!v.otherData().isEmpty()) {
                otherData.add("#" + p.index() + " " + p.label() + ": to train again, " + v.why());
            }
            PointStatus s = PointStatus.read(sweepDir, p);
            if (s == null) {
                continue;
            }
            if (s.state().equals(PointStatus.FAILED)) {
                index.update(p, SweepIndexFile.Status.FAILED, null, s.error());
            } else if (s.state().equals(PointStatus.RUNNING) && endedJob != null && endedJob.equals(s.job())) {
                index.update(p, SweepIndexFile.Status.FAILED, null, killedMessage(sweepDir, p, s.job()));
            } else if (s.state().equals(PointStatus.RUNNING)) {
                index.update(p, SweepIndexFile.Status.RUNNING, null, null);
            }
            // "submitted" (queued or cancelled before it started), or "complete" while the folder is not complete on the
            // data read now (the folder decides): pending
        }
        return new State(index, todo, otherData);
    }

    /**
     * Why a task that said it started and never said how it ended failed: Slurm's own line from its log when there is
     * one ({@code *** JOB 12 ON node CANCELLED AT … DUE TO TIME LIMIT ***}), and the log's last error line if any.
     */
    private static String killedMessage(Path sweepDir, Sweep.Point p, String job) {
        Path log = SlurmScripts.taskLog(sweepDir, job, p.index());
        String slurmSays = slurmLine(log);
        return "Slurm job " + job + "_" + p.index() + " ended without finishing this run ("
                + (slurmSays == null ? "killed: time limit, memory, node failure or scancel" : "Slurm: " + slurmSays) + ")"
                + (Files.exists(log) ? SweepRunner.childError(log) : "") + "; see " + log;
    }

    /** The last {@code *** JOB … ***} line slurmstepd wrote into a task's log (why it stopped the task), or null. */
    static String slurmLine(Path log) {
        if (!Files.isRegularFile(log)) {
            return null;
        }
        try {
            String last = null;
            for (String line : new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\\R")) {
                Matcher m = SLURM_STOP.matcher(line);
                if (m.find()) {
                    last = m.group(1).strip();
                }
            }
            return last;
        } catch (IOException e) {
            return null; // the message still names the log
        }
    }

    private static final Pattern SLURM_STOP = Pattern.compile("\\*\\*\\* ((?:JOB|STEP) .*?) \\*\\*\\*");
}
