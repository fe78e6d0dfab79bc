package org.tripletlab.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.projection.LinearProjection;
import org.tripletlab.projection.SymmetricEigen;

/** Known-answer tests of the classical baselines on small constructed point sets. */
class LinearBaselinesTest {
    private static final int D = 6;

    /** Two orthonormal directions of R^6 that are not coordinate axes. */
    private static final double[] U = unit(1, 1, 0, 0, 1, 1);
    private static final double[] V = unit(1, -1, 1, -1, 0, 0);
    private static final float[] OFFSET = {3, -2, 1, 0, 5, 0.5f};

    @Test
    void jacobiDecomposesAKnownMatrix() {
        // [[2,1],[1,2]] has eigenvalues 3 (along (1,1)/√2) and 1 (along (1,−1)/√2).
        SymmetricEigen e = SymmetricEigen.of(new double[][] {{2, 1}, {1, 2}});
        assertEquals(3, e.values()[0], 1e-12);
        assertEquals(1, e.values()[1], 1e-12);
        assertEquals(1 / Math.sqrt(2), Math.abs(e.vectors()[0][0]), 1e-12);
        assertEquals(e.vectors()[0][0], e.vectors()[0][1], 1e-12);
    }

    @Test
    void eigenfacesRecoverTheTwoDirectionsOfVariance() {
        SplittableRandom rng = new SplittableRandom(3);
        float[][] x = new float[300][];
        for (int i = 0; i < x.length; i++) {
            x[i] = point(gauss(rng) * 4, gauss(rng) * 1.5, rng, 0.01);
        }
        Eigenfaces.Fit fit = Eigenfaces.fit(x, 2, false, 7);
        LinearProjection p = fit.projection();
        assertEquals(2, p.outputDim());
        assertTrue(fit.variances()[0] > 10 && fit.variances()[1] > 1.5 && fit.variances()[1] < 3.5, "variances " + fit.variances()[0] + ", " + fit.variances()[1]);

        // A held-out point 2u − 0.5v (plus the data mean) projects to (±2, ±0.5): the components are ±u, ±v.
        float[] held = point(2, -0.5, null, 0);
        double[] y = p.project(subtractMean(held, x, p), 0);
        assertEquals(2, Math.abs(y[0]), 0.05, "first coordinate");
        assertEquals(0.5, Math.abs(y[1]), 0.05, "second coordinate");
        float[] mean = Eigenfaces.mean(x);
        double[] yu = p.project(add(mean, U), 0);
        double[] yv = p.project(add(mean, V), 0);
        assertEquals(1, Math.abs(yu[0]), 0.01, "first component is ±u");
        assertEquals(0, yu[1], 0.01);
        assertEquals(1, Math.abs(yv[1]), 0.01, "second component is ±v");

        Eigenfaces.Fit white = Eigenfaces.fit(x, 2, true, 7);
        double[] w = white.projection().project(add(mean, U), 0);
        assertEquals(1 / Math.sqrt(fit.variances()[0]), Math.abs(w[0]), 1e-3, "whitened: scaled by 1/√λ");
    }

    @Test
    void fisherfacesSeparateWhatTheFirstPrincipalComponentCannot(@TempDir Path dir) {
        // Both classes spread far along u; they differ only by a small offset along v.
        SplittableRandom rng = new SplittableRandom(5);
        int n = 200;
        float[][] x = new float[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2 == 0 ? 10 : 20;
            double side = labels[i] == 10 ? -0.5 : 0.5;
            x[i] = point(gauss(rng) * 5, side + gauss(rng) * 0.1, rng, 0.1);
        }
        Eigenfaces.Fit pca = Eigenfaces.fit(x, 1, false, 1);
        Fisherfaces.Fit lda = Fisherfaces.fit(x, labels, null, 5, 1);
        assertEquals(1, lda.projection().outputDim(), "c − 1 = 1 discriminant direction");
        assertEquals(2, lda.classes());

        double pcaAccuracy = bestThresholdAccuracy(pca.projection(), x, labels);
        double ldaAccuracy = bestThresholdAccuracy(lda.projection(), x, labels);
        assertTrue(pcaAccuracy < 0.75, "PCA's first component should not separate the classes: " + pcaAccuracy);
        assertEquals(1.0, ldaAccuracy, 1e-9, "LDA separates them");

        // The discriminant direction is ±v, and the saved projection reads back identically.
        float[] mean = Eigenfaces.mean(x);
        double along = lda.projection().project(add(mean, V), 0)[0];
        double across = lda.projection().project(add(mean, U), 0)[0];
        assertTrue(Math.abs(across) < 0.05 * Math.abs(along), "LDA ignores u: " + across + " vs " + along);
        Path f = dir.resolve(LinearProjection.FILE);
        lda.projection().save(f);
        LinearProjection back = LinearProjection.load(f);
        assertEquals(along, back.project(add(mean, V), 0)[0], 1e-9);
    }

    private static double bestThresholdAccuracy(LinearProjection p, float[][] x, int[] labels) {
        double best = 0;
        for (float[] t : x) {
            double thr = p.project(t, 0)[0];
            int right = 0;
            for (int i = 0; i < x.length; i++) {
                boolean above = p.project(x[i], 0)[0] > thr;
                right += above == (labels[i] == 20) ? 1 : 0;
            }
            best = Math.max(best, Math.max(right, x.length - right) / (double) x.length);
        }
        return best;
    }

    private static float[] point(double a, double b, SplittableRandom rng, double noise) {
        float[] p = new float[D];
        for (int c = 0; c < D; c++) {
            p[c] = (float) (OFFSET[c] + a * U[c] + b * V[c] + (rng == null ? 0 : gauss(rng) * noise));
        }
        return p;
    }

    /** held − (data mean − OFFSET): the point relative to the data's own mean instead of OFFSET. */
    private static float[] subtractMean(float[] held, float[][] x, LinearProjection p) {
        float[] mean = Eigenfaces.mean(x);
        float[] out = new float[D];
        for (int c = 0; c < D; c++) {
            out[c] = held[c] - OFFSET[c] + mean[c];
        }
        return out;
    }

    private static float[] add(float[] mean, double[] dir) {
        float[] out = new float[D];
        for (int c = 0; c < D; c++) {
            out[c] = (float) (mean[c] + dir[c]);
        }
        return out;
    }

    private static double[] unit(double... v) {
        double n = 0;
        for (double x : v) {
            n += x * x;
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] / Math.sqrt(n);
        }
        return out;
    }

    private static double gauss(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
