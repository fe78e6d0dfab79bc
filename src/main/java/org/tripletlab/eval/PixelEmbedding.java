package org.tripletlab.eval;

import org.tripletlab.data.FaceDataset;
import org.tripletlab.model.Embedder;

/**
 * The floor every learned embedding must beat: an image's own pixels as its embedding. Each image's
 * pixel vector is centred on its mean (removing overall brightness) and scaled to unit length, so
 * squared distances lie in [0, 4] like those of a trained encoder.
 */
public final class PixelEmbedding {
    private PixelEmbedding() {
    }

    public static Embedder.Result of(FaceDataset ds, int[] images) {
        int dim = ds.imageBytes();
        byte[] px = ds.pixels();
        float[] e = new float[images.length * dim];
        float[] norms = new float[images.length];
        for (int i = 0; i < images.length; i++) {
            int src = images[i] * dim;
            double mean = 0;
            for (int k = 0; k < dim; k++) {
                mean += px[src + k] & 0xff;
            }
            mean /= dim;
            double sq = 0;
            for (int k = 0; k < dim; k++) {
                double v = (px[src + k] & 0xff) - mean;
                e[i * dim + k] = (float) v;
                sq += v * v;
            }
            double norm = Math.sqrt(sq);
            norms[i] = (float) norm;
            // A flat image has no direction; leave it at the origin rather than divide by zero.
            float inv = norm > 0 ? (float) (1 / norm) : 0f;
            for (int k = 0; k < dim; k++) {
                e[i * dim + k] *= inv;
            }
        }
        return new Embedder.Result(e, norms, images.length, dim);
    }
}
