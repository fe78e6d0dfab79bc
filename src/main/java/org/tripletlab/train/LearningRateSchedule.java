package org.tripletlab.train;

import ai.djl.training.tracker.Tracker;
import org.tripletlab.config.ExperimentConfig;

/**
 * The learning rate as a function of the step t (0-based), with base rate η and T total steps:
 * <ul>
 *   <li>{@code constant}: η;</li>
 *   <li>{@code cosine}: linear warm-up η·(t+1)/W for t &lt; W, then
 *       η_f + (η − η_f)·(1 + cos(π·(t − W)/(T − W)))/2 with η_f = η·final_lr_fraction;</li>
 *   <li>{@code step}: η·γ^⌊t/S⌋ with γ = step_factor and S = step_size.</li>
 * </ul>
 * Written here rather than taken from DJL's trackers so the logged rate and the applied rate are
 * the same function, stated once.
 */
public final class LearningRateSchedule implements Tracker {
    private final String kind;
    private final double lr;
    private final int warmup;
    private final int totalSteps;
    private final int stepSize;
    private final double stepFactor;
    private final double finalLr;

    public LearningRateSchedule(ExperimentConfig.Optimizer o, int totalSteps) {
        this.kind = o.schedule();
        this.lr = o.lr();
        this.warmup = o.warmupSteps();
        this.totalSteps = totalSteps;
        this.stepSize = o.stepSize();
        this.stepFactor = o.stepFactor();
        this.finalLr = o.lr() * o.finalLrFraction();
    }

    /** Rate at 0-based step t. */
    public double at(int t) {
        return switch (kind) {
            case "constant" -> lr;
            case "step" -> lr * Math.pow(stepFactor, t / stepSize);
            case "cosine" -> {
                if (t < warmup) {
                    yield lr * (t + 1) / warmup;
                }
                int span = Math.max(1, totalSteps - warmup);
                double progress = Math.min(1.0, (double) (t - warmup) / span);
                yield finalLr + (lr - finalLr) * 0.5 * (1 + Math.cos(Math.PI * progress));
            }
            default -> throw new IllegalStateException("unknown schedule " + kind);
        };
    }

    /** DJL counts updates from 1; update u applies the rate of step u − 1. */
    @Override
    public float getNewValue(int numUpdate) {
        return (float) at(Math.max(0, numUpdate - 1));
    }
}
