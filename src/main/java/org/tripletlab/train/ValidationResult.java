package org.tripletlab.train;

import java.util.Arrays;
import org.tripletlab.distance.PairDistances;
import org.tripletlab.eval.DistanceSummary;
import org.tripletlab.eval.Verification;
import org.tripletlab.model.Embedder;

/**
 * What one validation pass measures on the fixed held-out image set: balanced verification
 * accuracy at the best threshold and AUC over all image pairs, the distributions of d(A,P)
 * (same-identity pairs) and d(A,N) (different-identity pairs), and the raw embedding norms before
 * normalisation (a norm shrinking towards 0 or exploding is an early sign of trouble).
 */
public record ValidationResult(double accuracy, double threshold, double auc, DistanceSummary positives,
        DistanceSummary negatives, double[] normPercentiles, double normMean, int normCount) {
    public static final int BINS = 40;

    public static ValidationResult of(Embedder.Result r, int[] labels) {
        PairDistances pd = PairDistances.of(r.embeddings(), r.n(), r.dim(), labels);
        Verification.Best best = Verification.bestBalancedAccuracy(pd.same(), pd.different());
        double auc = Verification.auc(pd.same(), pd.different());
        float[] norms = r.rawNorms().clone();
        Arrays.sort(norms);
        double[] np = new double[DistanceSummary.LEVELS.length];
        for (int i = 0; i < np.length; i++) {
            np[i] = DistanceSummary.percentile(norms, DistanceSummary.LEVELS[i]);
        }
        double mean = 0;
        for (float v : norms) {
            mean += v;
        }
        return new ValidationResult(best.accuracy(), best.threshold(), auc, DistanceSummary.of(pd.same(), BINS),
                DistanceSummary.of(pd.different(), BINS), np, mean / norms.length, norms.length);
    }

    /**
     * Embeddings of different identities are nearly identical: the mean squared distance between
     * different people has fallen below 0.01 (random unit vectors in many dimensions sit near 2).
     */
    public boolean collapsed() {
        return negatives.mean() < 0.01;
    }
}
