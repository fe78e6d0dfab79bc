package org.tripletlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.random.RandomGenerator;
import org.tripletlab.distance.PairwiseDistances;
import org.tripletlab.loss.Reduction;
import org.tripletlab.loss.TripletLoss;
import org.tripletlab.loss.TripletStats;
import org.tripletlab.mining.DistanceMatrix;
import org.tripletlab.mining.TripletMiner;
import org.tripletlab.mining.Triplets;

/**
 * What one training step minimises, given the encoder's output on a PK batch: the triplet loss over
 * mined triplets, or one of the baseline losses ({@link PairLossSteps}). The training loop only
 * back-propagates {@link Step#loss()} and records the rest, whatever the objective.
 */
@FunctionalInterface
interface Objective {
    /**
     * @param out the encoder's (normalized, raw) output, or the classifier's for softmax
     * @param sm the step's sub-manager (closed after the step)
     */
    Step compute(NDList out, int[] labels, RandomGenerator rng, NDManager sm);

    /**
     * The scalar to differentiate ({@code null} when the batch has nothing to learn from, e.g. no
     * valid triplet: then there is no backward pass and no update) and what {@code steps.csv} records.
     */
    record Step(NDArray loss, double value, int count, double activeShare, double meanAp, double meanAn,
            int fallbacks, int skipped) {
        static Step of(PairLossSteps.Result r) {
            return new Step(r.loss(), r.value(), r.count(), r.activeShare(), r.meanPositive(), r.meanNegative(), 0, 0);
        }
    }

    /**
     * The triplet loss: D on the tensor side, mined on a detached copy in plain Java, the loss
     * gathered over the mined triplets so gradients flow only through them.
     */
    static Objective triplet(TripletMiner miner, TripletLoss loss, float margin, Reduction reduction) {
        return (out, labels, rng, sm) -> {
            NDArray d = PairwiseDistances.squared(out.get(0));
            DistanceMatrix dm = PairwiseDistances.toDistanceMatrix(d);
            Triplets t = miner.mine(dm, labels, rng);
            TripletStats s = TripletStats.of(dm, t, margin, reduction);
            return new Step(t.isEmpty() ? null : loss.loss(d, t), s.loss(), s.count(), s.activeShare(),
                    s.meanPositive(), s.meanNegative(), t.fallbacks(), t.skipped());
        };
    }
}
