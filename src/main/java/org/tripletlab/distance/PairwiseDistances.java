package org.tripletlab.distance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.tripletlab.util.Scalars;
import org.tripletlab.distance.DistanceMatrix;

/**
 * Squared Euclidean distances between all rows of a batch of embeddings, differentiable.
 *
 * <p>For an embedding matrix E (B×d) the result is the B×B matrix
 * <pre>  D[i,j] = ‖e_i − e_j‖² = ‖e_i‖² + ‖e_j‖² − 2 e_i·e_j ,  clamped at ≥ 0</pre>
 * computed with one matrix product instead of B² difference vectors. The expansion can round to a
 * tiny negative number when e_i ≈ e_j, hence the clamp (a ReLU, so a clamped entry passes no gradient).
 *
 * <p>Why squared distances: the gradient of the Euclidean distance {@code ‖e_i − e_j‖ = sqrt(D)} is
 * {@code (e_i − e_j)/‖e_i − e_j‖}, whose backward pass divides by {@code 2·sqrt(D)}. On the diagonal,
 * and for duplicate embeddings, D = 0, so the backward computes 0/0 = NaN — and a NaN in any entry of
 * the distance matrix's gradient poisons every embedding it touches (0·∞ = NaN even when the entry is
 * not selected). The squared distance has gradient {@code 2(e_i − e_j)}, finite everywhere, so no
 * epsilon is needed. FaceNet's loss is defined on squared distances anyway.
 *
 * <p>This is the tensor side of the {@code distance} package, used by every training loss and by
 * {@link SquaredDistances#precompute}; {@link SquaredDistances#between} is the float[] side. The two
 * round differently (the expansion above versus Σ_k (a_k − b_k)², see {@link SquaredDistances}).
 */
public final class PairwiseDistances {
    private PairwiseDistances() {
    }

    /** B×d embeddings → B×B squared distances (in e's manager, attached to the autograd graph). */
    public static NDArray squared(NDArray e) {
        Shape s = e.getShape();
        if (s.dimension() != 2) {
            throw new IllegalArgumentException("embeddings must be B×d, got shape " + s);
        }
        NDArray norms = e.square().sum(new int[] {1}, true); // B×1: ‖e_i‖²
        NDArray gram = e.matMul(e.transpose()); // B×B: e_i·e_j
        // The factor 2 as a kept-alive array: MulBackward reads it (see Scalars).
        return Activation.relu(norms.add(norms.transpose()).sub(gram.mul(Scalars.of(gram, 2f))));
    }

    /**
     * Detached copy of a B×B distance tensor for the miners: the one device-to-host copy per step; the
     * copy is outside the autograd graph, so the choice of triplets never receives a gradient.
     */
    public static DistanceMatrix toDistanceMatrix(NDArray squaredDistances) {
        Shape s = squaredDistances.getShape();
        if (s.dimension() != 2 || s.get(0) != s.get(1)) {
            throw new IllegalArgumentException("distance matrix must be B×B, got shape " + s);
        }
        return new DistanceMatrix(squaredDistances.toFloatArray(), (int) s.get(0));
    }
}
