package org.tripletlab.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tripletlab.distance.PairDistances;

/**
 * Pair verification with k-fold threshold selection (LFW View 2: 10 folds of 300 + 300 pairs), as
 * FaceNet reports it. A pair is declared "same" when its squared distance {@code d ≤ t}.
 *
 * <h2>Thresholds</h2>
 * Candidate thresholds on a set of pairs are exact, not a grid: with the distinct distances
 * {@code v₀ < v₁ < … < v_{G−1}} they are {@code nextDown(v₀)} (accepts nothing), every midpoint
 * {@code (v_k + v_{k+1}) / 2}, and {@code nextUp(v_{G−1})} (accepts everything); {@code nextDown}
 * / {@code nextUp} are the adjacent doubles. Every way of splitting the sorted distances is one
 * candidate, and a midpoint sits as far as possible from both training distances around it.
 *
 * <h2>Accuracy</h2>
 * For every fold f the threshold maximising plain accuracy (correct / pairs) on the pairs of the
 * other folds is chosen, and plain accuracy is measured on fold f's pairs only — the held-out fold
 * never influences its own threshold. <b>Ties</b> (several candidates with the same number of
 * correct training pairs) go to the <b>smallest</b> such threshold. Reported: mean ± standard error
 * over folds (sample std / √folds), the std, and per-fold thresholds and accuracies.
 *
 * <h2>ROC, AUC, EER</h2>
 * Over all pairs (thresholds do not depend on folds): one ROC point (FPR, TPR) per distinct
 * distance v (threshold t = v accepts every pair with d ≤ v), preceded by (0, 0). The AUC is the
 * trapezoidal area under these points, which equals P(d_diff &gt; d_same) + ½·P(d_diff = d_same)
 * exactly. The EER is read off the straight-line interpolation between consecutive ROC points:
 * on the first segment where {@code FPR + TPR − 1} changes sign (from ≤ 0 to ≥ 0), the point with
 * {@code FPR = 1 − TPR}; its threshold is interpolated linearly between the segment's two
 * thresholds by the same fraction.
 *
 * <h2>VAL@FAR (FaceNet)</h2>
 * {@code VAL(t) = true accepts / same pairs}, {@code FAR(t) = false accepts / different pairs}.
 * For every fold, the <b>largest</b> candidate threshold whose FAR on the other folds is
 * {@code ≤ target} is chosen, then VAL and FAR are measured on the held-out fold; reported: mean ±
 * s.e. of VAL and the mean FAR actually obtained. FAR = 0 is always reachable (accept nothing), so
 * a threshold always exists — but a training split with D different pairs can only express FARs
 * in steps of 1/D. If {@code 1/D > target} (LFW's FAR = 1e-3 needs D ≥ 1000; nine folds have
 * 2,700) the only admissible FAR is 0 and the threshold sits just below the split's smallest
 * different-pair distance: that is VAL@FAR=0, not VAL@FAR=target. This is reported as
 * {@code resolved = false} with a message, never silently replaced by threshold 0.
 */
public final class FoldedVerification {
    private FoldedVerification() {
    }

