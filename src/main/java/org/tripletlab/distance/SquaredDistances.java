package org.tripletlab.distance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Squared Euclidean distances D(i, j) = ‖e_i − e_j‖² between the n items of an evaluation set, either
 * computed on demand from row-major embeddings (cheap for 128-D embeddings) or read from a matrix
 * computed once with a BLAS matrix product ({@link #precompute}) — what makes identification metrics
 * on thousands of 4,096-D raw-pixel vectors take seconds instead of many minutes.
 *
 * <p>Two arithmetic paths on purpose, each kept exactly as the committed results were computed with:
 * <ul>
 *   <li>{@link #between} (used by {@link #of} and {@link PairDistances}): D = Σ_{k=0}^{dim−1} (a_k − b_k)²,
 *       a float running sum in k order — exact to float rounding of each difference, and the numbers of
 *       the evaluation, retrieval, one-shot and pair-benchmark reports;</li>
 *   <li>{@link #precompute}: D = ‖a‖² + ‖b‖² − 2a·b, clamped at 0, with the diagonal set to exactly 0
 *       ({@link PairwiseDistances#squared}, the training-side expansion) — a different rounding
 *       (cancellation when a ≈ b), accepted for its speed on thousands of high-dimensional vectors ({@code BenchmarkReport}).</li>
 * </ul>
 * Merging them into one would change committed numbers in the last bits, so both stay, side by side.
 */
public final class SquaredDistances {
    private final int n;
    private final float[] e;
    private final int dim;
    private final float[] matrix;

    private SquaredDistances(int n, float[] e, int dim, float[] matrix) {
        this.n = n;
        this.e = e;
        this.dim = dim;
        this.matrix = matrix;
    }

    /** On-demand distances of row-major {@code n × dim} embeddings. */
    public static SquaredDistances of(float[] e, int n, int dim) {
        if (n < 0 || dim <= 0 || (long) n * dim != e.length) {
            throw new IllegalArgumentException("embeddings have " + e.length + " values, expected n × dim = " + n + " × " + dim);
        }
        return new SquaredDistances(n, e, dim, null);
    }

    /**
     * All n² distances at once, as ‖a‖² + ‖b‖² − 2a·b (clamped at 0) with a tensor matrix product: the norms
     * and the Gram matrix from the tensor engine exactly as {@link PairwiseDistances#squared} computes them,
     * then the float32 sum, product, difference and clamp of that expression done here, element by element —
     * the same IEEE float operations in the same order, so the same bits, without four more n × n tensors
     * (400 MB for LFW's 4,979 images) allocated, filled and copied.
     */
    public static SquaredDistances precompute(float[] e, int n, int dim) {
        of(e, n, dim);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(e, new Shape(n, dim));
            float[] norms = x.square().sum(new int[] {1}).toFloatArray(); // ‖e_i‖², as PairwiseDistances.squared sums them
            float[] v = x.matMul(x.transpose()).toFloatArray(); // e_i·e_j
            for (int i = 0; i < n; i++) {
                float ni = norms[i];
                int row = i * n;
                for (int j = 0; j < n; j++) {
                    float d = (ni + norms[j]) - v[row + j] * 2f;
                    v[row + j] = d > 0f ? d : 0f; // relu: max(d, 0)
                }
                v[row + i] = 0f;
            }
            return new SquaredDistances(n, null, dim, v);
        }
    }

    public int n() {
        return n;
    }

    public float at(int i, int j) {
        if (matrix != null) {
            return matrix[i * n + j];
        }
        return between(e, i, j, dim);
    }

    /**
     * D(i, j) = Σ_{k=0}^{dim−1} (e[i·dim + k] − e[j·dim + k])² of row-major embeddings, summed in float in
     * k order (the float[] path of the whole project: evaluation, retrieval, one-shot, pair benchmarks).
     */
    public static float between(float[] e, int i, int j, int dim) {
        int oi = i * dim;
        int oj = j * dim;
        float acc = 0f;
        for (int k = 0; k < dim; k++) {
            float t = e[oi + k] - e[oj + k];
            acc += t * t;
        }
        return acc;
    }
}
