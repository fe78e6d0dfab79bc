package org.tripletlab.run;

import java.nio.file.Path;
import org.tripletlab.config.Config;

/**
 * The names of the files in a run folder ({@code <out>/<experiment>/<run-id>/}), in one place. Code
 * that writes or reads a run folder names its files through these constants, so a file cannot be
 * written under one name and looked for under another.
 *
 * <pre>
 * config.yaml        the resolved config (its hash, execution-only keys aside, is the run id)
 * provenance.json    who, when, on what data and code; status; not_a_test_number
 * steps.csv          one row per training step (every 50 steps flushed)
 * epochs.csv         one row per epoch: validation numbers
 * distances.csv      validation distance quantiles and histogram per epoch
 * events.csv         empty batches, collapse warnings, non-finite steps
 * checkpoints/       encoder parameters, fingerprint.json, the resume state
 * eval/&lt;b&gt;.json      end-of-training evaluation on benchmark b
 * eval/&lt;b&gt;-roc.csv   its ROC curve
 * TRAINED            training finished (tables and checkpoints written)
 * COMPLETE           the run finished, evaluation included: only such folders are results
 * </pre>
 */
public final class RunFiles {
    /** The resolved config; defined beside {@link Config#ofRun}, which reads it ({@code config} cannot import {@code run}). */
    public static final String CONFIG = Config.RUN_FILE;
    /** Provenance: see {@link Provenance}. */
    public static final String PROVENANCE = "provenance.json";
    /** Per-step training table. */
    public static final String STEPS = "steps.csv";
    /** Per-epoch validation table. */
    public static final String EPOCHS = "epochs.csv";
    /** Per-epoch validation distance summaries. */
    public static final String DISTANCES = "distances.csv";
    /** Events of the run (empty batches, collapse, non-finite steps). */
    public static final String EVENTS = "events.csv";
    /** Folder of checkpoints and the resume state. */
    public static final String CHECKPOINTS = "checkpoints";
    /** Folder of the end-of-training benchmark evaluations. */
    public static final String EVAL = "eval";
    /** Marker: training finished; see {@link RunDirectory#TRAINED_MARKER}. */
    public static final String TRAINED = "TRAINED";
    /** Marker: the run finished, evaluation included; see {@link RunDirectory#COMPLETE_MARKER}. */
    public static final String COMPLETE = "COMPLETE";

    private RunFiles() {
    }

    /** {@code <runDir>/eval/<benchmark>.json}: the run's evaluation on {@code benchmark} (e.g. {@code "lfw"}). */
    public static Path evalResult(Path runDir, String benchmark) {
        return evalResultIn(runDir.resolve(EVAL), benchmark);
    }

    /** {@code <runDir>/eval/<benchmark>-roc.csv}: the ROC curve of that evaluation. */
    public static Path roc(Path runDir, String benchmark) {
        return rocIn(runDir.resolve(EVAL), benchmark);
    }

    /**
     * {@code <evalDir>/<benchmark>.json} in an evaluation folder: a run's {@code eval/}, or the folder of
     * {@code tripletlab eval --out}, which holds the same files.
     */
    public static Path evalResultIn(Path evalDir, String benchmark) {
        return evalDir.resolve(benchmark + ".json");
    }

    /** {@code <evalDir>/<benchmark>-roc.csv}: (threshold, FPR, TPR) of that evaluation. */
    public static Path rocIn(Path evalDir, String benchmark) {
        return evalDir.resolve(benchmark + "-roc.csv");
    }

    /** {@code <evalDir>/<benchmark>-pairs.csv}: every pair's distance and fold, to re-check the evaluation. */
    public static Path pairsIn(Path evalDir, String benchmark) {
        return evalDir.resolve(benchmark + "-pairs.csv");
    }
}
