package org.tripletlab.mining;

import java.util.random.RandomGenerator;
import org.tripletlab.component.Component;
import org.tripletlab.distance.DistanceMatrix;

/**
 * Random negatives: every ordered anchor–positive pair (a, p) with {@code labels[a] == labels[p]},
 * {@code a != p}, is paired with one negative n drawn uniformly from the batch elements with
 * {@code labels[n] != labels[a]}.
 *
 * <p>Embeddings are unit vectors and D is the batch's matrix of squared Euclidean distances; the loss of
 * a triplet is {@code max(D[a,p] − D[a,n] + α, 0)}. This miner ignores D entirely: it is the baseline
 * against which the distance-aware miners are compared.
 *
 * <p>Output order: anchors ascending, and for each anchor its positives ascending. Exactly one
 * {@code rng.nextInt(m)} is drawn per pair in that order, so a fixed seed reproduces the output.
 * Pairs whose identity has no negative in the batch (the whole batch is one identity) produce no
 * triplet and are counted in {@link Triplets#skipped()}.
 */
public final class RandomMiner implements TripletMiner {
    public static final String NAME = "random";

    /** Config name, description and construction; this miner reads no {@code miner.*} key. */
    public static final Component<TripletMiner> COMPONENT =
            Component.<TripletMiner>named(NAME, "every anchor–positive pair with a uniformly random negative").build(c -> new RandomMiner());

    @Override
    public Triplets mine(DistanceMatrix d, int[] labels, RandomGenerator rng) {
        LabelGroups groups = LabelGroups.of(d, labels);
        int n = groups.n;
        // At most one triplet per ordered pair, so the pair count is an exact upper bound: no growth.
        TripletBuffer out = TripletBuffer.onePerPair(groups);
        for (int a = 0; a < n; a++) {
            int g = groups.groupOf[a];
            int from = groups.start[g];
            int to = groups.start[g + 1];
            if (to - from < 2) {
                continue; // singleton identity: no positive, hence no pair
            }
            // The negatives of group g are members[0 .. from) ∪ members[to .. n) in label-sorted order, so
            // the r-th of them is found in O(1) without building a per-identity list (O(B²/K) work).
            int groupSize = to - from;
            int negatives = n - groupSize;
            for (int k = from; k < to; k++) {
                int p = groups.members[k];
                if (p == a) {
                    continue;
                }
                if (negatives == 0) {
                    out.skip();
                    continue;
                }
                int r = rng.nextInt(negatives);
                out.add(a, p, groups.members[r < from ? r : r + groupSize]);
            }
        }
        return out.build();
    }

    @Override
    public String name() {
        return NAME;
    }
}
