package org.tripletlab.eval;

import java.util.Arrays;

/** Shared helpers for metrics over row-major n × dim embeddings (squared L2). Package-private. */
final class Embeddings {
    private Embeddings() {
    }

    static void check(float[] e, int n, int dim, int[] labels) {
        if (n < 0 || dim <= 0 || (long) n * dim != e.length) {
            throw new IllegalArgumentException("embeddings have " + e.length + " values, expected n × dim = "
                    + n + " × " + dim);
        }
        if (labels.length != n) {
            throw new IllegalArgumentException(labels.length + " labels for " + n + " embeddings");
        }
    }

    /** Sortable (distance, index) key: orders by distance, then by index. */
    static long key(float d, int index) {
        int bits = Float.floatToIntBits(d + 0.0f);
        bits ^= (bits >> 31) & 0x7fffffff;
        return ((long) bits << 32) | index;
    }

    /** Distinct labels, ascending, and each element's class index into that array. */
    static int[] classIndex(int[] labels, int[][] distinctOut) {
        int[] distinct = Arrays.stream(labels).distinct().sorted().toArray();
        int[] idx = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            idx[i] = Arrays.binarySearch(distinct, labels[i]);
        }
        distinctOut[0] = distinct;
        return idx;
    }
}
