package org.tripletlab.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.experiment.ExperimentRun;
import org.tripletlab.run.RunDirectory;
import org.tripletlab.run.SameDataRuns;
import org.tripletlab.run.SweepIndexFile;
import org.tripletlab.train.RunLimits;
import org.tripletlab.train.TrainingRun;
import org.tripletlab.util.AtomicFiles;
import org.tripletlab.util.PortablePaths;

/**
 * Runs every point of a {@link Sweep} (grid points and baseline runs) that has no completed run yet, and keeps
 * {@code <out>/<sweep-name>/sweep-index.csv} up to date ({@link SweepIndex}).
 *
 * <p><b>Resuming.</b> A grid point whose config already has a completed run on the data it reads now (same run id, in any
 * attempt folder or a folder named by an older id, and the same data manifest: {@link SameDataRuns}, the rule
 * {@code tripletlab train} applies) is skipped, so a sweep that was killed is resumed by running
 * the same command again: finished runs are kept, a run that was cut short leaves its unfinished
 * folder as it is and is trained again in a new attempt folder ({@code <run-id>-2}), exactly as
 * {@code tripletlab train} does.
 *
 * <p><b>Threads.</b> With N workers each run gets {@code train.threads = max(1, cores / N)}, written
 * into its config. The thread count is not part of the run id ({@link RunDirectory#EXECUTION_ONLY}),
 * so a sweep resumed with another {@code --workers}, or on a machine with another number of cores,
 * finds the runs that completed before (bit-identical numbers need the same thread count, see README).
 *
 * <p><b>Why separate processes for more than one worker.</b> Two trainings in threads of one JVM
 * would share PyTorch's process-wide state: {@code Engine.setRandomSeed} seeds one global generator,
 * from which every run draws its initial weights, so concurrent runs would interleave their draws and
 * a run would no longer be reproducible from its config and seed; and a native crash or
 * out-of-memory in one run would take all the others down. With {@code workers > 1} each run is a
 * child JVM ({@code tripletlab train} with the same Java, JVM options, class path and environment,
 * so the launcher's allocator settings carry over), its output in {@code <out>/<sweep>/logs/}. One
 * worker trains in this JVM, one run after the other, with nothing shared between runs in flight.
 */
public final class SweepRunner {
    /** How runs are started. */
    public enum Launch {
        /** One after the other in this JVM (workers must be 1). */
        IN_PROCESS,
        /** Each run a child JVM running {@code tripletlab train}. */
        PROCESSES;

        /** In this JVM for one worker, child processes for more. */
        public static Launch forWorkers(int workers) {
            return workers > 1 ? PROCESSES : IN_PROCESS;
        }
    }

    /**
     * @param outRoot results root (runs go to {@code <outRoot>/<experiment>/<run-id>/})
     * @param dataRoot data root, or null
     * @param workers runs trained at the same time
     * @param cores cores to divide among the workers
     * @param launch in this JVM or as child processes
     * @param console where progress is printed
     * @param restart train unfinished runs again from step 0 instead of resuming them ({@code train --restart})
     * @param childMain for {@link Launch#PROCESSES}: the main class a child JVM runs with the arguments
     *        {@code train <experiment> [--set k=v]… --out <root> [--restart] [--data-root <root>]} (the CLI
     *        passes its own; {@code sweep} does not import the command line); null for {@link Launch#IN_PROCESS}
     */
    public record Options(Path outRoot, Path dataRoot, int workers, int cores, Launch launch, PrintStream console, boolean restart,
            Class<?> childMain) {
        public Options(Path outRoot, Path dataRoot, int workers, int cores, Launch launch, PrintStream console) {
            this(outRoot, dataRoot, workers, cores, launch, console, false);
        }

        /** Options without a child main class: for {@link Launch#IN_PROCESS}. */
        public Options(Path outRoot, Path dataRoot, int workers, int cores, Launch launch, PrintStream console, boolean restart) {
            this(outRoot, dataRoot, workers, cores, launch, console, restart, null);
        }

        public Options {
            if (workers < 1) {
                throw new IllegalArgumentException("--workers must be at least 1, got " + workers);
            }
            if (launch == Launch.IN_PROCESS && workers > 1) {
                throw new IllegalArgumentException("runs in this JVM are trained one at a time; use Launch.PROCESSES for " + workers + " workers");
            }
            if (launch == Launch.PROCESSES && childMain == null) {
                throw new IllegalArgumentException("Launch.PROCESSES needs the main class the child JVMs run (childMain)");
            }
        }

        public int threadsPerRun() {
            return Math.max(1, cores / workers);
        }
    }

