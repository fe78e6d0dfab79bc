package org.tripletlab.eval;

import java.util.Arrays;

/**
 * Threshold verification on squared distances: a pair is declared "same person" when
 * {@code d ≤ t}.
 *
 * <p>With many more different-identity than same-identity pairs, plain accuracy rewards saying
 * "different" to everything, so the accuracy here is <em>balanced</em>:
 * {@code (TPR(t) + TNR(t)) / 2}, which equals the accuracy on a set with equally many same and
 * different pairs (as LFW's protocol has). The best threshold is found exactly: every midpoint
 * between consecutive distinct sorted distances is a candidate.
 */
public final class Verification {
    private Verification() {
    }

    /** Best balanced accuracy and the threshold that gives it. */
    public record Best(double threshold, double accuracy) {
    }

    public static Best bestBalancedAccuracy(float[] same, float[] different) {
        if (same.length == 0 || different.length == 0) {
            throw new IllegalArgumentException("verification needs same and different pairs (got "
                    + same.length + " same, " + different.length + " different)");
        }
        float[] s = same.clone();
        float[] d = different.clone();
        Arrays.sort(s);
        Arrays.sort(d);
        // Threshold below everything: TPR = 0, TNR = 1.
        double best = 0.5;
        double bestT = s[0] < d[0] ? s[0] - 1e-6 : d[0] - 1e-6;
        int i = 0;
        int j = 0;
        while (i < s.length || j < d.length) {
            float v = Math.min(i < s.length ? s[i] : Float.POSITIVE_INFINITY, j < d.length ? d[j] : Float.POSITIVE_INFINITY);
            while (i < s.length && s[i] == v) {
                i++;
            }
            while (j < d.length && d[j] == v) {
                j++;
            }
            // Threshold just at v: accepts everything ≤ v.
            double acc = 0.5 * ((double) i / s.length + (double) (d.length - j) / d.length);
            if (acc > best) {
                best = acc;
                float next = Math.min(i < s.length ? s[i] : Float.POSITIVE_INFINITY, j < d.length ? d[j] : Float.POSITIVE_INFINITY);
                bestT = Float.isInfinite(next) ? v : 0.5 * (v + next);
            }
        }
        return new Best(bestT, best);
    }

    /**
     * Area under the ROC curve = P(d_different &gt; d_same) + ½·P(d_different = d_same), the
     * Mann–Whitney statistic, computed exactly by a merge of the sorted lists.
     */
    public static double auc(float[] same, float[] different) {
        if (same.length == 0 || different.length == 0) {
            throw new IllegalArgumentException("AUC needs same and different pairs");
        }
        float[] s = same.clone();
        float[] d = different.clone();
        Arrays.sort(s);
        Arrays.sort(d);
        double wins = 0;
        int j = 0;
        int k = 0;
        for (float v : s) {
            while (j < d.length && d[j] < v) {
                j++;
            }
            k = Math.max(k, j);
            while (k < d.length && d[k] == v) {
                k++;
            }
            // d[0..j) < v, d[j..k) == v, d[k..) > v
            wins += (d.length - k) + 0.5 * (k - j);
        }
        return wins / ((double) s.length * d.length);
    }
}
