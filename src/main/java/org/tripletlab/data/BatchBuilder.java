package org.tripletlab.data;

import java.util.random.RandomGenerator;

/**
 * Writes a batch of cached images into a float array laid out B × H × W × C (channels last), scaled
 * to [−1, 1] as {@code x/127.5 − 1}, applying the training augmentation on the fly: a horizontal
 * flip with probability ½ and a translation of up to {@code shift} pixels in each direction (edge
 * pixels repeat). Channels-last is what lets the encoder's first convolution run on PyTorch's
 * fastest CPU kernels after a free transpose to B × C × H × W.
 */
public final class BatchBuilder {
    private final FaceDataset ds;

    public BatchBuilder(FaceDataset ds) {
        this.ds = ds;
    }

    /** Un-augmented batch, for validation and evaluation. */
    public float[] build(int[] images) {
        return build(images, false, 0, null);
    }

    /** Every image mirrored left–right, no other change: the second view of flip-averaged evaluation. */
    public float[] buildMirrored(int[] images) {
        return write(images, i -> true, 0, null);
    }

    /**
     * @param rng drives flips and shifts; may be null when {@code flip} is false and {@code shift} is 0
     */
    public float[] build(int[] images, boolean flip, int shift, RandomGenerator rng) {
        return write(images, i -> flip && rng.nextBoolean(), shift, rng);
    }

    private float[] write(int[] images, java.util.function.IntPredicate mirrorOf, int shift, RandomGenerator rng) {
        int s = ds.imageSize();
        int c = ds.channels();
        int per = ds.imageBytes();
        byte[] px = ds.pixels();
        float[] out = new float[images.length * per];
        for (int b = 0; b < images.length; b++) {
            boolean mirror = mirrorOf.test(b);
            int dx = shift > 0 ? rng.nextInt(2 * shift + 1) - shift : 0;
            int dy = shift > 0 ? rng.nextInt(2 * shift + 1) - shift : 0;
            int src = images[b] * per;
            int dst = b * per;
            for (int y = 0; y < s; y++) {
                int sy = clamp(y + dy, s);
                for (int x = 0; x < s; x++) {
                    int sx = clamp(mirror ? s - 1 - (x + dx) : x + dx, s);
                    int si = src + (sy * s + sx) * c;
                    int di = dst + (y * s + x) * c;
                    for (int ch = 0; ch < c; ch++) {
                        out[di + ch] = (px[si + ch] & 0xff) / 127.5f - 1f;
                    }
                }
            }
        }
        return out;
    }

    private static int clamp(int v, int s) {
        return v < 0 ? 0 : (v >= s ? s - 1 : v);
    }
}
