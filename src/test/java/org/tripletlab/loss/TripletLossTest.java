package org.tripletlab.loss;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tripletlab.distance.PairwiseDistances;
import org.tripletlab.mining.BatchAllMiner;
import org.tripletlab.distance.DistanceMatrix;
import org.tripletlab.mining.HardestMiner;
import org.tripletlab.mining.SemiHardMiner;
import org.tripletlab.mining.TripletMiner;
import org.tripletlab.mining.Triplets;

class TripletLossTest {
    private static NDManager manager;

    private static final TripletMiner[] MINERS = {
        new BatchAllMiner(),
        new HardestMiner(),
        new SemiHardMiner(0.3f, SemiHardMiner.Pick.HARDEST, SemiHardMiner.Fallback.HARDEST_NEGATIVE),
    };

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    /** Runs forward (and backward when there are triplets) and returns {loss, gradient...}. */
    private static float[][] forwardBackward(float[] emb, int n, int dim, Triplets t, TripletLoss loss) {
        try (NDManager m = manager.newSubManager()) {
            NDArray e = m.create(emb, new Shape(n, dim));
            e.setRequiresGradient(true);
            float value;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray d = PairwiseDistances.squared(e);
                NDArray l = loss.loss(d, t);
                assertEquals(0, l.getShape().dimension(), "loss must be a scalar");
                value = l.getFloat();
                if (!t.isEmpty()) {
                    gc.backward(l);
                }
            }
            return new float[][] {{value}, e.getGradient().toFloatArray()};
        }
    }

    @Test
    void valueAndGradientMatchDoubleOracleForEveryReduction() {
        Random r = new Random(101);
        int checked = 0;
        int zeroGradientRowsChecked = 0;
        for (int trial = 0; trial < 90; trial++) {
            int n = 6 + r.nextInt(11);
            int dim = 2 + r.nextInt(7);
            float margin = trial % 2 == 0 ? 0.2f : 0.5f;
            int[] labels = LossFixtures.labels(r, n, 2 + r.nextInt(4));
            // Every other pair of trials clusters the identities, so many triplets are inactive.
            float[] emb = trial % 4 < 2 ? LossFixtures.unitEmbeddings(r, n, dim) : LossFixtures.clustered(r, labels, dim, 0.35);
            DistanceMatrix dm = DistanceMatrix.fromEmbeddings(emb, n, dim);
            Triplets t = MINERS[trial % MINERS.length].mine(dm, labels, new SplittableRandom(trial));
            double[] hinge = LossFixtures.hingeArguments(emb, dim, t, margin);
            if (t.isEmpty() || LossFixtures.closestToHinge(hinge) < 1e-3) {
                continue; // activity of a term at the hinge is a matter of rounding; not a fair comparison
            }
            for (Reduction red : Reduction.values()) {
                float[][] out = forwardBackward(emb, n, dim, t, new TripletLoss(margin, red));
                double want = LossFixtures.reduce(hinge, red);
                String ctx = "trial " + trial + " " + red + " " + t;
                assertEquals(want, out[0][0], 1e-5 * Math.max(1, Math.abs(want)), ctx);

                // Analytic gradient of Σ_t s·max(‖a−p‖² − ‖a−n‖² + α, 0), s the reduction's 1/divisor:
                // ∂/∂a = 2(n − p), ∂/∂p = 2(p − a), ∂/∂n = 2(a − n) for each active triplet.
                int active = 0;
                for (double x : hinge) {
                    active += x > 0 ? 1 : 0;
                }
                double s = red == Reduction.SUM ? 1 : red == Reduction.MEAN ? 1.0 / t.size() : 1.0 / Math.max(active, 1);
                double[] grad = new double[n * dim];
                boolean[] inActive = new boolean[n];
                for (int i = 0; i < t.size(); i++) {
                    if (hinge[i] <= 0) {
                        continue;
                    }
                    int a = t.anchor(i);
                    int p = t.positive(i);
                    int q = t.negative(i);
                    inActive[a] = inActive[p] = inActive[q] = true;
                    for (int k = 0; k < dim; k++) {
                        double ea = emb[a * dim + k];
                        double ep = emb[p * dim + k];
                        double en = emb[q * dim + k];
                        grad[a * dim + k] += s * 2 * (en - ep);
                        grad[p * dim + k] += s * 2 * (ep - ea);
                        grad[q * dim + k] += s * 2 * (ea - en);
                    }
                }
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < dim; k++) {
                        float g = out[1][i * dim + k];
                        assertFalse(Float.isNaN(g), ctx);
                        if (inActive[i]) {
                            assertEquals(grad[i * dim + k], g, 1e-4 * Math.max(1, Math.abs(grad[i * dim + k])), ctx);
                        } else {
                            // Not in any active triplet: exactly no gradient, not merely a small one.
                            assertEquals(0f, Math.abs(g), ctx + " element " + i);
                            zeroGradientRowsChecked++;
                        }
                    }
                }
                checked++;
            }
        }
        assertTrue(checked >= 120, "too few comparisons: " + checked);
        assertTrue(zeroGradientRowsChecked > 100, "too few zero-gradient checks: " + zeroGradientRowsChecked);
    }

    @Test
    void inactiveTripletsGiveZeroLossAndZeroGradient() {
        // Two identities on opposite poles: D[a,p] = 0-ish, D[a,n] = 4, so every term is max(−4 + α, 0) = 0.
        float[] emb = {1, 0, 1, 0, -1, 0, -1, 0};
        Triplets t = new BatchAllMiner().mine(DistanceMatrix.fromEmbeddings(emb, 4, 2), new int[] {0, 0, 1, 1},
                new SplittableRandom(0));
        assertEquals(8, t.size());
        for (Reduction red : Reduction.values()) {
            float[][] out = forwardBackward(emb, 4, 2, t, new TripletLoss(0.2f, red));
            assertEquals(0f, out[0][0], red.toString());
            for (float g : out[1]) {
                assertEquals(0f, Math.abs(g), red.toString());
            }
        }
    }

    @Test
    void emptyTripletsGiveScalarZeroNotNaN() {
        float[] emb = LossFixtures.unitEmbeddings(new Random(5), 5, 3);
        for (Reduction red : Reduction.values()) {
            try (NDManager m = manager.newSubManager()) {
                NDArray d = PairwiseDistances.squared(m.create(emb, new Shape(5, 3)));
                NDArray l = new TripletLoss(0.2f, red).loss(d, Triplets.empty());
                assertEquals(new Shape(), l.getShape());
                assertEquals(0f, l.getFloat(), red.toString());
                assertEquals(0, new TripletLoss(0.2f, red).perTriplet(d, Triplets.empty()).size());
            }
        }
    }

    @Test
    void perTripletTermsMatchOracle() {
        Random r = new Random(7);
        float[] emb = LossFixtures.unitEmbeddings(r, 12, 4);
        int[] labels = {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3};
        Triplets t = new BatchAllMiner().mine(DistanceMatrix.fromEmbeddings(emb, 12, 4), labels, new SplittableRandom(0));
        double[] hinge = LossFixtures.hingeArguments(emb, 4, t, 1f);
        try (NDManager m = manager.newSubManager()) {
            float[] terms = new TripletLoss(1f, Reduction.SUM)
                    .perTriplet(PairwiseDistances.squared(m.create(emb, new Shape(12, 4))), t).toFloatArray();
            assertEquals(t.size(), terms.length);
            for (int i = 0; i < terms.length; i++) {
                assertEquals(Math.max(hinge[i], 0), terms[i], 1e-5);
            }
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new TripletLoss(-1f, Reduction.SUM));
        assertThrows(IllegalArgumentException.class, () -> new TripletLoss(Float.NaN, Reduction.SUM));
        try (NDManager m = manager.newSubManager()) {
            NDArray notSquare = m.zeros(new Shape(3, 4));
            assertThrows(IllegalArgumentException.class,
                    () -> new TripletLoss(0.2f, Reduction.SUM).loss(notSquare, Triplets.empty()));
        }
    }
}
