package org.tripletlab.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.tripletlab.distance.PairwiseDistances;
import org.tripletlab.mining.DistanceMatrix;
import org.tripletlab.mining.TripletMiner;
import org.tripletlab.mining.Triplets;

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