    /** What the sweep did: the final index, and how many runs were trained, already complete, failed. */
    public record Result(SweepIndex index, int trained, int alreadyComplete, int failed) {
    }

    private SweepRunner() {
    }

    public static Result run(Sweep sweep, Options opt) {
        List<Sweep.Point> points = sweep.expand(opt.threadsPerRun());
        Path sweepDir = opt.outRoot().resolve(sweep.name());
        SweepReindex.State state = SweepReindex.of(sweep, points, opt.outRoot(), opt.dataRoot(), null);
        SweepIndex index = state.index();
        List<Sweep.Point> todo = state.todo();
        List<String> otherData = state.otherData();
        SameDataRuns finished = new SameDataRuns(opt.dataRoot());
        index.write();
        copySweepFile(sweep, sweepDir);
        int already = points.size() - todo.size();
        PrintStream console = opt.console();
        console.printf(Locale.ROOT, "Sweep %s: %d grid points (%s)%s%s, %d already complete, %d to train; %d worker%s × %d thread%s%s%n",
                sweep.name(), sweep.size(), sweep.axes().keySet(),
                sweep.extraRuns() == 0 ? "" : String.format(Locale.ROOT, " + %d extra point%s (%d entr%s)", sweep.extraRuns(),
                        sweep.extraRuns() == 1 ? "" : "s", sweep.extras().size(), sweep.extras().size() == 1 ? "y" : "ies"),
                sweep.baselineRuns() == 0 ? "" : String.format(Locale.ROOT, " + %d baseline run%s (%d experiment%s)", sweep.baselineRuns(),
                        sweep.baselineRuns() == 1 ? "" : "s", sweep.baselines().size(), sweep.baselines().size() == 1 ? "" : "s"),
                already, todo.size(), opt.workers(), opt.workers() == 1 ? "" : "s",
                opt.threadsPerRun(), opt.threadsPerRun() == 1 ? "" : "s",
                opt.launch() == Launch.PROCESSES ? " (one process per run, logs in " + sweepDir.resolve("logs") + ")" : "");
        otherData.forEach(console::println);
        console.println("Index: " + index.file());
        Progress progress = new Progress(points.size(), already, console);
        if (opt.launch() == Launch.IN_PROCESS) {
            for (Sweep.Point p : todo) {
                progress.starting(p);
                index.update(p, SweepIndexFile.Status.RUNNING, null, null);
                index.write();
                finish(index, progress, p, trainHere(p, opt));
            }
        } else {
            List<Process> children = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread hook = new Thread(() -> children.forEach(Process::destroy));
            Runtime.getRuntime().addShutdownHook(hook);
            ExecutorService pool = Executors.newFixedThreadPool(opt.workers());
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (Sweep.Point p : todo) {
                    futures.add(pool.submit(() -> {
                        synchronized (index) {
                            progress.starting(p);
                            index.update(p, SweepIndexFile.Status.RUNNING, null, null);
                            index.write();
                        }
                        Attempt a = trainInChild(sweep, p, opt, sweepDir, children, finished);
                        synchronized (index) {
                            finish(index, progress, p, a);
                        }
                    }));
                }
                for (Future<?> f : futures) {
                    try {
                        f.get();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("sweep interrupted", e);
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw new IllegalStateException("sweep worker failed: " + e.getCause(), e.getCause());
                    }
                }
            } finally {
                pool.shutdownNow();
                try {
                    pool.awaitTermination(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // already shutting down
                }
            }
        }
        console.printf(Locale.ROOT, "Sweep %s finished: %d/%d complete (%d trained now, %d already complete), %d failed. Index: %s%n",
                sweep.name(), progress.trained + already, points.size(), progress.trained, already, progress.failed, index.file());
        return new Result(index, progress.trained, already, progress.failed);
    }

