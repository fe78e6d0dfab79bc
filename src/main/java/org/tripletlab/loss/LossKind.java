package org.tripletlab.loss;

import java.util.function.UnaryOperator;
import org.tripletlab.component.ConfigView;
import org.tripletlab.mining.TripletMiner;

/**
 * What a {@code loss.kind} is, beyond the {@link Loss} it builds: everything the trainer, the memory check,
 * the collapse watch and the report need to know about a loss, declared by the loss itself (its class's
 * {@code KIND}) instead of in a switch on its name in each of them. {@link Losses#REGISTRY} lists the
 * kinds; the defaults describe a loss over mined triplets, like the triplet loss.
 */
public interface LossKind {
    /**
     * The collapse tolerance of a loss without a margin on D to scale it (contrastive: m is on the Euclidean
     * distance; softmax and soft-margin: no margin): the triplet loss's max(10⁻⁴, 0.01·α) at its default α = 0.2.
     */
    double UNSCALED_COLLAPSE_TOLERANCE = 0.002;

    /** The {@code loss.kind} value. */
    String name();

    /**
     * The step's loss for a resolved config.
     *
     * @param miner the configured miner ({@code miner.strategy}); used only when {@link #usesMiner()}
     * @param classOf training identity → class index of the classification head; used only when {@link #classifierHead()}
     */
    Loss create(ConfigView config, TripletMiner miner, int[] classOf);

    /** Whether the loss takes the miner's triplets (else the run's miner column reads "none (kind loss)"). */
    default boolean usesMiner() {
        return true;
    }

    /** Whether training adds a classification head over the training identities (checkpoints keep the encoder alone). */
    default boolean classifierHead() {
        return false;
    }

    /** Whether {@code loss.margin} enters the loss (else the console prints α = unused). */
    default boolean usesMargin() {
        return true;
    }

    /**
     * The tolerance τ on |mean P − mean N| (squared distances) under which a step looks collapsed; {@code margin}
     * is {@code loss.margin}. By default the fixed {@link #UNSCALED_COLLAPSE_TOLERANCE}, for losses whose margin (if
     * any) is not on D; the triplet loss scales it with α.
     */
    default double collapseTolerance(double margin) {
        return UNSCALED_COLLAPSE_TOLERANCE;
    }

    /** The collapse warning after {@code streak} collapsed-looking steps ending at {@code step}, mean D ≈ {@code meanN}. */
    String collapseMessage(int step, int streak, double meanN);

    /** t in the memory estimate's t·B²·4 bytes of native B×B arrays (forward and backward) the loss builds. */
    default int pairwiseTensors() {
        return 8;
    }

    /** u in the estimate's u·B²·4 bytes of Java B×B arrays per step (the detached distance copy, miner or mask arrays). */
    default int heapArrays() {
        return 2;
    }

    /** Whether the active_share column of steps.csv is a share of active terms (softmax records its accuracy there). */
    default boolean recordsActiveShare() {
        return true;
    }

    /**
     * The row label when runs of this loss are a deep baseline in the report's tables, or null when they are the
     * project's triplet runs (labelled by miner and margin).
     *
     * @param key a resolved config key's text as the report shows it ("?" when missing)
     */
    default String baselineLabel(UnaryOperator<String> key) {
        return null;
    }

    /** The baseline row's position among the deep baselines (simplest first); unused when {@link #baselineLabel} is null. */
    default int baselineOrder() {
        return 0;
    }
}
