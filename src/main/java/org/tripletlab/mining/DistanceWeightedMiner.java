package org.tripletlab.mining;

import java.util.random.RandomGenerator;
import org.tripletlab.component.Component;
import org.tripletlab.component.ConfigView;
import org.tripletlab.distance.DistanceMatrix;

/**
 * Distance-weighted sampling (Wu, Manmatha, Smola &amp; Krähenbühl, "Sampling Matters in Deep Embedding
 * Learning", ICCV 2017).
 *
 * <p>Embeddings are unit vectors in n dimensions and D is the batch's matrix of <b>squared</b> Euclidean
 * distances; the loss of a triplet is {@code max(D[a,p] − D[a,n] + α, 0)}. For points spread uniformly on
 * the sphere S^(n−1) the (unsquared) distance d ∈ [0, 2] between two of them has the density
 * <pre>  q(d) = d^(n−2) · (1 − d²/4)^((n−3)/2) / Z,     Z = 2^(n−2) · B((n−1)/2, (n−1)/2)</pre>
 * (Z makes q integrate to 1 over [0, 2]). Drawing negatives uniformly gives mostly distances near √2;
 * weighting each by 1/q(d) instead spreads the drawn negatives evenly over the distances that occur.
 * For every ordered anchor–positive pair (a, p) this miner draws one negative n among the batch's
 * negatives of a with
 * <pre>  Pr(n | a) ∝ w(a, n) = min(λ, 1 / q(max(d_an, c)))   if d_an &lt; z, else 0</pre>
 * where d_an = √D[a,n], c is {@code miner.cutoff} (0.5 in the paper: below it the weights of the rare
 * very close negatives would explode, and those are the noisy ones), λ is {@code miner.weight_cap}
 * (none when null) and z is {@code miner.nonzero_loss_cutoff} (none when null; the paper uses 1.4 so
 * that no draw is spent on negatives too far to give a loss). The weights depend on the anchor only,
 * so every positive of a draws from the same distribution, independently.
 *
 * <p>In terms of D the logarithm of the inverse density is
 * <pre>  −ln q = ln Z − ((n−2)/2) · ln D − ((n−3)/2) · ln(1 − D/4)</pre>
 * which is what is computed: the weights span hundreds of orders of magnitude in 128 dimensions, so
 * they are formed in log space and exponentiated only after subtracting the anchor's largest log-weight.
 * D is clipped to [c², 4 − 4·10⁻⁶]: below by the cutoff, above so that float error in a D of an
 * antipodal pair (D ≥ 4) cannot make the logarithm NaN.
 *
 * <p>When every negative of a is beyond z (all weights 0) the pair falls back to a uniformly drawn
 * negative, as the paper's code does, and is counted in {@link Triplets#fallbacks()}. Pairs whose
 * identity has no negative in the batch are counted in {@link Triplets#skipped()}. Output order:
 * anchors ascending, then positives ascending; exactly one {@code rng.nextDouble()} per triplet in that
 * order, so a fixed seed reproduces the output.
 */
public final class DistanceWeightedMiner implements TripletMiner {
    public static final String NAME = "distance-weighted";

    /** Largest D used in the weights: 1 − D/4 stays ≥ 10⁻⁶, so its logarithm is finite. */
    static final double MAX_SQUARED = 4.0 * (1.0 - 1e-6);

    /**
     * Config name, keys and construction: the embedding dimension n is {@code encoder.embedding}; the
     * three {@code miner.*} keys are new, so a resolved config.yaml leaves them out at their defaults.
     */
    public static final Component<TripletMiner> COMPONENT = Component.<TripletMiner>named(NAME,
                    "Wu et al. 2017: a negative drawn with probability ∝ min(λ, 1/q(d)), q the density of distances on the sphere")
            .newKey(Component.number("miner.cutoff", 0.5, 0.05, 1.95,
                    "distance-weighted: distances (not squared) below this are weighted as this; Wu et al. use 0.5"))
            .newKey(Component.nullableNumber("miner.weight_cap", 1e-9, 1e9,
                    "distance-weighted: cap λ on a negative's weight 1/q(d), q the normalised density of d; null = no cap"))
            .newKey(Component.nullableNumber("miner.nonzero_loss_cutoff", 0.1, 2.0,
                    "distance-weighted: negatives at this distance (not squared) or farther are never drawn; null = none; Wu et al. use 1.4"))
            .check(DistanceWeightedMiner::check)
            .build(c -> new DistanceWeightedMiner(c.getInt("encoder.embedding"), c.getDouble("miner.cutoff"),
                    c.getDoubleOrNull("miner.weight_cap"), c.getDoubleOrNull("miner.nonzero_loss_cutoff")));

    private final int dim;
    private final double cutoff;
    private final Double weightCap;
    private final Double nonzeroLossCutoff;
    private final double logZ;

    /**
     * @param dim embedding dimension n ≥ 2
     * @param cutoff c in (0, 2)
     * @param weightCap λ &gt; 0, or null for none
     * @param nonzeroLossCutoff z &gt; c, or null for none
     */
    public DistanceWeightedMiner(int dim, double cutoff, Double weightCap, Double nonzeroLossCutoff) {
        if (dim < 2) {
            throw new IllegalArgumentException("distance-weighted mining needs embeddings of at least 2 dimensions, got " + dim);
        }
        if (!(cutoff > 0 && cutoff < 2)) {
            throw new IllegalArgumentException("distance-weighted cutoff must be in (0, 2), got " + cutoff);
        }
        if (weightCap != null && !(weightCap > 0 && Double.isFinite(weightCap))) {
            throw new IllegalArgumentException("distance-weighted weight cap must be finite and > 0, got " + weightCap);
        }
        if (nonzeroLossCutoff != null && !(nonzeroLossCutoff > cutoff)) {
            throw new IllegalArgumentException("distance-weighted nonzero-loss cutoff " + nonzeroLossCutoff
                    + " must exceed the cutoff " + cutoff);
        }
        this.dim = dim;
        this.cutoff = cutoff;
        this.weightCap = weightCap;
        this.nonzeroLossCutoff = nonzeroLossCutoff;
        this.logZ = logNormaliser(dim);
    }

