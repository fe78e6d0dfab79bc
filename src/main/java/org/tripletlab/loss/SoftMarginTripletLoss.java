package org.tripletlab.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import org.tripletlab.component.Component;
import org.tripletlab.component.ConfigView;
import org.tripletlab.distance.PairwiseDistances;
import org.tripletlab.distance.DistanceMatrix;
import org.tripletlab.mining.TripletMiner;
import org.tripletlab.mining.Triplets;

/**
 * The soft-margin triplet loss of Hermans, Beyer &amp; Leibe ("In Defense of the Triplet Loss for Person
 * Re-Identification", 2017, §2): the hinge {@code max(α + d_ap − d_an, 0)} replaced by the softplus, so no
 * margin is chosen and a triplet keeps pulling after it is satisfied, ever more weakly.
 *
 * <p>With D the batch's squared Euclidean distances of unit embeddings ({@link PairwiseDistances#squared}) and
 * triplets t = (a, p, n) picked by the configured {@link TripletMiner} on a detached copy of D:
 * <pre>  x_t = D[a,p] − D[a,n]      L_t = softplus(x_t) = ln(1 + exp(x_t))      J = reduce_t L_t</pre>
 * with the {@link Reduction} of {@code loss.reduction}; ∂L_t/∂D[a,p] = σ(x_t) = −∂L_t/∂D[a,n], σ the logistic
 * function. Hermans et al. write d for the (non-squared) Euclidean distance; tripletlab's d is D, the squared
 * distance, as for every other loss here, so x_t ∈ [−4, 4] for unit vectors. Every L_t is positive
 * (L_t ≥ ln(1 + e⁻⁴) ≈ 0.018), so {@code mean-nonzero} equals {@code mean}.
 *
 * <p>Tensor side: softplus(x) = x − log σ(x) = logsumexp(0, x), evaluated as {@code x − logSoftmax([0, x])[1]}:
 * log-softmax is stable for any x (no exp overflow) and differentiable everywhere, with gradient σ(x) — also at
 * x = 0, where the textbook stable form max(x, 0) + ln(1 + exp(−|x|)) would get a gradient of 0 from the kinks
 * of max and |·| in PyTorch (and x = 0 is exactly where a collapsed embedding sits).
 *
 * <p>A step records J (computed in Java in double per term, reduced like the tensor side), the T triplets, as
 * active share the share of triplets still in the wrong order (x_t ≥ 0, where the gradient σ(x_t) ≥ ½), the
 * mean D[a,p] and D[a,n] over the triplets, and the miner's fallbacks and skipped anchors.
 */
public final class SoftMarginTripletLoss implements Loss {
    /** The {@code loss.kind} value. */
    public static final String NAME = "soft-margin-triplet";

    /**
     * As a {@code loss.kind}: mines triplets with the configured miner; no margin (α is unused; semi-hard's
     * window still defaults to {@code loss.margin} through {@code miner.margin}); collapse tolerance τ = 0.002, the
     * triplet value at α = 0.2, since there is no α to scale it; memory as the triplet loss (t = 8, u = 2): the
     * softplus works on T-vectors, not on B×B arrays.
     */
    public static final LossKind KIND = new LossKind() {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public Loss create(ConfigView c, TripletMiner miner, int[] classOf) {
            return new SoftMarginTripletLoss(miner, Reduction.fromConfig(c.getString("loss.reduction")));
        }

        @Override
        public boolean usesMargin() {
            return false;
        }

        @Override
        public String collapseMessage(int step, int streak, double meanN) {
            return String.format(Locale.ROOT,
                    "possible collapse at step %d (soft-margin triplet loss): for %d steps d(A,P) ≈ d(A,N) ≈ %.4f, so every triplet's "
                            + "loss sits at ln 2; embeddings are converging to a point. Try a lower optimizer.lr, a larger batch, or "
                            + "semi-hard instead of hardest mining early on",
                    step, streak, meanN);
        }

        @Override
        public String baselineLabel(UnaryOperator<String> key) {
            // Its own row, not a point of the triplet grid: pivots by miner and margin would mix two losses.
            return "soft-margin triplet (" + key.apply("miner.strategy") + ", Hermans et al. 2017)";
        }

        @Override
        public int baselineOrder() {
            return 4;
        }
    };

