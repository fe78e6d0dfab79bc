package org.tripletlab.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.tripletlab.util.Scalars;

/**
 * How the per-term losses L_1..L_T of one batch become the scalar J that is minimised — for the
 * triplet loss {@code L_t = max(D[a,p] − D[a,n] + α, 0)} over T triplets, D the squared Euclidean
 * distances of unit-norm embeddings.
 * <ul>
 *   <li>{@link #SUM}: {@code J = Σ_t L_t} — FaceNet's objective;</li>
 *   <li>{@link #MEAN}: {@code J = Σ_t L_t / T};</li>
 *   <li>{@link #MEAN_NONZERO}: {@code J = Σ_t L_t / max(#{t : L_t > 0}, 1)}, so 0 when no term is positive —
 *       Hermans et al.'s batch-all average, which keeps the gradient from shrinking as more
 *       triplets become easy.</li>
 * </ul>
 * Both sides live here: {@link #reduce} on the tensor side (the differentiated J) and {@link #apply} in
 * Java on float sums (what a step records); each is a sum followed by one division, so with the same terms
 * they agree up to the order of summation.
 */
public enum Reduction {
    /** J = Σ_t L_t. */
    SUM("sum"),
    /** J = Σ_t L_t / T. */
    MEAN("mean"),
    /** J = Σ_t L_t / max(#{t : L_t &gt; 0}, 1). */
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
     * Tensor-side J of a non-empty vector of T per-term losses L_t ≥ 0, attached to the graph: the sum,
     * then (MEAN, MEAN_NONZERO) one division. Callers handle T = 0 themselves (there is nothing to
     * differentiate then).
     */
    public NDArray reduce(NDArray terms) {
        NDArray sum = terms.sum();
        switch (this) {
            case SUM:
                return sum;
            case MEAN:
                // T as a kept-alive array: DivBackward reads the divisor (see Scalars).
                return sum.div(Scalars.of(sum, (float) terms.size()));
            case MEAN_NONZERO:
                // Count of positive terms on the tensor side (no host round trip); it carries no gradient.
                NDArray active = terms.gt(0f).toType(DataType.FLOAT32, false).sum();
                return sum.div(active.maximum(Scalars.of(active, 1f)));
            default:
                throw new AssertionError(this);
        }
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
