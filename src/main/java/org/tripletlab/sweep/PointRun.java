package org.tripletlab.sweep;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import org.tripletlab.component.ConfigException;

/**
 * {@code tripletlab sweep <file> --point N}: trains (or fits) point N of a sweep in this JVM, as one task of a Slurm
 * array does, and records how it went in the point's {@linkplain PointStatus status file}. It writes nothing else
 * but the run folder: the index is rebuilt from both by {@code --reindex} (one writer), so any number of points
 * may run at once on any number of machines sharing the results folder.
 */
public final class PointRun {
    private PointRun() {
    }

    /**
     * @param point the point's number (1-based, the index's {@code point} column; Slurm's array task id)
     * @param expectedRunId the run id the point had when it was submitted, or null not to check: a sweep file edited
     *     since would otherwise train another config under the submitted point's number
     * @param threads {@code train.threads} (the CPUs Slurm gave the task)
     * @return 0 when the point has a completed run, 1 when it failed
     */
    public static int run(Sweep sweep, int point, String expectedRunId, Path outRoot, Path dataRoot, int threads, boolean restart,
            PrintStream console) {
        List<Sweep.Point> points = sweep.expand(threads);
        if (point < 1 || point > points.size()) {
            throw new IllegalArgumentException("--point " + point + ": " + sweep.file() + " has " + points.size() + " points, numbered 1 to "
                    + points.size() + " (the 'point' column of its sweep-index.csv)");
        }
        Sweep.Point p = points.get(point - 1);
        Path sweepDir = outRoot.resolve(sweep.name());
        String job = env("SLURM_ARRAY_JOB_ID");
        if (expectedRunId != null && !expectedRunId.equals(p.runId())) {
            String error = "point " + point + " was submitted as run " + expectedRunId + " but is now run " + p.runId() + " (" + p.label()
                    + "): " + sweep.file() + " or its base experiment changed after submission; run the same 'tripletlab sweep' command "
                    + "again to submit the points of the current file";
            new PointStatus(p.index(), p.runId(), PointStatus.FAILED, "", error, job, host()).write(sweepDir);
            throw new ConfigException(error);
        }
        console.printf("Sweep %s, point %d of %d: %s (run %s), %d thread%s%s%n", sweep.name(), point, points.size(), p.label(), p.runId(),
                threads, threads == 1 ? "" : "s", job.isEmpty() ? "" : ", Slurm job " + job + "_" + point);
        new PointStatus(p.index(), p.runId(), PointStatus.RUNNING, "", "", job, host()).write(sweepDir);
        SweepRunner.Attempt a = SweepRunner.trainHere(p, outRoot, dataRoot, console, restart);
        if (a.error() == null) {
            new PointStatus(p.index(), p.runId(), PointStatus.COMPLETE, SweepIndex.relative(outRoot, a.runDir()), "", job, host()).write(sweepDir);
            console.println("Point " + point + " complete: " + a.runDir());
            return 0;
        }
        new PointStatus(p.index(), p.runId(), PointStatus.FAILED, "", a.error(), job, host()).write(sweepDir);
        console.println("error: point " + point + " failed: " + a.error());
        return 1;
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null ? "" : v;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return env("HOSTNAME");
        }
    }
}
