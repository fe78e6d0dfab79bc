package org.tripletlab.train;

import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.PkSampler;

/**
 * How long a run trains: steps per epoch ({@code train.steps_per_epoch}, else one pass over the usable
 * training images), total steps ({@code train.steps}, else {@code train.epochs} epochs) and the number of
 * epochs they span (the last one may be short).
 */
record TrainingLength(int stepsPerEpoch, int totalSteps, int epochs) {

    static TrainingLength of(ExperimentConfig cfg, PkSampler sampler) {
        int batch = cfg.sampler().batchSize();
        int stepsPerEpoch = cfg.train().stepsPerEpoch() != null ? cfg.train().stepsPerEpoch()
                : Math.max(1, sampler.usableImages() / batch);
        int totalSteps = cfg.train().steps() != null ? cfg.train().steps() : cfg.train().epochs() * stepsPerEpoch;
        int epochs = (totalSteps + stepsPerEpoch - 1) / stepsPerEpoch;
        return new TrainingLength(stepsPerEpoch, totalSteps, epochs);
    }

    /** The epoch (from 1) that step {@code step} (from 1) belongs to. */
    int epochOf(int step) {
        return (step - 1) / stepsPerEpoch + 1;
    }

    /** Whether {@code step} ends an epoch: a full one, or the short last one. */
    boolean endsEpoch(int step) {
        return step % stepsPerEpoch == 0 || step == totalSteps;
    }

    boolean isLast(int step) {
        return step == totalSteps;
    }
}
