package org.tripletlab.mining;

import java.util.List;
import org.tripletlab.component.ConfigView;
import org.tripletlab.component.Registry;

/**
 * The registry of miners: the one list of every {@link TripletMiner} a config can select with
 * {@code miner.strategy}. Each miner class declares its own name, keys and construction (its
 * {@code COMPONENT}); the schema, the bench command, the report's order and training all read this list,
 * so a new miner is one class plus one entry here (and its test).
 *
 * <p>All miners choose triplets (a, p, n) with {@code labels[a] == labels[p]}, {@code a != p},
 * {@code labels[n] != labels[a]} from the batch's squared Euclidean distances D of unit-norm
 * embeddings; the loss of a triplet is {@code max(D[a,p] − D[a,n] + α, 0)}.
 * <ul>
 *   <li>{@link RandomMiner}: every anchor–positive pair, uniform random negative;</li>
 *   <li>{@link SemiHardMiner}: D[a,p] &lt; D[a,n] &lt; D[a,p] + α (FaceNet);</li>
 *   <li>{@link HardestMiner}: per anchor, max-D positive and min-D negative;</li>
 *   <li>{@link BatchAllMiner}: every valid triplet;</li>
 *   <li>{@link DistanceWeightedMiner}: a negative drawn with probability ∝ min(λ, 1/q(d)) (Wu et al. 2017).</li>
 * </ul>
 */
public final class Miners {
    /** Every miner, in the order of the schema's allowed values and of the report's rows. */
    public static final Registry<TripletMiner> REGISTRY = new Registry<>("miner.strategy",
            "which triplets of a batch train the net", SemiHardMiner.COMPONENT,
            List.of(RandomMiner.COMPONENT, SemiHardMiner.COMPONENT, HardestMiner.COMPONENT, BatchAllMiner.COMPONENT,
                    DistanceWeightedMiner.COMPONENT));

    /** The strategy names accepted by {@link #create}, in registry order. */
    public static final List<String> STRATEGIES = REGISTRY.names();

    private Miners() {
    }

    /** The miner a resolved config selects ({@code miner.strategy} and that miner's keys). */
    public static TripletMiner create(ConfigView config) {
        return REGISTRY.create(config);
    }
}
