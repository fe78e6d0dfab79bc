package org.tripletlab.sweep;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of the two batch scripts of a sweep on Slurm, in {@code <out>/<sweep>/slurm/}: {@code array.sbatch}, a
 * job array whose task N trains point N of the sweep, and {@code reindex.sbatch}, which rebuilds
 * {@code sweep-index.csv} after the array has ended (submitted with {@code --dependency=afterany:<array job>}).
 * Both are meant to be read (and, with {@code --script-only}, edited): comments say what each part is for, every
 * path is absolute (the tasks run on other machines, in other working folders), and each task runs the code
 * copied at submission ({@link CodeSnapshot}).
 */
final class SlurmScripts {
    static final String ARRAY = "array.sbatch";
    static final String REINDEX = "reindex.sbatch";

    /** Allocators tried in order, as {@code bin/tripletlab} does: DJL/PyTorch train about 4× faster with jemalloc. */
    private static final List<String> ALLOCATORS = List.of("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2", "/usr/lib/aarch64-linux-gnu/libjemalloc.so.2",
            "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4", "/usr/lib/aarch64-linux-gnu/libtcmalloc_minimal.so.4");

    /**
     * What the scripts run and where.
     *
     * @param sweep the sweep (its file and name)
     * @param sweepFileArg the sweep file as the tasks name it (absolute)
     * @param outRoot the results root (absolute)
     * @param dataRoot the data root (absolute), or null
     * @param code the copy of the code ({@link CodeSnapshot#take})
     * @param java the java executable
     * @param jvmOptions the JVM's options (heap size, properties)
     * @param mainClass the CLI's main class
     * @param slurm the resources asked for
     * @param restart pass {@code --restart} to each task
     * @param command the command that wrote the scripts, for their header
     */
    record Setup(Sweep sweep, Path sweepFileArg, Path outRoot, Path dataRoot, Path code, String java, List<String> jvmOptions,
            String mainClass, SlurmOptions slurm, boolean restart, String command) {
        Path sweepDir() {
            return outRoot.resolve(sweep.name());
        }
    }

    private SlurmScripts() {
    }

    /** A task's output file: {@code <sweep>/logs/slurm-<job>_<point>.log} (Slurm's {@code %A_%a}). */
    static Path taskLog(Path sweepDir, String job, int point) {
        return sweepDir.resolve("logs").resolve("slurm-" + job + "_" + point + ".log");
    }

