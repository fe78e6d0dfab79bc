package org.tripletlab.eval;

import java.util.Arrays;
import org.tripletlab.data.BatchBuilder;
import org.tripletlab.data.FaceDataset;
import org.tripletlab.model.Embedder;
import org.tripletlab.projection.LinearProjection;

/**
 * Embeds a data set's images with a fitted {@link LinearProjection} (Eigenfaces, Fisherfaces), the way
 * {@link Embedder} does for encoders: unit embeddings, raw norms ‖y‖, and optionally the mirror image's
 * embedding added and the sum re-normalised.
 *
 * <p>Here rather than in {@code projection}, so that the projection (fitted by the baselines, which the
 * schema lists) needs neither the data set nor the encoders' result type.
 */
public final class ProjectionEmbedding {
    private static final int CHUNK = 256;

    private ProjectionEmbedding() {
    }

    /** Unit embeddings of {@code images} (row-major n × k) and their raw norms. */
    public static Embedder.Result of(LinearProjection projection, FaceDataset ds, int[] images, boolean withFlip) {
        if (ds.imageBytes() != projection.inputDim()) {
            throw new IllegalArgumentException("projection was fitted on " + projection.inputDim() + " pixels per image, these images have "
                    + ds.imageBytes() + " (data.image_size and data.channels must match the fitted run)");
        }
        int d = projection.inputDim();
        int k = projection.outputDim();
        float[] out = new float[images.length * k];
        float[] norms = new float[images.length];
        double[] y = new double[k];
        double[] ym = new double[k];
        BatchBuilder builder = new BatchBuilder(ds);
        for (int from = 0; from < images.length; from += CHUNK) {
            int[] chunk = Arrays.copyOfRange(images, from, Math.min(images.length, from + CHUNK));
            float[] px = builder.build(chunk);
            float[] mirrored = withFlip ? builder.buildMirrored(chunk) : null;
            for (int i = 0; i < chunk.length; i++) {
                norms[from + i] = (float) projection.embedRow(px, i * d, y);
                if (withFlip) {
                    projection.embedRow(mirrored, i * d, ym);
                    for (int j = 0; j < k; j++) {
                        y[j] += ym[j];
                    }
                    normalise(y);
                }
                for (int j = 0; j < k; j++) {
                    out[(from + i) * k + j] = (float) y[j];
                }
            }
        }
        return new Embedder.Result(out, norms, images.length, k);
    }

    /** y ← y/‖y‖; a zero vector stays at the origin. */
    private static void normalise(double[] y) {
        double s = 0;
        for (double v : y) {
            s += v * v;
        }
        double n = Math.sqrt(s);
        if (n > 0) {
            for (int j = 0; j < y.length; j++) {
                y[j] /= n;
            }
        }
    }
}
