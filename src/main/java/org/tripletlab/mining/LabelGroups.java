package org.tripletlab.mining;

import java.util.Arrays;
import org.tripletlab.distance.DistanceMatrix;

/**
 * The identities of one batch, grouped without boxing: {@code members} lists batch indices sorted by
 * (label, index), group {@code g} occupies {@code members[start[g] .. start[g+1])}, and
 * {@code groupOf[i]} is the group of batch element i.
 *
 * <p>Miners need "the positives of a" and "the negatives of a" for every anchor; computing these
 * once per batch turns the inner loops into plain array scans instead of label comparisons.
 * Package-private because it is a detail of the miners.
 */
final class LabelGroups {
    final int n;
    final int[] members;
    final int[] start;
    final int[] groupOf;
    private final int[][] negativesCache;

    private LabelGroups(int n, int[] members, int[] start, int[] groupOf) {
        this.n = n;
        this.members = members;
        this.start = start;
        this.groupOf = groupOf;
        this.negativesCache = new int[start.length - 1][];
    }

    static LabelGroups of(DistanceMatrix d, int[] labels) {
        int n = d.size();
        if (labels.length != n) {
            throw new IllegalArgumentException(
                    "labels has " + labels.length + " entries but the distance matrix is " + n + "×" + n);
        }
        // (label << 32) | index sorts by label, then by index, for any int label (the low word of
        // (long) label << 32 is zero, so OR-ing a non-negative index cannot carry into the label).
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = ((long) labels[i] << 32) | i;
        }
        Arrays.sort(keys);
        int[] members = new int[n];
        int[] groupOf = new int[n];
        int[] start = new int[n + 1];
        int groups = 0;
        for (int k = 0; k < n; k++) {
            int idx = (int) keys[k];
            members[k] = idx;
            if (k == 0 || (int) (keys[k] >> 32) != (int) (keys[k - 1] >> 32)) {
                start[groups++] = k;
            }
            groupOf[idx] = groups - 1;
        }
        start[groups] = n;
        return new LabelGroups(n, members, Arrays.copyOf(start, groups + 1), groupOf);
    }

    int groupCount() {
        return start.length - 1;
    }

    int groupSize(int g) {
        return start[g + 1] - start[g];
    }

    /** Number of ordered anchor–positive pairs, Σ_g n_g (n_g − 1). */
    long orderedPairs() {
        long s = 0;
        for (int g = 0; g < groupCount(); g++) {
            long m = groupSize(g);
            s += m * (m - 1);
        }
        return s;
    }

    /**
     * Batch indices of the other identities, ascending, computed once per group: ascending order
     * makes "lowest index wins" tie-breaking a matter of strict comparisons in a forward scan.
     */
    int[] negativesOf(int g) {
        int[] negs = negativesCache[g];
        if (negs == null) {
            negs = new int[n - groupSize(g)];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (groupOf[i] != g) {
                    negs[k++] = i;
                }
            }
            negativesCache[g] = negs;
        }
        return negs;
    }
}
