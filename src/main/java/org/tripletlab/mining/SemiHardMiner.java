package org.tripletlab.mining;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Semi-hard negatives (Schroff, Kalenichenko &amp; Philbin, FaceNet, 2015).
 *
 * <p>Embeddings are unit vectors and D is the batch's matrix of squared Euclidean distances; the loss of
 * a triplet is {@code max(D[a,p] − D[a,n] + α, 0)}. A valid triplet has {@code labels[a] == labels[p]},
 * {@code a != p} and {@code labels[n] != labels[a]}.
 *
 * <p>For every ordered anchor–positive pair (a, p) the candidate negatives are those with
 * <pre>  D[a,p] &lt; D[a,n] &lt; D[a,p] + α</pre>
 * (evaluated in float, {@code D[a,p] + α} rounded once): negatives farther than the positive, so the
 * triplet is not yet "hard", but inside the margin, so its loss is still positive. FaceNet uses
 * these because the hardest negatives early in training collapse the embedding.
 * <ul>
 *   <li>{@link Pick#HARDEST}: the candidate with the smallest D[a,n];</li>
 *   <li>{@link Pick#RANDOM}: a uniformly random candidate (one {@code rng.nextInt(count)} per pair
 *       that has candidates).</li>
 * </ul>
 * When a pair has no candidate:
 * <ul>
 *   <li>{@link Fallback#SKIP}: no triplet; counted in {@link Triplets#skipped()};</li>
 *   <li>{@link Fallback#HARDEST_NEGATIVE}: the negative with the smallest D[a,n] overall; counted in
 *       {@link Triplets#fallbacks()};</li>
 *   <li>{@link Fallback#EASIEST_NEGATIVE}: the negative with the largest D[a,n] overall (TensorFlow
 *       Addons' choice, whose loss is then usually 0); counted in {@link Triplets#fallbacks()}.</li>
 * </ul>
 * Pairs whose identity has no negative in the batch at all cannot use any fallback and are counted in
 * {@code skipped}. Ties: among equal distances the lowest batch index wins. Output order: anchors
 * ascending, then positives ascending.
 */
public final class SemiHardMiner implements TripletMiner {
    public static final String NAME = "semi-hard";

    /** Which semi-hard candidate to take. */
    public enum Pick {
        HARDEST("hardest"),
        RANDOM("random");

        private final String configName;

        Pick(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        /** Parses a config name ({@code hardest}|{@code random}); unknown names list the allowed ones. */
        public static Pick fromConfig(String name) {
            for (Pick p : values()) {
                if (p.configName.equals(name)) {
                    return p;
                }
            }
            throw new IllegalArgumentException(unknown("semi-hard pick", name,
                    Arrays.stream(values()).map(Pick::configName).collect(Collectors.joining(", "))));
        }
    }

    /** What to do for an anchor–positive pair without semi-hard candidates. */
    public enum Fallback {
        SKIP("skip"),
        HARDEST_NEGATIVE("hardest-negative"),
        EASIEST_NEGATIVE("easiest-negative");

        private final String configName;

        Fallback(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        /**
         * Parses a config name ({@code skip}|{@code hardest-negative}|{@code easiest-negative});
         * unknown names list the allowed ones.
         */
        public static Fallback fromConfig(String name) {
            for (Fallback f : values()) {
                if (f.configName.equals(name)) {
                    return f;
                }
            }
            throw new IllegalArgumentException(unknown("semi-hard fallback", name,
                    Arrays.stream(values()).map(Fallback::configName).collect(Collectors.joining(", "))));
        }
    }

    private final float margin;
    private final Pick pick;
    private final Fallback fallback;

    public SemiHardMiner(float margin, Pick pick, Fallback fallback) {
        if (!(margin >= 0f) || Float.isInfinite(margin)) {
            throw new IllegalArgumentException("semi-hard margin must be finite and >= 0, got " + margin);
        }
        this.margin = margin;
        this.pick = Objects.requireNonNull(pick, "pick");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    public float margin() {
        return margin;
    }

    public Pick pick() {
        return pick;
    }

    public Fallback fallback() {
        return fallback;
    }

    @Override
    public Triplets mine(DistanceMatrix d, int[] labels, SplittableRandom rng) {
        LabelGroups groups = LabelGroups.of(d, labels);
        int n = groups.n;
        float[] v = d.values();
        int cap = MinerArrays.checkedCapacity(groups.orderedPairs());
        int[] as = new int[cap];
        int[] ps = new int[cap];
        int[] ns = new int[cap];
        int size = 0;
        int fallbacks = 0;
        int skipped = 0;
        for (int a = 0; a < n; a++) {
            int g = groups.groupOf[a];
            int from = groups.start[g];
            int to = groups.start[g + 1];
            if (to - from < 2) {
                continue;
            }
            int[] negs = groups.negativesOf(g);
            int row = a * n;
            for (int k = from; k < to; k++) {
                int p = groups.members[k];
                if (p == a) {
                    continue;
                }
                if (negs.length == 0) {
                    skipped++;
                    continue;
                }
                float dap = v[row + p];
                float upper = dap + margin;
                // One forward scan finds the candidate count, the hardest candidate and both fallbacks;
                // strict comparisons in ascending index order make the lowest index win ties.
                int count = 0;
                int bestCand = -1;
                float bestCandD = 0f;
                int nearest = negs[0];
                float nearestD = v[row + nearest];
                int farthest = nearest;
                float farthestD = nearestD;
                for (int j = 0; j < negs.length; j++) {
                    int cand = negs[j];
                    float dan = v[row + cand];
                    if (dan > dap && dan < upper) {
                        if (count == 0 || dan < bestCandD) {
                            bestCand = cand;
                            bestCandD = dan;
                        }
                        count++;
                    }
                    if (dan < nearestD) {
                        nearest = cand;
                        nearestD = dan;
                    }
                    if (dan > farthestD) {
                        farthest = cand;
                        farthestD = dan;
                    }
                }
                int chosen;
                if (count > 0) {
                    chosen = pick == Pick.HARDEST ? bestCand : kthCandidate(v, row, negs, dap, upper, rng.nextInt(count));
                } else if (fallback == Fallback.SKIP) {
                    skipped++;
                    continue;
                } else {
                    chosen = fallback == Fallback.HARDEST_NEGATIVE ? nearest : farthest;
                    fallbacks++;
                }
                as[size] = a;
                ps[size] = p;
                ns[size] = chosen;
                size++;
            }
        }
        return new Triplets(as, ps, ns, size, fallbacks, skipped);
    }

    /** The k-th (0-based, ascending index) candidate; a second scan is cheaper than storing candidates. */
    private static int kthCandidate(float[] v, int row, int[] negs, float dap, float upper, int k) {
        for (int j = 0; j < negs.length; j++) {
            float dan = v[row + negs[j]];
            if (dan > dap && dan < upper && k-- == 0) {
                return negs[j];
            }
        }
        throw new IllegalStateException("candidate count changed between scans");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "SemiHardMiner[margin=%s, pick=%s, fallback=%s]",
                margin, pick.configName(), fallback.configName());
    }

    static String unknown(String what, String name, String allowed) {
        return "unknown " + what + " '" + name + "'; allowed: " + allowed;
    }
}
