package org.tripletlab.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tripletlab.mining.BatchAllMiner;

/**
 * Every {@link Loss} of a training step — the differentiated scalar and each recorded statistic — against
 * a brute-force double-precision computation from the embeddings (and logits) of a small batch, with no
 * distance matrix, miner or reduction code of the production path.
 */
class LossStepOracleTest {
    private static final int N = 12;
    private static final int DIM = 6;
    private static final double TOL = 1e-4;

    private static double d(float[] e, int i, int j) {
        return LossFixtures.sqDist(e, DIM, i, j);
    }

    /** Mean D over same-identity pairs i &lt; j and over different-identity pairs, by enumeration. */
    private static double[] pairMeans(float[] e, int[] labels) {
        double[] sum = new double[2];
        int[] count = new int[2];
        for (int i = 0; i < N; i++) {
            for (int j = i + 1; j < N; j++) {
                int k = labels[i] == labels[j] ? 0 : 1;
                sum[k] += d(e, i, j);
                count[k]++;
            }
        }
        return new double[] {sum[0] / count[0], sum[1] / count[1]};
    }

    private static Loss.Step step(Loss loss, NDList out, int[] labels, NDManager m) {
        return loss.compute(out, labels, new SplittableRandom(1), m);
    }

    @Test
    void tripletMarginLossOverAllTripletsMatchesEnumeration() {
        Random r = new Random(11);
        int[] labels = {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3};
        float[] e = LossFixtures.clustered(r, labels, DIM, 0.5);
        float margin = 0.3f;
        double sum = 0;
        double sumAp = 0;
        double sumAn = 0;
        int count = 0;
        int active = 0;
        for (int a = 0; a < N; a++) {
            for (int p = 0; p < N; p++) {
                for (int n = 0; n < N; n++) {
                    if (a == p || labels[a] != labels[p] || labels[n] == labels[a]) {
                        continue;
                    }
                    double l = Math.max(d(e, a, p) - d(e, a, n) + margin, 0);
                    sum += l;
                    sumAp += d(e, a, p);
                    sumAn += d(e, a, n);
                    count++;
                    active += l > 0 ? 1 : 0;
                }
            }
        }
        assertEquals(4 * 3 * 2 * 9, count, "Σ_g n_g(n_g − 1)(B − n_g)");
        double[] expected = {sum, sum / count, sum / Math.max(active, 1)};
        Reduction[] reductions = {Reduction.SUM, Reduction.MEAN, Reduction.MEAN_NONZERO};
        for (int k = 0; k < reductions.length; k++) {
            try (NDManager m = NDManager.newBaseManager()) {
                Loss.Step s = step(new TripletMarginLoss(new BatchAllMiner(), margin, reductions[k]),
                        new NDList(m.create(e, new Shape(N, DIM))), labels, m);
                String what = reductions[k].configName();
                assertNotNull(s.loss(), what);
                double tol = TOL * Math.max(1, expected[k]);
                assertEquals(expected[k], s.loss().getFloat(), tol, what + ": differentiated scalar");
                assertEquals(expected[k], s.value(), tol, what + ": recorded value");
                assertEquals(count, s.count(), what);
                assertEquals(active / (double) count, s.activeShare(), 1e-6, what);
                assertEquals(sumAp / count, s.meanAp(), TOL, what);
                assertEquals(sumAn / count, s.meanAn(), TOL, what);
                assertEquals(0, s.fallbacks(), what);
                assertEquals(0, s.skipped(), what);
            }
        }
    }

