package org.tripletlab.projection;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The top principal components of n centred rows x_i ∈ R^d, without ever forming the d×d
 * covariance C = (1/n)·Σ x_i x_iᵀ (for 64×64 faces d = 4096).
 *
 * <p>Randomised subspace iteration (Halko, Martinsson &amp; Tropp 2011): with l = k + oversampling
 * columns, start from Q = orth(Xᵀ G) for a Gaussian n×l matrix G (so Q lies in the row space of X),
 * repeat Q ← orth(Xᵀ X Q) a few times, then solve the small l×l problem
 * <pre>  B = (XQ)ᵀ(XQ) / n = V Λ Vᵀ   (Rayleigh–Ritz),   components U = Q V,   variances Λ</pre>
 * Every product touches X row by row, so one pass costs O(n·d·l) and memory stays O(d·l). When
 * l ≥ rank(X) the subspace is all of X's row space and the result is exact (up to rounding).
 */
public final class PrincipalComponents {
    private static final int OVERSAMPLING = 10;
    private static final int ITERATIONS = 4;

    /**
     * @param components {@code components[j]} is the j-th unit principal direction (length d)
     * @param variances the variance along each direction, descending
     */
    public record Result(double[][] components, double[] variances) {
        public int count() {
            return variances.length;
        }
    }

    private PrincipalComponents() {
    }

    /**
     * @param centred n rows of length d with mean zero (not modified)
     * @param k components wanted; fewer are returned when the data have lower rank
     */
    public static Result top(float[][] centred, int k, long seed) {
        int n = centred.length;
        if (n == 0) {
            throw new IllegalArgumentException("no rows to fit principal components on");
        }
        int d = centred[0].length;
        int l = Math.min(Math.min(k + OVERSAMPLING, d), n);
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] g = new double[n][l];
        for (double[] row : g) {
            for (int j = 0; j < l; j++) {
                row[j] = gaussian(rng);
            }
        }
        double[][] q = orthonormalRows(transposeTimes(centred, g, l, d));
        for (int it = 0; it < ITERATIONS && q.length > 0; it++) {
            q = orthonormalRows(transposeTimes(centred, times(centred, q), q.length, d));
        }
        int m = q.length;
        double[][] xq = times(centred, q); // n × m
        double[][] b = new double[m][m];
        for (double[] row : xq) {
            for (int i = 0; i < m; i++) {
                double ri = row[i];
                for (int j = i; j < m; j++) {
                    b[i][j] += ri * row[j];
                }
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = i; j < m; j++) {
                b[i][j] /= n;
                b[j][i] = b[i][j];
            }
        }
        SymmetricEigen eig = SymmetricEigen.of(b);
        double top = m == 0 ? 0 : Math.max(eig.values()[0], 0);
        List<double[]> comps = new ArrayList<>();
        List<Double> vars = new ArrayList<>();
        for (int j = 0; j < m && comps.size() < k; j++) {
            double lambda = eig.values()[j];
            if (!(lambda > 1e-12 * top) || top == 0) {
                break; // beyond the data's rank
            }
            double[] u = new double[d];
            for (int i = 0; i < m; i++) {
                double w = eig.vectors()[j][i];
                double[] qi = q[i];
                for (int c = 0; c < d; c++) {
                    u[c] += w * qi[c];
                }
            }
            comps.add(u);
            vars.add(lambda);
        }
        return new Result(comps.toArray(new double[0][]), vars.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** X·Qᵀ: n × m, where Q holds m rows of length d. */
    public static double[][] times(float[][] x, double[][] q) {
        int m = q.length;
        double[][] out = new double[x.length][m];
        // Rows are independent: split them over the cores (each writes only its own output row).
        java.util.stream.IntStream.range(0, x.length).parallel().forEach(r -> {
            float[] row = x[r];
            for (int j = 0; j < m; j++) {
                double[] qj = q[j];
                double s = 0;
                for (int c = 0; c < row.length; c++) {
                    s += row[c] * qj[c];
                }
                out[r][j] = s;
            }
        });
        return out;
    }

    /** (Xᵀ·Y)ᵀ: m rows of length d, with Y n × m. */
    static double[][] transposeTimes(float[][] x, double[][] y, int m, int d) {
        double[][] out = new double[m][d];
        // Output rows are independent: split them over the cores (the summation order per row is fixed, so results are deterministic).
        java.util.stream.IntStream.range(0, m).parallel().forEach(j -> {
            double[] o = out[j];
            for (int r = 0; r < x.length; r++) {
                double w = y[r][j];
                if (w == 0) {
                    continue;
                }
                float[] row = x[r];
                for (int c = 0; c < d; c++) {
                    o[c] += w * row[c];
                }
            }
        });
        return out;
    }

    /**
     * Modified Gram–Schmidt, twice for stability; rows that are (numerically) in the span of the
     * previous ones are dropped, so the result may have fewer rows.
     */
    static double[][] orthonormalRows(double[][] rows) {
        List<double[]> out = new ArrayList<>();
        double scale = 0;
        for (double[] r : rows) {
            scale = Math.max(scale, norm(r));
        }
        for (double[] r0 : rows) {
            double[] r = r0.clone();
            for (int pass = 0; pass < 2; pass++) {
                for (double[] o : out) {
                    double dot = 0;
                    for (int c = 0; c < r.length; c++) {
                        dot += r[c] * o[c];
                    }
                    for (int c = 0; c < r.length; c++) {
                        r[c] -= dot * o[c];
                    }
                }
            }
            double nr = norm(r);
            if (nr > 1e-10 * scale && nr > 0) {
                for (int c = 0; c < r.length; c++) {
                    r[c] /= nr;
                }
                out.add(r);
            }
        }
        return out.toArray(new double[0][]);
    }

    private static double norm(double[] r) {
        double s = 0;
        for (double v : r) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    private static double gaussian(SplittableRandom rng) {
        // Box–Muller; SplittableRandom has no nextGaussian on Java 17.
        double u = 1 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