    /** Keeps a copy of the sweep file beside its index ({@code sweep.yaml}), naming the base file it expanded. */
    static void copySweepFile(Sweep sweep, Path sweepDir) {
        try {
            String text = Files.readString(sweep.file(), java.nio.charset.StandardCharsets.UTF_8);
            // paths relative to the folder that holds the results root (the project), so the copy reads the same on any clone
            Path project = sweepDir.toAbsolutePath().normalize().getParent().getParent();
            AtomicFiles.write(sweepDir.resolve("sweep.yaml"), "# copy of " + PortablePaths.relativeTo(sweep.file(), project)
                    + " (base: " + PortablePaths.relativeTo(sweep.base(), project) + ")\n" + text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + sweep.file() + ": " + e.getMessage(), e);
        }
    }

    /** Outcome of one attempt: the completed folder, or an error. */
    record Attempt(Path runDir, String error) {
    }

    private static void finish(SweepIndex index, Progress progress, Sweep.Point p, Attempt a) {
        if (a.error() == null) {
            index.update(p, SweepIndexFile.Status.COMPLETE, a.runDir(), null);
            progress.trained++;
        } else {
            index.update(p, SweepIndexFile.Status.FAILED, a.runDir(), a.error());
            progress.failed++;
        }
        index.write();
        progress.finished(p, a.error());
    }

    private static Attempt trainHere(Sweep.Point p, Options opt) {
        return trainHere(p, opt.outRoot(), opt.dataRoot(), opt.console(), opt.restart());
    }

    /** Trains (or fits) one point in this JVM, as {@code tripletlab train} would; an error is returned, not thrown. */
    static Attempt trainHere(Sweep.Point p, Path outRoot, Path dataRoot, PrintStream console, boolean restart) {
        try {
            TrainingRun.Outcome o = ExperimentRun.run(ExperimentConfig.from(p.config()),
                    new TrainingRun.Options(outRoot, dataRoot, false, console, restart));
            return new Attempt(o.runDir(), null);
        } catch (RuntimeException e) {
            return new Attempt(null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static Attempt trainInChild(Sweep sweep, Sweep.Point p, Options opt, Path sweepDir, List<Process> children,
            SameDataRuns finished) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaCommand());
        cmd.addAll(inheritedJvmOptions());
        // The child ends when this JVM is gone, even after kill -9 of the sweep.
        cmd.add("-D" + org.tripletlab.run.Provenance.PARENT_PID + "=" + ProcessHandle.current().pid());
        // The workers start together and each sees the same free memory: each checks its memory estimate against its share.
        cmd.add("-D" + RunLimits.Available.SHARED_BY + "=" + opt.workers());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(opt.childMain().getName());
        cmd.add("train");
        cmd.add(p.experimentFile().toString());
        for (String o : p.overrides()) {
            cmd.add("--set");
            cmd.add(o);
        }
        cmd.add("--out");
        cmd.add(opt.outRoot().toAbsolutePath().toString());
        if (opt.restart()) {
            cmd.add("--restart");
        }
        if (opt.dataRoot() != null) {
            cmd.add("--data-root");
            cmd.add(opt.dataRoot().toAbsolutePath().toString());
        }
        Path log = sweepDir.resolve("logs").resolve(String.format(Locale.ROOT, "%03d-%s.log", p.index(), p.runId()));
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            int threads = p.config().getInt("train.threads");
            if (threads > 0) {
                // Native thread pools that start before the trainer sets its thread count size themselves from this.
                pb.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
            }
            Process proc = pb.start();
            children.add(proc);
            int code;
            try {
                code = proc.waitFor();
            } catch (InterruptedException e) {
                proc.destroy();
                Thread.currentThread().interrupt();
                return new Attempt(null, "interrupted");
            } finally {
                children.remove(proc);
            }
            // The folder on the current data: on changed data an older completed attempt of this config is not this run.
            Path done = finished.complete(opt.outRoot(), ExperimentConfig.from(p.config())).dir();
            if (code == 0 && done != null) {
                return new Attempt(done, null);
            }
            return new Attempt(null, "tripletlab train exited with " + code + childError(log) + "; see " + log);
        } catch (IOException e) {
            return new Attempt(null, "cannot start tripletlab train: " + e.getMessage());
        }
    }

