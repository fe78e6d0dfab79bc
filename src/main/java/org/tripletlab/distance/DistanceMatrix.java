package org.tripletlab.distance;

/**
 * Squared Euclidean distances between the n embeddings of a batch, row-major in a plain
 * {@code float[n*n]}: {@code D[i,j] = ‖e_i − e_j‖²}.
 *
 * <p>Miners work on this detached copy rather than on NDArrays: at the batch sizes used for
 * triplet training a tight Java loop over a copied array is faster than a chain of tensor ops, and
 * it keeps mining out of the autograd graph by construction.
 */
public final class DistanceMatrix {
    private final float[] values;
    private final int n;

    public DistanceMatrix(float[] values, int n) {
        if (values.length != (long) n * n) {
            throw new IllegalArgumentException(
                    "distance matrix needs " + n + "×" + n + " values, got " + values.length);
        }
        this.values = values;
        this.n = n;
    }

    /** Computes D from row-major embeddings {@code e[n*dim]} as sums of squared differences (never negative). */
    public static DistanceMatrix fromEmbeddings(float[] e, int n, int dim) {
        if (e.length != (long) n * dim) {
            throw new IllegalArgumentException("embeddings need " + n + "×" + dim + " values, got " + e.length);
        }
        float[] d = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                float s = 0f;
                int oi = i * dim;
                int oj = j * dim;
                for (int k = 0; k < dim; k++) {
                    float diff = e[oi + k] - e[oj + k];
                    s += diff * diff;
                }
                d[i * n + j] = s;
                d[j * n + i] = s;
            }
        }
        return new DistanceMatrix(d, n);
    }

    public int size() {
        return n;
    }

    public float get(int i, int j) {
        return values[i * n + j];
    }

    /** The backing row-major array (not copied). */
    public float[] values() {
        return values;
    }
}
