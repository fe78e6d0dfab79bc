package org.tripletlab.baseline;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.tripletlab.component.Component;
import org.tripletlab.component.ConfigView;
import org.tripletlab.component.Setting;
import org.tripletlab.projection.LinearProjection;
import org.tripletlab.projection.PrincipalComponents;
import org.tripletlab.projection.SymmetricEigen;

/**
 * Fisherfaces (Belhumeur, Hespanha &amp; Kriegman 1997): PCA, then Fisher's linear discriminant.
 *
 * <p>With n training images of c identities, PCA first reduces the pixels to r ≤ n − c dimensions
 * (so that the within-class scatter can be full rank): z_i = P(x_i − μ). In that space, with class
 * means m_y, overall mean m and class sizes n_y,
 * <pre>  S_w = Σ_i (z_i − m_{y_i})(z_i − m_{y_i})ᵀ,     S_b = Σ_y n_y (m_y − m)(m_y − m)ᵀ</pre>
 * LDA keeps the k ≤ c − 1 directions a maximising aᵀS_b a / aᵀS_w a, the top solutions of
 * S_b a = λ S_w a. They are found by whitening S_w: with S_w = E Λ Eᵀ and
 * S = E Λ^{−1/2} Eᵀ (eigenvalues floored at 1e−6·λ_max, a small ridge), take the top
 * eigenvectors v of S S_b S and a = S v. The embedding is the L2-normalised y = AᵀP(x − μ),
 * stored as one {@link LinearProjection} with rows (P ᵀa_j).
 */
public final class Fisherfaces implements BaselineKind {
    /** Default cap on the PCA stage when baseline.pca_components is unset. */
    public static final int DEFAULT_PCA_CAP = 512;

    public static final String NAME = "fisherfaces";
    static final Fisherfaces KIND = new Fisherfaces();

    static final Setting PCA_COMPONENTS = new Setting("baseline.pca_components", Setting.Type.INT, null, true, 1.0, 100000.0,
            List.of(), "fisherfaces: PCA dimensions before LDA; null = min(images − identities, " + DEFAULT_PCA_CAP + ")");

    /** Config name and keys: {@code baseline.components} (k, LDA dimensions) and {@code baseline.pca_components}. */
    public static final Component<BaselineKind> COMPONENT = Component.<BaselineKind>named(NAME,
            "Fisherfaces (Belhumeur et al. 1997): PCA, then Fisher's linear discriminant over the training identities")
            .key(BaselineKeys.COMPONENTS).key(PCA_COMPONENTS).build(c -> KIND);

    private Fisherfaces() {
    }

    @Override
    public boolean fitted() {
        return true;
    }

    @Override
    public String afterPca() {
        return ", then LDA";
    }

    @Override
    public LinearProjection fit(ConfigView config, float[][] x, int[] labels, long seed, Map<String, Object> fitted) {
        Fit f = fit(x, labels, config.getIntOrNull(PCA_COMPONENTS.path()), config.getInt(BaselineKeys.COMPONENTS.path()), seed);
        fitted.put("pca_components", f.pcaDims());
        fitted.put("classes", f.classes());
        fitted.put("components", f.projection().outputDim());
        fitted.put("fisher_ratios_top", Arrays.copyOf(f.ratios(), Math.min(10, f.ratios().length)));
        return f.projection();
    }

    @Override
    public String label(UnaryOperator<String> key) {
        return "Fisherfaces (PCA → LDA, " + key.apply(BaselineKeys.COMPONENTS.path()) + " dims)";
    }

    @Override
    public int reportOrder() {
        return 2;
    }

    /**
     * @param ratios the generalized eigenvalues aᵀS_b a / aᵀS_w a of the kept directions, descending
     * @param pcaDims r, the dimensions of the PCA stage
     * @param classes c
     */
    public record Fit(LinearProjection projection, double[] ratios, int pcaDims, int classes) {
    }

