package org.tripletlab.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.Locale;
import java.util.random.RandomGenerator;
import org.tripletlab.component.Component;
import org.tripletlab.component.ConfigView;
import org.tripletlab.mining.TripletMiner;
import org.tripletlab.distance.PairwiseDistances;
import org.tripletlab.distance.DistanceMatrix;
import org.tripletlab.util.Scalars;

/**
 * The contrastive (siamese) loss of Hadsell, Chopra &amp; LeCun (2006) on all pairs of a PK batch.
 *
 * <p>For unit embeddings with squared distances D (from {@link PairwiseDistances#squared}), the
 * Euclidean distance is d = √(D + ε), ε = {@value #EPS}: the ε keeps the backward pass of √ finite
 * where D = 0 (1/(2√D) would be infinite, and 0·∞ = NaN even for masked entries). Each unordered pair
 * i &lt; j with y = 1 for the same identity and y = 0 otherwise contributes
 * <pre>  L(i, j) = y·D[i,j] + (1 − y)·max(m − d[i,j], 0)²</pre>
 * (the positive term uses D itself, which is d² without ε). Because a PK batch has far more negative
 * than positive pairs, the two kinds are averaged separately and added:
 * <pre>  J = (1/|P|) Σ_{P} D[i,j] + (1/|N|) Σ_{N} max(m − d[i,j], 0)²</pre>
 * with P the positive and N the negative pairs (a term is left out when its set is empty).
 * The margin m is on the Euclidean distance, so it lies in [0, 2] for unit vectors.
 *
 * <p>Negatives: {@link Negatives#ALL} takes every different-identity pair; {@link Negatives#HARDEST}
 * takes, for each image i, only the pair (i, j*) with j* its nearest other-identity image in the batch
 * (chosen on the detached distance copy, so the choice gets no gradient; a pair chosen from both
 * ends counts once).
 *
 * <p>As a training step's {@link Loss} ({@link #compute}) a step records J, the pairs it was taken over
 * (|P| + |N|), the share of chosen negatives inside the margin, and the {@link PairMeans} of all pairs
 * of the batch.
 */
public final class ContrastiveLoss implements Loss {
    /**
     * As a {@code loss.kind}: no miner; the fixed collapse tolerance τ = 0.002 (the triplet value at α = 0.2: m is on
     * the Euclidean distance, not on D, so it may not set a tolerance on D); t = 20 native B×B arrays (adds two
     * masks, √, hinge, square and masked products, and their gradients) and u = 5 Java ones.
     */
    public static final LossKind KIND = new LossKind() {
        @Override
        public String name() {
            return "contrastive";
        }

        @Override
        public Loss create(ConfigView c, TripletMiner miner, int[] classOf) {
            return new ContrastiveLoss((float) c.getDouble("loss.margin"), Negatives.fromConfig(c.getString("loss.negatives")));
        }

        @Override
        public boolean usesMiner() {
            return false;
        }

        @Override
        public String collapseMessage(int step, int streak, double meanN) {
            return String.format(Locale.ROOT,
                    "possible collapse at step %d (contrastive loss): for %d steps same-identity and different-identity pairs of the batch "
                            + "are equally close, mean squared distance ≈ %.4f, so every negative pair sits inside the margin m and the loss "
                            + "near m²; embeddings are converging to a point. Try a lower optimizer.lr, a larger batch, or loss.negatives: all "
                            + "instead of hardest",
                    step, streak, meanN);
        }

        @Override
        public int pairwiseTensors() {
            return 20;
        }

        @Override
        public int heapArrays() {
            return 5;
        }

        @Override
        public String baselineLabel(java.util.function.UnaryOperator<String> key) {
            return "siamese contrastive (m = " + key.apply("loss.margin") + ")";
        }

        @Override
        public int baselineOrder() {
            return 1;
        }
    };

    /**
     * Config name, keys, checks and kind. Its margin is on the Euclidean distance between unit vectors, which lies
     * in [0, 2]: a larger loss.margin (the key allows up to 4 for the triplet loss's D) is refused.
     */
    public static final Component<LossKind> COMPONENT = Component.<LossKind>named("contrastive",
            "siamese contrastive loss over the pairs of the PK batch (Hadsell et al. 2006)")
            .key(TripletMarginLoss.MARGIN)
            .key(Component.choice("loss.negatives", "all",
                    "contrastive: which negative pairs of the batch: all, or each image's nearest other-identity image", "all", "hardest"))
            .check(c -> {
                if (c.getDouble("loss.margin") > 2.0) {
                    throw c.error("loss.margin", c.getDouble("loss.margin") + " is too large for loss.kind contrastive: its margin is on the "
                            + "Euclidean distance between unit vectors, which lies in [0, 2]; set loss.margin to at most 2, e.g. 1.0");
                }
            })
            .build(c -> KIND);

    /** Added under the square root; squared distances of distinct faces are ≫ 1e−9. */
    public static final float EPS = 1e-9f;
    private final float margin;
    private final Negatives negatives;

    /** Which negative pairs of the batch enter the loss. */
    public enum Negatives {
        ALL, HARDEST;

        public static Negatives fromConfig(String s) {
            return switch (s) {
                case "all" -> ALL;
                case "hardest" -> HARDEST;
                default -> throw new IllegalArgumentException("contrastive negatives: all or hardest, got " + s);
            };
        }
    }

    public ContrastiveLoss(float margin) {
        this(margin, Negatives.ALL);
    }

