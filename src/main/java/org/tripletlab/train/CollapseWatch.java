package org.tripletlab.train;

import org.tripletlab.loss.LossKind;
import org.tripletlab.loss.Losses;
import org.tripletlab.loss.TripletMarginLoss;

/**
 * Watches the training steps of every loss for the signature of a collapsed embedding: all embeddings
 * converging to one point, so that same-identity and different-identity pairs are equally (and very)
 * close. Each step reports two means of squared distances between unit embeddings, P and N:
 * <ul>
 *   <li>{@code triplet}: mean d(A,P) and mean d(A,N) over the mined triplets — in a collapse the loss sits at
 *       α·(active share), since every active term contributes about α;
 *   <li>{@code contrastive} and {@code softmax}: mean D over all same-identity and over all different-identity
 *       pairs of the batch ({@link org.tripletlab.loss.PairMeans}) — a contrastive collapse leaves every negative pair inside the
 *       margin (loss near m²), a softmax one gives every image about the same logits.
 * </ul>
 * A step "looks collapsed" when {@code count > 0}, |P − N| &lt; τ and both P and N are below 0.05, with the
 * tolerance τ and the warning's wording declared by the loss ({@link LossKind#collapseTolerance},
 * {@link LossKind#collapseMessage}): τ = max(10⁻⁴, 0.01·α) for the triplet loss (α is in units of D there) and
 * the fixed τ = {@value LossKind#UNSCALED_COLLAPSE_TOLERANCE} for the pair losses — the triplet value at the default α = 0.2: the contrastive margin m is on the
 * Euclidean distance, not on D, and softmax has no margin, so neither may set a tolerance on D. After
 * {@code patience} such steps in a row a warning is raised once, and again only after the training has
 * recovered in between.
 */
public final class CollapseWatch {
    /** Squared distances below which both means count as "tiny". */
    static final double TINY = 0.05;
    private final LossKind lossKind;
    private final double tolerance;
    private final int patience;
    private int streak;
    private boolean warned;

    /** A watch for the triplet loss with margin α ({@code margin}). */
    public CollapseWatch(double margin, int patience) {
        this(TripletMarginLoss.KIND, margin, patience);
    }

    /**
     * A watch for {@code loss.kind} {@code lossKind} ({@code triplet}, {@code contrastive}, {@code softmax});
     * {@code margin} (loss.margin) sets the tolerance of the triplet loss only.
     */
    public static CollapseWatch forLoss(String lossKind, double margin, int patience) {
        try {
            return new CollapseWatch(Losses.kind(lossKind), margin, patience);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("loss.kind " + lossKind, e);
        }
    }

    /** A watch for {@code kind}, whose tolerance and wording the loss declares. */
    public CollapseWatch(LossKind kind, double margin, int patience) {
        this.lossKind = kind;
        this.tolerance = kind.collapseTolerance(margin);
        this.patience = patience;
    }

    /**
     * Returns a warning message when this step completes a collapsed streak, else null.
     *
     * @param count the triplets, pairs or images the step's loss was taken over (0: nothing to judge)
     * @param meanP mean squared distance of the positives (d(A,P), or same-identity pairs)
     * @param meanN mean squared distance of the negatives (d(A,N), or different-identity pairs)
     */
    public String observe(int step, int count, double meanP, double meanN) {
        // NaN compares false: a step without positives or negatives never looks collapsed.
        boolean looks = count > 0 && Math.abs(meanP - meanN) < tolerance && meanP < TINY && meanN < TINY;
        if (!looks) {
            streak = 0;
            warned = false;
            return null;
        }
        streak++;
        if (streak >= patience && !warned) {
            warned = true;
            return message(step, meanN);
        }
        return null;
    }

    private String message(int step, double meanN) {
        return lossKind.collapseMessage(step, streak, meanN);
    }

    /** {@code {streak, warned ? 1 : 0}}, for a resumed run to continue the watch. */
    int[] state() {
        return new int[] {streak, warned ? 1 : 0};
    }

    void restore(int[] state) {
        streak = state[0];
        warned = state[1] != 0;
    }
}
