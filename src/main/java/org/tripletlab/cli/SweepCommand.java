package org.tripletlab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.sweep.Sweep;
import org.tripletlab.sweep.SweepRunner;
import org.tripletlab.run.SameDataRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tripletlab sweep <sweep.yaml> [--workers N] [--data-root DIR] [--out DIR] [--dry-run]}. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Train every grid point of a sweep file (base experiment × axes), and every run of its baselines (other "
                + "experiments, once per seed), that has no completed run yet.",
                "Rerun the same command to resume a killed sweep (a run it killed mid-training continues from its last resume state; --restart trains it from step 0). Index: <out>/<sweep-name>/sweep-index.csv."})
final class SweepCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SWEEP", description = "sweep YAML, e.g. experiments/sweeps/mining-margin.yaml")
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

    @Override
    public Integer call() {
        Sweep sweep = Sweep.load(sweepFile);
        int cores = Runtime.getRuntime().availableProcessors();
        SweepRunner.Options opt = new SweepRunner.Options(TrainCommand.resultsFolder(out), TrainCommand.dataRootOrEnv(dataRoot), workers, cores,
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
}
