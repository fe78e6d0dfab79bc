package org.tripletlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The area resize with its overlaps computed once per pass gives bit for bit what the per-pixel definition gives
 * (the code every committed evaluation and training decoded with), for down- and up-scaling and odd ratios.
 */
class ResizeAreaTest {
    /** The definition, as ImageDecoder computed it before: overlaps worked out again for every output pixel of every row. */
    private static float[] reference(float[] src, int sw, int sh, int dw, int dh) {
        float[] tmp = new float[dw * sh];
        for (int y = 0; y < sh; y++) {
            resample1d(src, y * sw, 1, sw, tmp, y * dw, 1, dw);
        }
        float[] dst = new float[dw * dh];
        for (int x = 0; x < dw; x++) {
            resample1d(tmp, x, dw, sh, dst, x, dw, dh);
        }
        return dst;
    }

    private static void resample1d(float[] src, int so, int ss, int sn, float[] dst, int d0, int ds, int dn) {
        double scale = (double) sn / dn;
        for (int i = 0; i < dn; i++) {
            double a = i * scale;
            double b = (i + 1) * scale;
            int first = (int) Math.floor(a);
            int last = Math.min(sn - 1, (int) Math.ceil(b) - 1);
            double sum = 0;
            double wsum = 0;
            for (int j = first; j <= last; j++) {
                double w = Math.min(b, j + 1) - Math.max(a, j);
                if (w > 0) {
                    sum += w * src[so + j * ss];
                    wsum += w;
                }
            }
            dst[d0 + i * ds] = (float) (sum / wsum);
        }
    }

    @Test
    void bitForBitTheDefinition() {
        // LFW 250 → 64 and 96, crops of the shipped configs (59, 74, 110, 150 → 64 or 96), up-scaling, primes, 1 pixel
        int[][] sizes = {{250, 250, 64, 64}, {250, 250, 96, 96}, {59, 59, 64, 64}, {74, 74, 64, 64}, {110, 110, 96, 96},
            {150, 150, 150, 150}, {89, 109, 64, 64}, {7, 13, 3, 5}, {3, 3, 11, 7}, {1, 1, 4, 4}, {97, 31, 1, 1}, {2, 2, 1, 1}};
        SplittableRandom r = new SplittableRandom(11);
        for (int[] s : sizes) {
            float[] src = new float[s[0] * s[1]];
            for (int i = 0; i < src.length; i++) {
                src[i] = r.nextInt(256); // pixel values, as the decoder feeds it
            }
            float[] expected = reference(src, s[0], s[1], s[2], s[3]);
            float[] got = ImageDecoder.resizeArea(src, s[0], s[1], s[2], s[3]);
            assertEquals(expected.length, got.length);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(got[i]),
                        s[0] + "×" + s[1] + " → " + s[2] + "×" + s[3] + " pixel " + i + ": " + expected[i] + " vs " + got[i]);
            }
        }
    }
}
