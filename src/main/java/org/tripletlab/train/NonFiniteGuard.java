package org.tripletlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;
import java.util.Locale;

/**
 * Keeps a non-finite step out of the parameters ({@code train.nonfinite}).
 *
 * <p>After the backward pass and before the optimiser step it takes the differentiated loss J and
 * the squared global gradient norm
 * <pre>  ‖g‖² = Σ_p Σ_i (∂J/∂θ_{p,i})²</pre>
 * over every trainable parameter p, both on the tensor side in float32, and copies the two numbers out
 * together (one 8-byte copy per step). The step is non-finite when either is NaN or ±∞ — ‖g‖²
 * overflows float32 only for ‖g‖ &gt; 1.8·10¹⁹, far beyond any gradient of a sane step, so that
 * counts as non-finite too. Why at all: one such gradient ruins the run for good (Adam's moment
 * estimates never forget a 10³² gradient), and a run must not train on silently.
 *
 * <p>{@code stop} throws, naming the step and epoch; {@code skip} leaves the parameters and the
 * optimiser state untouched for that step, zeroes the gradients (the optimiser's update would have,
 * and NaN would otherwise accumulate into the next step's gradients), and counts the step.
 */
final class NonFiniteGuard {
    /** What {@code train.nonfinite} asks for. */
    enum Mode {
        STOP, SKIP;

        static Mode fromConfig(String name) {
            return switch (name) {
                case "stop" -> STOP;
                case "skip" -> SKIP;
                default -> throw new IllegalArgumentException("train.nonfinite must be stop or skip, got " + name);
            };
        }
    }

    /** Thrown by {@code stop}: the run ends as failed with this message. */
    static final class NonFiniteStepException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NonFiniteStepException(String message) {
            super(message);
        }
    }

    private final Mode mode;
    private final List<NDArray> parameters;
    private int skipped;

    /** @param parameters the trainable parameters (those whose gradients the backward pass fills) */
    NonFiniteGuard(Mode mode, List<NDArray> parameters) {
        this.mode = mode;
        this.parameters = List.copyOf(parameters);
    }

    /**
     * Checks one step after its backward pass.
     *
     * @param sm the step's sub-manager: the gradient handles and the sums live there and go with it
     * @return the message describing a non-finite step (after zeroing its gradients, in {@code skip}
     *     mode; the caller must then not step the optimiser), or null when the step is finite
     * @throws NonFiniteStepException in {@code stop} mode when the step is non-finite
     */
    String check(int step, int epoch, NDArray loss, NDManager sm) {
        NDArray sumSquares = null;
        for (NDArray p : parameters) {
            NDArray g = p.getGradient();
            // getGradient() hands out a new handle in the parameters' manager, which outlives the step.
            g.attach(sm);
            NDArray s = g.square().sum();
            sumSquares = sumSquares == null ? s : sumSquares.add(s);
        }
        float[] v = NDArrays.stack(new NDList(loss.reshape(1), sumSquares.reshape(1))).toFloatArray();
        float lossValue = v[0];
        float normSquared = v[1];
        if (Float.isFinite(lossValue) && Float.isFinite(normSquared)) {
            return null;
        }
        String what = String.format(Locale.ROOT, "non-finite %s at step %d (epoch %d): loss %s, gradient norm %s",
                Float.isFinite(lossValue) ? "gradient" : "loss", step, epoch, lossValue,
                Float.isFinite(normSquared) ? String.valueOf(Math.sqrt(normSquared)) : String.valueOf(normSquared));
        if (mode == Mode.STOP) {
            throw new NonFiniteStepException(what + "; the run stops here (train.nonfinite: skip would skip such steps instead)");
        }
        for (NDArray p : parameters) {
            // zero_() on the gradient itself: g − g or 0·g would keep NaN.
            JniUtils.zeroGrad((PtNDArray) p);
        }
        skipped++;
        return what + "; update skipped (train.nonfinite: skip)";
    }

    /** A resumed run continues the count of the steps skipped before. */
    void restoreSkipped(int n) {
        skipped = n;
    }

    /** Steps skipped so far. */
    int skipped() {
        return skipped;
    }
}
