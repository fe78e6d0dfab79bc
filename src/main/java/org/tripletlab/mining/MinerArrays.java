package org.tripletlab.mining;

/** Small helpers shared by the miners. */
final class MinerArrays {
    /** Largest array length the JVM reliably allocates (a few header words below Integer.MAX_VALUE). */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private MinerArrays() {
    }

    /** Narrows a triplet count to an array length, failing loudly rather than overflowing. */
    static int checkedCapacity(long count) {
        if (count > MAX_ARRAY) {
            throw new IllegalStateException(
                    count + " triplets do not fit in Java arrays; use a smaller batch or another miner");
        }
        return (int) count;
    }
}
