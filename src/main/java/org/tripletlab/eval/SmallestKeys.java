package org.tripletlab.eval;

import java.util.Arrays;

/**
 * Puts the k smallest of m distinct {@code long} keys first, in ascending order — what a full sort
 * gives in its first k places, at O(m + k log k) expected cost instead of O(m log m).
 *
 * <p>Quickselect (median-of-three pivots) narrows the range that holds the k-th smallest key until
 * the k smallest fill {@code keys[0..k)}; those are then sorted. Because the keys are distinct (a
 * retrieval key is a distance and an index, {@link Embeddings#key}), the k smallest are one set and
 * their sorted order is unique: the result is exactly {@code Arrays.sort}'s first k, whatever pivots
 * were chosen. A range that needs more than {@code 2·log₂ m} partitions (adversarial input) is sorted
 * outright, so the worst case stays O(m log m).
 */
final class SmallestKeys {
    private SmallestKeys() {
    }

    /**
     * Reorders {@code keys[0..m)} so that {@code keys[0..k)} holds its k smallest keys in ascending order
     * (the rest in no particular order).
     *
     * @param keys distinct keys
     * @param m how many of {@code keys} take part
     * @param k 0 ≤ k ≤ m
     */
    static void selectSorted(long[] keys, int m, int k) {
        if (k < 0 || k > m || m > keys.length) {
            throw new IllegalArgumentException("k = " + k + ", m = " + m + ", keys " + keys.length);
        }
        if (k == 0) {
            return;
        }
        if (k < m) {
            select(keys, m, k - 1);
        }
        Arrays.sort(keys, 0, k);
    }

    /** Moves the key of rank {@code target} (0-based) to {@code keys[target]}, smaller ones before it. */
    private static void select(long[] keys, int m, int target) {
        int lo = 0;
        int hi = m - 1;
        int budget = 2 * (32 - Integer.numberOfLeadingZeros(m));
        while (hi > lo) {
            if (budget-- == 0) {
                Arrays.sort(keys, lo, hi + 1);
                return;
            }
            long pivot = medianOfThree(keys[lo], keys[lo + (hi - lo) / 2], keys[hi]);
            // Hoare partition: afterwards keys[lo..j] ≤ pivot ≤ keys[i..hi], j < i.
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (keys[i] < pivot) {
                    i++;
                }
                while (keys[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long t = keys[i];
                    keys[i] = keys[j];
                    keys[j] = t;
                    i++;
                    j--;
                }
            }
            if (target <= j) {
                hi = j;
            } else if (target >= i) {
                lo = i;
            } else {
                return; // keys[j+1..i-1] equal the pivot: with distinct keys, target sits there already
            }
        }
    }

    private static long medianOfThree(long a, long b, long c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
