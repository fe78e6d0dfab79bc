package org.tripletlab.train;

import ai.djl.ndarray.NDArray;
import org.tripletlab.distance.PairwiseDistances;
import org.tripletlab.distance.DistanceMatrix;

/** The detached squared-distance copy the training steps compute, for tests. */
final class PairwiseDistancesAccess {
    private PairwiseDistancesAccess() {
    }

    static DistanceMatrix of(NDArray embeddings) {
        return PairwiseDistances.toDistanceMatrix(PairwiseDistances.squared(embeddings));
    }
}
