package org.tripletlab.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ProjectionTest {
    @Test
    void pcaOfACrossHasKnownCoordinatesAndVarianceShares() {
        // in 3-D, offset by (5, 5, 5): (±3, 0, 0) and (0, ±1, 0). Variance along x = 2·9/4 = 4.5, along y = 2·1/4 = 0.5,
        // total 5, so PC1 = x explains 0.9 and PC2 = y explains 0.1
        float[][] rows = {{8, 5, 5}, {2, 5, 5}, {5, 6, 5}, {5, 4, 5}};
        Projection p = Projection.pca(rows, 7);
        assertEquals("PCA", p.method());
        assertEquals(0.9, p.explained()[0], 1e-9);
        assertEquals(0.1, p.explained()[1], 1e-9);
        // signs are fixed: each direction's largest entry is positive, so u1 = +x and u2 = +y
        assertArrayEquals(new double[] {3, -3, 0, 0}, p.xs(), 1e-5);
        assertArrayEquals(new double[] {0, 0, 1, -1}, p.ys(), 1e-5);
    }

    @Test
    void pcaSeparatesClustersAlongTheAxesOfLargestSpread() {
        // three clusters in 20-D: centres differ along dimension 4 (by ±10) and dimension 11 (by 4); noise 0.1 elsewhere
        Random r = new Random(3);
        double[][] centres = new double[3][20];
        centres[0][4] = -10;
        centres[1][4] = 10;
        centres[2][11] = 4;
        float[][] rows = new float[60][20];
        for (int i = 0; i < 60; i++) {
            for (int k = 0; k < 20; k++) {
                rows[i][k] = (float) (centres[i / 20][k] + 0.1 * r.nextGaussian());
            }
        }
        Projection p = Projection.pca(rows, 1);
        // PC1 is dimension 4 (sign fixed positive): cluster 0 on the left, 1 on the right, 2 in the middle
        for (int i = 0; i < 20; i++) {
            assertTrue(p.xs()[i] < -8, "cluster 0 at about −10: " + p.xs()[i]);
            assertTrue(p.xs()[20 + i] > 8, "cluster 1 at about +10: " + p.xs()[20 + i]);
            assertTrue(Math.abs(p.xs()[40 + i]) < 1, "cluster 2 at about 0: " + p.xs()[40 + i]);
        }
        // PC2 is dimension 11: cluster 2 sits 4 above the other two (whose mean sits at 4/3 below the grand mean)
        double y0 = mean(p.ys(), 0);
        double y2 = mean(p.ys(), 40);
        assertEquals(4, Math.abs(y2 - y0), 0.05);
        // shares: var along dim 4 = 2/3·100, along dim 11 = 2/9·16 (= 3.56); together nearly all of the variance
        assertEquals(66.67 / (66.67 + 3.556 + 20 * 0.01), p.explained()[0], 0.01);
        assertTrue(p.explained()[0] + p.explained()[1] > 0.99);
    }

    private static double mean(double[] v, int from) {
        double s = 0;
        for (int i = from; i < from + 20; i++) {
            s += v[i];
        }
        return s / 20;
    }

    @Test
    void identicalEmbeddingsAreAnErrorNotNaN() {
        float[][] rows = {{1, 0}, {1, 0}, {1, 0}};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Projection.pca(rows, 1));
        assertTrue(e.getMessage().contains("identical"), e.getMessage());
    }

    @Test
    void rank1DataHasAZeroSecondAxis() {
        float[][] rows = {{0, 0}, {1, 1}, {2, 2}, {3, 3}};
        Projection p = Projection.pca(rows, 1);
        assertEquals(1.0, p.explained()[0], 1e-9);
        assertArrayEquals(new double[] {0, 0, 0, 0}, p.ys(), 0);
        assertEquals(Math.sqrt(2) * 3, p.xs()[3] - p.xs()[0], 1e-5);
    }

    @Test
    void tsneKeepsWellSeparatedClustersApartAndIsSeeded() {
        // four tight clusters of 15 points in 10-D, centres far apart
        Random r = new Random(5);
        float[][] rows = new float[60][10];
        for (int i = 0; i < 60; i++) {
            for (int k = 0; k < 10; k++) {
                rows[i][k] = (float) ((k == i / 15 ? 20 : 0) + r.nextGaussian());
            }
        }
        Projection a = Tsne.embed(rows, Tsne.perplexityFor(60, 10), 9);
        assertTrue(a.method().startsWith("t-SNE"));
        // every point's nearest neighbour in the plane belongs to its own cluster
        for (int i = 0; i < 60; i++) {
            int best = -1;
            double bestD = Double.POSITIVE_INFINITY;
            for (int j = 0; j < 60; j++) {
                double d = Math.hypot(a.xs()[i] - a.xs()[j], a.ys()[i] - a.ys()[j]);
                if (j != i && d < bestD) {
                    bestD = d;
                    best = j;
                }
            }
            assertEquals(i / 15, best / 15, "nearest neighbour of point " + i);
        }
        Projection b = Tsne.embed(rows, Tsne.perplexityFor(60, 10), 9);
        assertArrayEquals(a.xs(), b.xs(), 0, "same seed, same picture");
        Projection c = Tsne.embed(rows, Tsne.perplexityFor(60, 10), 10);
        assertTrue(c.xs()[0] != a.xs()[0], "another seed starts elsewhere");
    }

    @Test
    void tsneAffinitiesAreSymmetricAndSumToOne() {
        float[][] rows = {{0, 0}, {1, 0}, {0, 2}, {5, 5}, {6, 5}};
        double[][] p = Tsne.jointProbabilities(Tsne.squaredDistances(rows), 2);
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            assertEquals(0, p[i][i]);
            for (int j = 0; j < p.length; j++) {
                assertEquals(p[i][j], p[j][i], 1e-15);
                sum += p[i][j];
            }
        }
        assertEquals(1, sum, 1e-9);
        // near neighbours get more affinity than far ones
        assertTrue(p[0][1] > p[0][3] && p[3][4] > p[3][0]);
        // perplexity capped at (n − 1)/3, never below 2
        assertEquals(2, Tsne.perplexityFor(5, 30));
        assertEquals(10, Tsne.perplexityFor(31, 30));
        assertEquals(30, Tsne.perplexityFor(301, 30));
    }
}
