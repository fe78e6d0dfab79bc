package org.tripletlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.Loss;
import org.tripletlab.loss.ContrastiveLoss;
import org.tripletlab.loss.PairwiseDistances;
import org.tripletlab.mining.DistanceMatrix;

/**
 * The forward-and-loss part of one training step for {@code loss.kind} {@code contrastive} and
 * {@code softmax}; {@link TrainingRun} does the rest (batches, backward, optimiser step, records)
 * exactly as for the triplet loss.
 *
 * <p>What a step records in {@code steps.csv}: the loss, the pairs (contrastive) or images (softmax)
 * it was taken over in the {@code triplets} column, in {@code active_share} the share of negative
 * pairs inside the margin (contrastive) or the training accuracy of the batch (softmax), and the mean
 * squared distances of same- and different-identity pairs of the batch's unit embeddings.
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
        return new Result(loss.loss(d, labels, negatives), s.loss(), s.pairs(), s.activeShare(), s.meanPositive(), s.meanNegative());
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
        DistanceMatrix dm = PairwiseDistances.toDistanceMatrix(PairwiseDistances.squared(out.get(0).stopGradient()));
        ContrastiveLoss.Stats s = new ContrastiveLoss(0f).stats(dm, labels);
        return new Result(loss, loss.getFloat(), b, right / (double) b, s.meanPositive(), s.meanNegative());
    }
}
