package org.tripletlab.train;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.run.Provenance;
import org.tripletlab.run.RunDirectory;
import org.tripletlab.run.RunFiles;

/**
 * The folder a training writes into and its provenance record: a new attempt (opened, locked, its record
 * started) or the resumed attempt (its record reopened with the resumption noted). {@code lock} is the lock
 * this class took, or null when the caller holds it (a resumed attempt is locked while it is found).
 */
record TrainingFolder(RunDirectory run, Provenance prov, Closeable lock) {

    /** Opens a new attempt folder, locks it and writes {@code config.yaml} and the first {@code provenance.json}. */
    static TrainingFolder start(ExperimentConfig cfg, TrainingRun.Options opt, RunData data, int threads) {
        RunDirectory run = RunDirectory.open(opt.outRoot(), cfg.raw(), cfg.name(), opt.rerun());
        Closeable lock = run.lockForTraining();
        Provenance prov = data.startRecord(cfg, run, threads, opt.dataRoot(), opt.console());
        return new TrainingFolder(run, prov, lock);
    }

    /**
     * Reopens the folder of {@code resume}: its provenance goes back to {@code running}, with this resumption
     * appended to {@code resumed} and the warnings cut back to those recorded at the state's step.
     */
    static TrainingFolder resume(ResumableAttempt resume, int threads, int totalSteps, PrintStream console) {
        RunDirectory run = RunDirectory.at(resume.dir());
        ResumeState st = resume.state();
        console.printf(Locale.ROOT, "Resuming run %s in %s from step %d of %d (epoch %d)%n", run.runId(), run.dir(), st.step(),
                totalSteps, st.epoch());
        Provenance prov = Provenance.read(run.file(RunFiles.PROVENANCE));
        if (prov.get("threads") instanceof Number started && started.intValue() != threads) {
            console.printf(Locale.ROOT, "Note: the run started with %d threads and continues with %d: its numbers will agree "
                    + "statistically with an uninterrupted run's, not to the last digit (set train.threads to %d for that).%n",
                    started.intValue(), threads, started.intValue());
        }
        prov.put("status", "running").remove("finished").put("resumed", resumptions(prov, st.step(), threads));
        prov.keepWarnings(st.provenanceWarnings());
        prov.write(run.file(RunFiles.PROVENANCE));
        return new TrainingFolder(run, prov, null);
    }

    /** The earlier entries of {@code resumed} and one for this resumption. */
    private static List<Object> resumptions(Provenance prov, int fromStep, int threads) {
        List<Object> resumed = new ArrayList<>();
        if (prov.get("resumed") instanceof List<?> earlier) {
            resumed.addAll(earlier);
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("from_step", fromStep);
        entry.put("at", java.time.Instant.now().toString());
        entry.put("threads", threads);
        resumed.add(entry);
        return resumed;
    }

    /** Releases the lock this class took, if any. */
    void release() {
        if (lock != null) {
            try {
                lock.close();
            } catch (IOException e) {
                // released with the process anyway
            }
        }
    }
}