    /** The array script for {@code todo} (points in sweep order). */
    static String array(Setup s, List<Sweep.Point> todo) {
        SlurmOptions o = s.slurm();
        StringBuilder b = new StringBuilder();
        b.append("#!/bin/bash\n");
        b.append("# Sweep ").append(s.sweep().name()).append(": ").append(todo.size()).append(todo.size() == 1 ? " point" : " points")
                .append(" as a Slurm job array. Written by\n#   ").append(s.command()).append("\n# at ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(", which submitted it (unless --script-only).\n");
        b.append("#\n");
        b.append("# Task N trains point N of the sweep (column 'point' of ").append(s.sweepDir().resolve("sweep-index.csv")).append(")\n");
        b.append("# in its own JVM, from the copy of tripletlab made at submission (code=... below), so a later build does not\n");
        b.append("# change what pending tasks run. A task writes only its run folder and its status file (status/NNN-<run-id>.json);\n");
        b.append("# reindex.sbatch rebuilds the index from them once the whole array has ended.\n");
        b.append("# --array lists the points that had no completed run when this was written. To resume (after failures, a\n");
        b.append("# cancelled job or a time limit), run the same 'tripletlab sweep' command again: it works out from the results\n");
        b.append("# folder what is still missing and writes and submits this file anew.\n");
        b.append("#SBATCH --job-name=tripletlab-").append(s.sweep().name()).append('\n');
        b.append("#SBATCH --array=").append(arraySpec(todo.stream().map(Sweep.Point::index).toList()))
                .append(o.maxParallel() > 0 ? "%" + o.maxParallel() : "").append('\n');
        b.append("#SBATCH --cpus-per-task=").append(o.cpusPerTask()).append('\n');
        resources(b, o);
        b.append("#SBATCH --output=").append(s.sweepDir().resolve("logs")).append("/slurm-%A_%a.log\n");
        b.append("set -euo pipefail\n\n");
        b.append("code=").append(shell(s.code().toString())).append('\n');
        b.append("# The run id each point had when it was submitted: a task refuses to train another config if the sweep file\n");
        b.append("# (or its base experiment) was edited since.\n");
        b.append("declare -A run_id=(");
        for (int i = 0; i < todo.size(); i++) {
            if (i > 0) {
                b.append(i % 6 == 0 ? "\n  " : " ");
            }
            b.append('[').append(todo.get(i).index()).append("]=").append(todo.get(i).runId());
        }
        b.append(")\n\n");
        environment(b);
        b.append("# One thread per CPU Slurm gave the task (train.threads; not part of the run id).\n");
        b.append("export OMP_NUM_THREADS=\"${SLURM_CPUS_PER_TASK:-1}\"\n\n");
        b.append("exec ").append(javaLine(s)).append(" \\\n");
        b.append("  sweep ").append(shell(s.sweepFileArg().toString()))
                .append(" --point \"$SLURM_ARRAY_TASK_ID\" --run-id \"${run_id[$SLURM_ARRAY_TASK_ID]}\" --cpus-per-task \"${SLURM_CPUS_PER_TASK:-1}\" \\\n");
        b.append("  ").append(roots(s)).append(s.restart() ? " --restart" : "").append('\n');
        return b.toString();
    }

    /** The index rebuild, run after the array job given as its first argument. */
    static String reindex(Setup s) {
        SlurmOptions o = s.slurm();
        StringBuilder b = new StringBuilder();
        b.append("#!/bin/bash\n");
        b.append("# Rebuilds ").append(s.sweepDir().resolve("sweep-index.csv")).append(" from the run folders and status files\n");
        b.append("# once the array job has ended, however it ended (submitted with --dependency=afterany:<array job>; that job's id\n");
        b.append("# is the first argument: a task of it that said it started but never how it ended was killed, and is recorded failed).\n");
        b.append("# Written beside array.sbatch by ").append(s.command()).append('\n');
        b.append("#SBATCH --job-name=tripletlab-").append(s.sweep().name()).append("-index\n");
        b.append("#SBATCH --cpus-per-task=1\n");
        resources(b, o);
        b.append("#SBATCH --output=").append(s.sweepDir().resolve("logs")).append("/slurm-%j-reindex.log\n");
        b.append("set -euo pipefail\n\n");
        b.append("code=").append(shell(s.code().toString())).append("\n\n");
        b.append("exec ").append(javaLine(s)).append(" \\\n");
        b.append("  sweep ").append(shell(s.sweepFileArg().toString())).append(" --reindex --ended-job \"$1\" \\\n");
        b.append("  ").append(roots(s)).append('\n');
        return b.toString();
    }

    private static void resources(StringBuilder b, SlurmOptions o) {
        if (o.partition() != null) {
            b.append("#SBATCH --partition=").append(o.partition()).append('\n');
        }
        if (o.time() != null) {
            b.append("#SBATCH --time=").append(o.time()).append('\n');
        }
    }

    private static void environment(StringBuilder b) {
        b.append("# jemalloc (or tcmalloc) as bin/tripletlab sets it up, when the node has it: DJL/PyTorch train ~4x faster.\n");
        b.append("for lib in ").append(String.join(" ", ALLOCATORS)).append("; do\n");
        b.append("  if [[ -f \"$lib\" ]]; then\n");
        b.append("    [[ \":${LD_PRELOAD:-}:\" == *\":$lib:\"* ]] || export LD_PRELOAD=\"$lib${LD_PRELOAD:+:$LD_PRELOAD}\"\n");
        b.append("    export MALLOC_CONF=\"${MALLOC_CONF:-dirty_decay_ms:-1,muzzy_decay_ms:-1}\"\n");
        b.append("    break\n  fi\ndone\n\n");
    }

    private static String javaLine(Setup s) {
        List<String> parts = new ArrayList<>();
        parts.add(shell(s.java()));
        s.jvmOptions().forEach(o -> parts.add(shell(o)));
        parts.add("-cp \"$code/" + CodeSnapshot.APP_JAR + ":$code/" + CodeSnapshot.LIB + "/*\"");
        parts.add(s.mainClass());
        return String.join(" ", parts);
    }

    private static String roots(Setup s) {
        return "--out " + shell(s.outRoot().toString()) + (s.dataRoot() == null ? "" : " --data-root " + shell(s.dataRoot().toString()));
    }

    /**
     * Slurm's {@code --array} list for point numbers in increasing order: runs of consecutive numbers as ranges,
     * e.g. [1, 2, 3, 5, 7, 8] → {@code 1-3,5,7-8}.
     */
    static String arraySpec(List<Integer> points) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("no points to submit");
        }
        StringBuilder b = new StringBuilder();
        int start = points.get(0);
        int prev = start;
        for (int i = 1; i <= points.size(); i++) {
            Integer next = i < points.size() ? points.get(i) : null;
            if (next != null && next <= prev) {
                throw new IllegalArgumentException("points not in increasing order: " + points);
            }
            if (next == null || next != prev + 1) {
                b.append(b.length() == 0 ? "" : ",").append(start == prev ? String.valueOf(start) : start + "-" + prev);
                if (next != null) {
                    start = next;
                }
            }
            if (next != null) {
                prev = next;
            }
        }
        return b.toString();
    }

    /** A word for bash: as it is when it has only safe characters, else in single quotes. */
    static String shell(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_./:=,+@%-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