    /** Config name, keys and kind: reads {@code loss.reduction} like the triplet loss, and no margin. */
    public static final Component<LossKind> COMPONENT = Component.<LossKind>named(NAME,
            "soft-margin triplet loss: softplus(D[a,p] − D[a,n]) over mined triplets (Hermans et al. 2017)")
            .key(TripletMarginLoss.REDUCTION).build(c -> KIND);

    private final TripletMiner miner;
    private final Reduction reduction;

    public SoftMarginTripletLoss(TripletMiner miner, Reduction reduction) {
        this.miner = Objects.requireNonNull(miner, "miner");
        this.reduction = Objects.requireNonNull(reduction, "reduction");
    }

    public TripletMiner miner() {
        return miner;
    }

    public Reduction reduction() {
        return reduction;
    }

    @Override
    public Step compute(NDList out, int[] labels, RandomGenerator rng, NDManager sm) {
        NDArray d = PairwiseDistances.squared(out.get(0));
        DistanceMatrix dm = PairwiseDistances.toDistanceMatrix(d);
        Triplets t = miner.mine(dm, labels, rng);
        int size = t.size();
        int n = dm.size();
        float[] v = dm.values();
        double sum = 0;
        double sumPos = 0;
        double sumNeg = 0;
        int wrong = 0;
        for (int i = 0; i < size; i++) {
            int row = t.anchor(i) * n;
            float dap = v[row + t.positive(i)];
            float dan = v[row + t.negative(i)];
            sum += softplus(dap - dan);
            wrong += dap - dan >= 0f ? 1 : 0;
            sumPos += dap;
            sumNeg += dan;
        }
        // Every term is positive, so the active count of mean-nonzero is T.
        double value = reduction.apply((float) sum, size, size);
        return new Step(t.isEmpty() ? null : loss(d, t), value, size, size == 0 ? 0 : (double) wrong / size,
                size == 0 ? 0 : sumPos / size, size == 0 ? 0 : sumNeg / size, t.fallbacks(), t.skipped());
    }

    /**
     * Per-triplet losses {@code softplus(D[a,p] − D[a,n])}, a vector of length T (empty for no triplets), attached
     * to the graph through the gathered D entries only.
     */
    public static NDArray perTriplet(NDArray squaredDistances, Triplets t) {
        int n = (int) squaredDistances.getShape().get(0);
        NDManager m = squaredDistances.getManager();
        if (t.isEmpty()) {
            return m.zeros(new Shape(0));
        }
        NDArray flat = squaredDistances.flatten();
        NDArray ap = flat.take(m.create(t.anchorPositiveFlat(n)));
        NDArray an = flat.take(m.create(t.anchorNegativeFlat(n)));
        NDArray x = ap.sub(an);
        // logSoftmax over the pair (0, x) per triplet: column 1 is x − logsumexp(0, x) = x − softplus(x).
        // The zeros are an array operand in x's manager, alive until the backward pass (see Scalars).
        NDArray pair = m.zeros(x.getShape()).stack(x, 1);
        NDArray logSigmoid = pair.logSoftmax(1).get(":, 1");
        return x.sub(logSigmoid);
    }

    /** The reduced loss J, a scalar; a constant 0 (not on the graph) without triplets, like {@link TripletLoss#loss}. */
    public NDArray loss(NDArray squaredDistances, Triplets t) {
        if (t.isEmpty()) {
            return squaredDistances.getManager().create(0f);
        }
        return reduction.reduce(perTriplet(squaredDistances, t));
    }

    /** ln(1 + eˣ) in double, stable for any x: max(x, 0) + ln(1 + e^(−|x|)). */
    static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }
}
