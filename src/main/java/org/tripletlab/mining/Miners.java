package org.tripletlab.mining;

import java.util.List;
import java.util.Objects;

/**
 * Creates miners from config names.
 *
 * <p>All miners choose triplets (a, p, n) with {@code labels[a] == labels[p]}, {@code a != p},
 * {@code labels[n] != labels[a]} from the batch's squared Euclidean distances D of unit-norm
 * embeddings; the loss of a triplet is {@code max(D[a,p] − D[a,n] + α, 0)}.
 * <ul>
 *   <li>{@code random} — {@link RandomMiner}: every anchor–positive pair, uniform random negative;</li>
 *   <li>{@code semi-hard} — {@link SemiHardMiner}: D[a,p] &lt; D[a,n] &lt; D[a,p] + α (FaceNet);</li>
 *   <li>{@code hardest} — {@link HardestMiner}: per anchor, max-D positive and min-D negative;</li>
 *   <li>{@code batch-all} — {@link BatchAllMiner}: every valid triplet.</li>
 * </ul>
 */
public final class Miners {
    /** The strategy names accepted by {@link #create}. */
    public static final List<String> STRATEGIES =
            List.of(RandomMiner.NAME, SemiHardMiner.NAME, HardestMiner.NAME, BatchAllMiner.NAME);

    private Miners() {
    }

    /**
     * @param strategy one of {@link #STRATEGIES}
     * @param margin α; only semi-hard mining uses it (the others depend on D alone)
     * @param pick semi-hard candidate choice; ignored (may be null) for the other strategies
     * @param fallback semi-hard fallback; ignored (may be null) for the other strategies
     * @throws IllegalArgumentException for an unknown strategy, naming the allowed ones
     */
    public static TripletMiner create(String strategy, float margin, SemiHardMiner.Pick pick,
            SemiHardMiner.Fallback fallback) {
        switch (Objects.requireNonNullElse(strategy, "<null>")) {
            case RandomMiner.NAME:
                return new RandomMiner();
            case SemiHardMiner.NAME:
                return new SemiHardMiner(margin, pick, fallback);
            case HardestMiner.NAME:
                return new HardestMiner();
            case BatchAllMiner.NAME:
                return new BatchAllMiner();
            default:
                throw new IllegalArgumentException(
                        "unknown mining strategy '" + strategy + "'; allowed: " + String.join(", ", STRATEGIES));
        }
    }
}
