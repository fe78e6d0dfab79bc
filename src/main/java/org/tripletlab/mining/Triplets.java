package org.tripletlab.mining;

/**
 * A list of mined triplets (anchor, positive, negative) as batch indices, plus how many anchor–positive
 * pairs needed the miner's fallback (semi-hard only) and how many were dropped.
 */
public final class Triplets {
    private final int[] anchors;
    private final int[] positives;
    private final int[] negatives;
    private final int size;
    private final int fallbacks;
    private final int skipped;

    public Triplets(int[] anchors, int[] positives, int[] negatives, int size, int fallbacks, int skipped) {
        if (anchors.length < size || positives.length < size || negatives.length < size) {
            throw new IllegalArgumentException("index arrays shorter than size " + size);
        }
        this.anchors = anchors;
        this.positives = positives;
        this.negatives = negatives;
        this.size = size;
        this.fallbacks = fallbacks;
        this.skipped = skipped;
    }

    public static Triplets empty() {
        return new Triplets(new int[0], new int[0], new int[0], 0, 0, 0);
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public int anchor(int t) {
        return anchors[t];
    }

    public int positive(int t) {
        return positives[t];
    }

    public int negative(int t) {
        return negatives[t];
    }

    /** Anchor–positive pairs for which the primary rule found no negative and the fallback chose one. */
    public int fallbacks() {
        return fallbacks;
    }

    /** Anchor–positive pairs (or anchors) that produced no triplet. */
    public int skipped() {
        return skipped;
    }

    /** Flat indices {@code a*n+p} into a row-major n×n matrix, for gathering D[a,p] on the tensor side. */
    public long[] anchorPositiveFlat(int n) {
        long[] out = new long[size];
        for (int t = 0; t < size; t++) {
            out[t] = (long) anchors[t] * n + positives[t];
        }
        return out;
    }

    /** Flat indices {@code a*n+n'} into a row-major n×n matrix, for gathering D[a,n'] on the tensor side. */
    public long[] anchorNegativeFlat(int n) {
        long[] out = new long[size];
        for (int t = 0; t < size; t++) {
            out[t] = (long) anchors[t] * n + negatives[t];
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Triplets[");
        for (int t = 0; t < Math.min(size, 8); t++) {
            sb.append('(').append(anchors[t]).append(',').append(positives[t]).append(',').append(negatives[t]).append(')');
        }
        if (size > 8) {
            sb.append("… ").append(size).append(" in all");
        }
        return sb.append(']').toString();
    }
}
