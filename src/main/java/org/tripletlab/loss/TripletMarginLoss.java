package org.tripletlab.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Locale;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.tripletlab.component.Component;
import org.tripletlab.component.ConfigView;
import org.tripletlab.distance.PairwiseDistances;
import org.tripletlab.distance.DistanceMatrix;
import org.tripletlab.mining.TripletMiner;
import org.tripletlab.mining.Triplets;
import org.tripletlab.component.Setting;

/**
 * The triplet loss over mined triplets (Schroff et al., FaceNet 2015) as one training step's
 * {@link Loss}: with D the batch's squared distances, a {@link TripletMiner} picks triplets t = (a, p, n)
 * on a detached copy of D, and
 * <pre>  J = reduce_t max(D[a,p] − D[a,n] + α, 0)</pre>
 * with the {@link Reduction} of {@link TripletLoss}, gathered on the tensor side so gradients flow only
 * through the D entries of the mined triplets. The recorded statistics are {@link TripletStats} on the
 * same copy; a batch without a triplet gives a {@code null} loss (nothing to learn, no update).
 */
public final class TripletMarginLoss implements Loss {
    /** {@code loss.margin}: α of the hinge, in units of D (read by the triplet and the contrastive loss). */
    public static final org.tripletlab.component.Setting MARGIN = Component.number("loss.margin", 0.2, 0.0, 4.0,
            "margin α in max(D[a,p] − D[a,n] + α, 0), squared distances of unit vectors lie in [0, 4]");
    /** {@code loss.reduction}: how the per-triplet terms become J ({@link Reduction}). */
    public static final org.tripletlab.component.Setting REDUCTION = Component.choice("loss.reduction", "mean",
            "how triplet losses are combined: sum (FaceNet's J), mean, or mean over non-zero terms", "sum", "mean", "mean-nonzero");

    /**
     * As a {@code loss.kind}: mines triplets with the configured miner; collapse tolerance τ = max(10⁻⁴, 0.01·α)
     * (α is in units of D); t = 8 native B×B arrays (D, Gram matrix, diagonal broadcasts, clamp, gathered terms,
     * and their gradients) and u = 2 Java ones (the detached copy and the miner's).
     */
    public static final LossKind KIND = new LossKind() {
        @Override
        public String name() {
            return "triplet";
        }

        @Override
        public Loss create(ConfigView c, TripletMiner miner, int[] classOf) {
            return new TripletMarginLoss(miner, (float) c.getDouble("loss.margin"), Reduction.fromConfig(c.getString("loss.reduction")));
        }

        @Override
        public double collapseTolerance(double margin) {
            return Math.max(1e-4, 0.01 * margin);
        }

        @Override
        public String collapseMessage(int step, int streak, double meanN) {
            return String.format(Locale.ROOT,
                    "possible collapse at step %d: for %d steps d(A,P) ≈ d(A,N) ≈ %.4f, so the loss sits at α·(active share); "
                            + "embeddings are converging to a point. Try a lower optimizer.lr, a larger batch, or semi-hard instead of hardest mining early on",
                    step, streak, meanN);
        }
    };

    /** Config name, keys and kind: the default loss. */
    public static final Component<LossKind> COMPONENT = Component.<LossKind>named("triplet",
            "the triplet loss over mined triplets (FaceNet)").key(MARGIN).key(REDUCTION).build(c -> KIND);

    private final TripletMiner miner;
    private final TripletLoss loss;

    public TripletMarginLoss(TripletMiner miner, float margin, Reduction reduction) {
        this(miner, new TripletLoss(margin, reduction));
    }

    public TripletMarginLoss(TripletMiner miner, TripletLoss loss) {
        this.miner = Objects.requireNonNull(miner, "miner");
        this.loss = Objects.requireNonNull(loss, "loss");
    }

    public TripletMiner miner() {
        return miner;
    }

    public float margin() {
        return loss.margin();
    }

    public Reduction reduction() {
        return loss.reduction();
    }

    @Override
    public Step compute(NDList out, int[] labels, RandomGenerator rng, NDManager sm) {
        NDArray d = PairwiseDistances.squared(out.get(0));
        DistanceMatrix dm = PairwiseDistances.toDistanceMatrix(d);
        Triplets t = miner.mine(dm, labels, rng);
        TripletStats s = TripletStats.of(dm, t, loss.margin(), loss.reduction());
        return new Step(t.isEmpty() ? null : loss.loss(d, t), s.loss(), s.count(), s.activeShare(),
                s.meanPositive(), s.meanNegative(), t.fallbacks(), t.skipped());
    }
}
