package org.tripletlab.loss;

import org.tripletlab.distance.DistanceMatrix;

/**
 * The mean squared distance D over all same-identity pairs i &lt; j of a batch and over all
 * different-identity pairs: what the pair losses ({@link ContrastiveLoss}, {@link SoftmaxLoss}) record as
 * {@code mean_d_ap}/{@code mean_d_an}, which the collapse watch compares as it compares d(A,P) and
 * d(A,N) of the triplet loss.
 */
public final class PairMeans {
    private PairMeans() {
    }

    /**
     * {mean_{i&lt;j, y_i = y_j} D[i,j], mean_{i&lt;j, y_i ≠ y_j} D[i,j]} (NaN when the batch has none of a kind),
     * summed in double in row-major pair order. All pairs, whatever negatives the loss takes: with
     * {@code loss.negatives: hardest} the chosen negatives are the nearest ones, whose mean is no measure of
     * how far apart identities are.
     */
    public static double[] of(DistanceMatrix dm, int[] labels) {
        int n = dm.size();
        double pos = 0;
        double neg = 0;
        long nPos = 0;
        long nNeg = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (labels[i] == labels[j]) {
                    pos += dm.get(i, j);
                    nPos++;
                } else {
                    neg += dm.get(i, j);
                    nNeg++;
                }
            }
        }
        return new double[] {nPos > 0 ? pos / nPos : Double.NaN, nNeg > 0 ? neg / nNeg : Double.NaN};
    }
}