    /** ROC over a set of pairs. Arrays are aligned: point k is (fpr[k], tpr[k]) at thresholds[k]. */
    public record Roc(double[] thresholds, double[] fpr, double[] tpr, double auc, double eer, double eerThreshold) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("auc", auc);
            m.put("eer", eer);
            m.put("eer_threshold", eerThreshold);
            m.put("thresholds", thresholds);
            m.put("fpr", fpr);
            m.put("tpr", tpr);
            return m;
        }
    }

    /**
     * VAL@FAR over folds.
     *
     * @param targetFar the FAR the thresholds are chosen for
     * @param val VAL on the held-out folds, mean ± s.e. (folds without same pairs left out)
     * @param meanFar mean FAR obtained on the held-out folds
     * @param thresholds per fold, the threshold chosen on the other folds
     * @param foldVal per fold, held-out VAL
     * @param foldFar per fold, held-out FAR
     * @param trainingDifferent per fold, different pairs in the training split (FAR resolution = 1/this)
     * @param neededDifferent smallest number of different pairs with 1/D ≤ target
     * @param resolved every training split had at least {@code neededDifferent} different pairs
     * @param acceptsNoTrainingSame folds whose threshold accepts no same pair of its training split
     * @param message what the resolution means for this evaluation
     */
    public record ValAtFar(double targetFar, MeanSe val, double meanFar, double[] thresholds, double[] foldVal,
            double[] foldFar, int[] trainingDifferent, long neededDifferent, boolean resolved,
            int acceptsNoTrainingSame, String message) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("target_far", targetFar);
            m.put("val", val.toMap());
            m.put("mean_far", meanFar);
            m.put("resolved", resolved);
            m.put("needed_different_pairs", neededDifferent);
            m.put("training_different_pairs", ints(trainingDifferent));
            m.put("accepts_no_training_same", acceptsNoTrainingSame);
            m.put("message", message);
            m.put("thresholds", thresholds);
            m.put("fold_val", foldVal);
            m.put("fold_far", foldFar);
            return m;
        }
    }

    /**
     * Result of {@link #evaluate}.
     *
     * @param accuracy held-out plain accuracy, mean ± s.e. over folds
     * @param thresholds per fold, the accuracy threshold chosen on the other folds
     * @param foldAccuracy per fold, held-out accuracy
     * @param roc ROC, AUC and EER over all pairs
     */
    public record Result(int folds, int pairs, int samePairs, int differentPairs, MeanSe accuracy,
            double[] thresholds, double[] foldAccuracy, Roc roc, ValAtFar valAtFar) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("folds", folds);
            m.put("pairs", pairs);
            m.put("same_pairs", samePairs);
            m.put("different_pairs", differentPairs);
            m.put("accuracy", accuracy.toMap());
            m.put("thresholds", thresholds);
            m.put("fold_accuracy", foldAccuracy);
            m.put("auc", roc.auc());
            m.put("eer", roc.eer());
            m.put("eer_threshold", roc.eerThreshold());
            m.put("val_at_far", valAtFar.toMap());
            return m;
        }
    }

    /**
     * Result of {@link #single}: threshold chosen on the evaluated pairs themselves (optimistic; for
     * validation sets during training, not for reporting test numbers).
     */
    public record SingleSplit(int pairs, int samePairs, int differentPairs, double threshold, double accuracy,
            Roc roc, double targetFar, double valThreshold, double val, double far, long neededDifferent,
            boolean resolved, String message) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pairs", pairs);
            m.put("same_pairs", samePairs);
            m.put("different_pairs", differentPairs);
            m.put("threshold", threshold);
            m.put("accuracy", accuracy);
            m.put("auc", roc.auc());
            m.put("eer", roc.eer());
            m.put("eer_threshold", roc.eerThreshold());
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("target_far", targetFar);
            v.put("threshold", valThreshold);
            v.put("val", val);
            v.put("far", far);
            v.put("resolved", resolved);
            v.put("needed_different_pairs", neededDifferent);
            v.put("message", message);
            m.put("val_at_far", v);
            return m;
        }
    }

    /**
     * @param distances squared distance per pair
     * @param same true for same-identity pairs
     * @param fold fold index per pair, 0 ≤ fold &lt; folds; every fold must hold at least one pair
     * @param targetFar FAR for VAL@FAR, e.g. 1e-3
     */
    public static Result evaluate(float[] distances, boolean[] same, int[] fold, int folds, double targetFar) {
        int n = check(distances, same);
        if (fold.length != n) {
            throw new IllegalArgumentException("fold has " + fold.length + " entries for " + n + " pairs");
        }
        if (folds < 2) {
            throw new IllegalArgumentException("need at least 2 folds, got " + folds);
        }
        checkTarget(targetFar);
        int[] perFold = new int[folds];
        for (int i = 0; i < n; i++) {
            if (fold[i] < 0 || fold[i] >= folds) {
                throw new IllegalArgumentException("pair " + i + " has fold " + fold[i] + ", outside 0.." + (folds - 1));
            }
            perFold[fold[i]]++;
        }
        for (int f = 0; f < folds; f++) {
            if (perFold[f] == 0) {
                throw new IllegalArgumentException("fold " + f + " has no pairs");
            }
        }
        int[] order = sortedOrder(distances);
        double[] thresholds = new double[folds];
        double[] foldAcc = new double[folds];
        double[] valT = new double[folds];
        double[] foldVal = new double[folds];
        double[] foldFar = new double[folds];
        int[] trainDiff = new int[folds];
        int noSame = 0;
        for (int f = 0; f < folds; f++) {
            int m = n - perFold[f];
            float[] td = new float[m];
            boolean[] ts = new boolean[m];
            int k = 0;
            for (int idx : order) {
                if (fold[idx] != f) {
                    td[k] = distances[idx];
                    ts[k++] = same[idx];
                }
            }
            Sweep sw = new Sweep(td, ts);
            thresholds[f] = sw.bestAccuracyThreshold();
            int vk = sw.largestWithFar(targetFar);
            valT[f] = sw.threshold(vk);
            trainDiff[f] = sw.diffs;
            if (sw.sameAccepted(vk) == 0) {
                noSame++;
            }
            int correct = 0;
            int total = 0;
            int sTot = 0;
            int dTot = 0;
            int ta = 0;
            int fa = 0;
            for (int i = 0; i < n; i++) {
                if (fold[i] != f) {
                    continue;
                }
                total++;
                boolean accept = distances[i] <= thresholds[f];
                if (accept == same[i]) {
                    correct++;
                }
                boolean acceptV = distances[i] <= valT[f];
                if (same[i]) {
                    sTot++;
                    ta += acceptV ? 1 : 0;
                } else {
                    dTot++;
                    fa += acceptV ? 1 : 0;
                }
            }
            foldAcc[f] = (double) correct / total;
            foldVal[f] = sTot == 0 ? Double.NaN : (double) ta / sTot;
            foldFar[f] = dTot == 0 ? Double.NaN : (double) fa / dTot;
        }
        int nSame = 0;
        for (boolean s : same) {
            nSame += s ? 1 : 0;
        }
        float[] sd = new float[n];
        boolean[] ss = new boolean[n];
        for (int i = 0; i < n; i++) {
            sd[i] = distances[order[i]];
            ss[i] = same[order[i]];
        }
        Roc roc = new Sweep(sd, ss).roc();
        int minTrainDiff = Arrays.stream(trainDiff).min().orElse(0);
        int maxTestDiff = n - nSame - minTrainDiff;
        long needed = neededDifferent(targetFar);
        boolean resolved = minTrainDiff >= needed;
        String msg = farMessage(targetFar, needed, minTrainDiff, "per training split", resolved, noSame)
                + String.format(Locale.ROOT, " Held-out folds have up to %,d different pairs, so a fold's FAR is a"
                        + " multiple of 1/(its different pairs) (≥ %s when not 0); compare the mean FAR with the target.",
                        maxTestDiff, sci(1.0 / Math.max(1, maxTestDiff)));
        double meanFar = MeanSe.of(foldFar).mean();
        ValAtFar vaf = new ValAtFar(targetFar, MeanSe.of(foldVal), meanFar, valT, foldVal, foldFar, trainDiff, needed,
                resolved, noSame, msg);
        return new Result(folds, n, nSame, n - nSame, MeanSe.of(foldAcc), thresholds, foldAcc, roc, vaf);
    }

    /** Convenience for pairs given as two lists (e.g. {@link PairDistances}), with LFW's fold layout absent. */
    public static SingleSplit single(PairDistances pairs, double targetFar) {
        int n = pairs.same().length + pairs.different().length;
        float[] d = new float[n];
        boolean[] s = new boolean[n];
        System.arraycopy(pairs.same(), 0, d, 0, pairs.same().length);
        System.arraycopy(pairs.different(), 0, d, pairs.same().length, pairs.different().length);
        Arrays.fill(s, 0, pairs.same().length, true);
        return single(d, s, targetFar);
    }

    /**
     * Single split, no folds: the accuracy threshold (same tie rule: smallest) and the VAL@FAR
     * threshold are chosen on these pairs and measured on them.
     */
    public static SingleSplit single(float[] distances, boolean[] same, double targetFar) {
        int n = check(distances, same);
        checkTarget(targetFar);
        int[] order = sortedOrder(distances);
        float[] sd = new float[n];
        boolean[] ss = new boolean[n];
        for (int i = 0; i < n; i++) {
            sd[i] = distances[order[i]];
            ss[i] = same[order[i]];
        }
        Sweep sw = new Sweep(sd, ss);
        int bk = sw.bestAccuracyIndex();
        int vk = sw.largestWithFar(targetFar);
        long needed = neededDifferent(targetFar);
        boolean resolved = sw.diffs >= needed;
        int noSame = sw.sameAccepted(vk) == 0 ? 1 : 0;
        String msg = farMessage(targetFar, needed, sw.diffs, "in this set", resolved, noSame);
        return new SingleSplit(n, sw.sames, sw.diffs, sw.threshold(bk), (double) sw.correct(bk) / n, sw.roc(),
                targetFar, sw.threshold(vk), sw.sames == 0 ? Double.NaN : (double) sw.sameAccepted(vk) / sw.sames,
                sw.diffs == 0 ? Double.NaN : (double) sw.diffAccepted(vk) / sw.diffs, needed, resolved, msg);
    }

    /** ROC, AUC and EER over all pairs. */
    public static Roc roc(float[] distances, boolean[] same) {
        int n = check(distances, same);
        int[] order = sortedOrder(distances);
        float[] sd = new float[n];
        boolean[] ss = new boolean[n];
        for (int i = 0; i < n; i++) {
            sd[i] = distances[order[i]];
            ss[i] = same[order[i]];
        }
        return new Sweep(sd, ss).roc();
    }

    /** Smallest number D of different pairs whose FAR step 1/D is ≤ target. */
    public static long neededDifferent(double targetFar) {
        if (targetFar <= 0) {
            return Long.MAX_VALUE;
        }
        long d = (long) Math.max(1, Math.ceil(1.0 / targetFar));
        while (1.0 / d > targetFar) {
            d++;
        }
        while (d > 1 && 1.0 / (d - 1) <= targetFar) {
            d--;
        }
        return d;
    }

    private static String farMessage(double target, long needed, int available, String where, boolean resolved,
            int noSame) {
        String head = String.format(Locale.ROOT, "FAR %s needs at least %,d different pairs %s; %s%,d available → resolution %s",
                sci(target), needed, where, resolved ? "" : "only ", available, available == 0 ? "undefined" : sci(1.0 / available));
        String body;
        if (resolved) {
            body = String.format(Locale.ROOT, " (up to %,d false accepts allowed).", (long) Math.floor(target * available + 1e-9));
        } else {
            body = ": no threshold has 0 < FAR ≤ target, so the threshold is the largest with FAR = 0 (just below the"
                    + " smallest different-pair distance) — this is VAL@FAR=0, not VAL@FAR=" + sci(target) + ".";
        }
        if (noSame > 0) {
            body += " In " + noSame + " split(s) that threshold accepts no same pair either (training VAL = 0).";
        }
        return head + body;
    }

    /** 3.7e-4 style. */
    static String sci(double x) {
        String s = String.format(Locale.ROOT, "%.1e", x);
        int e = s.indexOf('e');
        String mant = s.substring(0, e);
        if (mant.endsWith(".0")) {
            mant = mant.substring(0, mant.length() - 2);
        }
        int exp = Integer.parseInt(s.substring(e + 1));
        if (exp == 0) {
            return mant;
        }
        return mant + "e" + exp;
    }

    private static int check(float[] distances, boolean[] same) {
        if (distances.length != same.length) {
            throw new IllegalArgumentException(distances.length + " distances but " + same.length + " same flags");
        }
        if (distances.length == 0) {
            throw new IllegalArgumentException("no pairs");
        }
        int nan = 0;
        for (float d : distances) {
            if (Float.isNaN(d)) {
                nan++;
            }
        }
        if (nan > 0) {
            throw new IllegalArgumentException(nan + " pair distance(s) are NaN");
        }
        return distances.length;
    }

    private static void checkTarget(double targetFar) {
        if (!(targetFar > 0 && targetFar < 1)) {
            throw new IllegalArgumentException("target FAR must be in (0, 1), got " + targetFar);
        }
    }

    /** Indices sorted by distance, ties by index; no boxing (key = sortable float bits, index). */
    static int[] sortedOrder(float[] d) {
        long[] keys = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            int bits = Float.floatToIntBits(d[i] + 0.0f);
            bits ^= (bits >> 31) & 0x7fffffff;
            keys[i] = ((long) bits << 32) | i;
        }
        Arrays.sort(keys);
        int[] order = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            order[i] = (int) keys[i];
        }
        return order;
    }

    /**
     * Cumulative counts over the distinct values of sorted distances. Candidate index k = −1 is
     * "below all"; k = 0..G−1 accepts every distance ≤ v_k, with threshold at the midpoint to v_{k+1}
     * (or just above v_{G−1}).
     */
    static final class Sweep {
        final double[] v;
        final int[] ta;
        final int[] fa;
        final int sames;
        final int diffs;
        final int groups;

        Sweep(float[] sorted, boolean[] same) {
            int n = sorted.length;
            double[] vv = new double[n];
            int[] t = new int[n];
            int[] f = new int[n];
            int g = 0;
            int a = 0;
            int b = 0;
            int i = 0;
            while (i < n) {
                float x = sorted[i];
                while (i < n && sorted[i] == x) {
                    if (same[i]) {
                        a++;
                    } else {
                        b++;
                    }
                    i++;
                }
                vv[g] = x;
                t[g] = a;
                f[g] = b;
                g++;
            }
            this.v = vv;
            this.ta = t;
            this.fa = f;
            this.groups = g;
            this.sames = a;
            this.diffs = b;
        }

        int sameAccepted(int k) {
            return k < 0 ? 0 : ta[k];
        }

        int diffAccepted(int k) {
            return k < 0 ? 0 : fa[k];
        }

        int correct(int k) {
            return sameAccepted(k) + diffs - diffAccepted(k);
        }

        double threshold(int k) {
            if (groups == 0) {
                return 0;
            }
            if (k < 0) {
                return Math.nextDown(v[0]);
            }
            if (k == groups - 1) {
                return Math.nextUp(v[k]);
            }
            return 0.5 * (v[k] + v[k + 1]);
        }

        /** Candidate with the most correct pairs; ties → smallest threshold. */
        int bestAccuracyIndex() {
            int best = -1;
            int bestCorrect = correct(-1);
            for (int k = 0; k < groups; k++) {
                int c = correct(k);
                if (c > bestCorrect) {
                    bestCorrect = c;
                    best = k;
                }
            }
            return best;
        }

        double bestAccuracyThreshold() {
            return threshold(bestAccuracyIndex());
        }

        /** Largest candidate with FAR ≤ target (k = −1, accept nothing, always qualifies). */
        int largestWithFar(double target) {
            if (diffs == 0) {
                return groups - 1;
            }
            int best = -1;
            for (int k = 0; k < groups; k++) {
                if ((double) fa[k] / diffs <= target) {
                    best = k;
                } else {
                    break;
                }
            }
            return best;
        }

        Roc roc() {
            int p = groups + 1;
            double[] th = new double[p];
            double[] fpr = new double[p];
            double[] tpr = new double[p];
            th[0] = Math.nextDown(v[0]);
            for (int k = 0; k < groups; k++) {
                th[k + 1] = v[k];
                fpr[k + 1] = diffs == 0 ? Double.NaN : (double) fa[k] / diffs;
                tpr[k + 1] = sames == 0 ? Double.NaN : (double) ta[k] / sames;
            }
            if (sames == 0 || diffs == 0) {
                return new Roc(th, fpr, tpr, Double.NaN, Double.NaN, Double.NaN);
            }
            // Trapezoids in integer units: area·S·D = Σ Δfa · (ta_prev + ta) / 2.
            double area2 = 0;
            int prevT = 0;
            int prevF = 0;
            for (int k = 0; k < groups; k++) {
                area2 += (double) (fa[k] - prevF) * (prevT + ta[k]);
                prevT = ta[k];
                prevF = fa[k];
            }
            double auc = area2 / 2.0 / ((double) sames * diffs);
            double eer = Double.NaN;
            double eerT = Double.NaN;
            for (int k = 0; k + 1 < p; k++) {
                double g0 = fpr[k] + tpr[k] - 1;
                double g1 = fpr[k + 1] + tpr[k + 1] - 1;
                if (g0 <= 0 && g1 >= 0) {
                    double lam = g1 == g0 ? 0 : -g0 / (g1 - g0);
                    eer = fpr[k] + lam * (fpr[k + 1] - fpr[k]);
                    eerT = th[k] + lam * (th[k + 1] - th[k]);
                    break;
                }
            }
            return new Roc(th, fpr, tpr, auc, eer, eerT);
        }
    }

    static List<Integer> ints(int[] a) {
        List<Integer> l = new ArrayList<>(a.length);
        for (int x : a) {
            l.add(x);
        }
        return l;
    }
}
