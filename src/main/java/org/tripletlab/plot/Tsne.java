package org.tripletlab.plot;

import java.util.SplittableRandom;

/**
 * Exact t-SNE (van der Maaten &amp; Hinton 2008), O(n²) per iteration: fine for the few hundred points
 * of a projection plot.
 *
 * <p>Input affinities: for each point i a Gaussian bandwidth β_i = 1/(2σ_i²) is found by bisection so
 * that the conditional distribution p_{j|i} = exp(−β_i‖x_i − x_j‖²) / Σ_{k≠i} exp(−β_i‖x_i − x_k‖²) has
 * perplexity 2^{H(P_i)} equal to the target; then p_ij = (p_{j|i} + p_{i|j}) / 2n. Output affinities use
 * a Student-t kernel, q_ij = (1 + ‖y_i − y_j‖²)⁻¹ / Σ_{k≠l}(1 + ‖y_k − y_l‖²)⁻¹, and gradient descent on
 * KL(P‖Q) follows
 * <pre>  ∂C/∂y_i = 4 Σ_j (p_ij − q_ij)(y_i − y_j)(1 + ‖y_i − y_j‖²)⁻¹</pre>
 * with the usual schedule: P multiplied by 12 for the first 250 iterations (early exaggeration),
 * momentum 0.5 then 0.8, the learning rate of {@link #learningRate} and per-coordinate adaptive gains. Start points are
 * drawn from N(0, 10⁻⁴) with the given seed, so the same input and seed give the same picture.
 */
public final class Tsne {
    static final int ITERATIONS = 1000;
    private static final int EXAGGERATED = 250;
    private static final double EXAGGERATION = 12;

    private Tsne() {
    }

    /**
     * max(n / (4·exaggeration), 50), the rate Belkina et al. (2019) recommend (n/12 for the gradient without
     * its factor 4): a fixed rate of 200 flings points of a small set far out during early exaggeration.
     */
    static double learningRate(int n) {
        return Math.max(n / (4 * EXAGGERATION), 50);
    }

    /** The largest usable perplexity for n points (each needs about 3·perplexity neighbours), at most {@code wanted}. */
    public static double perplexityFor(int n, double wanted) {
        return Math.max(2, Math.min(wanted, (n - 1) / 3.0));
    }

    public static Projection embed(float[][] rows, double perplexity, long seed) {
        int n = rows.length;
        if (n < 4) {
            throw new IllegalArgumentException("t-SNE needs at least 4 points, got " + n);
        }
        double[][] p = jointProbabilities(squaredDistances(rows), perplexity);
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] y = new double[n][2];
        for (double[] yi : y) {
            for (int c = 0; c < 2; c++) {
                yi[c] = 1e-2 * gaussian(rng);
            }
        }
        double[][] update = new double[n][2];
        double[][] gains = new double[n][2];
        for (double[] g : gains) {
            java.util.Arrays.fill(g, 1);
        }
        double[][] num = new double[n][n];
        double[][] grad = new double[n][2];
        double learningRate = learningRate(n);
        for (int it = 0; it < ITERATIONS; it++) {
            double exaggeration = it < EXAGGERATED ? EXAGGERATION : 1;
            double momentum = it < EXAGGERATED ? 0.5 : 0.8;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    double dx = y[i][0] - y[j][0];
                    double dy = y[i][1] - y[j][1];
                    double v = 1 / (1 + dx * dx + dy * dy);
                    num[i][j] = v;
                    num[j][i] = v;
                    sum += 2 * v;
                }
            }
            for (int i = 0; i < n; i++) {
                double gx = 0;
                double gy = 0;
                for (int j = 0; j < n; j++) {
                    if (j == i) {
                        continue;
                    }
                    double w = (exaggeration * p[i][j] - num[i][j] / sum) * num[i][j];
                    gx += w * (y[i][0] - y[j][0]);
                    gy += w * (y[i][1] - y[j][1]);
                }
                grad[i][0] = 4 * gx;
                grad[i][1] = 4 * gy;
            }
            double[] mean = new double[2];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < 2; c++) {
                    // grow the step where the gradient keeps its direction, shrink it where it flips
                    boolean flipped = (grad[i][c] > 0) != (update[i][c] > 0);
                    gains[i][c] = Math.max(0.01, flipped ? gains[i][c] + 0.2 : gains[i][c] * 0.8);
                    update[i][c] = momentum * update[i][c] - learningRate * gains[i][c] * grad[i][c];
                    y[i][c] += update[i][c];
                    mean[c] += y[i][c] / n;
                }
            }
            for (double[] yi : y) {
                yi[0] -= mean[0];
                yi[1] -= mean[1];
            }
        }
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(y[i][0]) || !Double.isFinite(y[i][1])) {
                throw new IllegalStateException("t-SNE diverged (point " + i + " is not finite)");
            }
            xs[i] = y[i][0];
            ys[i] = y[i][1];
        }
        return new Projection(xs, ys, String.format(java.util.Locale.ROOT, "t-SNE (perplexity %.0f)", perplexity), null);
    }

    static double[][] squaredDistances(float[][] rows) {
        int n = rows.length;
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0;
                for (int k = 0; k < rows[i].length; k++) {
                    double v = rows[i][k] - rows[j][k];
                    s += v * v;
                }
                d[i][j] = s;
                d[j][i] = s;
            }
        }
        return d;
    }

    /** Symmetrised affinities p_ij (zero diagonal, summing to 1), each row's bandwidth matched to the perplexity. */
    static double[][] jointProbabilities(double[][] d2, double perplexity) {
        int n = d2.length;
        double target = Math.log(perplexity); // entropy in nats
        double[][] cond = new double[n][n];
        for (int i = 0; i < n; i++) {
            double lo = 0;
            double hi = Double.POSITIVE_INFINITY;
            double beta = 1;
            // distances relative to the nearest neighbour keep exp() away from underflow at any scale
            double dmin = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    dmin = Math.min(dmin, d2[i][j]);
                }
            }
            double[] row = cond[i];
            for (int step = 0; step < 200; step++) {
                double z = 0;
                double weighted = 0;
                for (int j = 0; j < n; j++) {
                    if (j == i) {
                        row[j] = 0;
                        continue;
                    }
                    row[j] = Math.exp(-beta * (d2[i][j] - dmin));
                    z += row[j];
                    weighted += row[j] * (d2[i][j] - dmin);
                }
                // H = log z + β·E[d − dmin]
                double entropy = Math.log(z) + beta * weighted / z;
                for (int j = 0; j < n; j++) {
                    row[j] /= z;
                }
                if (Math.abs(entropy - target) < 1e-5) {
                    break;
                }
                if (entropy > target) {
                    lo = beta;
                    beta = hi == Double.POSITIVE_INFINITY ? beta * 2 : (beta + hi) / 2;
                } else {
                    hi = beta;
                    beta = (beta + lo) / 2;
                }
            }
        }
        double[][] p = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                p[i][j] = Math.max((cond[i][j] + cond[j][i]) / (2 * n), i == j ? 0 : 1e-12);
            }
        }
        return p;
    }

    private static double gaussian(SplittableRandom rng) {
        double u = 1 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
