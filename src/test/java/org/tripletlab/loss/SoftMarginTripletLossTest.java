package org.tripletlab.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tripletlab.mining.BatchAllMiner;
import org.tripletlab.mining.HardestMiner;
import org.tripletlab.mining.Triplets;
import org.tripletlab.distance.DistanceMatrix;

/**
 * {@link SoftMarginTripletLoss} against brute force: J = reduce_t ln(1 + exp(D[a,p] − D[a,n])) over every valid
 * triplet of a small batch, and its gradient w.r.t. D (σ(x_t) on D[a,p], −σ(x_t) on D[a,n], scaled by the
 * reduction), checked analytically and by central finite differences of the double oracle.
 */
class SoftMarginTripletLossTest {
    private static final int N = 9;
    private static final int[] LABELS = {0, 0, 0, 1, 1, 1, 2, 2, 2};

    /** J in double from D by the definition, over the given triplets. */
    private static double oracle(double[][] d, Triplets t, Reduction r) {
        double sum = 0;
        for (int i = 0; i < t.size(); i++) {
            double x = d[t.anchor(i)][t.positive(i)] - d[t.anchor(i)][t.negative(i)];
            sum += Math.log(1 + Math.exp(x));
        }
        // Every term is positive, so mean-nonzero divides by T like mean.
        return r == Reduction.SUM ? sum : sum / t.size();
    }