    /** The java executable of this JVM. */
    static String javaCommand() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * This JVM's options for a JVM that trains one run (heap size, system properties), without a debugger or agent and
     * without the options that tie a child to this process; with {@code -Dai.djl.offline=true} (never download at run time).
     */
    static List<String> inheritedJvmOptions() {
        List<String> out = new ArrayList<>();
        List<String> mine = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String arg : mine) {
            if (!arg.startsWith("-agentlib:jdwp") && !arg.startsWith("-javaagent:") && !arg.startsWith("-D" + org.tripletlab.run.Provenance.PARENT_PID + "=")
                    && !arg.startsWith("-D" + RunLimits.Available.SHARED_BY + "=")) {
                out.add(arg);
            }
        }
        if (mine.stream().noneMatch(a -> a.startsWith("-Dai.djl.offline"))) {
            out.add("-Dai.djl.offline=true");
        }
        return out;
    }

    /**
     * What a failed child said, for the sweep index and console: its last {@code error: …} line, so the index
     * names the real problem (the file, key or disk), not just an exit code. A log with nothing in it is said to
     * be empty — the child could not write it (a full disk) — rather than left to look like a silent failure.
     */
    static String childError(Path log) {
        try {
            if (!Files.exists(log) || Files.size(log) == 0) {
                return " and its log " + log + " is empty (nothing could be written to it: is the disk full? df -h "
                        + log.toAbsolutePath().getParent() + ")";
            }
            // A log, not an input: undecodable bytes become replacement characters instead of failing the sweep.
            String last = null;
            for (String line : new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\\R")) {
                if (line.startsWith("error: ")) {
                    last = line.substring("error: ".length());
                }
            }
            return last == null ? "" : ": " + last;
        } catch (IOException e) {
            return " (its log " + log + " cannot be read: " + e.getMessage() + ")";
        }
    }

    /** Runs done / total, printed whenever a run starts or ends. */
    private static final class Progress {
        final int total;
        final int already;
        final PrintStream console;
        int trained;
        int failed;

        Progress(int total, int already, PrintStream console) {
            this.total = total;
            this.already = already;
            this.console = console;
        }

        void starting(Sweep.Point p) {
            console.printf(Locale.ROOT, "[sweep %d/%d done] starting #%d %s (run %s)%n", done(), total, p.index(), p.label(), p.runId());
        }

        void finished(Sweep.Point p, String error) {
            console.printf(Locale.ROOT, "[sweep %d/%d done%s] #%d %s: %s%n", done(), total, failed > 0 ? ", " + failed + " failed" : "",
                    p.index(), p.label(), error == null ? "complete" : "FAILED: " + error);
        }

        int done() {
            return already + trained;
        }
    }

    /** A console that swallows output (for tests and quiet callers). */
    public static PrintStream quiet() {
        return new PrintStream(java.io.OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    }
}
