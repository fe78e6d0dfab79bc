package org.tripletlab.loss;

import java.util.Locale;
import java.util.Objects;
import org.tripletlab.distance.DistanceMatrix;
import org.tripletlab.mining.Triplets;

/**
 * Java-side summary of one batch's mined triplets for the training log.
 *
 * <p>With D the squared Euclidean distances of the unit-norm embeddings and, per triplet (a, p, n),
 * {@code L = max(D[a,p] − D[a,n] + α, 0)}:
 * <ul>
 *   <li>{@code count} = T; {@code activeCount} = #{L &gt; 0}; {@code activeShare} = activeCount / T;</li>
 *   <li>{@code meanPositive} = Σ D[a,p] / T; {@code meanNegative} = Σ D[a,n] / T;</li>
 *   <li>{@code loss} = the {@link Reduction} of the L's, as {@link TripletLoss#loss} computes it.</li>
 * </ul>
 * Each L is evaluated in float as {@code (D[a,p] − D[a,n]) + α}, the order of the tensor side, so the
 * terms agree bit for bit given the same D; the sums are accumulated in double because a float running
 * sum over millions of batch-all terms drifts by far more than the tensor side's blocked summation.
 * With no triplets every field is 0 (never NaN).
 */
public final class TripletStats {
    private final int count;
    private final int activeCount;
    private final float lossSum;
    private final float meanPositive;
    private final float meanNegative;
    private final Reduction reduction;
    private final int fallbacks;
    private final int skipped;

    private TripletStats(int count, int activeCount, float lossSum, float meanPositive, float meanNegative,
            Reduction reduction, int fallbacks, int skipped) {
        this.count = count;
        this.activeCount = activeCount;
        this.lossSum = lossSum;
        this.meanPositive = meanPositive;
        this.meanNegative = meanNegative;
        this.reduction = reduction;
        this.fallbacks = fallbacks;
        this.skipped = skipped;
    }

    public static TripletStats of(DistanceMatrix d, Triplets t, float margin, Reduction reduction) {
        Objects.requireNonNull(reduction, "reduction");
        float[] v = d.values();
        int n = d.size();
        int size = t.size();
        double sum = 0;
        double sumPos = 0;
        double sumNeg = 0;
        int active = 0;
        for (int i = 0; i < size; i++) {
            int row = t.anchor(i) * n;
            float dap = v[row + t.positive(i)];
            float dan = v[row + t.negative(i)];
            // relu((dap − dan) + α) exactly as the tensor side; branch-free because on batch-all sets
            // "active or not" is unpredictable and this loop runs millions of times per step.
            float l = Math.max(dap - dan + margin, 0f);
            sum += l;
            active += l > 0f ? 1 : 0;
            sumPos += dap;
            sumNeg += dan;
        }
        float meanPos = size == 0 ? 0f : (float) (sumPos / size);
        float meanNeg = size == 0 ? 0f : (float) (sumNeg / size);
        return new TripletStats(size, active, (float) sum, meanPos, meanNeg, reduction, t.fallbacks(), t.skipped());
    }

    /** T, the number of triplets. */
    public int count() {
        return count;
    }

    /** Triplets with L &gt; 0, the only ones that receive a gradient. */
    public int activeCount() {
        return activeCount;
    }

    /** activeCount / T, or 0 with no triplets. */
    public float activeShare() {
        return count == 0 ? 0f : (float) activeCount / count;
    }

    /** Mean D[a,p] over the triplets, 0 with no triplets. */
    public float meanPositive() {
        return meanPositive;
    }

    /** Mean D[a,n] over the triplets, 0 with no triplets. */
    public float meanNegative() {
        return meanNegative;
    }

    /** Σ L. */
    public float lossSum() {
        return lossSum;
    }

    /** The loss under the reduction these stats were made with. */
    public float loss() {
        return reduction.apply(lossSum, count, activeCount);
    }

    /** The loss under another reduction (same triplets and margin). */
    public float loss(Reduction r) {
        return r.apply(lossSum, count, activeCount);
    }

    public Reduction reduction() {
        return reduction;
    }

    /** Semi-hard pairs that needed the fallback negative (from the miner). */
    public int fallbacks() {
        return fallbacks;
    }

    /** Pairs or anchors that produced no triplet (from the miner). */
    public int skipped() {
        return skipped;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "loss=%.5f (%s) triplets=%d active=%d (%.1f%%) d(a,p)=%.4f d(a,n)=%.4f",
                loss(), reduction.configName(), count, activeCount, 100f * activeShare(), meanPositive, meanNegative);
    }
}
