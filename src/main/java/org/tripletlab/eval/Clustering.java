package org.tripletlab.eval;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.clustering.ClusterID;
import org.tribuo.clustering.ClusteringFactory;
import org.tribuo.clustering.kmeans.KMeansModel;
import org.tribuo.clustering.kmeans.KMeansTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.distance.L2Distance;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Clustering quality of embeddings: k-means with k = number of identities, then the agreement of
 * the clusters with the identities.
 *
 * <p>k-means is Tribuo's ({@code KMeansTrainer}, k-means++ initialisation, Euclidean distance, one
 * thread, the given seed, one run — no restarts), at most {@code maxIterations} Lloyd iterations.
 *
 * <p>Mutual information in nats over the contingency table of two labelings U, V of N items:
 * {@code MI = Σ n_ij/N · ln(N·n_ij / (a_i·b_j))}, entropies {@code H = −Σ a_i/N · ln(a_i/N)}.
 * <ul>
 *   <li><b>NMI</b> = MI / ((H(U) + H(V)) / 2) — the arithmetic-mean normalisation (scikit-learn's
 *   default). 1 when both labelings have a single cluster.</li>
 *   <li><b>AMI</b> = (MI − E[MI]) / ((H(U) + H(V)) / 2 − E[MI]) with E[MI] the expectation under
 *   random permutation of one labeling with the cluster sizes fixed (hypergeometric model of Vinh,
 *   Epps, Bailey 2010), computed exactly with log-factorials. 1 when both labelings are a single
 *   cluster or both put every item in its own cluster; 0 in expectation for independent
 *   labelings, and it can be negative.</li>
 * </ul>
 */
public final class Clustering {
    public static final int DEFAULT_MAX_ITERATIONS = 100;

    /** Tribuo logs every k-means iteration at INFO; kept referenced so the level sticks. */
    private static final java.util.logging.Logger TRIBUO_KMEANS_LOG =
            java.util.logging.Logger.getLogger(KMeansTrainer.class.getName());

