package org.tripletlab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.sweep.PointRun;
import org.tripletlab.sweep.SlurmOptions;
import org.tripletlab.sweep.SlurmSubmission;
import org.tripletlab.sweep.Sweep;
import org.tripletlab.sweep.SweepReindex;
import org.tripletlab.sweep.SweepRunner;
import org.tripletlab.run.SameDataRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tripletlab sweep <sweep.yaml> [--workers N] [--data-root DIR] [--out DIR] [--dry-run]}, on this machine
 * ({@code --executor local}) or as a Slurm job array ({@code --executor slurm}, whose tasks run {@code --point N}
 * and whose last job runs {@code --reindex}).
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Train every grid point of a sweep file (base experiment × axes), every point of its extra sub-grids (more "
                + "configurations of the base beside the grid, once per seed) and every run of its baselines (other "
                + "experiments, once per seed), that has no completed run yet.",
                "Rerun the same command to resume a killed sweep (a run it killed mid-training continues from its last resume state; --restart trains it from step 0). Index: <out>/<sweep-name>/sweep-index.csv.",
                "--executor slurm submits the runs still missing as one Slurm job array (<out>/<sweep-name>/slurm/array.sbatch) "
                        + "and an index rebuild after it; rerun the same command to resume."})
final class SweepCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SWEEP", description = "sweep YAML, e.g. experiments/sweeps/mining-margin-v2.yaml")
    Path sweepFile;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
            description = "runs trained at the same time (default: ${DEFAULT-VALUE}); each gets cores / N threads; more than 1 runs each training in its own process")
    int workers;

    @Option(names = "--data-root", paramLabel = "DIR", description = "data root (default: $TRIPLETLAB_DATA_ROOT)")
    Path dataRoot;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "results", description = "results folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--dry-run", description = "check the sweep and list its grid points and baseline runs, run ids and status; train nothing")
    boolean dryRun;

    @Option(names = "--restart", description = "train unfinished (killed) runs again from step 0 instead of resuming them from their last resume state")
    boolean restart;

    @Option(names = "--executor", paramLabel = "local|slurm", defaultValue = "local", completionCandidates = ExecutorNames.class,
            description = "where the runs train: local (this machine, --workers at a time; the default) or slurm (one Slurm job array, "
                    + "each run a task; needs a results folder and code every node sees)")
    String executor;

    @Option(names = "--partition", paramLabel = "P", description = "slurm: the partition to submit to (default: the cluster's)")
    String partition;

    @Option(names = "--cpus-per-task", paramLabel = "C", description = "slurm: CPUs of each task, each run's train.threads (default: 1; "
            + "with --point: the run's threads)")
    Integer cpusPerTask;

    @Option(names = "--max-parallel", paramLabel = "K", description = "slurm: at most K tasks running at once (--array=…%%K; default: "
            + "no limit)")
    Integer maxParallel;

    @Option(names = "--time", paramLabel = "T", description = "slurm: time limit of each task, e.g. 2:00:00 (default: the partition's)")
    String time;

    @Option(names = "--script-only", description = "slurm: write <out>/<sweep-name>/slurm/array.sbatch and reindex.sbatch, submit nothing "
            + "(for clusters that need local edits; prints the sbatch commands)")
    boolean scriptOnly;

    @Option(names = "--point", paramLabel = "N", description = "train only point N (the index's 'point' column) in this process and write "
            + "its status file, not the index: what each Slurm task runs")
    Integer point;

    @Option(names = "--run-id", paramLabel = "ID", description = "with --point: the run id the point must have (the Slurm script passes "
            + "the one it submitted), so an edited sweep file is refused")
    String runId;

    @Option(names = "--reindex", description = "write sweep-index.csv anew from the run folders and status files, train nothing (run "
            + "after a Slurm array; every sweep command does it first)")
    boolean reindex;

    @Option(names = "--ended-job", paramLabel = "JOB", description = "with --reindex: the Slurm array job has ended, so its tasks that "
            + "started and never finished were killed: recorded failed")
    String endedJob;

    /** Completion candidates of --executor. */
    static final class ExecutorNames extends java.util.ArrayList<String> {
        ExecutorNames() {
            super(List.of("local", "slurm"));
        }
    }

    @Override
    public Integer call() {
        checkOptions();
        Sweep sweep = Sweep.load(sweepFile);
        Path outRoot = TrainCommand.resultsFolder(out);
        Path data = TrainCommand.dataRootOrEnv(dataRoot);
        if (point != null) {
            return PointRun.run(sweep, point, runId, outRoot, data, cpusPerTask == null ? 1 : cpusPerTask, restart, System.out);
        }
        if (reindex) {
            SweepReindex.rebuild(sweep, outRoot, data, endedJob, System.out);
            return 0;
        }
        if (executor.equals("slurm") && !dryRun) {
            SlurmOptions o = new SlurmOptions(partition, cpusPerTask == null ? 1 : cpusPerTask, maxParallel == null ? 0 : maxParallel, time,
                    scriptOnly);
            SlurmSubmission.submit(sweep, outRoot, data, o, restart, Main.class,
                    "tripletlab " + String.join(" ", spec.commandLine().getParseResult().originalArgs()), System.out);
            return 0;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        SweepRunner.Options opt = new SweepRunner.Options(outRoot, data, workers, cores,
                SweepRunner.Launch.forWorkers(workers), System.out, restart, Main.class);
        if (dryRun) {
            int complete = 0;
            List<Sweep.Point> points = sweep.expand(opt.threadsPerRun());
            // The rule of 'tripletlab train': a completed folder counts only if it was trained on the data read now.
            SameDataRuns finished = new SameDataRuns(opt.dataRoot());
            for (Sweep.Point p : points) {
                SameDataRuns.Verdict v = finished.complete(out, ExperimentConfig.from(p.config()));
                Path done = v.dir();
                complete += done == null ? 0 : 1;
                // The folder is named when it is not simply <experiment>/<run-id> (a later attempt, or an older id).
                String where = done == null || done.getFileName().toString().equals(p.runId()) ? ""
                        : "  (in " + p.experiment() + "/" + done.getFileName() + ")";
                System.out.printf("%3d  %s  %-8s  %s%s%n", p.index(), p.runId(), done != null ? "complete" : "to train", p.label(), where);
                for (String why : v.otherData()) {
                    System.out.println("     " + why);
                }
            }
            System.out.printf("%d runs: %d complete, %d to train%n", points.size(), complete, points.size() - complete);
            return 0;
        }
        SweepRunner.Result r = SweepRunner.run(sweep, opt);
        return r.failed() > 0 ? 1 : 0;
    }

    /** Options that belong to another mode are refused, naming both, rather than silently ignored. */
    private void checkOptions() {
        if (!executor.equals("local") && !executor.equals("slurm")) {
            throw new IllegalArgumentException("--executor " + executor + ": expected local or slurm");
        }
        boolean slurm = executor.equals("slurm");
        List<String> slurmOnly = new java.util.ArrayList<>();
        if (partition != null) {
            slurmOnly.add("--partition");
        }
        if (maxParallel != null) {
            slurmOnly.add("--max-parallel");
        }
        if (time != null) {
            slurmOnly.add("--time");
        }
        if (scriptOnly) {
            slurmOnly.add("--script-only");
        }
        if (cpusPerTask != null && point == null) {
            slurmOnly.add("--cpus-per-task");
        }
        if (!slurm && !slurmOnly.isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", slurmOnly) + " only apply with --executor slurm");
        }
        if (point != null || reindex) {
            String mode = point != null ? "--point" : "--reindex";
            if (point != null && reindex) {
                throw new IllegalArgumentException("--point and --reindex: give one (a point's task never writes the index)");
            }
            if (slurm || workers != 1 || dryRun) {
                throw new IllegalArgumentException(mode + " runs on its own: leave out --executor slurm, --workers and --dry-run");
            }
        }
        if (runId != null && point == null) {
            throw new IllegalArgumentException("--run-id goes with --point");
        }
        if (endedJob != null && !reindex) {
            throw new IllegalArgumentException("--ended-job goes with --reindex");
        }
        if (slurm && workers != 1) {
            throw new IllegalArgumentException("--workers is the local executor's: with --executor slurm, --max-parallel K bounds the "
                    + "tasks running at once");
        }
    }
}
