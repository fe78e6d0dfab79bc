package org.tripletlab.train;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.run.RunDirectory;

/**
 * An unfinished attempt folder to resume, its resume state, and the lock held on the folder meanwhile so no
 * other process trains in it. Finding one, and the checks that may still turn it down (other data, another
 * length of training), say on the console why a new attempt starts from step 0 instead.
 */
record ResumableAttempt(Path dir, Path stateDir, ResumeState state, Closeable lock) {

    /** Lets other processes train in the folder again. */
    void release() {
        try {
            lock.close();
        } catch (IOException e) {
            // the lock goes with the process anyway
        }
    }

    /**
     * The latest unfinished attempt of this config that holds a readable resume state, locked for this
     * process; or null, saying why on the console when there are unfinished attempts.
     */
    static ResumableAttempt find(ExperimentConfig cfg, TrainingRun.Options opt, PrintStream console) {
        List<Path> unfinished = RunDirectory.unfinishedAttempts(opt.outRoot(), cfg.raw(), cfg.name());
        if (unfinished.isEmpty()) {
            return null;
        }
        if (opt.restart()) {
            console.println("--restart: not resuming the unfinished attempt" + (unfinished.size() > 1 ? "s " : " ") + unfinished
                    + " (kept as " + (unfinished.size() > 1 ? "they are" : "it is") + "); training a new attempt from step 0.");
            return null;
        }
        boolean anyState = false;
        for (int i = unfinished.size() - 1; i >= 0; i--) {
            Path dir = unfinished.get(i);
            Path stateDir = ResumeState.find(dir);
            if (stateDir == null) {
                continue;
            }
            anyState = true;
            ResumableAttempt locked = lockAndRead(dir, stateDir, console);
            if (locked != null) {
                return locked;
            }
        }
        if (!anyState) {
            console.println("Run " + RunDirectory.runId(cfg.raw()) + " has an unfinished attempt in " + unfinished.get(unfinished.size() - 1)
                    + " without a resume state to continue from (killed before its first one was saved, or written by an older "
                    + "tripletlab); training a new attempt from step 0 (the folder is kept as it is).");
        } else {
            console.println("Training a new attempt from step 0 (the unfinished folders are kept as they are).");
        }
        return null;
    }

    /** The attempt in {@code dir} locked with its state read, or null (locked elsewhere, or the state unreadable). */
    private static ResumableAttempt lockAndRead(Path dir, Path stateDir, PrintStream console) {
        Closeable lock = RunDirectory.at(dir).lockForTraining();
        if (lock == null) {
            console.println("Not resuming " + dir + ": another training is running in it.");
            return null;
        }
        try {
            return new ResumableAttempt(dir, stateDir, ResumeState.read(stateDir), lock);
        } catch (RuntimeException e) {
            console.println("Not resuming " + dir + ": its resume state cannot be read (" + e.getMessage() + ").");
            new ResumableAttempt(dir, stateDir, null, lock).release();
            return null;
        }
    }

    /**
     * This attempt if it recorded the data manifest read now; otherwise released, and null: an attempt on
     * other data is not continued.
     */
    ResumableAttempt onSameData(RunData data, PrintStream console) {
        String recorded = RunDirectory.recordedManifest(dir);
        String current = data.dataset().manifestHash();
        if (recorded != null && recorded.equals(current)) {
            return this;
        }
        console.println("Not resuming " + dir + ": it was trained on other data (data manifest " + recorded
                + ", the data now read has " + current + "); training a new attempt from step 0 (the folder is kept as it is).");
        release();
        return null;
    }

    /**
     * Whether the state is of a run of {@code totalSteps} steps. It cannot differ for the same config on the
     * same data; a state from elsewhere is not trusted. The lock stays held: the caller of {@link #find} releases it.
     */
    boolean sameLength(int totalSteps, PrintStream console) {
        if (state.totalSteps() == totalSteps) {
            return true;
        }
        console.println("Not resuming " + dir + ": its resume state is of a run of " + state.totalSteps()
                + " steps, this config on this data has " + totalSteps + "; training a new attempt from step 0.");
        return false;
    }
}
