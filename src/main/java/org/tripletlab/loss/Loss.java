package org.tripletlab.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.random.RandomGenerator;

/**
 * What one training step minimises, given the encoder's output on a PK batch of B images with
 * identity labels y_1..y_B: a scalar J to differentiate, plus what the step records.
 *
 * <ul>
 *   <li>{@link TripletMarginLoss}: J = reduce_t max(D[a,p] − D[a,n] + α, 0) over mined triplets t = (a, p, n);</li>
 *   <li>{@link ContrastiveLoss}: J = mean_P D[i,j] + mean_N max(m − √(D[i,j] + ε), 0)² over positive pairs P and
 *       chosen negative pairs N;</li>
 *   <li>{@link SoftmaxLoss}: J = (1/B) Σ_i −log softmax(z_i)[c(y_i)] over the classification head's logits z.</li>
 * </ul>
 * D is the matrix of squared Euclidean distances of the unit embeddings
 * ({@link org.tripletlab.distance.PairwiseDistances#squared}). The training loop back-propagates
 * {@link Step#loss()} and records the rest, whatever the loss; a new loss is a new implementation of
 * this interface that declares its {@code loss.kind} (a {@link LossKind} and its config component), plus
 * one entry in {@link Losses#REGISTRY}.
 *
 * <p>Every array a loss creates on the differentiated path must live until the backward pass: build
 * scalar operands with {@link org.tripletlab.util.Scalars#of}, never with the {@code Number} overloads.
 */
@FunctionalInterface
public interface Loss {
    /**
     * @param out the model's output: {@code out.get(0)} the normalized embeddings (B×d); for the softmax
     *     loss {@code out.get(2)} the classifier's logits
     * @param labels the identity of each of the B images
     * @param rng the run's random stream (miners that draw use it; its use is part of the run's numbers)
     * @param sm the step's sub-manager (closed after the optimiser step)
     */
    Step compute(NDList out, int[] labels, RandomGenerator rng, NDManager sm);

    /**
     * The scalar to differentiate ({@code null} when the batch has nothing to learn from, e.g. no
     * valid triplet: then there is no backward pass and no update) and what {@code steps.csv} records:
     * the loss value, the number of terms it was taken over (triplets, pairs or images), the active
     * share, the mean D of the positive and of the negative side, and the miner's fallbacks and
     * skipped anchors (0 for losses without a miner).
     */
    record Step(NDArray loss, double value, int count, double activeShare, double meanAp, double meanAn,
            int fallbacks, int skipped) {
    }
}