    private static double[][] randomD(Random r) {
        double[][] d = new double[N][N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                d[i][j] = i == j ? 0 : 4 * r.nextDouble();
            }
        }
        return d;
    }

    private static float[] flat(double[][] d) {
        float[] f = new float[N * N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                f[i * N + j] = (float) d[i][j];
            }
        }
        return f;
    }

    private static Triplets allTriplets(double[][] d) {
        return new BatchAllMiner().mine(new org.tripletlab.distance.DistanceMatrix(flat(d), N), LABELS, new SplittableRandom(1));
    }

    @Test
    void valueAndGradientMatchTheOracleForEveryReduction() {
        double[][] d = randomD(new Random(5));
        d[0][1] = 1.25;
        d[0][3] = 1.25; // a triplet with x = 0, where a kinked softplus would lose its gradient σ(0) = ½
        Triplets t = allTriplets(d);
        assertEquals(3 * 3 * 2 * 6, t.size());
        for (Reduction r : Reduction.values()) {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray dd = m.create(flat(d), new Shape(N, N));
                dd.setRequiresGradient(true);
                SoftMarginTripletLoss loss = new SoftMarginTripletLoss(new BatchAllMiner(), r);
                float[] grad;
                float value;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray j = loss.loss(dd, t);
                    value = j.getFloat();
                    gc.backward(j);
                    grad = dd.getGradient().toFloatArray();
                }
                double expected = oracle(d, t, r);
                assertEquals(expected, value, 1e-5 * Math.max(1, expected), r.configName());
                // Analytic gradient by brute force over the triplets.
                double w = r == Reduction.SUM ? 1 : 1.0 / t.size();
                double[][] g = new double[N][N];
                for (int i = 0; i < t.size(); i++) {
                    double x = d[t.anchor(i)][t.positive(i)] - d[t.anchor(i)][t.negative(i)];
                    double s = 1 / (1 + Math.exp(-x));
                    g[t.anchor(i)][t.positive(i)] += w * s;
                    g[t.anchor(i)][t.negative(i)] -= w * s;
                }
                for (int a = 0; a < N; a++) {
                    for (int b = 0; b < N; b++) {
                        assertEquals(g[a][b], grad[a * N + b], 1e-5, r.configName() + " ∂J/∂D[" + a + "," + b + "]");
                    }
                }
                // Central finite differences of the double oracle at a few entries, including the x = 0 triplet's.
                int[][] probes = {{0, 1}, {0, 3}, {4, 5}, {7, 2}, {2, 2}};
                for (int[] pq : probes) {
                    double h = 1e-6;
                    double keep = d[pq[0]][pq[1]];
                    d[pq[0]][pq[1]] = keep + h;
                    double up = oracle(d, t, r);
                    d[pq[0]][pq[1]] = keep - h;
                    double down = oracle(d, t, r);
                    d[pq[0]][pq[1]] = keep;
                    assertEquals((up - down) / (2 * h), grad[pq[0] * N + pq[1]], 1e-4, r.configName() + " finite difference at " + pq[0] + "," + pq[1]);
                }
            }
        }
    }

    @Test
    void softplusStaysFiniteAndExactFarFromZero() {
        // Unit vectors keep x in [−4, 4]; the tensor side must still not overflow where exp(x) would.
        double[][] d = new double[N][N];
        d[0][1] = 200;
        d[0][3] = 0; // x = 200
        Triplets one = new Triplets(new int[] {0, 3}, new int[] {1, 4}, new int[] {3, 0}, 2, 0, 0);
        d[3][4] = 0;
        d[3][0] = 200; // x = −200
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray dd = m.create(flat(d), new Shape(N, N));
            dd.setRequiresGradient(true);
            float[] terms;
            float[] grad;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray per = SoftMarginTripletLoss.perTriplet(dd, one);
                terms = per.toFloatArray();
                gc.backward(per.sum());
                grad = dd.getGradient().toFloatArray();
            }
            assertEquals(200f, terms[0], 1e-4);
            assertEquals(0f, terms[1], 1e-30);
            assertEquals(1f, grad[0 * N + 1], 1e-6);
            assertEquals(-1f, grad[0 * N + 3], 1e-6);
            assertEquals(0f, grad[3 * N + 4], 1e-30);
        }
        assertEquals(200, SoftMarginTripletLoss.softplus(200), 1e-9);
        assertEquals(Math.exp(-200), SoftMarginTripletLoss.softplus(-200), 1e-95);
        assertEquals(Math.log(2), SoftMarginTripletLoss.softplus(0), 1e-15);
    }

    @Test
    void aStepRecordsTheOracleFromTheEmbeddings() {
        Random r = new Random(3);
        int dim = 5;
        float[] e = LossFixtures.clustered(r, LABELS, dim, 0.6);
        double sum = 0;
        double sumAp = 0;
        double sumAn = 0;
        int count = 0;
        int wrong = 0;
        for (int a = 0; a < N; a++) {
            for (int p = 0; p < N; p++) {
                for (int n = 0; n < N; n++) {
                    if (a == p || LABELS[a] != LABELS[p] || LABELS[n] == LABELS[a]) {
                        continue;
                    }
                    double ap = LossFixtures.sqDist(e, dim, a, p);
                    double an = LossFixtures.sqDist(e, dim, a, n);
                    sum += Math.log1p(Math.exp(ap - an));
                    sumAp += ap;
                    sumAn += an;
                    wrong += ap >= an ? 1 : 0;
                    count++;
                }
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Loss.Step s = new SoftMarginTripletLoss(new BatchAllMiner(), Reduction.MEAN)
                    .compute(new NDList(m.create(e, new Shape(N, dim))), LABELS, new SplittableRandom(1), m);
            assertNotNull(s.loss());
            assertEquals(sum / count, s.loss().getFloat(), 1e-4);
            assertEquals(sum / count, s.value(), 1e-4);
            assertEquals(count, s.count());
            assertEquals(wrong / (double) count, s.activeShare(), 1e-9);
            assertEquals(sumAp / count, s.meanAp(), 1e-4);
            assertEquals(sumAn / count, s.meanAn(), 1e-4);
            // A single-identity batch has no triplet: nothing to differentiate, nothing recorded as loss.
            Loss.Step none = new SoftMarginTripletLoss(new HardestMiner(), Reduction.MEAN)
                    .compute(new NDList(m.create(e, new Shape(N, dim))), new int[N], new SplittableRandom(1), m);
            assertNull(none.loss());
            assertEquals(0, none.value());
            assertTrue(none.skipped() > 0);
        }
    }
}
