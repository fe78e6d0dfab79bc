package org.tripletlab.distance;

/**
 * Squared Euclidean distances of all unordered pairs of a set of embeddings, split into
 * same-identity pairs d(A,P) and different-identity pairs d(A,N), each D(i, j) computed by
 * {@link SquaredDistances#between} (Σ_k (e_ik − e_jk)² in float, k in order).
 *
 * @param same distances of pairs i &lt; j with equal labels
 * @param different distances of pairs i &lt; j with different labels
 */
public record PairDistances(float[] same, float[] different) {

    /** @param e row-major n × dim embeddings */
    public static PairDistances of(float[] e, int n, int dim, int[] labels) {
        int nSame = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (labels[i] == labels[j]) {
                    nSame++;
                }
            }
        }
        long pairs = (long) n * (n - 1) / 2;
        float[] same = new float[nSame];
        float[] diff = new float[(int) (pairs - nSame)];
        int s = 0;
        int d = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                float acc = SquaredDistances.between(e, i, j, dim);
                if (labels[i] == labels[j]) {
                    same[s++] = acc;
                } else {
                    diff[d++] = acc;
                }
            }
        }
        return new PairDistances(same, diff);
    }
}
