package org.tripletlab.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.tripletlab.run.SweepIndexFile;
import org.tripletlab.util.AtomicFiles;

/**
 * {@code tripletlab sweep <file> --executor slurm}: submits the sweep's points that have no completed run as one
 * Slurm job array ({@link SlurmScripts#array}), and after it, whatever way it ends, a job that rebuilds the index
 * ({@code --dependency=afterany}). Tripletlab schedules nothing itself: Slurm runs the tasks, {@code %K} bounds
 * how many run at once.
 *
 * <p><b>What is missing comes from the results folder.</b> Each submission starts from {@link SweepReindex} (the
 * run folders and status files), never from Slurm's records: a cancelled pending task leaves none, and job
 * accounting ({@code sacct}) needs a database a small cluster may not run. So resuming is running the same command
 * again: the points still without a completed run (failed, killed, cancelled, never started) are submitted, the
 * others not. The one question put to Slurm is whether this sweep's last array is still queued
 * ({@code squeue}): submitting its points again then would train them twice, so the command refuses and says how
 * to wait or cancel.
 *
 * <p>Each submission appends a line to {@code slurm/jobs.csv} (time, array job, index job, points), the history
 * of what was submitted.
 */
public final class SlurmSubmission {
    /** The submission log's file name, in {@code <sweep>/slurm/}. */
    static final String JOBS = "jobs.csv";

    /**
     * What was done.
     *
     * @param total the sweep's points
     * @param submitted the points in the array (0 when all were complete)
     * @param arrayJob the array's job id, or null (nothing submitted, or {@code --script-only})
     * @param reindexJob the index rebuild's job id, or null
     * @param script {@code array.sbatch}, or null when nothing was left to run
     */
    public record Result(int total, int submitted, String arrayJob, String reindexJob, Path script) {
    }

    private SlurmSubmission() {
    }

    /**
     * @param command the command line, for the scripts' header
     * @param mainClass the CLI's main class, which the tasks run (sweep does not import the command line)
     */
    public static Result submit(Sweep sweep, Path outRoot, Path dataRoot, SlurmOptions o, boolean restart, Class<?> mainClass, String command,
            PrintStream console) {
        Path out = outRoot.toAbsolutePath().normalize();
        Path data = dataRoot == null ? null : dataRoot.toAbsolutePath().normalize();
        Path sweepDir = out.resolve(sweep.name());
        Path slurmDir = sweepDir.resolve("slurm");
        if (!o.scriptOnly()) {
            refuseWhileQueued(slurmDir);
        }
        List<Sweep.Point> points = sweep.expand(o.cpusPerTask());
        SweepReindex.State state = SweepReindex.of(sweep, points, out, data, null);
        List<Sweep.Point> todo = state.todo();
        if (!o.scriptOnly()) {
            for (Sweep.Point p : todo) {
                // what this submission will run is pending, whatever an earlier attempt recorded (its error stays in its log)
                state.index().update(p, SweepIndexFile.Status.PENDING, null, null);
            }
        }
        state.otherData().forEach(console::println);
        console.println("Sweep " + sweep.name() + ": " + points.size() + " runs, " + (points.size() - todo.size()) + " complete, "
                + todo.size() + " to run");
        if (todo.isEmpty()) {
            state.index().write();
            SweepRunner.copySweepFile(sweep, sweepDir);
            console.println("Nothing to submit: every point has a completed run. Index: " + state.index().file());
            return new Result(points.size(), 0, null, null, null);
        }
        Path code = CodeSnapshot.take(slurmDir.resolve("code"), System.getProperty("java.class.path"), mainClass);
        SlurmScripts.Setup setup = new SlurmScripts.Setup(sweep, sweep.file().toAbsolutePath().normalize(), out, data, code,
                SweepRunner.javaCommand(), SweepRunner.inheritedJvmOptions(), mainClass.getName(), o, restart, command);
        Path array = slurmDir.resolve(SlurmScripts.ARRAY);
        Path reindex = slurmDir.resolve(SlurmScripts.REINDEX);
        AtomicFiles.write(array, SlurmScripts.array(setup, todo));
        AtomicFiles.write(reindex, SlurmScripts.reindex(setup));
        try {
            Files.createDirectories(sweepDir.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + sweepDir.resolve("logs") + ": " + e.getMessage(), e);
        }
        state.index().write();
        SweepRunner.copySweepFile(sweep, sweepDir);
        String spec = SlurmScripts.arraySpec(todo.stream().map(Sweep.Point::index).toList());
        if (o.scriptOnly()) {
            console.println("Wrote " + array + " (points " + spec + ") and " + reindex + "; nothing submitted. Submit both with:");
            console.println("  jid=$(sbatch --parsable " + array + ") && sbatch --dependency=afterany:${jid%%;*} " + reindex + " ${jid%%;*}");
            return new Result(points.size(), todo.size(), null, null, array);
        }
        for (Sweep.Point p : todo) {
            new PointStatus(p.index(), p.runId(), PointStatus.SUBMITTED, "", "", "", "").write(sweepDir);
        }
        String arrayJob = sbatch(List.of("sbatch", "--parsable", array.toString()));
        String reindexJob = sbatch(List.of("sbatch", "--parsable", "--dependency=afterany:" + arrayJob, reindex.toString(), arrayJob));
        recordJobs(slurmDir, arrayJob, reindexJob, spec);
        console.printf(Locale.ROOT, "Submitted %d point%s as Slurm job array %s (--array=%s%s, %d CPU%s each) and the index rebuild as job %s, "
                + "which runs when the array has ended.%n", todo.size(), todo.size() == 1 ? "" : "s", arrayJob, spec,
                o.maxParallel() > 0 ? "%" + o.maxParallel() : "", o.cpusPerTask(), o.cpusPerTask() == 1 ? "" : "s", reindexJob);
        console.println("Progress: squeue -j " + arrayJob + " (tasks pending and running); the index " + state.index().file()
                + " is rebuilt when the array has ended, and at any time by this command with --reindex in place of --executor slurm. "
                + "Logs: " + sweepDir.resolve("logs") + "/slurm-" + arrayJob + "_<point>.log");
        console.println("Resume (failures, cancelled or killed tasks): run this same command again once the job has ended.");
        return new Result(points.size(), todo.size(), arrayJob, reindexJob, array);
    }

