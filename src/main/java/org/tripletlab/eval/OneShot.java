package org.tripletlab.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tripletlab.distance.SquaredDistances;

/**
 * One-shot identification: one enrolled image per identity, every other image identified by its
 * nearest gallery embedding (squared L2).
 *
 * <h2>Closed set</h2>
 * Only identities with ≥ 2 images take part (single-image identities are ignored). In each of R
 * draws one image per identity is chosen uniformly at random as its gallery image; every other
 * image of those identities is a probe. A probe's rank is 1 + the number of <em>other</em> gallery
 * identities at distance ≤ its own identity's gallery distance (ties count against the probe).
 * Rank-k accuracy = share of probes with rank ≤ k; reported as mean ± s.e. over draws.
 *
 * <h2>Open set</h2>
 * In each draw the eligible identities (≥ 2 images) are shuffled; the first
 * {@code round(fraction · m)} (at least 1, at most m − 1) are enrolled with one random image each,
 * the rest are unknowns. Known probes = the non-gallery images of enrolled identities; unknown
 * probes = all images of the other identities. A probe is accepted as its nearest gallery
 * identity when that distance is ≤ the threshold, otherwise answered "unknown". Reported per
 * draw, then mean ± s.e.: detection-and-identification rate DIR (known probes accepted <em>and</em>
 * identified correctly / known probes), false-alarm rate (unknown probes accepted / unknown probes),
 * accuracy (correct answers / all probes) and balanced accuracy (DIR + 1 − false-alarm rate) / 2.
 * The threshold is either given (e.g. a verification threshold chosen on a validation set — the
 * honest choice) or calibrated by {@link #calibrateThreshold}: on a separate draw (its own random
 * split, the same images) the threshold maximising balanced accuracy, found exactly over the
 * midpoints of the sorted nearest-gallery distances, ties to the smallest.
 *
 * <h3>DIR at a false-alarm rate</h3>
 * A threshold carried over from elsewhere measures the threshold as much as the embedding (a
 * pair-verification threshold chosen on other people can accept every impostor). So each draw also
 * reports the operating points of its DIR–FAR curve, the open-set counterpart of VAL@FAR that
 * BLUFR (Liao et al. 2014, DIR at FAR = 1 %) and IJB-C (TPIR at FPIR) report: with U unknown
 * probes and target f, at most k = ⌊f·U⌋ of them may be accepted; the threshold is the largest
 * that accepts no more, t = nextDown(u₍ₖ₊₁₎) for the unknowns' sorted nearest-gallery distances
 * u₍₁₎ ≤ … ≤ u₍ᵤ₎ (t = +∞ when k = U), and DIR(t) is the result. Ties among the unknowns at u₍ₖ₊₁₎
 * are all refused, so the realised FAR (also reported) is ≤ f. The threshold is read off the draw's
 * own unknown probes: a point on a curve for comparing embeddings, as a ROC's TPR at a given FPR
 * is, not a threshold one could deploy.
 *
 * <p>Draws: draw r uses {@code new SplittableRandom(seed)} split r + 1 times (the calibration draw
 * uses the first split, evaluation draws the following ones), so results depend only on the seed.
 */
public final class OneShot {
    private OneShot() {
    }

