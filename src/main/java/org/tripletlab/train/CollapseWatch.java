package org.tripletlab.train;

/**
 * Watches the training steps for the signature of a collapsed embedding: the loss sitting at
 * α·(active share), which happens when d(A,P) ≈ d(A,N) for the mined triplets so that every active
 * term contributes about α. A step "looks collapsed" when |mean d(A,P) − mean d(A,N)| &lt; 0.01·α
 * (or &lt; 1e-4 when α = 0) and both means are below 0.05; after {@code patience} such steps in a
 * row a warning is raised once, and again only after the training has recovered in between.
 */
public final class CollapseWatch {
    private final double margin;
    private final int patience;
    private int streak;
    private boolean warned;

    public CollapseWatch(double margin, int patience) {
        this.margin = margin;
        this.patience = patience;
    }

    /** Returns a warning message when this step completes a collapsed streak, else null. */
    public String observe(int step, int triplets, double meanAp, double meanAn) {
        boolean looks = triplets > 0 && Math.abs(meanAp - meanAn) < Math.max(1e-4, 0.01 * margin)
                && meanAp < 0.05 && meanAn < 0.05;
        if (!looks) {
            streak = 0;
            warned = false;
            return null;
        }
        streak++;
        if (streak >= patience && !warned) {
            warned = true;
            return String.format(java.util.Locale.ROOT,
                    "possible collapse at step %d: for %d steps d(A,P) ≈ d(A,N) ≈ %.4f, so the loss sits at α·(active share); "
                            + "embeddings are converging to a point. Try a lower optimizer.lr, a larger batch, or semi-hard instead of hardest mining early on",
                    step, streak, meanAn);
        }
        return null;
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
