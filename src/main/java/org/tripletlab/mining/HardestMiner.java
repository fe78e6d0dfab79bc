package org.tripletlab.mining;

import java.util.random.RandomGenerator;
import org.tripletlab.component.Component;
import org.tripletlab.distance.DistanceMatrix;

/**
 * Batch-hard mining (Hermans, Beyer &amp; Leibe, "In Defense of the Triplet Loss", 2017).
 *
 * <p>Embeddings are unit vectors and D is the batch's matrix of squared Euclidean distances; the loss of
 * a triplet is {@code max(D[a,p] − D[a,n] + α, 0)}. A valid triplet has {@code labels[a] == labels[p]},
 * {@code a != p} and {@code labels[n] != labels[a]}.
 *
 * <p>For each anchor a that has at least one positive and one negative in the batch, one triplet:
 * <pre>  p* = argmax_{p: labels[p]==labels[a], p≠a} D[a,p]     n* = argmin_{n: labels[n]≠labels[a]} D[a,n]</pre>
 * i.e. the hardest positive and the hardest negative, which maximises the triplet's loss over all
 * valid triplets with that anchor. Anchors without a positive (singleton identity) or without a
 * negative (single-identity batch) are counted in {@link Triplets#skipped()}. Ties: among equal
 * distances the lowest batch index wins. Output order: anchors ascending. Deterministic; the random
 * source is not used.
 */
public final class HardestMiner implements TripletMiner {
    public static final String NAME = "hardest";

    /** Config name, description and construction; this miner reads no {@code miner.*} key. */
    public static final Component<TripletMiner> COMPONENT =
            Component.<TripletMiner>named(NAME, "batch-hard: per anchor the farthest positive and the nearest negative (Hermans et al. 2017)").build(c -> new HardestMiner());

    @Override
    public Triplets mine(DistanceMatrix d, int[] labels, RandomGenerator rng) {
        LabelGroups groups = LabelGroups.of(d, labels);
        int n = groups.n;
        float[] v = d.values();
        TripletBuffer out = new TripletBuffer(n); // at most one triplet per anchor
        for (int a = 0; a < n; a++) {
            int g = groups.groupOf[a];
            int from = groups.start[g];
            int to = groups.start[g + 1];
            int[] negs = groups.negativesOf(g);
            if (to - from < 2 || negs.length == 0) {
                out.skip();
                continue;
            }
            int row = a * n;
            // members[from..to) is ascending, so strict '>' keeps the lowest index on ties.
            int far = -1;
            float farD = 0f;
            for (int k = from; k < to; k++) {
                int p = groups.members[k];
                if (p == a) {
                    continue;
                }
                float dap = v[row + p];
                if (far < 0 || dap > farD) {
                    far = p;
                    farD = dap;
                }
            }
            int near = negs[0];
            float nearD = v[row + near];
            for (int j = 1; j < negs.length; j++) {
                float dan = v[row + negs[j]];
                if (dan < nearD) {
                    near = negs[j];
                    nearD = dan;
                }
            }
            out.add(a, far, near);
        }
        return out.build();
    }

    @Override
    public String name() {
        return NAME;
    }
}
