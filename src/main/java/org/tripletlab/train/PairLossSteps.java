package org.tripletlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.Loss;
import org.tripletlab.distance.PairwiseDistances;
import org.tripletlab.loss.ContrastiveLoss;
import org.tripletlab.mining.DistanceMatrix;

/**
 * The forward-and-loss part of one training step for {@code loss.kind} {@code contrastive} and
 * {@code softmax}; {@link TrainingRun} does the rest (batches, backward, optimiser step, records)
 * exactly as for the triplet loss.
 *
 * <p>What a step records in {@code steps.csv}: the loss, the pairs (contrastive) or images (softmax)
 * it was taken over in the {@code triplets} column, in {@code active_share} the share of negative
 * pairs inside the margin (contrastive) or the training accuracy of the batch (softmax), and in
 * {@code mean_d_ap}/{@code mean_d_an} the mean squared distances of all same- and all different-identity
 * pairs of the batch's unit embeddings ({@link #batchMeans}), which {@link CollapseWatch} watches as it
 * watches d(A,P) and d(A,N) of the triplet loss.
 */
final class PairLossSteps {
    private PairLossSteps() {
    }

    /** The scalar to differentiate and what to record. */
    record Result(NDArray loss, double value, int count, double activeShare, double meanPositive, double meanNegative) {
    }

    /** Contrastive loss over the positive pairs and the chosen negative pairs of the batch (see {@link ContrastiveLoss}). */
    static Result contrastive(ContrastiveLoss loss, NDList out, int[] labels) {
        NDArray d = PairwiseDistances.squared(out.get(0));
        DistanceMatrix dm = PairwiseDistances.toDistanceMatrix(d);
        boolean[] negatives = loss.negativePairs(dm, labels);
        ContrastiveLoss.Stats s = loss.stats(dm, labels, negatives);
        double[] means = batchMeans(dm, labels);
        return new Result(loss.loss(d, labels, negatives), s.loss(), s.pairs(), s.activeShare(), means[0], means[1]);
    }

    /**
     * The mean squared distance D over all same-identity pairs i &lt; j of the batch and over all
     * different-identity pairs (NaN when the batch has none of a kind). All pairs, whatever negatives the loss
     * takes: with {@code loss.negatives: hardest} the chosen negatives are the nearest ones, whose mean is no
     * measure of how far apart identities are, and the collapse watch compares these two means.
     */
    static double[] batchMeans(DistanceMatrix dm, int[] labels) {
        int n = dm.size();
        double pos = 0;
        double neg = 0;
        long nPos = 0;
        long nNeg = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (labels[i] == labels[j]) {
                    pos += dm.get(i, j);
                    nPos++;
                } else {
                    neg += dm.get(i, j);
                    nNeg++;
                }
            }
        }
        return new double[] {nPos > 0 ? pos / nPos : Double.NaN, nNeg > 0 ? neg / nNeg : Double.NaN};
    }

    /**
     * Softmax cross-entropy −log softmax(logits)[y] averaged over the batch, with y the image's
     * index among the training identities ({@code classOf[label]}).
     */
    static Result softmax(NDList out, int[] labels, int[] classOf, NDManager sm) {
        int b = labels.length;
        float[] y = new float[b];
        for (int i = 0; i < b; i++) {
            y[i] = classOf[labels[i]];
        }
        NDArray logits = out.get(2);
        NDArray target = sm.create(y);
        NDArray loss = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(target), new NDList(logits));
        int[] predicted = logits.argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray();
        int right = 0;
        for (int i = 0; i < b; i++) {
            right += predicted[i] == (int) y[i] ? 1 : 0;
        }
        double[] means = batchMeans(PairwiseDistances.toDistanceMatrix(PairwiseDistances.squared(out.get(0).stopGradient())), labels);
        return new Result(loss, loss.getFloat(), b, right / (double) b, means[0], means[1]);
    }
}
