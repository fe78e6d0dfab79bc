package org.tripletlab.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.Objects;
import org.tripletlab.distance.PairwiseDistances;
import org.tripletlab.mining.Triplets;
import org.tripletlab.util.Scalars;

/**
 * The triplet loss on mined triplets (Schroff et al., FaceNet 2015).
 *
 * <p>Embeddings are unit vectors and D is the batch's matrix of squared Euclidean distances (from
 * {@link PairwiseDistances#squared}). Each triplet (a, p, n) — {@code labels[a] == labels[p]},
 * {@code a != p}, {@code labels[n] != labels[a]} — contributes
 * <pre>  L = max(D[a,p] − D[a,n] + α, 0)</pre>
 * and the T terms are combined by a {@link Reduction} ({@code Σ L}, {@code Σ L / T} or
 * {@code Σ L / max(#{L > 0}, 1)}, computed by {@link Reduction#reduce}).
 *
 * <p>D[a,p] and D[a,n] are gathered from the flattened D with int64 flat indices {@code a·B + p} and
 * {@code a·B + n}, so the whole computation stays on the tensor side and gradients reach D only at the
 * selected entries (and, through the ReLU, only for triplets with L &gt; 0).
 *
 * <p>The tensor maths only: {@link TripletMarginLoss} is the training step's {@link Loss} that mines the
 * triplets and records the statistics around it.
 */
public final class TripletLoss {
    private final float margin;
    private final Reduction reduction;

    public TripletLoss(float margin, Reduction reduction) {
        if (!(margin >= 0f) || Float.isInfinite(margin)) {
            throw new IllegalArgumentException("margin must be finite and >= 0, got " + margin);
        }
        this.margin = margin;
        this.reduction = Objects.requireNonNull(reduction, "reduction");
    }

    public float margin() {
        return margin;
    }

    public Reduction reduction() {
        return reduction;
    }

    /**
     * Per-triplet losses {@code max(D[a,p] − D[a,n] + α, 0)}, a vector of length T (empty for no triplets).
     * Evaluated as {@code relu((D[a,p] − D[a,n]) + α)}, the same float operation order as
     * {@link TripletStats}.
     */
    public NDArray perTriplet(NDArray squaredDistances, Triplets t) {
        int n = checkSquare(squaredDistances);
        NDManager m = squaredDistances.getManager();
        if (t.isEmpty()) {
            return m.zeros(new Shape(0));
        }
        NDArray flat = squaredDistances.flatten();
        NDArray ap = flat.take(m.create(t.anchorPositiveFlat(n)));
        NDArray an = flat.take(m.create(t.anchorNegativeFlat(n)));
        return Activation.relu(ap.sub(an).add(Scalars.of(ap, margin)));
    }

    /**
     * The reduced loss, a scalar. With no triplets it is a constant scalar 0 (not NaN, not attached to
     * the graph): callers should then skip the backward pass and the optimiser step, since there is
     * nothing to learn from and a backward through a constant fails.
     */
    public NDArray loss(NDArray squaredDistances, Triplets t) {
        if (t.isEmpty()) {
            checkSquare(squaredDistances);
            return squaredDistances.getManager().create(0f);
        }
        return reduction.reduce(perTriplet(squaredDistances, t));
    }

    private static int checkSquare(NDArray d) {
        Shape s = d.getShape();
        if (s.dimension() != 2 || s.get(0) != s.get(1)) {
            throw new IllegalArgumentException("squared distances must be B×B, got shape " + s);
        }
        return (int) s.get(0);
    }
}
