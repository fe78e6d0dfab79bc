package org.tripletlab.loss;

import java.util.Random;
import org.tripletlab.mining.MiningFixtures;
import org.tripletlab.mining.Triplets;

/** Double-precision oracles for the loss tests, computed from the embeddings, not from any D. */
final class LossFixtures {
    private LossFixtures() {
    }

    static float[] unitEmbeddings(Random r, int n, int dim) {
        return MiningFixtures.unitEmbeddings(r, n, dim);
    }

    /** Unit vectors near a per-identity centre, so most triplets are easy (loss 0) and some are not. */
    static float[] clustered(Random r, int[] labels, int dim, double spread) {
        int n = labels.length;
        float[] centres = unitEmbeddings(r, 64, dim);
        float[] e = new float[n * dim];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            double[] x = new double[dim];
            for (int k = 0; k < dim; k++) {
                x[k] = centres[(labels[i] % 64) * dim + k] + spread * r.nextGaussian();
                norm += x[k] * x[k];
            }
            norm = Math.sqrt(norm);
            for (int k = 0; k < dim; k++) {
                e[i * dim + k] = (float) (x[k] / norm);
            }
        }
        return e;
    }

    static int[] labels(Random r, int n, int identities) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(identities);
        }
        return labels;
    }

    /** ‖e_i − e_j‖² in double, by the definition. */
    static double sqDist(float[] e, int dim, int i, int j) {
        double s = 0;
        for (int k = 0; k < dim; k++) {
            double diff = (double) e[i * dim + k] - e[j * dim + k];
            s += diff * diff;
        }
        return s;
    }

    /** D[a,p] − D[a,n] + α per triplet, before the max with 0. */
    static double[] hingeArguments(float[] e, int dim, Triplets t, float margin) {
        double[] x = new double[t.size()];
        for (int i = 0; i < t.size(); i++) {
            x[i] = sqDist(e, dim, t.anchor(i), t.positive(i)) - sqDist(e, dim, t.anchor(i), t.negative(i)) + margin;
        }
        return x;
    }

    static double reduce(double[] hinge, Reduction r) {
        double sum = 0;
        int active = 0;
        for (double x : hinge) {
            double l = Math.max(x, 0);
            sum += l;
            if (l > 0) {
                active++;
            }
        }
        switch (r) {
            case SUM:
                return sum;
            case MEAN:
                return hinge.length == 0 ? 0 : sum / hinge.length;
            case MEAN_NONZERO:
                return active == 0 ? 0 : sum / active;
            default:
                throw new AssertionError(r);
        }
    }

    /** Smallest |D[a,p] − D[a,n] + α|: near 0 the float and double sides may disagree on activity. */
    static double closestToHinge(double[] hinge) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : hinge) {
            m = Math.min(m, Math.abs(x));
        }
        return m;
    }
}
