package org.tripletlab.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * AdaGrad (Duchi, Hazan, Singer 2011) on dense gradients — FaceNet's optimiser.
 *
 * <p>Per parameter, with gradient g = rescale · ∇w (clipped to [−clip, clip] when clip &gt; 0) plus weight
 * decay λ·w:
 * <pre>
 *   h ← h + g²
 *   w ← w − η_t · g / (√h + ε)
 * </pre>
 * element-wise, h starting at 0, η_t from the learning-rate tracker.
 *
 * <p>Why not DJL's own {@code Optimizer.adagrad()}: it converts every gradient to a row-sparse array first,
 * and the PyTorch engine supports only COO sparse arrays, so the first step throws
 * "Only COO sparse type supported for PyTorch". Face encoders have dense gradients anyway.
 */
public final class DenseAdagrad extends Optimizer {
    private final ParameterTracker learningRate;
    private final float epsilon;
    private final Map<String, Map<Device, NDArray>> history = new ConcurrentHashMap<>();

    private DenseAdagrad(Builder b) {
        super(b);
        this.learningRate = b.learningRate;
        this.epsilon = b.epsilon;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        float lr = learningRate.getNewValue(parameterId, updateCount(parameterId));
        float wd = getWeightDecay();
        if (!Float.isFinite(lr) || !Float.isFinite(wd)) {
            throw new IllegalStateException("AdaGrad: learning rate " + lr + " or weight decay " + wd + " is not finite");
        }
        NDArray h = withDefaultState(history, parameterId, weight.getDevice(), k -> weight.zerosLike());
        // Every temporary is closed here: they live in the parameters' manager, which outlives the step.
        NDArray g = grad.mul(rescaleGrad);
        if (clipGrad > 0) {
            NDArray clipped = g.clip(-clipGrad, clipGrad);
            g.close();
            g = clipped;
        }
        if (wd != 0f) {
            NDArray decay = weight.mul(wd);
            g.addi(decay);
            decay.close();
        }
        NDArray g2 = g.square();
        h.addi(g2);
        g2.close();
        NDArray denominator = h.sqrt();
        denominator.addi(epsilon);
        NDArray step = g.div(denominator);
        step.muli(lr);
        weight.subi(step);
        g.close();
        denominator.close();
        step.close();
        // DJL's own Adam and SGD zero the gradient after their update; without this the next backward adds
        // to it, and AdaGrad would step on the running sum of every past gradient.
        JniUtils.zeroGrad((PtNDArray) weight);
    }

    /** h per parameter id and device, for {@link TrainingArrays} to save and restore (a resumed run continues the sums). */
    Map<String, Map<Device, NDArray>> history() {
        return history;
    }

    /** Builder; defaults: ε = 1e-7 (added to √h), no weight decay, no clipping, a constant rate of 0.05. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private ParameterTracker learningRate = (id, t) -> 0.05f;
        private float epsilon = 1e-7f;

        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        public Builder optLearningRateTracker(ParameterTracker tracker) {
            this.learningRate = tracker;
            return this;
        }

        public Builder optEpsilon(float epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        public DenseAdagrad build() {
            return new DenseAdagrad(this);
        }
    }
}
