package org.tripletlab.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.engine.Engine;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tripletlab.distance.PairwiseDistances;
import org.tripletlab.distance.DistanceMatrix;

/** The contrastive loss against a brute-force double-precision oracle over explicit pairs. */
class ContrastiveLossTest {

    /** J from the embeddings themselves: every unordered pair, Euclidean distance from the difference vector. */
    private static double oracle(float[] e, int n, int dim, int[] labels, double m) {
        double pos = 0;
        double neg = 0;
        int np = 0;
        int nn = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double sq = 0;
                for (int k = 0; k < dim; k++) {
                    double diff = (double) e[i * dim + k] - e[j * dim + k];
                    sq += diff * diff;
                }
                if (labels[i] == labels[j]) {
                    pos += sq;
                    np++;
                } else {
                    double h = Math.max(m - Math.sqrt(sq), 0);
                    neg += h * h;
                    nn++;
                }
            }
        }
        return (np > 0 ? pos / np : 0) + (nn > 0 ? neg / nn : 0);
    }

    @Test
    void matchesTheBruteForceOracle() {
        Random r = new Random(4);
        int n = 24;
        int dim = 8;
        for (float m : new float[] {0.0f, 0.5f, 1.2f, 2.0f}) {
            int[] labels = LossFixtures.labels(r, n, 5);
            float[] e = LossFixtures.clustered(r, labels, dim, 0.3);
            double expected = oracle(e, n, dim, labels, m);
            ContrastiveLoss loss = new ContrastiveLoss(m);
            try (NDManager nd = NDManager.newBaseManager()) {
                NDArray d = PairwiseDistances.squared(nd.create(e, new Shape(n, dim)));
                float got = loss.loss(d, labels).getFloat();
                assertEquals(expected, got, 1e-4 * Math.max(1, expected), "margin " + m);
                ContrastiveLoss.Stats s = loss.stats(PairwiseDistances.toDistanceMatrix(d), labels);
                assertEquals(expected, s.loss(), 1e-4 * Math.max(1, expected), "stats, margin " + m);
                assertEquals(n * (n - 1) / 2, s.pairs());
            }
        }
    }

    @Test
    void knownValueAndFiniteGradientForIdenticalEmbeddings() {
        // Rows 0 and 1 are the same identity and identical (D = 0: the √0 case); row 2 is another identity.
        float[] e = {1, 0, 1, 0, 0, 1};
        int[] labels = {7, 7, 9};
        // positives: D(0,1) = 0 → 0; negatives: d(0,2) = d(1,2) = √2, margin 2 → (2 − √2)² each, mean the same.
        double expected = Math.pow(2 - Math.sqrt(2), 2);
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = nd.create(e, new Shape(3, 2));
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = new ContrastiveLoss(2f).loss(PairwiseDistances.squared(x), labels);
                assertEquals(expected, loss.getFloat(), 1e-5);
                gc.backward(loss);
            }
            float[] g = x.getGradient().toFloatArray();
            for (float v : g) {
                assertFalse(Float.isNaN(v) || Float.isInfinite(v), "gradient must be finite");
            }
            assertTrue(Math.abs(g[4]) + Math.abs(g[5]) > 0, "the negative inside the margin is pushed away");
        }
        ContrastiveLoss.Stats s = new ContrastiveLoss(2f).stats(new DistanceMatrix(new float[] {0, 0, 2, 0, 0, 2, 2, 2, 0}, 3), labels);
        assertEquals(expected, s.loss(), 1e-6);
        assertEquals(1.0, s.activeShare(), 0);
    }

    @Test
    void hardestNegativesMatchTheirOracle() {
        Random r = new Random(9);
        int n = 16;
        int dim = 6;
        float m = 1.5f;
        int[] labels = LossFixtures.labels(r, n, 4);
        float[] e = LossFixtures.clustered(r, labels, dim, 0.5);
        // Oracle: for each i its nearest other-identity j (by explicit difference vectors); pairs as unordered sets.
        java.util.Set<Long> chosen = new java.util.HashSet<>();
        double pos = 0;
        int np = 0;
        for (int i = 0; i < n; i++) {
            int best = -1;
            double bestSq = Double.MAX_VALUE;
            for (int j = 0; j < n; j++) {
                double sq = sq(e, i, j, dim);
                if (labels[i] == labels[j]) {
                    if (j > i) {
                        pos += sq;
                        np++;
                    }
                } else if (sq < bestSq) {
                    bestSq = sq;
                    best = j;
                }
            }
            chosen.add((long) Math.min(i, best) * n + Math.max(i, best));
        }
        double neg = 0;
        for (long p : chosen) {
            double h = Math.max(m - Math.sqrt(sq(e, (int) (p / n), (int) (p % n), dim)), 0);
            neg += h * h;
        }
        double expected = pos / np + neg / chosen.size();
        ContrastiveLoss loss = new ContrastiveLoss(m, ContrastiveLoss.Negatives.HARDEST);
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray d = PairwiseDistances.squared(nd.create(e, new Shape(n, dim)));
            DistanceMatrix dm = PairwiseDistances.toDistanceMatrix(d);
            boolean[] negs = loss.negativePairs(dm, labels);
            assertEquals(expected, loss.loss(d, labels, negs).getFloat(), 1e-4 * Math.max(1, expected));
            ContrastiveLoss.Stats s = loss.stats(dm, labels);
            assertEquals(expected, s.loss(), 1e-4 * Math.max(1, expected));
            assertEquals(np + chosen.size(), s.pairs());
        }
    }

    private static double sq(float[] e, int i, int j, int dim) {
        double s = 0;
        for (int k = 0; k < dim; k++) {
            double diff = (double) e[i * dim + k] - e[j * dim + k];
            s += diff * diff;
        }
        return s;
    }

    @Test
    void rejectsAMarginOutsideTheUnitSphereRange() {
        assertThrows(IllegalArgumentException.class, () -> new ContrastiveLoss(2.5f));
    }
}
