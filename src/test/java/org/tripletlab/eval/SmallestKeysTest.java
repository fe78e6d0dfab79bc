package org.tripletlab.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SmallestKeysTest {
    /** The oracle: the first k of a full sort. */
    private static long[] firstOfSort(long[] keys, int m, int k) {
        long[] s = Arrays.copyOf(keys, m);
        Arrays.sort(s);
        return Arrays.copyOf(s, k);
    }

    private static void check(long[] keys, int m, int k) {
        long[] expected = firstOfSort(keys, m, k);
        long[] work = keys.clone();
        SmallestKeys.selectSorted(work, m, k);
        assertArrayEquals(expected, Arrays.copyOf(work, k), "m = " + m + ", k = " + k);
        // nothing lost or invented: the m keys are a permutation of the input's
        long[] a = Arrays.copyOf(work, m);
        long[] b = Arrays.copyOf(keys, m);
        Arrays.sort(a);
        Arrays.sort(b);
        assertArrayEquals(b, a);
        // keys past m untouched
        assertArrayEquals(Arrays.copyOfRange(keys, m, keys.length), Arrays.copyOfRange(work, m, work.length));
    }

    @Test
    void equalsTheFirstKOfAFullSortOnRandomKeys() {
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 400; trial++) {
            int m = 1 + r.nextInt(300);
            long[] keys = new long[m + r.nextInt(3)];
            for (int i = 0; i < keys.length; i++) {
                // many equal distances (high bits), made distinct by the index (low bits), as retrieval keys are
                keys[i] = Embeddings.key(r.nextInt(5), i);
            }
            check(keys, m, r.nextInt(m + 1));
        }
    }

    @Test
    void orderedReversedAndOrganPipeInputs() {
        int m = 2000;
        long[][] inputs = new long[3][m];
        for (int i = 0; i < m; i++) {
            inputs[0][i] = i;
            inputs[1][i] = m - i;
            inputs[2][i] = i < m / 2 ? 2L * i : 2L * (m - i) + 1;
        }
        for (long[] keys : inputs) {
            for (int k : new int[] {0, 1, 2, 17, m / 2, m - 1, m}) {
                check(keys, m, k);
            }
        }
    }

    @Test
    void refusesKOutsideTheRange() {
        assertThrows(IllegalArgumentException.class, () -> SmallestKeys.selectSorted(new long[3], 3, 4));
        assertThrows(IllegalArgumentException.class, () -> SmallestKeys.selectSorted(new long[3], 4, 1));
    }
}
