package org.tripletlab.mining;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.tripletlab.component.Component;
import org.tripletlab.component.ConfigView;
import org.tripletlab.distance.DistanceMatrix;

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

    /**
     * Config name, keys and construction: {@code miner.margin} (α of the window; null = {@code loss.margin}),
     * {@code miner.pick} and {@code miner.fallback}.
     */
    public static final Component<TripletMiner> COMPONENT = Component.<TripletMiner>named(NAME,
                    "FaceNet's semi-hard negatives: D[a,p] < D[a,n] < D[a,p] + α")
            .key(Component.nullableNumber("miner.margin", 0.0, 4.0, "semi-hard window width; null = loss.margin"))
            .key(Component.choice("miner.pick", "random", "semi-hard: which candidate negative to take", "random", "hardest"))
            .key(Component.choice("miner.fallback", "skip", "semi-hard: what to do when an anchor–positive pair has no semi-hard negative",
                    "skip", "hardest-negative", "easiest-negative"))
            .build(c -> new SemiHardMiner((float) margin(c), Pick.fromConfig(c.getString("miner.pick")),
                    Fallback.fromConfig(c.getString("miner.fallback"))));

    /** The window width a config gives: {@code miner.margin}, or {@code loss.margin} when that is null. */
    public static double margin(ConfigView c) {
        Double m = c.getDoubleOrNull("miner.margin");
        return m != null ? m : c.getDouble("loss.margin");
    }

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
    public Triplets mine(DistanceMatrix d, int[] labels, RandomGenerator rng) {
        LabelGroups groups = LabelGroups.of(d, labels);
        int n = groups.n;
        float[] v = d.values();
        TripletBuffer out = TripletBuffer.onePerPair(groups);
        int[] keys = new int[n];
        for (int a = 0; a < n; a++) {
            int g = groups.groupOf[a];
            int from = groups.start[g];
            int to = groups.start[g + 1];
            if (to - from < 2) {
                continue;
            }
            int[] negs = groups.negativesOf(g);
            int row = a * n;
            // This anchor's negative distances as order-preserving ints, once for all its positives.
            for (int j = 0; j < negs.length; j++) {
                keys[j] = sortableKey(v[row + negs[j]]);
            }
            for (int k = from; k < to; k++) {
                int p = groups.members[k];
                if (p == a) {
                    continue;
                }
                if (negs.length == 0) {
                    out.skip();
                    continue;
                }
                float dap = v[row + p];
                float upper = dap + margin;
                int chosen = pick == Pick.HARDEST
                        ? hardestCandidate(keys, negs, dap, upper)
                        : randomCandidate(keys, negs, dap, upper, rng);
                if (chosen < 0) {
                    if (fallback == Fallback.SKIP) {
                        out.skip();
                        continue;
                    }
                    out.addFallback(a, p,
                            fallback == Fallback.HARDEST_NEGATIVE ? nearest(v, row, negs) : farthest(v, row, negs));
                    continue;
                }
                out.add(a, p, chosen);
            }
        }
        return out.build();
    }

    /*
     * The candidate scans run B·(K−1) times per batch over B distances each (7M comparisons at B = 1536),
     * so they are built to keep branch mispredictions out: on real batches "D[a,n] > D[a,p]" is a coin
     * flip per negative, and two float comparisons compile to two unpredictable branches (measured 5–6×
     * slower than a plain minimum scan). Instead each distance is mapped to an int key with the same
     * order (sortableKey), and the open-interval test lo < key < hi becomes ONE unsigned comparison,
     * (key − lo − 1) <u (hi − lo − 1), written as a signed comparison after flipping the sign bit. For
     * the hardest candidate that comparison is the rarely-taken "new minimum" branch; for counting it
     * is turned into 0/1 arithmetically. The identity needs lo < hi, which the callers check first
     * (upper > dap; it fails for NaN or when dap + α rounds to dap). negs is ascending, so strict
     * comparisons keep the lowest index among equal distances, exactly as the float comparisons would.
     */

    /**
     * An int whose signed order equals the float order of x. Adding +0f folds −0 into +0 (they compare
     * equal as floats, so they must get one key); negative floats have their magnitude bits flipped so
     * larger magnitude sorts lower. NaNs map outside [key(−∞), key(+∞)], so they are never inside an
     * interval with finite or infinite ends — as with float comparisons.
     */
    static int sortableKey(float x) {
        int bits = Float.floatToRawIntBits(x + 0.0f);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }

    /** Negative with the smallest D[a,n] in the open interval (dap, upper), or −1. */
    private static int hardestCandidate(int[] keys, int[] negs, float dap, float upper) {
        if (!(upper > dap)) {
            return -1;
        }
        int lo = sortableKey(dap) + 1;
        // span = (hi − lo − 1) with the sign bit flipped; shrinks to the best candidate so far.
        int span = (sortableKey(upper) - lo) ^ Integer.MIN_VALUE;
        int best = -1;
        for (int j = 0; j < negs.length; j++) {
            int s = (keys[j] - lo) ^ Integer.MIN_VALUE;
            if (s < span) {
                best = j;
                span = s;
            }
        }
        return best < 0 ? -1 : negs[best];
    }

    /** A uniformly random candidate (count, then one draw, then the k-th in index order), or −1. */
    private static int randomCandidate(int[] keys, int[] negs, float dap, float upper, RandomGenerator rng) {
        if (!(upper > dap)) {
            return -1;
        }
        int lo = sortableKey(dap) + 1;
        int span = (sortableKey(upper) - lo) ^ Integer.MIN_VALUE;
        int count = 0;
        for (int j = 0; j < negs.length; j++) {
            // 1 when s < span: the sign of the exact difference in long, without a branch.
            count += (int) (((long) ((keys[j] - lo) ^ Integer.MIN_VALUE) - span) >>> 63);
        }
        if (count == 0) {
            return -1;
        }
        int k = rng.nextInt(count);
        for (int j = 0; j < negs.length; j++) {
            k -= (int) (((long) ((keys[j] - lo) ^ Integer.MIN_VALUE) - span) >>> 63);
            if (k < 0) {
                return negs[j];
            }
        }
        throw new IllegalStateException("candidate count changed between scans");
    }

    /** The negative with the smallest D[a,n] (fallback only, so rarely run). */
    private static int nearest(float[] v, int row, int[] negs) {
        int best = negs[0];
        float bestD = v[row + best];
        for (int j = 1; j < negs.length; j++) {
            float dan = v[row + negs[j]];
            if (dan < bestD) {
                best = negs[j];
                bestD = dan;
            }
        }
        return best;
    }

    /** The negative with the largest D[a,n] (fallback only, so rarely run). */
    private static int farthest(float[] v, int row, int[] negs) {
        int best = negs[0];
        float bestD = v[row + best];
        for (int j = 1; j < negs.length; j++) {
            float dan = v[row + negs[j]];
            if (dan > bestD) {
                best = negs[j];
                bestD = dan;
            }
        }
        return best;
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
