package org.tripletlab.projection;

/**
 * Eigen-decomposition of a small real symmetric matrix by the cyclic Jacobi method.
 *
 * <p>For symmetric A (m×m) it finds orthonormal V and real λ with A = V·diag(λ)·Vᵀ. Each Jacobi
 * rotation J(p, q, θ) zeroes the off-diagonal entry A[p,q] by A ← JᵀAJ, with
 * <pre>  θ = (A[q,q] − A[p,p]) / (2·A[p,q]),  t = sign(θ) / (|θ| + √(θ² + 1)),  c = 1/√(t² + 1),  s = t·c</pre>
 * and V ← V·J. Sweeps over all pairs (p &lt; q) repeat until the off-diagonal mass is negligible
 * relative to the diagonal. The cost is O(m³) per sweep; it is used for m up to a few hundred
 * (Rayleigh–Ritz and LDA matrices), never on pixel-sized matrices.
 *
 * @param values eigenvalues, descending
 * @param vectors {@code vectors[j]} is the unit eigenvector of {@code values[j]}
 */
public record SymmetricEigen(double[] values, double[][] vectors) {
    private static final int MAX_SWEEPS = 100;

    /** Decomposes a symmetric matrix (only the values are read; the argument is not modified). */
    public static SymmetricEigen of(double[][] symmetric) {
        int m = symmetric.length;
        double[][] a = new double[m][];
        for (int i = 0; i < m; i++) {
            if (symmetric[i].length != m) {
                throw new IllegalArgumentException("matrix must be square, row " + i + " has " + symmetric[i].length + " of " + m);
            }
            a[i] = symmetric[i].clone();
        }
        double[][] v = new double[m][m]; // v[i][j]: component i of eigenvector j
        for (int i = 0; i < m; i++) {
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            double diag = 0;
            for (int p = 0; p < m; p++) {
                diag += a[p][p] * a[p][p];
                for (int q = p + 1; q < m; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off <= 1e-30 * Math.max(diag, 1e-300) || off == 0) {
                break;
            }
            for (int p = 0; p < m - 1; p++) {
                for (int q = p + 1; q < m; q++) {
                    double apq = a[p][q];
                    if (Math.abs(apq) < 1e-300) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    rotate(a, v, p, q, c, s);
                }
            }
        }
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(a[y][y], a[x][x]));
        double[] values = new double[m];
        double[][] vectors = new double[m][m];
        for (int j = 0; j < m; j++) {
            values[j] = a[order[j]][order[j]];
            for (int i = 0; i < m; i++) {
                vectors[j][i] = v[i][order[j]];
            }
        }
        return new SymmetricEigen(values, vectors);
    }

    /** A ← JᵀAJ and V ← VJ for the rotation in the (p, q) plane; A stays symmetric. */
    private static void rotate(double[][] a, double[][] v, int p, int q, double c, double s) {
        int m = a.length;
        for (int k = 0; k < m; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < m; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
        }
        for (int k = 0; k < m; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }
}