    static {
        TRIBUO_KMEANS_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private Clustering() {
    }

    public record Result(int images, int identities, int k, long seed, int maxIterations, int nonEmptyClusters,
            double nmi, double ami) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("images", images);
            m.put("identities", identities);
            m.put("k", k);
            m.put("seed", seed);
            m.put("max_iterations", maxIterations);
            m.put("non_empty_clusters", nonEmptyClusters);
            m.put("nmi", nmi);
            m.put("ami", ami);
            m.put("normalisation", "arithmetic mean of entropies");
            return m;
        }
    }

    /** k-means with k = number of identities, scored by NMI and AMI against the labels. */
    public static Result evaluate(float[] e, int n, int dim, int[] labels, long seed) {
        return evaluate(e, n, dim, labels, seed, DEFAULT_MAX_ITERATIONS);
    }

    public static Result evaluate(float[] e, int n, int dim, int[] labels, long seed, int maxIterations) {
        Embeddings.check(e, n, dim, labels);
        int k = (int) Arrays.stream(labels).distinct().count();
        if (k < 2 || k >= n) {
            throw new IllegalArgumentException("clustering needs 2 ≤ identities < images, got " + k + " identities, "
                    + n + " images");
        }
        int[] clusters = kMeans(e, n, dim, k, maxIterations, seed);
        int nonEmpty = (int) Arrays.stream(clusters).distinct().count();
        return new Result(n, k, k, seed, maxIterations, nonEmpty, nmi(labels, clusters), ami(labels, clusters));
    }

    /** Tribuo k-means (k-means++, L2, 1 thread); returns each row's cluster index. */
    public static int[] kMeans(float[] e, int n, int dim, int k, int maxIterations, long seed) {
        ClusteringFactory factory = new ClusteringFactory();
        // A fixed date keeps Tribuo's provenance (not used here) independent of the clock.
        MutableDataset<ClusterID> data = new MutableDataset<>(new SimpleDataSourceProvenance("tripletlab embeddings",
                OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), factory), factory);
        String[] names = new String[dim];
        int width = Integer.toString(dim).length();
        for (int j = 0; j < dim; j++) {
            names[j] = String.format(Locale.ROOT, "e%0" + width + "d", j); // sorts in dimension order
        }
        List<Example<ClusterID>> examples = new ArrayList<>(n);
        double[] row = new double[dim];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                row[j] = e[i * dim + j];
            }
            ArrayExample<ClusterID> ex = new ArrayExample<>(factory.getUnknownOutput(), names, row.clone());
            examples.add(ex);
            data.add(ex);
        }
        KMeansTrainer trainer = new KMeansTrainer(k, maxIterations, new L2Distance(),
                KMeansTrainer.Initialisation.PLUSPLUS, 1, seed);
        KMeansModel model = trainer.train(data);
        List<Prediction<ClusterID>> pred = model.predict(examples);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = pred.get(i).getOutput().getID();
        }
        return out;
    }

    /** Contingency table in sparse form plus marginals. */
    private record Table(int n, int[] rowSizes, int[] colSizes, int[] cells) {
        static Table of(int[] u, int[] v) {
            if (u.length != v.length) {
                throw new IllegalArgumentException(u.length + " vs " + v.length + " labels");
            }
            if (u.length == 0) {
                throw new IllegalArgumentException("no items");
            }
            int[][] du = new int[1][];
            int[][] dv = new int[1][];
            int[] iu = Embeddings.classIndex(u, du);
            int[] iv = Embeddings.classIndex(v, dv);
            int[] rows = new int[du[0].length];
            int[] cols = new int[dv[0].length];
            long[] keys = new long[u.length];
            for (int i = 0; i < u.length; i++) {
                rows[iu[i]]++;
                cols[iv[i]]++;
                keys[i] = ((long) iu[i] << 32) | iv[i];
            }
            Arrays.sort(keys);
            int[] tmp = new int[u.length];
            int c = 0;
            int i = 0;
            while (i < keys.length) {
                int j = i;
                while (j < keys.length && keys[j] == keys[i]) {
                    j++;
                }
                tmp[c++] = j - i;
                i = j;
            }
            return new Table(u.length, rows, cols, Arrays.copyOf(tmp, c));
        }

        double mi() {
            // Σ n_ij/N ln(N n_ij / (a_i b_j)) = Σ n_ij/N ln n_ij + ln N − Σ a_i/N ln a_i − Σ b_j/N ln b_j
            double s = Math.log(n);
            for (int x : cells) {
                s += (double) x / n * Math.log(x);
            }
            for (int a : rowSizes) {
                s -= (double) a / n * Math.log(a);
            }
            for (int b : colSizes) {
                s -= (double) b / n * Math.log(b);
            }
            return Math.max(0, s);
        }
    }

    static double entropy(int[] sizes, int n) {
        double h = 0;
        for (int a : sizes) {
            if (a > 0) {
                double p = (double) a / n;
                h -= p * Math.log(p);
            }
        }
        return h;
    }

    /** Mutual information (nats). */
    public static double mutualInformation(int[] u, int[] v) {
        return Table.of(u, v).mi();
    }

    /** NMI with the arithmetic mean of the entropies. */
    public static double nmi(int[] u, int[] v) {
        Table t = Table.of(u, v);
        double hu = entropy(t.rowSizes, t.n);
        double hv = entropy(t.colSizes, t.n);
        if (hu == 0 && hv == 0) {
            return 1.0;
        }
        return Math.min(1.0, t.mi() / (0.5 * (hu + hv)));
    }

    /** AMI with the arithmetic mean of the entropies (see the class comment). */
    public static double ami(int[] u, int[] v) {
        Table t = Table.of(u, v);
        int n = t.n;
        int r = t.rowSizes.length;
        int c = t.colSizes.length;
        if ((r == 1 && c == 1) || (r == n && c == n)) {
            return 1.0;
        }
        double mi = t.mi();
        double emi = expectedMutualInformation(t.rowSizes, t.colSizes, n);
        double norm = 0.5 * (entropy(t.rowSizes, n) + entropy(t.colSizes, n));
        double den = norm - emi;
        double eps = Math.ulp(1.0);
        den = den < 0 ? Math.min(den, -eps) : Math.max(den, eps);
        return (mi - emi) / den;
    }

    /**
     * E[MI] under the hypergeometric (permutation) model. Depends on the marginals only through
     * the multiset of sizes, so the sum runs over distinct row sizes × distinct column sizes.
     */
    static double expectedMutualInformation(int[] rowSizes, int[] colSizes, int n) {
        double[] lf = new double[n + 1];
        for (int i = 2; i <= n; i++) {
            lf[i] = lf[i - 1] + Math.log(i);
        }
        int[][] ra = sizeCounts(rowSizes);
        int[][] cb = sizeCounts(colSizes);
        double emi = 0;
        for (int x = 0; x < ra[0].length; x++) {
            int a = ra[0][x];
            for (int y = 0; y < cb[0].length; y++) {
                int b = cb[0][y];
                double sum = 0;
                double fixed = lf[a] + lf[b] + lf[n - a] + lf[n - b] - lf[n];
                for (int k = Math.max(1, a + b - n); k <= Math.min(a, b); k++) {
                    double logP = fixed - lf[k] - lf[a - k] - lf[b - k] - lf[n - a - b + k];
                    sum += (double) k / n * Math.log((double) n * k / ((double) a * b)) * Math.exp(logP);
                }
                emi += (double) ra[1][x] * cb[1][y] * sum;
            }
        }
        return emi;
    }

    /** {distinct sizes, how many clusters have each}. */
    private static int[][] sizeCounts(int[] sizes) {
        int[] s = sizes.clone();
        Arrays.sort(s);
        int[] val = new int[s.length];
        int[] cnt = new int[s.length];
        int m = 0;
        for (int i = 0; i < s.length; i++) {
            if (m > 0 && val[m - 1] == s[i]) {
                cnt[m - 1]++;
            } else {
                val[m] = s[i];
                cnt[m++] = 1;
            }
        }
        return new int[][] {Arrays.copyOf(val, m), Arrays.copyOf(cnt, m)};
    }
}
