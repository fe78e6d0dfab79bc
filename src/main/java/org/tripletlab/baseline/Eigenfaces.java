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

/**
 * Eigenfaces (Turk &amp; Pentland 1991): the k directions of largest variance of the training
 * faces.
 *
 * <p>With training pixel vectors x_i (n of them), mean μ and covariance C = (1/n)·Σ (x_i − μ)(x_i − μ)ᵀ,
 * the projection rows are the top-k unit eigenvectors u_j of C (eigenvalues λ_1 ≥ … ≥ λ_k), found by
 * {@link PrincipalComponents}. With whitening each row is u_j / √λ_j, so every component has unit
 * variance on the training set. The embedding is the L2-normalised projection (see
 * {@link LinearProjection}).
 */
public final class Eigenfaces implements BaselineKind {
    public static final String NAME = "eigenfaces";
    static final Eigenfaces KIND = new Eigenfaces();

    static final Setting WHITEN = new Setting("baseline.whiten", Setting.Type.BOOLEAN, false, false, null, null, List.of(),
            "eigenfaces: divide each component by the square root of its eigenvalue");

    /** Config name and keys: {@code baseline.components} (k) and {@code baseline.whiten}. */
    public static final Component<BaselineKind> COMPONENT = Component.<BaselineKind>named(NAME,
            "Eigenfaces (Turk & Pentland 1991): the top principal components of the training faces")
            .key(BaselineKeys.COMPONENTS).key(WHITEN).build(c -> KIND);

    private Eigenfaces() {
    }

    @Override
    public boolean fitted() {
        return true;
    }

    @Override
    public LinearProjection fit(ConfigView config, float[][] x, int[] labels, long seed, Map<String, Object> fitted) {
        boolean whiten = config.getBoolean(WHITEN.path());
        Fit f = fit(x, config.getInt(BaselineKeys.COMPONENTS.path()), whiten, seed);
        double kept = Arrays.stream(f.variances()).sum();
        fitted.put("components", f.projection().outputDim());
        fitted.put("whiten", whiten);
        fitted.put("explained_variance", kept / f.totalVariance());
        return f.projection();
    }

    @Override
    public String label(UnaryOperator<String> key) {
        return "Eigenfaces (PCA, " + key.apply(BaselineKeys.COMPONENTS.path()) + " components"
                + ("true".equals(key.apply(WHITEN.path())) ? ", whitened" : "") + ")";
    }

    @Override
    public int reportOrder() {
        return 1;
    }

    /** The fitted projection and the variance along each kept direction. */
    public record Fit(LinearProjection projection, double[] variances, double totalVariance) {
    }

    public static Fit fit(float[][] x, int k, boolean whiten, long seed) {
        float[] mean = mean(x);
        float[][] centred = centred(x, mean);
        PrincipalComponents.Result pcs = PrincipalComponents.top(centred, k, seed);
        if (pcs.count() == 0) {
            throw new IllegalArgumentException("the training images do not vary; no principal component to keep");
        }
        float[][] rows = new float[pcs.count()][];
        for (int j = 0; j < rows.length; j++) {
            double scale = whiten ? 1 / Math.sqrt(pcs.variances()[j]) : 1;
            rows[j] = toFloat(pcs.components()[j], scale);
        }
        return new Fit(new LinearProjection(mean, rows), pcs.variances(), totalVariance(centred));
    }

    static float[] mean(float[][] x) {
        int d = x[0].length;
        double[] m = new double[d];
        for (float[] r : x) {
            for (int c = 0; c < d; c++) {
                m[c] += r[c];
            }
        }
        float[] out = new float[d];
        for (int c = 0; c < d; c++) {
            out[c] = (float) (m[c] / x.length);
        }
        return out;
    }

    static float[][] centred(float[][] x, float[] mean) {
        float[][] out = new float[x.length][mean.length];
        for (int i = 0; i < x.length; i++) {
            for (int c = 0; c < mean.length; c++) {
                out[i][c] = x[i][c] - mean[c];
            }
        }
        return out;
    }

    static double totalVariance(float[][] centred) {
        double s = 0;
        for (float[] r : centred) {
            for (float v : r) {
                s += (double) v * v;
            }
        }
        return s / centred.length;
    }

    static float[] toFloat(double[] v, double scale) {
        float[] out = new float[v.length];
        for (int c = 0; c < v.length; c++) {
            out[c] = (float) (v[c] * scale);
        }
        return out;
    }
}
