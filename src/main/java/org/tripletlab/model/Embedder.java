package org.tripletlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.UnaryOperator;
import org.tripletlab.data.BatchBuilder;
import org.tripletlab.data.FaceDataset;

/**
 * Embeds images with an encoder in inference mode (batch norm uses its running statistics; PyTorch's
 * grad mode off on the embedding thread, so no autograd graph), channels-last, in fixed-size chunks,
 * each inside its own sub-manager so memory stays flat however many images are embedded.
 */
public final class Embedder {
    private final UnaryOperator<NDList> inference;
    private final NDManager manager;

    /** Embeddings (unit vectors, row-major n × dim) and the norms of the raw outputs before normalisation. */
    public record Result(float[] embeddings, float[] rawNorms, int n, int dim) {
    }

    /**
     * @param inference the encoder's forward pass in inference mode, returning (normalized, raw),
     *     e.g. {@code trainer::evaluate}
     * @param manager parent of the per-chunk sub-managers
     */
    public Embedder(UnaryOperator<NDList> inference, NDManager manager) {
        this.inference = inference;
        this.manager = manager;
    }

    /** Builds the B×C×H×W input as a transposed view of a B×H×W×C array: channels-last memory, which the CPU conv kernels prefer. */
    public static NDArray channelsLast(NDManager m, float[] nhwc, int batch, int size, int channels) {
        return m.create(nhwc, new Shape(batch, size, size, channels)).transpose(0, 3, 1, 2);
    }

    public Result embed(FaceDataset ds, int[] images, int batch) {
        return embed(ds, images, batch, false);
    }

    /**
     * @param withFlip also embed each image's mirror image, add the two unit embeddings and
     *     re-normalise (test-time flip augmentation, as insightface evaluates); the raw norms are then
     *     those of the un-mirrored image
     */
    public Result embed(FaceDataset ds, int[] images, int batch, boolean withFlip) {
        // PyTorch's grad mode is per thread: DJL turns it off only on the thread that started the engine, and a
        // notebook kernel or a worker thread embeds with it on — recording an autograd graph for parameters that
        // require gradients (a model just trained). Off here, whatever the thread; the values are the same.
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return embedWithoutGrad(ds, images, batch, withFlip);
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    private Result embedWithoutGrad(FaceDataset ds, int[] images, int batch, boolean withFlip) {
        Result plain = embedOnce(ds, images, batch, false);
        if (!withFlip) {
            return plain;
        }
        Result mirrored = embedOnce(ds, images, batch, true);
        float[] e = plain.embeddings().clone();
        int dim = plain.dim();
        for (int i = 0; i < plain.n(); i++) {
            double norm = 0;
            for (int k = 0; k < dim; k++) {
                e[i * dim + k] += mirrored.embeddings()[i * dim + k];
                norm += (double) e[i * dim + k] * e[i * dim + k];
            }
            float inv = (float) (1 / Math.sqrt(Math.max(norm, 1e-24)));
            for (int k = 0; k < dim; k++) {
                e[i * dim + k] *= inv;
            }
        }
        return new Result(e, plain.rawNorms(), plain.n(), dim);
    }

    private Result embedOnce(FaceDataset ds, int[] images, int batch, boolean mirrored) {
        BatchBuilder builder = new BatchBuilder(ds);
        float[] emb = null;
        float[] norms = new float[images.length];
        int dim = -1;
        for (int from = 0; from < images.length; from += batch) {
            int to = Math.min(images.length, from + batch);
            int[] chunk = java.util.Arrays.copyOfRange(images, from, to);
            try (NDManager step = manager.newSubManager()) {
                float[] pixels = mirrored ? builder.buildMirrored(chunk) : builder.build(chunk);
                NDArray x = channelsLast(step, pixels, chunk.length, ds.imageSize(), ds.channels());
                NDList out = inference.apply(new NDList(x));
                NDArray e = out.get(0);
                NDArray raw = out.get(1);
                if (emb == null) {
                    dim = (int) e.getShape().get(1);
                    emb = new float[images.length * dim];
                }
                System.arraycopy(e.toFloatArray(), 0, emb, from * dim, chunk.length * dim);
                float[] n = raw.norm(new int[] {1}).toFloatArray();
                System.arraycopy(n, 0, norms, from, n.length);
            }
        }
        if (emb == null) {
            throw new IllegalArgumentException("no images to embed");
        }
        return new Result(emb, norms, images.length, dim);
    }
}
