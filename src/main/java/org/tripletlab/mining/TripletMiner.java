package org.tripletlab.mining;

import java.util.random.RandomGenerator;
import org.tripletlab.distance.DistanceMatrix;

/**
 * Chooses triplets (a, p, n) from one batch: {@code labels[a] == labels[p]}, {@code a != p},
 * {@code labels[n] != labels[a]}. Miners see only detached squared distances, so gradients flow
 * through the selected triplets and never through the choice itself.
 */
public interface TripletMiner {
    /**
     * @param d squared Euclidean distances of the batch's unit-norm embeddings
     * @param labels identity of each batch element
     * @param rng the run's seeded random source (used by miners with a random choice)
     */
    Triplets mine(DistanceMatrix d, int[] labels, RandomGenerator rng);

    /** Name as written in configs, e.g. {@code semi-hard}. */
    String name();
}
