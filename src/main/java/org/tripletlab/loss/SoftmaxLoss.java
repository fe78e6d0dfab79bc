package org.tripletlab.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Locale;
import java.util.random.RandomGenerator;
import org.tripletlab.component.Component;
import org.tripletlab.component.ConfigView;
import org.tripletlab.mining.TripletMiner;
import org.tripletlab.distance.PairwiseDistances;

/**
 * Softmax cross-entropy of a linear classification head over the training identities (the head is
 * {@code model.ClassifierBlock}; only the encoder is checkpointed):
 * <pre>  J = (1/B) Σ_i −log softmax(z_i)[c(y_i)]</pre>
 * with z_i the logits of image i and c(y) = {@code classOf[y]} the index of identity y among the training
 * identities. A step records J, the B images in the count, the batch's training accuracy
 * #{argmax z_i = c(y_i)} / B as active share, and the {@link PairMeans} of the batch's unit embeddings
 * (on a gradient-free copy: they are statistics, not part of J).
 */
public final class SoftmaxLoss implements Loss {
    /**
     * As a {@code loss.kind}: no miner, no margin; a classification head over the training identities; collapse
     * tolerance τ = 0.002 (no margin to set it); t = 4 native B×B arrays (distances for the record only, no
     * gradient) and u = 1 Java one; its active_share column holds the batch's training accuracy.
     */
    public static final LossKind KIND = new LossKind() {
        @Override
        public String name() {
            return "softmax";
        }

        @Override
        public Loss create(ConfigView c, TripletMiner miner, int[] classOf) {
            return new SoftmaxLoss(classOf);
        }

        @Override
        public boolean usesMiner() {
            return false;
        }

        @Override
        public boolean classifierHead() {
            return true;
        }

        @Override
        public boolean usesMargin() {
            return false;
        }

        @Override
        public String collapseMessage(int step, int streak, double meanN) {
            return String.format(Locale.ROOT,
                    "possible collapse at step %d (softmax loss): for %d steps same-identity and different-identity pairs of the batch "
                            + "are equally close, mean squared distance ≈ %.4f, so the embeddings no longer tell identities apart and every "
                            + "image gets about the same logits; embeddings are converging to a point. Try a lower optimizer.lr or a larger batch",
                    step, streak, meanN);
        }

        @Override
        public int pairwiseTensors() {
            return 4;
        }

        @Override
        public int heapArrays() {
            return 1;
        }

        @Override
        public boolean recordsActiveShare() {
            return false;
        }

        @Override
        public String baselineLabel(java.util.function.UnaryOperator<String> key) {
            return "DeepFace-style (softmax over training identities)";
        }
    };

    /** Config name and kind; reads no loss.* key. */
    public static final Component<LossKind> COMPONENT = Component.<LossKind>named("softmax",
            "DeepFace-style softmax classifier over the training identities").build(c -> KIND);

    private final int[] classOf;

    /** @param classOf each identity's class index 0..c−1 (−1 for identities outside the training split) */
    public SoftmaxLoss(int[] classOf) {
        this.classOf = classOf.clone();
    }

    /** @param out {@code out.get(0)} the unit embeddings, {@code out.get(2)} the B×c logits */
    @Override
    public Step compute(NDList out, int[] labels, RandomGenerator rng, NDManager sm) {
        int b = labels.length;
        float[] y = new float[b];
        for (int i = 0; i < b; i++) {
            y[i] = classOf[labels[i]];
        }
        NDArray logits = out.get(2);
        NDArray target = sm.create(y);
        // DJL's own loss of that name, not this package's interface.
        NDArray loss = ai.djl.training.loss.Loss.softmaxCrossEntropyLoss().evaluate(new NDList(target), new NDList(logits));
        int[] predicted = logits.argMax(1).toType(DataType.INT32, false).toIntArray();
        int right = 0;
        for (int i = 0; i < b; i++) {
            right += predicted[i] == (int) y[i] ? 1 : 0;
        }
        double[] means = PairMeans.of(PairwiseDistances.toDistanceMatrix(PairwiseDistances.squared(out.get(0).stopGradient())), labels);
        return new Step(loss, loss.getFloat(), b, right / (double) b, means[0], means[1], 0, 0);
    }
}
