package org.tripletlab.distance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tripletlab.loss.Reduction;
import org.tripletlab.loss.TripletLoss;
import org.tripletlab.mining.BatchAllMiner;
import org.tripletlab.distance.DistanceMatrix;
import org.tripletlab.mining.MiningFixtures;
import org.tripletlab.mining.Triplets;

/** {@link PairwiseDistances} against {@link DistanceMatrix#fromEmbeddings} and the definition. */
class PairwiseDistancesTest {
    /** ‖e_i − e_j‖² in double, by the definition. */
    private static double sqDist(float[] e, int dim, int i, int j) {
        double s = 0;
        for (int k = 0; k < dim; k++) {
            double diff = (double) e[i * dim + k] - e[j * dim + k];
            s += diff * diff;
        }
        return s;
    }

    @Test
    void squaredMatchesDistanceMatrixFromEmbeddings() {
        Random r = new Random(303);
        try (NDManager m = NDManager.newBaseManager()) {
            for (int trial = 0; trial < 20; trial++) {
                int n = 1 + r.nextInt(40);
                int dim = 2 + r.nextInt(64);
                float[] emb = MiningFixtures.unitEmbeddings(r, n, dim);
                NDArray d = PairwiseDistances.squared(m.create(emb, new Shape(n, dim)));
                assertEquals(new Shape(n, n), d.getShape());
                float[] got = d.toFloatArray();
                DistanceMatrix want = DistanceMatrix.fromEmbeddings(emb, n, dim);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        float x = got[i * n + j];
                        assertTrue(x >= 0f, "negative distance " + x);
                        assertEquals(want.get(i, j), x, 2e-6f, "trial " + trial + " (" + i + "," + j + ")");
                        assertEquals(sqDist(emb, dim, i, j), x, 2e-6f);
                    }
                }
                DistanceMatrix detached = PairwiseDistances.toDistanceMatrix(d);
                assertEquals(n, detached.size());
                assertEquals(got[n * n - 1], detached.get(n - 1, n - 1));
            }
        }
    }

    @Test
    void duplicateEmbeddingsGiveFiniteGradient() {
        // Element 1 duplicates element 0 (D = 0 between a and p): sqrt-based distances would give NaN here.
        float[] emb = {0.6f, 0.8f, 0.6f, 0.8f, 0f, 1f, 1f, 0f};
        int[] labels = {0, 0, 1, 1};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray e = m.create(emb, new Shape(4, 2));
            e.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray d = PairwiseDistances.squared(e);
                Triplets t = new BatchAllMiner().mine(PairwiseDistances.toDistanceMatrix(d), labels, new SplittableRandom(0));
                NDArray loss = new TripletLoss(1f, Reduction.SUM).loss(d, t);
                assertTrue(loss.getFloat() > 0f);
                gc.backward(loss);
            }
            float[] g = e.getGradient().toFloatArray();
            boolean nonZero = false;
            for (float x : g) {
                assertFalse(Float.isNaN(x) || Float.isInfinite(x));
                nonZero |= x != 0f;
            }
            assertTrue(nonZero);
        }
    }

    @Test
    void rejectsWrongShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> PairwiseDistances.squared(m.zeros(new Shape(4))));
            assertThrows(IllegalArgumentException.class, () -> PairwiseDistances.toDistanceMatrix(m.zeros(new Shape(2, 3))));
        }
    }
}