    /**
     * @param pcaDims r, or null for min(n − c, {@value #DEFAULT_PCA_CAP}); always capped at n − c
     * @param k LDA dimensions wanted; capped at c − 1
     */
    public static Fit fit(float[][] x, int[] labels, Integer pcaDims, int k, long seed) {
        int n = x.length;
        if (labels.length != n) {
            throw new IllegalArgumentException(labels.length + " labels for " + n + " images");
        }
        int[] distinct = Arrays.stream(labels).distinct().sorted().toArray();
        int c = distinct.length;
        if (c < 2) {
            throw new IllegalArgumentException("fisherfaces needs at least 2 identities, got " + c);
        }
        if (n - c < 1) {
            throw new IllegalArgumentException("fisherfaces needs more images than identities (" + n + " images, " + c + " identities)");
        }
        int[] cls = new int[n];
        for (int i = 0; i < n; i++) {
            cls[i] = Arrays.binarySearch(distinct, labels[i]);
        }
        int r = Math.min(pcaDims != null ? pcaDims : DEFAULT_PCA_CAP, n - c);
        float[] mean = Eigenfaces.mean(x);
        float[][] centred = Eigenfaces.centred(x, mean);
        PrincipalComponents.Result pcs = PrincipalComponents.top(centred, r, seed);
        r = pcs.count();
        if (r == 0) {
            throw new IllegalArgumentException("the training images do not vary; nothing to discriminate");
        }
        double[][] z = PrincipalComponents.times(centred, pcs.components()); // n × r

        double[][] classMean = new double[c][r];
        int[] size = new int[c];
        double[] all = new double[r];
        for (int i = 0; i < n; i++) {
            size[cls[i]]++;
            for (int j = 0; j < r; j++) {
                classMean[cls[i]][j] += z[i][j];
                all[j] += z[i][j];
            }
        }
        for (int y = 0; y < c; y++) {
            for (int j = 0; j < r; j++) {
                classMean[y][j] /= size[y];
            }
        }
        for (int j = 0; j < r; j++) {
            all[j] /= n;
        }
        double[][] sw = new double[r][r];
        double[] dev = new double[r];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < r; j++) {
                dev[j] = z[i][j] - classMean[cls[i]][j];
            }
            addOuter(sw, dev, 1);
        }
        double[][] sb = new double[r][r];
        for (int y = 0; y < c; y++) {
            for (int j = 0; j < r; j++) {
                dev[j] = classMean[y][j] - all[j];
            }
            addOuter(sb, dev, size[y]);
        }
        symmetrise(sw);
        symmetrise(sb);

        SymmetricEigen we = SymmetricEigen.of(sw);
        double floor = 1e-6 * Math.max(we.values()[0], 1e-300);
        double[][] s = new double[r][r]; // S_w^{-1/2}
        for (int e = 0; e < r; e++) {
            double inv = 1 / Math.sqrt(Math.max(we.values()[e], floor));
            double[] v = we.vectors()[e];
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < r; j++) {
                    s[i][j] += inv * v[i] * v[j];
                }
            }
        }
        double[][] m = multiply(multiply(s, sb), s);
        symmetrise(m);
        SymmetricEigen be = SymmetricEigen.of(m);
        int kept = Math.min(Math.min(k, c - 1), r);
        float[][] rows = new float[kept][];
        double[] ratios = new double[kept];
        int d = mean.length;
        for (int j = 0; j < kept; j++) {
            ratios[j] = be.values()[j];
            double[] a = new double[r];
            for (int i = 0; i < r; i++) {
                for (int t = 0; t < r; t++) {
                    a[i] += s[i][t] * be.vectors()[j][t];
                }
            }
            double[] w = new double[d];
            for (int i = 0; i < r; i++) {
                double[] p = pcs.components()[i];
                for (int q = 0; q < d; q++) {
                    w[q] += a[i] * p[q];
                }
            }
            rows[j] = Eigenfaces.toFloat(w, 1);
        }
        return new Fit(new LinearProjection(mean, rows), ratios, r, c);
    }

    private static void addOuter(double[][] m, double[] v, double weight) {
        for (int i = 0; i < v.length; i++) {
            double vi = weight * v[i];
            for (int j = i; j < v.length; j++) {
                m[i][j] += vi * v[j];
            }
        }
    }

    /** Copies the upper triangle to the lower one (addOuter fills only the upper). */
    private static void symmetrise(double[][] m) {
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < i; j++) {
                m[i][j] = m[j][i];
            }
        }
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        int p = b[0].length;
        double[][] out = new double[n][p];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < b.length; t++) {
                double ait = a[i][t];
                for (int j = 0; j < p; j++) {
                    out[i][j] += ait * b[t][j];
                }
            }
        }
        return out;
    }
}