    @Test
    void contrastiveLossMatchesEnumerationForBothNegativeChoices() {
        Random r = new Random(12);
        int[] labels = {0, 0, 1, 1, 1, 2, 2, 3, 3, 3, 4, 4};
        float[] e = LossFixtures.clustered(r, labels, DIM, 0.4);
        float margin = 1.1f;
        double[] means = pairMeans(e, labels);
        for (ContrastiveLoss.Negatives negatives : ContrastiveLoss.Negatives.values()) {
            // The chosen negative pairs i < j: all, or each image's nearest other-identity image (a pair once).
            boolean[][] chosen = new boolean[N][N];
            for (int i = 0; i < N; i++) {
                int best = -1;
                for (int j = 0; j < N; j++) {
                    if (labels[j] != labels[i]) {
                        chosen[Math.min(i, j)][Math.max(i, j)] |= negatives == ContrastiveLoss.Negatives.ALL;
                        if (best < 0 || d(e, i, j) < d(e, i, best)) {
                            best = j;
                        }
                    }
                }
                chosen[Math.min(i, best)][Math.max(i, best)] |= negatives == ContrastiveLoss.Negatives.HARDEST;
            }
            double pos = 0;
            double hinge = 0;
            int nPos = 0;
            int nNeg = 0;
            int active = 0;
            for (int i = 0; i < N; i++) {
                for (int j = i + 1; j < N; j++) {
                    if (labels[i] == labels[j]) {
                        pos += d(e, i, j);
                        nPos++;
                    } else if (chosen[i][j]) {
                        double h = Math.max(margin - Math.sqrt(d(e, i, j)), 0);
                        hinge += h * h;
                        nNeg++;
                        active += h > 0 ? 1 : 0;
                    }
                }
            }
            double expected = pos / nPos + hinge / nNeg;
            try (NDManager m = NDManager.newBaseManager()) {
                Loss.Step s = step(new ContrastiveLoss(margin, negatives), new NDList(m.create(e, new Shape(N, DIM))), labels, m);
                assertEquals(expected, s.loss().getFloat(), TOL, negatives + ": differentiated scalar");
                assertEquals(expected, s.value(), TOL, negatives + ": recorded value");
                assertEquals(nPos + nNeg, s.count(), negatives.toString());
                assertEquals(active / (double) nNeg, s.activeShare(), 1e-6, negatives.toString());
                assertEquals(means[0], s.meanAp(), TOL, negatives + ": all same-identity pairs");
                assertEquals(means[1], s.meanAn(), TOL, negatives + ": all different-identity pairs");
            }
        }
    }

    @Test
    void softmaxLossMatchesCrossEntropyByHand() {
        Random r = new Random(13);
        int[] labels = {5, 5, 9, 9, 9, 2, 2, 7, 7, 7, 5, 2};
        int[] classOf = new int[10];
        java.util.Arrays.fill(classOf, -1);
        classOf[2] = 0;
        classOf[5] = 1;
        classOf[7] = 2;
        classOf[9] = 3;
        int c = 4;
        float[] e = LossFixtures.clustered(r, labels, DIM, 0.3);
        float[] logits = new float[N * c];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (2 * r.nextGaussian());
        }
        double ce = 0;
        int right = 0;
        for (int i = 0; i < N; i++) {
            double max = Double.NEGATIVE_INFINITY;
            int argMax = -1;
            for (int k = 0; k < c; k++) {
                if (logits[i * c + k] > max) {
                    max = logits[i * c + k];
                    argMax = k;
                }
            }
            double z = 0;
            for (int k = 0; k < c; k++) {
                z += Math.exp(logits[i * c + k] - max);
            }
            ce += -(logits[i * c + classOf[labels[i]]] - max - Math.log(z));
            right += argMax == classOf[labels[i]] ? 1 : 0;
        }
        double expected = ce / N;
        double[] means = pairMeans(e, labels);
        try (NDManager m = NDManager.newBaseManager()) {
            NDList out = new NDList(m.create(e, new Shape(N, DIM)), m.create(e, new Shape(N, DIM)), m.create(logits, new Shape(N, c)));
            Loss.Step s = step(new SoftmaxLoss(classOf), out, labels, m);
            assertEquals(expected, s.loss().getFloat(), TOL, "differentiated scalar");
            assertEquals(expected, s.value(), TOL, "recorded value");
            assertEquals(N, s.count());
            assertEquals(right / (double) N, s.activeShare(), 1e-12, "training accuracy");
            assertEquals(means[0], s.meanAp(), TOL);
            assertEquals(means[1], s.meanAn(), TOL);
        }
    }
}
