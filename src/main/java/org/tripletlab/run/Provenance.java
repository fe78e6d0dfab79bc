package org.tripletlab.run;

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
import org.tripletlab.util.FileReads;
import org.tripletlab.util.Json;

/**
 * What produced a run: tripletlab version, the working tree's git commit and the commit the jar was built from, Java, DJL and PyTorch versions, threads,
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
        fields.put("build_commit", BuildInfo.buildCommit());
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

    private Provenance(Map<?, ?> recorded) {
        recorded.forEach((k, v) -> {
            if (k.equals("warnings") && v instanceof List<?> list) {
                list.forEach(w -> warnings.add(String.valueOf(w)));
            } else {
                fields.put(String.valueOf(k), v);
            }
        });
    }

    /** The record a run folder's {@code provenance.json} holds, to add to and write again (e.g. after a later evaluation). */
    /**
     * @throws org.tripletlab.util.BadFileException when the file is missing, empty, truncated or not a JSON object
     */
    public static Provenance read(Path file) {
        return new Provenance(FileReads.jsonObject(file, FileReads.RUN_FILE_FIX));
    }

    /** The status recorded so far ({@code running}, {@code trained}, {@code complete}, {@code failed: …}, …). */
    public synchronized String status() {
        return String.valueOf(fields.get("status"));
    }

    /** The name of the last SIGTERM/SIGINT this JVM received ({@link #watchSignals}), or null. */
    private static volatile String lastSignal;
    private static boolean signalsWatched;

    /**
     * Notes the name of a SIGTERM or SIGINT before the JVM's own handling of it (shutdown, exit code
     * 128 + signal), so a shutdown hook can say which signal ended the run. Installed once; a signal the
     * JVM was started to ignore (e.g. under {@code nohup}) stays ignored.
     */
    static synchronized void watchSignals() {
        if (signalsWatched) {
            return;
        }
        signalsWatched = true;
        for (String name : List.of("TERM", "INT")) {
            try {
                sun.misc.Signal signal = new sun.misc.Signal(name);
                sun.misc.SignalHandler[] previous = new sun.misc.SignalHandler[1];
                previous[0] = sun.misc.Signal.handle(signal, s -> {
                    lastSignal = "SIG" + s.getName();
                    sun.misc.SignalHandler p = previous[0];
                    if (p != null && p != sun.misc.SignalHandler.SIG_DFL && p != sun.misc.SignalHandler.SIG_IGN) {
                        p.handle(s);
                    } else {
                        System.exit(128 + s.getNumber());
                    }
                });
                if (previous[0] == sun.misc.SignalHandler.SIG_IGN) {
                    sun.misc.Signal.handle(signal, sun.misc.SignalHandler.SIG_IGN);
                }
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // not catchable here (e.g. -Xrs): the shutdown hook still records an interruption, without the name
            }
        }
    }

    /**
     * A training started by a parent process (a sweep's worker) ends with it: given the parent's pid (system
     * property {@value #PARENT_PID}), a watcher exits this JVM (status 143, shutdown hooks run, so the run
     * records {@code interrupted: parent process <pid> ended}) as soon as the parent is gone — also after
     * {@code kill -9} of the parent, which nothing in the parent can catch.
     */
    public static final String PARENT_PID = "tripletlab.parent.pid";

    /** Starts the watcher of {@link #PARENT_PID} when that property is set; otherwise does nothing. */
    public static void exitWithParent() {
        String pid = System.getProperty(PARENT_PID);
        if (pid == null || pid.isBlank()) {
            return;
        }
        long parent = Long.parseLong(pid.trim());
        Runnable end = () -> {
            lastSignal = "parent process " + parent + " ended";
            System.err.println("tripletlab: parent process " + parent + " ended; stopping this run.");
            System.exit(143);
        };
        java.util.Optional<ProcessHandle> handle = ProcessHandle.of(parent);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            end.run();
            return;
        }
        handle.get().onExit().thenRun(end);
    }

    private Thread shutdownHook;

    /**
     * Until the run's status is final, a JVM shutdown (SIGTERM, SIGINT, {@code System.exit}) rewrites
     * {@code file} atomically with status {@code interrupted: SIGTERM} (or {@code trained; evaluation
     * interrupted: …} when training had finished), instead of leaving {@code running} behind. Removed by
     * {@link #finish} with a final status.
     */
    public synchronized Provenance writeOnShutdown(Path file) {
        if (shutdownHook != null) {
            return this;
        }
        watchSignals();
        shutdownHook = new Thread(() -> {
            synchronized (this) {
                String how = lastSignal != null ? lastSignal : "JVM shutdown (signal or exit) before the run finished";
                String status = status();
                if (status.equals("running")) {
                    finish("interrupted: " + how);
                } else if (status.equals("trained")) {
                    finish("trained; evaluation interrupted: " + how);
                } else {
                    return;
                }
                write(file);
            }
        }, "provenance-on-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        return this;
    }

    /** Stops {@link #writeOnShutdown} (the status written is final). */
    public synchronized void stopWritingOnShutdown() {
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // shutting down already: the hook sees a final status and leaves the file alone
            }
        }
        shutdownHook = null;
    }

    public synchronized Provenance put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    public synchronized Object get(String key) {
        return fields.get(key);
    }

    public synchronized Provenance remove(String key) {
        fields.remove(key);
        return this;
    }

    /** Keeps the first {@code n} warnings (a resumed run drops those of the steps it trains again). */
    public synchronized void keepWarnings(int n) {
        while (warnings.size() > n) {
            warnings.remove(warnings.size() - 1);
        }
    }

    public synchronized int warningCount() {
        return warnings.size();
    }

    public synchronized void warn(String message) {
        warnings.add(message);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public synchronized void write(Path file) {
        Map<String, Object> out = new LinkedHashMap<>(fields);
        out.put("warnings", List.copyOf(warnings));
        AtomicFiles.write(file, Json.write(out));
    }

    /**
     * {@link #write} on the way out of a failed run: a failure to write (e.g. the disk that just filled up)
     * is added to {@code failure} as suppressed instead of replacing it, so the error still names what
     * failed first (the checkpoint), not the record written after it.
     */
    public void writeAfterFailure(Path file, Throwable failure) {
        try {
            write(file);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    public synchronized void finish(String status) {
        if (String.valueOf(fields.get("status")).contains("interrupted: ")) {
            return; // what ended the run; an error of the work cut short by the shutdown does not replace it
        }
        fields.put("finished", Instant.now().toString());
        fields.put("status", status);
        if (!status.equals("running") && !status.equals("trained")) {
            stopWritingOnShutdown();
        }
    }
}
