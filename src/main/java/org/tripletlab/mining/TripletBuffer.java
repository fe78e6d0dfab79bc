package org.tripletlab.mining;

import java.util.Arrays;

/**
 * The triplets a miner collects for one batch, in the order it finds them, with its counts of
 * fallback picks and skipped pairs; {@link #build} hands them over as {@link Triplets}.
 *
 * <p>Why one class: every miner fills the same three parallel index arrays and the same two counters.
 * The capacity is fixed up front from an exact upper bound the miner knows (one triplet per ordered
 * anchor–positive pair, one per anchor, or every valid triplet), so adding never grows or copies, and
 * the arrays stay plain {@code int[]} for the loss to read.
 */
final class TripletBuffer {
    /** Largest array length the JVM reliably allocates (a few header words below Integer.MAX_VALUE). */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final int[] anchors;
    private final int[] positives;
    private final int[] negatives;
    private int size;
    private int fallbacks;
    private int skipped;

    /**
     * @param capacity an upper bound on the triplets this batch can give
     * @throws IllegalStateException if that many triplets do not fit in Java arrays
     */
    TripletBuffer(long capacity) {
        int cap = checkedCapacity(capacity);
        anchors = new int[cap];
        positives = new int[cap];
        negatives = new int[cap];
    }

    /** Room for one triplet per ordered anchor–positive pair of the batch. */
    static TripletBuffer onePerPair(LabelGroups groups) {
        return new TripletBuffer(groups.orderedPairs());
    }

    /** Narrows a count to an array length, failing loudly rather than overflowing. */
    static int checkedCapacity(long count) {
        if (count > MAX_ARRAY) {
            throw new IllegalStateException(
                    count + " triplets do not fit in Java arrays; use a smaller batch or another miner");
        }
        return (int) count;
    }

    void add(int a, int p, int n) {
        anchors[size] = a;
        positives[size] = p;
        negatives[size] = n;
        size++;
    }

    /** Adds a triplet whose negative the miner's fallback chose (no negative met its rule). */
    void addFallback(int a, int p, int n) {
        add(a, p, n);
        fallbacks++;
    }

    /** Adds (a, p, n) for every n of {@code ns[0 .. len)}, in that order. */
    void addAll(int a, int p, int[] ns, int len) {
        Arrays.fill(anchors, size, size + len, a);
        Arrays.fill(positives, size, size + len, p);
        System.arraycopy(ns, 0, negatives, size, len);
        size += len;
    }

    /** Counts one anchor–positive pair (or anchor) that gives no triplet. */
    void skip() {
        skipped++;
    }

    /** Counts {@code count} pairs that give no triplet. */
    void skip(long count) {
        skipped += checkedCapacity(count);
    }

    Triplets build() {
        return new Triplets(anchors, positives, negatives, size, fallbacks, skipped);
    }
}
