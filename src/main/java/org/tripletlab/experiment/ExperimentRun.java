package org.tripletlab.experiment;

import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.train.TrainingRun;

/**
 * Runs one experiment config into its run folder: a config with {@code baseline.kind} set is fitted
 * ({@link BaselineRun}), any other trains an encoder ({@link TrainingRun}). The choice lives here, above
 * both, because {@code baseline} builds on {@code train}'s run-folder helpers and {@code train} must not
 * import {@code baseline}. {@code tripletlab train} and the sweep (in this JVM) run configs through it.
 */
public final class ExperimentRun {

    private ExperimentRun() {
    }

    /** Trains or fits {@code cfg} as {@link TrainingRun#run} and {@link BaselineRun#run} describe. */
    public static TrainingRun.Outcome run(ExperimentConfig cfg, TrainingRun.Options opt) {
        return cfg.baseline().fitted() ? BaselineRun.run(cfg, opt) : TrainingRun.run(cfg, opt);
    }
}
