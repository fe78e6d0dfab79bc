package org.tripletlab.util;

import java.util.random.RandomGenerator;

/**
 * The stream of {@code new java.util.SplittableRandom(seed)}, bit for bit, with a state that can be
 * read and set: what lets a killed training resume with the very draws it would have made.
 *
 * <p>The algorithm is SplitMix64 (Steele, Lea, Flood 2014) as JDK 17's {@code SplittableRandom}
 * runs it: a 64-bit {@code seed} advanced by a fixed odd {@code gamma} (for a seeded instance the
 * golden gamma {@code 0x9e3779b97f4a7c15}) at every draw, and the new seed mixed:
 * <pre>
 *   seed ← seed + gamma
 *   nextLong() = mix64(seed)   (Stafford's variant 13: z ^= z≫30; z *= 0xbf58476d1ce4e5b9; z ^= z≫27; z *= 0x94d049bb133111eb; z ^ z≫31)
 *   nextInt()  = mix32(seed)   (z ^= z≫33; z *= 0x62a9d9ed799705f5; ((z ^ z≫28) · 0xcb24d0a5c88c35b3) ≫ 32)
 * </pre>
 * with unsigned shifts and wrap-around arithmetic. JDK 17's {@code SplittableRandom} overrides only
 * {@code nextInt()}, {@code nextLong()} and {@code nextBytes} of {@link RandomGenerator}; every other
 * draw ({@code nextInt(bound)}, {@code nextInt(origin, bound)}, {@code nextLong(bound)},
 * {@code nextDouble()}, {@code nextFloat()}, {@code nextBoolean()}, …) is the interface's default
 * built on those two, so implementing the same two here makes every default draw identical too.
 *
 * <p>Not thread-safe, like {@code SplittableRandom}. Splitting is not offered: the training path
 * never splits.
 */
public final class RestorableRandom implements RandomGenerator {
    /** SplittableRandom's gamma for a seeded instance: 2^64 / φ, rounded to odd. */
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private long seed;
    private long gamma;

    /** The same stream as {@code new SplittableRandom(seed)}. */
    public RestorableRandom(long seed) {
        this.seed = seed;
        this.gamma = GOLDEN_GAMMA;
    }

    private RestorableRandom(long seed, long gamma) {
        this.seed = seed;
        this.gamma = gamma;
    }

    /** A generator in the state {@link #state()} returned: it continues that stream exactly. */
    public static RestorableRandom restored(long[] state) {
        if (state == null || state.length != 2 || (state[1] & 1L) == 0) {
            throw new IllegalArgumentException("not a RestorableRandom state (two longs, the second odd): "
                    + java.util.Arrays.toString(state));
        }
        return new RestorableRandom(state[0], state[1]);
    }

    /** {@code {seed, gamma}}: everything the rest of the stream depends on. */
    public long[] state() {
        return new long[] {seed, gamma};
    }

    /** Continues from {@code state} (as returned by {@link #state()}), in place. */
    public void restore(long[] state) {
        RestorableRandom r = restored(state);
        this.seed = r.seed;
        this.gamma = r.gamma;
    }

    private long nextSeed() {
        return seed += gamma;
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static int mix32(long z) {
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }

    @Override
    public int nextInt() {
        return mix32(nextSeed());
    }

    @Override
    public long nextLong() {
        return mix64(nextSeed());
    }
}
