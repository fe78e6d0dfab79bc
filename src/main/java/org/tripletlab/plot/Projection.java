package org.tripletlab.plot;

import org.tripletlab.projection.PrincipalComponents;

/**
 * Points in the plane standing for high-dimensional embeddings.
 *
 * @param xs first coordinate of each point
 * @param ys second coordinate of each point
 * @param method how they were made, e.g. {@code PCA}
 * @param explained for PCA, the share of the total variance along each of the two axes; null otherwise
 */
public record Projection(double[] xs, double[] ys, String method, double[] explained) {

    /**
     * The first two principal components of the rows: centre them (x_i − μ), find the unit directions
     * u₁, u₂ of largest variance ({@link PrincipalComponents}) and map x_i to ((x_i − μ)·u₁, (x_i − μ)·u₂).
     * The share of variance explained by u_j is λ_j / Σ_i‖x_i − μ‖²/n. Each direction's sign is fixed so
     * that its largest-magnitude entry is positive, so the picture does not flip between runs.
     * With rank-1 data the second coordinate is 0.
     */
    public static Projection pca(float[][] rows, long seed) {
        int n = rows.length;
        if (n < 2) {
            throw new IllegalArgumentException("a projection needs at least 2 points, got " + n);
        }
        int d = rows[0].length;
        double[] mean = new double[d];
        for (float[] r : rows) {
            for (int k = 0; k < d; k++) {
                mean[k] += r[k];
            }
        }
        for (int k = 0; k < d; k++) {
            mean[k] /= n;
        }
        float[][] centred = new float[n][d];
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                double v = rows[i][k] - mean[k];
                centred[i][k] = (float) v;
                total += v * v;
            }
        }
        total /= n;
        if (!(total > 0)) {
            throw new IllegalArgumentException("all " + n + " embeddings are identical (zero variance); nothing to project");
        }
        PrincipalComponents.Result pc = PrincipalComponents.top(centred, 2, seed);
        double[][] coords = new double[2][n];
        double[] explained = new double[2];
        for (int j = 0; j < Math.min(2, pc.count()); j++) {
            double[] u = pc.components()[j];
            int big = 0;
            for (int k = 1; k < d; k++) {
                if (Math.abs(u[k]) > Math.abs(u[big])) {
                    big = k;
                }
            }
            double sign = u[big] < 0 ? -1 : 1;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += centred[i][k] * u[k];
                }
                coords[j][i] = sign * s;
            }
            explained[j] = pc.variances()[j] / total;
        }
        return new Projection(coords[0], coords[1], "PCA", explained);
    }

    /** Rows of a row-major n × dim array. */
    public static float[][] rows(float[] flat, int n, int dim) {
        float[][] out = new float[n][dim];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * dim, out[i], 0, dim);
        }
        return out;
    }
}
