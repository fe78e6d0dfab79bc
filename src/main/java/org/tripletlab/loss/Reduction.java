package org.tripletlab.loss;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How the per-triplet losses {@code L_t = max(D[a,p] − D[a,n] + α, 0)} of one batch (T triplets, D the
 * squared Euclidean distances of unit-norm embeddings) become the scalar that is minimised.
 * <ul>
 *   <li>{@link #SUM}: {@code J = Σ_t L_t} — FaceNet's objective;</li>
 *   <li>{@link #MEAN}: {@code J = Σ_t L_t / T};</li>
 *   <li>{@link #MEAN_NONZERO}: {@code J = Σ_t L_t / #{t : L_t > 0}}, and 0 when no term is positive —
 *       Hermans et al.'s batch-all average, which keeps the gradient from shrinking as more
 *       triplets become easy.</li>
 * </ul>
 */
public enum Reduction {
    SUM("sum"),
    MEAN("mean"),
    MEAN_NONZERO("mean-nonzero");

    private final String configName;

    Reduction(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** Parses {@code sum}|{@code mean}|{@code mean-nonzero}; unknown names list the allowed ones. */
    public static Reduction fromConfig(String name) {
        for (Reduction r : values()) {
            if (r.configName.equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown loss reduction '" + name + "'; allowed: "
                + Arrays.stream(values()).map(Reduction::configName).collect(Collectors.joining(", ")));
    }

    /**
     * Java-side reduction of an already summed loss, in float as on the tensor side (sum, then one
     * division). Divisors are clamped at 1 so empty or all-easy batches give 0, never NaN.
     */
    public float apply(float sum, int count, int activeCount) {
        switch (this) {
            case SUM:
                return sum;
            case MEAN:
                return sum / Math.max(count, 1);
            case MEAN_NONZERO:
                return sum / Math.max(activeCount, 1);
            default:
                throw new AssertionError(this);
        }
    }
}