    public ContrastiveLoss(float margin, Negatives negatives) {
        this.negatives = negatives;
        if (!(margin >= 0f) || margin > 2f) {
            throw new IllegalArgumentException("contrastive margin must lie in [0, 2] (a distance between unit vectors), got " + margin);
        }
        this.margin = margin;
    }

    public float margin() {
        return margin;
    }

    /**
     * The negative pairs i &lt; j that enter the loss, as an n·n row-major mask (upper triangle), chosen on
     * the detached distances.
     */
    public boolean[] negativePairs(DistanceMatrix dm, int[] labels) {
        int n = dm.size();
        boolean[] chosen = new boolean[n * n];
        for (int i = 0; i < n; i++) {
            int best = -1;
            for (int j = 0; j < n; j++) {
                if (labels[i] == labels[j]) {
                    continue;
                }
                if (negatives == Negatives.ALL) {
                    if (j > i) {
                        chosen[i * n + j] = true;
                    }
                } else if (best < 0 || dm.get(i, j) < dm.get(i, best)) {
                    best = j;
                }
            }
            if (best >= 0) {
                chosen[Math.min(i, best) * n + Math.max(i, best)] = true;
            }
        }
        return chosen;
    }

    /**
     * One training step: D on the tensor side, the negatives chosen and the statistics computed on its
     * detached copy, then J on the tensor side over the chosen pairs.
     */
    @Override
    public Step compute(NDList out, int[] labels, RandomGenerator rng, NDManager sm) {
        NDArray d = PairwiseDistances.squared(out.get(0));
        DistanceMatrix dm = PairwiseDistances.toDistanceMatrix(d);
        boolean[] negatives = negativePairs(dm, labels);
        Stats s = stats(dm, labels, negatives);
        double[] means = PairMeans.of(dm, labels);
        return new Step(loss(d, labels, negatives), s.loss(), s.pairs(), s.activeShare(), means[0], means[1], 0, 0);
    }

    /** J over all pairs ({@link Negatives#ALL}), a differentiable scalar; a constant 0 when the batch has no pair. */
    public NDArray loss(NDArray squaredDistances, int[] labels) {
        int n = labels.length;
        boolean[] all = new boolean[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                all[i * n + j] = labels[i] != labels[j];
            }
        }
        return loss(squaredDistances, labels, all);
    }

    /** J with the given negative pairs (from {@link #negativePairs}); all positive pairs always enter. */
    public NDArray loss(NDArray squaredDistances, int[] labels, boolean[] negativePairs) {
        int n = (int) squaredDistances.getShape().get(0);
        if (squaredDistances.getShape().dimension() != 2 || squaredDistances.getShape().get(1) != n || labels.length != n) {
            throw new IllegalArgumentException("need B×B squared distances and B labels, got " + squaredDistances.getShape()
                    + " and " + labels.length);
        }
        float[] pos = new float[n * n];
        float[] neg = new float[n * n];
        int nPos = 0;
        int nNeg = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (labels[i] == labels[j]) {
                    pos[i * n + j] = 1;
                    nPos++;
                } else if (negativePairs[i * n + j]) {
                    neg[i * n + j] = 1;
                    nNeg++;
                }
            }
        }
        NDManager m = squaredDistances.getManager();
        NDArray total = m.create(0f);
        if (nPos > 0) {
            NDArray mask = m.create(pos, new Shape(n, n));
            NDArray posSum = squaredDistances.mul(mask).sum();
            // Divisors and constants as kept-alive arrays: DivBackward reads the divisor (see Scalars).
            total = total.add(posSum.div(Scalars.of(posSum, (float) nPos)));
        }
        if (nNeg > 0) {
            NDArray mask = m.create(neg, new Shape(n, n));
            NDArray d = squaredDistances.add(Scalars.of(squaredDistances, EPS)).sqrt();
            NDArray hinge = Activation.relu(d.neg().add(Scalars.of(d, margin)));
            NDArray negSum = hinge.square().mul(mask).sum();
            total = total.add(negSum.div(Scalars.of(negSum, (float) nNeg)));
        }
        return total;
    }

    /**
     * What a step records, computed on the detached distance copy in double precision: J, the pair
     * count, the share of active pairs (negatives closer than m, and positives with D &gt; 0 count as
     * active only through their own term, so "active" here means negatives inside the margin), and the
     * mean D of positive and of negative pairs.
     */
    public record Stats(double loss, int pairs, double activeShare, double meanPositive, double meanNegative) {
    }

    public Stats stats(DistanceMatrix dm, int[] labels) {
        return stats(dm, labels, negativePairs(dm, labels));
    }

    /** As {@link #stats(DistanceMatrix, int[])} over the given negative pairs. */
    public Stats stats(DistanceMatrix dm, int[] labels, boolean[] negativePairs) {
        int n = dm.size();
        double posSum = 0;
        double negSum = 0;
        double hingeSum = 0;
        int nPos = 0;
        int nNeg = 0;
        int active = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double dd = dm.get(i, j);
                if (labels[i] == labels[j]) {
                    posSum += dd;
                    nPos++;
                } else if (negativePairs[i * n + j]) {
                    double h = Math.max(margin - Math.sqrt(dd + EPS), 0);
                    hingeSum += h * h;
                    negSum += dd;
                    nNeg++;
                    active += h > 0 ? 1 : 0;
                }
            }
        }
        double loss = (nPos > 0 ? posSum / nPos : 0) + (nNeg > 0 ? hingeSum / nNeg : 0);
        return new Stats(loss, nPos + nNeg, nNeg > 0 ? active / (double) nNeg : 0, nPos > 0 ? posSum / nPos : Double.NaN,
                nNeg > 0 ? negSum / nNeg : Double.NaN);
    }
}