    private static void check(ConfigView c) {
        Double z = c.getDoubleOrNull("miner.nonzero_loss_cutoff");
        double cut = c.getDouble("miner.cutoff");
        if (z != null && z <= cut) {
            throw c.error("miner.nonzero_loss_cutoff", z + " is not allowed; it must exceed miner.cutoff (" + cut
                    + "), else no negative could be drawn");
        }
    }

    /** ln Z for Z = ∫₀² d^(n−2) (1 − d²/4)^((n−3)/2) dd = 2^(n−2) · Γ((n−1)/2)² / Γ(n−1). */
    static double logNormaliser(int n) {
        return (n - 2) * Math.log(2) + 2 * logGammaHalfInteger(n - 1) - logGammaHalfInteger(2 * (n - 1));
    }

    /**
     * ln Γ(k/2) for an integer k ≥ 1, exactly by the recursion Γ(x + 1) = x·Γ(x) from Γ(1) = 1 and
     * Γ(1/2) = √π (the arguments here are always integers or half-integers, so no approximation is needed).
     */
    static double logGammaHalfInteger(int k) {
        double s = k % 2 == 0 ? 0.0 : 0.5 * Math.log(Math.PI);
        for (int j = k % 2 == 0 ? 2 : 1; j + 2 <= k; j += 2) {
            s += Math.log(j / 2.0); // Γ(j/2 + 1) = (j/2) Γ(j/2)
        }
        return s;
    }

    /**
     * ln w for one squared distance, before the anchor's normalisation: min(ln λ, −ln q(√D)) with D clipped
     * to [c², 4 − 4·10⁻⁶]; −∞ (weight 0) at or beyond the nonzero-loss cutoff.
     */
    double logWeight(double squared) {
        if (nonzeroLossCutoff != null && squared >= nonzeroLossCutoff * nonzeroLossCutoff) {
            return Double.NEGATIVE_INFINITY;
        }
        double d2 = Math.min(Math.max(squared, cutoff * cutoff), MAX_SQUARED);
        double logInverseDensity = logZ - 0.5 * (dim - 2) * Math.log(d2) - 0.5 * (dim - 3) * Math.log1p(-d2 / 4);
        return weightCap == null ? logInverseDensity : Math.min(Math.log(weightCap), logInverseDensity);
    }

    @Override
    public Triplets mine(DistanceMatrix d, int[] labels, RandomGenerator rng) {
        LabelGroups groups = LabelGroups.of(d, labels);
        int n = groups.n;
        float[] v = d.values();
        TripletBuffer out = TripletBuffer.onePerPair(groups);
        double[] cumulative = new double[n];
        double[] logW = new double[n];
        for (int a = 0; a < n; a++) {
            int g = groups.groupOf[a];
            int from = groups.start[g];
            int to = groups.start[g + 1];
            if (to - from < 2) {
                continue; // singleton identity: no positive, hence no pair
            }
            int[] negs = groups.negativesOf(g);
            if (negs.length == 0) {
                out.skip(to - from - 1);
                continue;
            }
            // The anchor's distribution over its negatives, once for all its positives.
            int row = a * n;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < negs.length; j++) {
                logW[j] = logWeight(v[row + negs[j]]);
                max = Math.max(max, logW[j]);
            }
            boolean uniform = max == Double.NEGATIVE_INFINITY;
            double total = 0;
            for (int j = 0; j < negs.length; j++) {
                // Subtracting the largest log-weight keeps exp in range; exp(−∞) = 0 drops excluded negatives.
                total += uniform ? 1.0 : Math.exp(logW[j] - max);
                cumulative[j] = total;
            }
            for (int k = from; k < to; k++) {
                int p = groups.members[k];
                if (p == a) {
                    continue;
                }
                int chosen = negs[draw(cumulative, negs.length, rng.nextDouble() * total)];
                if (uniform) {
                    out.addFallback(a, p, chosen);
                } else {
                    out.add(a, p, chosen);
                }
            }
        }
        return out.build();
    }

    /**
     * The first index j with {@code cumulative[j] > u}: index j is drawn with probability
     * (cumulative[j] − cumulative[j−1]) / total, and a zero-weight index never is (its cumulative equals its
     * predecessor's). The last index guards against u rounding up to the total.
     */
    private static int draw(double[] cumulative, int len, double u) {
        int lo = 0;
        int hi = len - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        // Only when u rounded up to the total can lo be a trailing zero-weight index: step back to a drawable one.
        while (lo > 0 && cumulative[lo] == cumulative[lo - 1]) {
            lo--;
        }
        return lo;
    }

    public int dimension() {
        return dim;
    }

    public double cutoff() {
        return cutoff;
    }

    /** λ, or null when uncapped. */
    public Double weightCap() {
        return weightCap;
    }

    /** z, or null when no negative is excluded for being far. */
    public Double nonzeroLossCutoff() {
        return nonzeroLossCutoff;
    }

    @Override
    public String name() {
        return NAME;
    }
}
