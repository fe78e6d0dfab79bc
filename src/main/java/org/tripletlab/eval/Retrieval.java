package org.tripletlab.eval;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tripletlab.distance.SquaredDistances;

/**
 * Retrieval metrics over a labelled set of embeddings (Musgrave, Belongie, Lim 2020, "A Metric
 * Learning Reality Check"): every image is a query against all <em>other</em> images, ranked by
 * squared L2 distance (ties in distance ranked by image index). For a query with R other images of
 * its identity and rel(i) = 1 when the i-th ranked image shares the query's identity:
 * <ul>
 *   <li>precision@1 = rel(1);</li>
 *   <li>R-precision = (1/R) Σ_{i≤R} rel(i);</li>
 *   <li>MAP@R = (1/R) Σ_{i≤R} P(i)·rel(i), with P(i) = (1/i) Σ_{j≤i} rel(j).</li>
 * </ul>
 * Each is averaged over the queries with R ≥ 1; queries with R = 0 (an identity's only image) are
 * skipped and counted. Only a query's first R ranks are read, so each query selects its R nearest
 * (distance, index) keys and sorts just those ({@link SmallestKeys}): exactly the first R of a full
 * sort, at O(n + R log R) per query instead of O(n log n). Cost O(n²·dim) for the distances (or a
 * precomputed matrix) + O(n² + Σ R log R); one distance row in memory at a time.
 *
 * @see #evaluate
 */
public final class Retrieval {
    private Retrieval() {
    }

    /**
     * @param queries queries scored (R ≥ 1)
     * @param skipped queries with R = 0, left out of every mean
     */
    public record Result(int images, int queries, int skipped, double precisionAt1, double rPrecision, double mapAtR) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("images", images);
            m.put("queries", queries);
            m.put("skipped_no_other_image", skipped);
            m.put("precision_at_1", precisionAt1);
            m.put("r_precision", rPrecision);
            m.put("map_at_r", mapAtR);
            return m;
        }
    }

    /** @param e row-major n × dim embeddings; labels[i] is image i's identity */
    public static Result evaluate(float[] e, int n, int dim, int[] labels) {
        Embeddings.check(e, n, dim, labels);
        return evaluate(SquaredDistances.of(e, n, dim), labels);
    }

    /** As {@link #evaluate(float[], int, int, int[])} on given distances. */
    public static Result evaluate(SquaredDistances dist, int[] labels) {
        int n = dist.n();
        if (labels.length != n) {
            throw new IllegalArgumentException(labels.length + " labels for " + n + " items");
        }
        int[][] distinct = new int[1][];
        int[] cls = Embeddings.classIndex(labels, distinct);
        int[] size = new int[distinct[0].length];
        for (int c : cls) {
            size[c]++;
        }
        long[] keys = new long[Math.max(0, n - 1)];
        boolean[] rel = new boolean[Math.max(0, n - 1)];
        int queries = 0;
        int skipped = 0;
        double p1 = 0;
        double rp = 0;
        double map = 0;
        for (int q = 0; q < n; q++) {
            int r = size[cls[q]] - 1;
            if (r == 0) {
                skipped++;
                continue;
            }
            int m = 0;
            for (int j = 0; j < n; j++) {
                if (j != q) {
                    keys[m++] = Embeddings.key(dist.at(q, j), j);
                }
            }
            SmallestKeys.selectSorted(keys, m, r);
            for (int i = 0; i < r; i++) {
                rel[i] = cls[(int) keys[i]] == cls[q];
            }
            double[] s = score(rel, r);
            p1 += s[0];
            rp += s[1];
            map += s[2];
            queries++;
        }
        return new Result(n, queries, skipped, queries == 0 ? Double.NaN : p1 / queries,
                queries == 0 ? Double.NaN : rp / queries, queries == 0 ? Double.NaN : map / queries);
    }

    /**
     * Scores of one ranking: {precision@1, R-precision, MAP@R} given rel(1..R) in rank order.
     *
     * @param rel relevance of the first r ranked items (only rel[0..r) is read)
     */
    static double[] score(boolean[] rel, int r) {
        int hits = 0;
        double ap = 0;
        for (int i = 0; i < r; i++) {
            if (rel[i]) {
                hits++;
                ap += (double) hits / (i + 1);
            }
        }
        return new double[] {rel[0] ? 1 : 0, (double) hits / r, ap / r};
    }
}