    /**
     * Refuses to submit while this sweep's last array job is still queued or running: its points would be trained twice.
     * Asks {@code squeue} only about the live queue (which needs no accounting database).
     */
    private static void refuseWhileQueued(Path slurmDir) {
        Path jobs = slurmDir.resolve(JOBS);
        if (!Files.isRegularFile(jobs)) {
            return;
        }
        List<String> lines = readLines(jobs);
        if (lines.size() < 2) {
            return;
        }
        String last = lines.get(lines.size() - 1);
        String[] cells = last.split(",", -1);
        if (cells.length < 2 || cells[1].isBlank()) {
            return;
        }
        String job = cells[1];
        String queue = run(List.of("squeue", "--me", "--noheader", "--format=%F"), "list your queued jobs");
        Set<String> queued = queue.lines().map(String::strip).collect(Collectors.toSet());
        if (queued.contains(job)) {
            throw new IllegalArgumentException("this sweep's job array " + job + " (" + jobs + ") is still queued or running: submitting "
                    + "its points again would train them twice. Wait until it has ended (squeue -j " + job + ") or cancel it (scancel "
                    + job + "), then run the same command again");
        }
    }

    private static void recordJobs(Path slurmDir, String arrayJob, String reindexJob, String spec) {
        Path jobs = slurmDir.resolve(JOBS);
        StringBuilder b = new StringBuilder();
        if (Files.isRegularFile(jobs)) {
            readLines(jobs).forEach(l -> b.append(l).append('\n'));
        } else {
            b.append("submitted,array_job,index_job,points\n");
        }
        b.append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(',').append(arrayJob).append(',').append(reindexJob)
                .append(",\"").append(spec).append("\"\n");
        AtomicFiles.write(jobs, b.toString());
    }

    private static List<String> readLines(Path f) {
        try {
            return Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    /** Runs sbatch and returns the job id ({@code --parsable} prints {@code <id>} or {@code <id>;<cluster>}). */
    private static String sbatch(List<String> cmd) {
        String out = run(cmd, "submit " + cmd.get(cmd.size() - 1)).strip();
        String id = out.split(";", 2)[0].strip();
        if (!id.matches("\\d+")) {
            throw new IllegalStateException(String.join(" ", cmd) + " printed '" + out + "', not a job id");
        }
        return id;
    }

    /** Runs a Slurm command and returns its output; a missing command or a failure is an error naming both. */
    private static String run(List<String> cmd, String what) {
        Process proc;
        try {
            proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot run " + cmd.get(0) + " to " + what + " (" + e.getMessage() + "): --executor slurm "
                    + "runs on a machine where Slurm's commands are installed (a cluster's login node); add --script-only to write "
                    + "the scripts without submitting them", e);
        }
        try {
            String text = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = proc.waitFor();
            if (code != 0) {
                throw new IllegalArgumentException(String.join(" ", cmd) + " failed (exit " + code + "): " + text.strip());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the output of " + cmd.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            proc.destroy();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", cmd), e);
        }
    }
}
