package org.tripletlab.mining;

import java.util.random.RandomGenerator;
import org.tripletlab.component.Component;
import org.tripletlab.distance.DistanceMatrix;

/**
 * Batch-all: every valid triplet of the batch (Hermans, Beyer &amp; Leibe 2017, "batch all").
 *
 * <p>Embeddings are unit vectors and D is the batch's matrix of squared Euclidean distances; the loss of
 * a triplet is {@code max(D[a,p] − D[a,n] + α, 0)}. The triplets are all (a, p, n) with
 * {@code labels[a] == labels[p]}, {@code a != p}, {@code labels[n] != labels[a]}: their number is
 * {@code Σ_g n_g (n_g − 1)(B − n_g)} for identity sizes n_g in a batch of B, e.g. 7 058 304 for B = 1536
 * with 4 images per identity. Usually paired with {@code Reduction.MEAN_NONZERO} so the many easy
 * triplets (loss 0) do not dilute the gradient.
 *
 * <p>The exact count is computed first so the three index arrays are allocated once at their final
 * size. Output order: anchors ascending, then positives ascending, then negatives ascending. Anchor–
 * positive pairs without any negative (single-identity batch) are counted in {@link Triplets#skipped()}.
 * D and the random source are not used.
 */
public final class BatchAllMiner implements TripletMiner {
    public static final String NAME = "batch-all";

    /** Config name, description and construction; this miner reads no {@code miner.*} key. */
    public static final Component<TripletMiner> COMPONENT =
            Component.<TripletMiner>named(NAME, "every valid triplet of the batch (Hermans et al. 2017)").build(c -> new BatchAllMiner());

    @Override
    public Triplets mine(DistanceMatrix d, int[] labels, RandomGenerator rng) {
        LabelGroups groups = LabelGroups.of(d, labels);
        int n = groups.n;
        long count = 0;
        long pairsWithoutNegative = 0;
        for (int g = 0; g < groups.groupCount(); g++) {
            long m = groups.groupSize(g);
            long negatives = n - m;
            count += m * (m - 1) * negatives;
            if (negatives == 0) {
                pairsWithoutNegative += m * (m - 1);
            }
        }
        TripletBuffer out = new TripletBuffer(count);
        out.skip(pairsWithoutNegative);
        for (int a = 0; a < n; a++) {
            int g = groups.groupOf[a];
            int[] negs = groups.negativesOf(g);
            int len = negs.length;
            if (len == 0) {
                continue;
            }
            for (int k = groups.start[g]; k < groups.start[g + 1]; k++) {
                int p = groups.members[k];
                if (p == a) {
                    continue;
                }
                // Bulk fill/copy per (a, p) block: the negatives are the same list for every pair.
                out.addAll(a, p, negs, len);
            }
        }
        return out.build();
    }

    @Override
    public String name() {
        return NAME;
    }
}
