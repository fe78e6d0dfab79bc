package org.tripletlab.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link RestorableRandom} draws exactly what {@link SplittableRandom} draws, and its state continues the stream. */
class RestorableRandomTest {
    private static final long[] SEEDS = {0L, 1L, -1L, 42L ^ 0xA11CE5L, 7L ^ 0x0BA7C4E5L, Long.MIN_VALUE, 0x9e3779b97f4a7c15L};
    /** Bounds that are powers of two, odd, just above a power of two (most rejections), and extreme. */
    private static final int[] INT_BOUNDS = {1, 2, 3, 7, 8, 10, 64, 100, 257, 1 << 30, (1 << 30) + 1, Integer.MAX_VALUE};

    @Test
    void everyDrawTheTrainingPathMakesMatchesSplittableRandom() {
        int draws = 0;
        for (long seed : SEEDS) {
            SplittableRandom want = new SplittableRandom(seed);
            RestorableRandom got = new RestorableRandom(seed);
            for (int i = 0; i < 150_000; i++) {
                // Interleaved, so a draw that consumed a different number of seeds would desynchronise the rest.
                assertEquals(want.nextInt(), got.nextInt());
                assertEquals(want.nextLong(), got.nextLong());
                int b = INT_BOUNDS[i % INT_BOUNDS.length];
                assertEquals(want.nextInt(b), got.nextInt(b), "nextInt(" + b + ")");
                int dynamic = 1 + (i % 1000); // as in partial Fisher–Yates: nextInt(n − j)
                assertEquals(want.nextInt(dynamic), got.nextInt(dynamic));
                assertEquals(want.nextInt(-3, 4), got.nextInt(-3, 4));
                assertEquals(want.nextInt(-5, 11), got.nextInt(-5, 11));
                assertEquals(want.nextInt(Integer.MIN_VALUE, Integer.MAX_VALUE), got.nextInt(Integer.MIN_VALUE, Integer.MAX_VALUE));
                long lb = i % 2 == 0 ? 1L << (i % 63) : 1 + (i * 7919L) % 1_000_003L;
                assertEquals(want.nextLong(lb), got.nextLong(lb), "nextLong(" + lb + ")");
                assertEquals(want.nextLong(-9, 1L << 40), got.nextLong(-9, 1L << 40));
                assertEquals(Double.doubleToRawLongBits(want.nextDouble()), Double.doubleToRawLongBits(got.nextDouble()));
                assertEquals(Double.doubleToRawLongBits(want.nextDouble(0.5, 2.5)), Double.doubleToRawLongBits(got.nextDouble(0.5, 2.5)));
                assertEquals(Float.floatToRawIntBits(want.nextFloat()), Float.floatToRawIntBits(got.nextFloat()));
                assertEquals(want.nextBoolean(), got.nextBoolean());
                assertEquals(Double.doubleToRawLongBits(want.nextGaussian()), Double.doubleToRawLongBits(got.nextGaussian()));
                draws += 17;
            }
        }
        assertEquals(SEEDS.length * 150_000 * 17, draws);
    }

    @Test
    void aRestoredStateContinuesTheStream() {
        SplittableRandom want = new SplittableRandom(123);
        RestorableRandom got = new RestorableRandom(123);
        for (int i = 0; i < 1000; i++) {
            assertEquals(want.nextInt(37), got.nextInt(37));
        }
        long[] state = got.state();
        RestorableRandom resumed = RestorableRandom.restored(state);
        RestorableRandom inPlace = new RestorableRandom(999);
        inPlace.restore(state);
        for (int i = 0; i < 100_000; i++) {
            int w = want.nextInt(1000);
            assertEquals(w, got.nextInt(1000));
            assertEquals(w, resumed.nextInt(1000));
            assertEquals(w, inPlace.nextInt(1000));
        }
        assertArrayEquals(got.state(), resumed.state());
        assertThrows(IllegalArgumentException.class, () -> RestorableRandom.restored(new long[] {1, 2}));
    }
}