    public record ClosedSet(int identities, int probesPerDraw, int draws, long seed, MeanSe rank1, MeanSe rank5,
            double[] drawRank1, double[] drawRank5, int ignoredSingleImageIdentities) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("identities", identities);
            m.put("probes_per_draw", probesPerDraw);
            m.put("draws", draws);
            m.put("seed", seed);
            m.put("rank1", rank1.toMap());
            m.put("rank5", rank5.toMap());
            m.put("draw_rank1", drawRank1);
            m.put("draw_rank5", drawRank5);
            m.put("ignored_single_image_identities", ignoredSingleImageIdentities);
            return m;
        }
    }

    public record OpenSet(double threshold, String thresholdSource, double enrolledFraction, int enrolled,
            int unknownIdentities, int draws, long seed, MeanSe detectionAndIdentification, MeanSe falseAlarm,
            MeanSe accuracy, MeanSe balancedAccuracy, List<DirAtFar> dirAtFar) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("threshold", threshold);
            m.put("threshold_source", thresholdSource);
            m.put("enrolled_fraction", enrolledFraction);
            m.put("enrolled_identities", enrolled);
            m.put("unknown_identities", unknownIdentities);
            m.put("draws", draws);
            m.put("seed", seed);
            m.put("dir", detectionAndIdentification.toMap());
            m.put("false_alarm_rate", falseAlarm.toMap());
            m.put("accuracy", accuracy.toMap());
            m.put("balanced_accuracy", balancedAccuracy.toMap());
            List<Map<String, Object>> points = new ArrayList<>();
            for (DirAtFar d : dirAtFar) {
                points.add(d.toMap());
            }
            m.put("dir_at_far", points);
            return m;
        }
    }

    /** The false-alarm rates at which every open-set evaluation reports DIR (BLUFR's 1 %, and 10 %). */
    public static final double[] DIR_TARGET_FARS = {0.01, 0.1};

    /**
     * DIR at a target false-alarm rate over the draws: per draw, the threshold admitting at most ⌊f·U⌋ of the U
     * unknown probes (see the class comment), the DIR and the realised false-alarm rate at it.
     */
    public record DirAtFar(double targetFar, MeanSe dir, MeanSe falseAlarm, double[] drawThresholds) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("target_far", targetFar);
            m.put("dir", dir.toMap());
            m.put("far", falseAlarm.toMap());
            m.put("draw_thresholds", drawThresholds);
            m.put("threshold_from", "each draw's own unknown probes (an operating point of the DIR-FAR curve)");
            return m;
        }
    }

    /** One draw's operating point: DIR and realised false-alarm rate at {@code threshold}. */
    record OperatingPoint(double threshold, double dir, double falseAlarm) {
    }

    /** Identities with ≥ 2 images: members[c] = image indices of eligible identity c (ascending label order). */
    private record Groups(int[][] members, int ignored) {
        static Groups of(int n, int[] labels) {
            int[][] distinct = new int[1][];
            int[] cls = Embeddings.classIndex(labels, distinct);
            int k = distinct[0].length;
            int[] size = new int[k];
            for (int c : cls) {
                size[c]++;
            }
            int eligible = 0;
            int[] map = new int[k];
            for (int c = 0; c < k; c++) {
                map[c] = size[c] >= 2 ? eligible++ : -1;
            }
            int[][] members = new int[eligible][];
            int[] fill = new int[eligible];
            for (int c = 0; c < k; c++) {
                if (map[c] >= 0) {
                    members[map[c]] = new int[size[c]];
                }
            }
            for (int i = 0; i < n; i++) {
                int g = map[cls[i]];
                if (g >= 0) {
                    members[g][fill[g]++] = i;
                }
            }
            return new Groups(members, k - eligible);
        }
    }

    public static ClosedSet closedSet(float[] e, int n, int dim, int[] labels, int draws, long seed) {
        Embeddings.check(e, n, dim, labels);
        return closedSet(SquaredDistances.of(e, n, dim), labels, draws, seed);
    }

    /** As {@link #closedSet(float[], int, int, int[], int, long)} on given distances. */
    public static ClosedSet closedSet(SquaredDistances dist, int[] labels, int draws, long seed) {
        int n = checked(dist, labels);
        if (draws < 1) {
            throw new IllegalArgumentException("draws must be ≥ 1");
        }
        Groups g = Groups.of(n, labels);
        int m = g.members.length;
        if (m < 2) {
            throw new IllegalArgumentException("one-shot identification needs ≥ 2 identities with ≥ 2 images, got " + m);
        }
        SplittableRandom master = new SplittableRandom(seed);
        master.split(); // reserved for calibration, as in openSet
        double[] r1 = new double[draws];
        double[] r5 = new double[draws];
        int probes = 0;
        int[] gallery = new int[m];
        for (int r = 0; r < draws; r++) {
            SplittableRandom rnd = master.split();
            for (int c = 0; c < m; c++) {
                gallery[c] = g.members[c][rnd.nextInt(g.members[c].length)];
            }
            probes = 0;
            int hit1 = 0;
            int hit5 = 0;
            float[] d = new float[m];
            for (int c = 0; c < m; c++) {
                for (int probe : g.members[c]) {
                    if (probe == gallery[c]) {
                        continue;
                    }
                    for (int h = 0; h < m; h++) {
                        d[h] = dist.at(probe, gallery[h]);
                    }
                    int rank = 1;
                    for (int h = 0; h < m; h++) {
                        if (h != c && d[h] <= d[c]) {
                            rank++;
                        }
                    }
                    probes++;
                    hit1 += rank <= 1 ? 1 : 0;
                    hit5 += rank <= 5 ? 1 : 0;
                }
            }
            r1[r] = (double) hit1 / probes;
            r5[r] = (double) hit5 / probes;
        }
        return new ClosedSet(m, probes, draws, seed, MeanSe.of(r1), MeanSe.of(r5), r1, r5, g.ignored);
    }

    /** Open-set evaluation with a given threshold. */
    public static OpenSet openSet(float[] e, int n, int dim, int[] labels, int draws, long seed, double enrolledFraction,
            double threshold) {
        return openSet(SquaredDistances.of(e, n, dim), labels, draws, seed, enrolledFraction, threshold, "given");
    }

    /** Open-set evaluation with the threshold from {@link #calibrateThreshold} (same seed, its own draw). */
    public static OpenSet openSetCalibrated(float[] e, int n, int dim, int[] labels, int draws, long seed,
            double enrolledFraction) {
        return openSetCalibrated(SquaredDistances.of(e, n, dim), labels, draws, seed, enrolledFraction);
    }

    /** Open-set evaluation on given distances, with a given threshold. */
    public static OpenSet openSet(SquaredDistances dist, int[] labels, int draws, long seed, double enrolledFraction,
            double threshold) {
        return openSet(dist, labels, draws, seed, enrolledFraction, threshold, "given");
    }

    /** Open-set evaluation on given distances, threshold calibrated on a separate draw. */
    public static OpenSet openSetCalibrated(SquaredDistances dist, int[] labels, int draws, long seed, double enrolledFraction) {
        double t = calibrateThreshold(dist, labels, seed, enrolledFraction);
        return openSet(dist, labels, draws, seed, enrolledFraction, t,
                "calibrated: best balanced accuracy on a separate draw (seed " + seed + "), same images");
    }

    /**
     * Threshold maximising open-set balanced accuracy on one calibration draw (the first split of
     * {@code new SplittableRandom(seed)}, which evaluation draws never use); exact search over the
     * midpoints of the sorted nearest-gallery distances, ties to the smallest threshold.
     */
    public static double calibrateThreshold(float[] e, int n, int dim, int[] labels, long seed, double enrolledFraction) {
        Embeddings.check(e, n, dim, labels);
        return calibrateThreshold(SquaredDistances.of(e, n, dim), labels, seed, enrolledFraction);
    }

    /** As {@link #calibrateThreshold(float[], int, int, int[], long, double)} on given distances. */
    public static double calibrateThreshold(SquaredDistances dist, int[] labels, long seed, double enrolledFraction) {
        int n = checked(dist, labels);
        Groups g = Groups.of(n, labels);
        checkOpen(g, enrolledFraction);
        Probes p = Probes.draw(dist, g, enrolledFraction, new SplittableRandom(seed).split());
        int np = p.dist.length;
        long[] keys = new long[np];
        for (int i = 0; i < np; i++) {
            keys[i] = Embeddings.key(p.dist[i], i);
        }
        Arrays.sort(keys);
        long known = p.known;
        long unknown = np - p.known;
        // score(t) ∝ DIR + (1 − FA) = a/K + (U − u)/U → a·U + (U − u)·K in integers
        long a = 0;
        long u = 0;
        long best = unknown * known;
        double bestT = Math.nextDown((double) p.dist[(int) keys[0]]);
        int i = 0;
        while (i < np) {
            float v = p.dist[(int) keys[i]];
            while (i < np && p.dist[(int) keys[i]] == v) {
                int k = (int) keys[i];
                if (p.isUnknown[k]) {
                    u++;
                } else if (p.rightIdentity[k]) {
                    a++;
                }
                i++;
            }
            long score = a * unknown + (unknown - u) * known;
            if (score > best) {
                best = score;
                bestT = i < np ? 0.5 * ((double) v + p.dist[(int) keys[i]]) : Math.nextUp((double) v);
            }
        }
        return bestT;
    }

    private static OpenSet openSet(SquaredDistances dist, int[] labels, int draws, long seed, double fraction,
            double threshold, String source) {
        int n = checked(dist, labels);
        if (draws < 1) {
            throw new IllegalArgumentException("draws must be ≥ 1");
        }
        Groups g = Groups.of(n, labels);
        checkOpen(g, fraction);
        SplittableRandom master = new SplittableRandom(seed);
        master.split(); // the calibration draw
        double[] dir = new double[draws];
        double[] fa = new double[draws];
        double[] acc = new double[draws];
        double[] bal = new double[draws];
        int enrolled = enrolledCount(g.members.length, fraction);
        int targets = DIR_TARGET_FARS.length;
        double[][] curveDir = new double[targets][draws];
        double[][] curveFa = new double[targets][draws];
        double[][] curveT = new double[targets][draws];
        for (int r = 0; r < draws; r++) {
            Probes p = Probes.draw(dist, g, fraction, master.split());
            for (int f = 0; f < targets; f++) {
                OperatingPoint op = dirAtFar(p.dist, p.rightIdentity, p.isUnknown, DIR_TARGET_FARS[f]);
                curveDir[f][r] = op.dir();
                curveFa[f][r] = op.falseAlarm();
                curveT[f][r] = op.threshold();
            }
            int knownRight = 0;
            int unknownAccepted = 0;
            for (int i = 0; i < p.dist.length; i++) {
                boolean accept = p.dist[i] <= threshold;
                if (p.isUnknown[i]) {
                    unknownAccepted += accept ? 1 : 0;
                } else if (accept && p.rightIdentity[i]) {
                    knownRight++;
                }
            }
            int unknown = p.dist.length - p.known;
            dir[r] = (double) knownRight / p.known;
            fa[r] = (double) unknownAccepted / unknown;
            acc[r] = (double) (knownRight + unknown - unknownAccepted) / p.dist.length;
            bal[r] = 0.5 * (dir[r] + 1 - fa[r]);
        }
        List<DirAtFar> curve = new ArrayList<>();
        for (int f = 0; f < targets; f++) {
            curve.add(new DirAtFar(DIR_TARGET_FARS[f], MeanSe.of(curveDir[f]), MeanSe.of(curveFa[f]), curveT[f]));
        }
        return new OpenSet(threshold, source, fraction, enrolled, g.members.length - enrolled, draws, seed,
                MeanSe.of(dir), MeanSe.of(fa), MeanSe.of(acc), MeanSe.of(bal), List.copyOf(curve));
    }

    /**
     * One draw's DIR at target false-alarm rate f: the threshold t = nextDown(u₍ₖ₊₁₎), k = ⌊f·U⌋, over the U unknown
     * probes' sorted nearest-gallery distances (+∞ when k = U), and DIR and false-alarm rate at t (accept when d ≤ t).
     */
    static OperatingPoint dirAtFar(float[] dist, boolean[] rightIdentity, boolean[] isUnknown, double targetFar) {
        if (!(targetFar >= 0 && targetFar <= 1)) {
            throw new IllegalArgumentException("target false-alarm rate must be in [0, 1], got " + targetFar);
        }
        int unknown = 0;
        for (boolean u : isUnknown) {
            unknown += u ? 1 : 0;
        }
        int known = dist.length - unknown;
        if (unknown == 0 || known == 0) {
            throw new IllegalArgumentException("DIR at a false-alarm rate needs known and unknown probes (" + known
                    + " known, " + unknown + " unknown)");
        }
        float[] u = new float[unknown];
        int j = 0;
        for (int i = 0; i < dist.length; i++) {
            if (isUnknown[i]) {
                u[j++] = dist[i];
            }
        }
        Arrays.sort(u);
        // 1e-9 absorbs the rounding of f·U when f·U is an integer (0.1 · 30 = 3.0000000000000004)
        int allowed = (int) Math.floor(targetFar * unknown + 1e-9);
        double t = allowed >= unknown ? Double.POSITIVE_INFINITY : Math.nextDown((double) u[allowed]);
        int hits = 0;
        int alarms = 0;
        for (int i = 0; i < dist.length; i++) {
            if (dist[i] <= t) {
                if (isUnknown[i]) {
                    alarms++;
                } else if (rightIdentity[i]) {
                    hits++;
                }
            }
        }
        return new OperatingPoint(t, (double) hits / known, (double) alarms / unknown);
    }

    private static int checked(SquaredDistances dist, int[] labels) {
        if (labels.length != dist.n()) {
            throw new IllegalArgumentException(labels.length + " labels for " + dist.n() + " items");
        }
        return dist.n();
    }

    static int enrolledCount(int m, double fraction) {
        return (int) Math.max(1, Math.min(m - 1, Math.round(fraction * m)));
    }

    private static void checkOpen(Groups g, double fraction) {
        if (g.members.length < 2) {
            throw new IllegalArgumentException("open-set identification needs ≥ 2 identities with ≥ 2 images");
        }
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("enrolled fraction must be in (0, 1), got " + fraction);
        }
    }

    /** One open-set draw: per probe, the nearest gallery distance, whether that is its identity, whether it is unknown. */
    private record Probes(float[] dist, boolean[] rightIdentity, boolean[] isUnknown, int known) {
        static Probes draw(SquaredDistances distances, Groups g, double fraction, SplittableRandom rnd) {
            int m = g.members.length;
            int[] ids = new int[m];
            for (int c = 0; c < m; c++) {
                ids[c] = c;
            }
            for (int c = m - 1; c > 0; c--) {
                int j = rnd.nextInt(c + 1);
                int t = ids[c];
                ids[c] = ids[j];
                ids[j] = t;
            }
            int enrolled = enrolledCount(m, fraction);
            int[] gallery = new int[enrolled];
            int total = 0;
            for (int k = 0; k < m; k++) {
                int[] mem = g.members[ids[k]];
                if (k < enrolled) {
                    gallery[k] = mem[rnd.nextInt(mem.length)];
                    total += mem.length - 1;
                } else {
                    total += mem.length;
                }
            }
            float[] dist = new float[total];
            boolean[] right = new boolean[total];
            boolean[] unknown = new boolean[total];
            int known = 0;
            int p = 0;
            for (int k = 0; k < m; k++) {
                for (int img : g.members[ids[k]]) {
                    if (k < enrolled && img == gallery[k]) {
                        continue;
                    }
                    float best = Float.POSITIVE_INFINITY;
                    int bestH = -1;
                    for (int h = 0; h < enrolled; h++) {
                        float d = distances.at(img, gallery[h]);
                        if (d < best) { // ties: lowest position in the shuffled gallery
                            best = d;
                            bestH = h;
                        }
                    }
                    dist[p] = best;
                    unknown[p] = k >= enrolled;
                    right[p] = bestH == k;
                    if (k < enrolled) {
                        known++;
                    }
                    p++;
                }
            }
            return new Probes(dist, right, unknown, known);
        }
    }
}
