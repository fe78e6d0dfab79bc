package org.tripletlab.util;

import ai.djl.ndarray.NDArray;

/**
 * Scalar operands for arithmetic on the differentiated path, kept alive until the backward pass.
 *
 * <p>Why: in DJL 0.36's PyTorch engine, {@code x.mul(c)}, {@code div}, {@code add}, {@code sub},
 * {@code pow}, {@code maximum} and {@code minimum} with a {@link Number} c build a 0-d tensor whose
 * data is a Java direct buffer (libtorch borrows the memory, it does not copy it), compute
 * {@code x ∘ c}, and close that tensor at once. libtorch's autograd graph still holds the tensor —
 * MulBackward computes ∂(x·c)/∂x = c, DivBackward ∂(x/c)/∂x = 1/c, and maximum/minimum compare x with
 * c, all by reading c in the backward pass. Once the closed tensor's buffer is unreachable, a garbage
 * collection frees it, and the backward reads whatever was written there since: with glibc malloc the
 * gradients came out as 0 or up to 10³⁴.
 *
 * <p>{@link #of} builds exactly the tensor those overloads build — {@code create(float)}, a 0-d
 * float32 array, so {@code x.mul(Scalars.of(x, c))} computes the same bits as {@code x.mul(c)} — but
 * in the manager of the array it is combined with and without closing it. It then lives exactly as
 * long as that array's manager: in a training step the step's sub-manager, closed after the optimiser
 * step; in evaluation the chunk's sub-manager. Each use costs one 4-byte array, as the result of the
 * operation costs one array in the same manager anyway.
 */
public final class Scalars {
    private Scalars() {
    }

    /** The 0-d float32 array holding {@code value}, in {@code like}'s manager (not closed: see the class comment). */
    public static NDArray of(NDArray like, float value) {
        return like.getManager().create(value);
    }
}
