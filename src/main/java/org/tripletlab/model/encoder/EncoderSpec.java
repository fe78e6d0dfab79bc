package org.tripletlab.model.encoder;

import ai.djl.ndarray.types.Shape;

/**
 * Shape-level description of an embedding network f: R^{C×H×W} → S^{d−1} (the unit sphere in
 * R^d, d = {@code embeddingDim}).
 *
 * @param architecture registered name, see {@link Encoders#REGISTRY}
 * @param embeddingDim d, the output size of the final Linear layer
 * @param width base channel count w; each architecture derives its layer widths from it
 * @param channels input channels C (1 = grey, 3 = RGB)
 * @param imageSize square input side H = W (the nets end in global pooling, so any size from
 *     32 to 128 works with the same weights)
 */
public record EncoderSpec(String architecture, int embeddingDim, int width, int channels, int imageSize) {

    public EncoderSpec {
        if (architecture == null || architecture.isBlank()) {
            throw new IllegalArgumentException("architecture must be named");
        }
        if (embeddingDim < 1) {
            throw new IllegalArgumentException("embeddingDim must be ≥ 1, got " + embeddingDim);
        }
        if (width < 1) {
            throw new IllegalArgumentException("width must be ≥ 1, got " + width);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (imageSize < 16) {
            throw new IllegalArgumentException("imageSize must be ≥ 16, got " + imageSize);
        }
    }

    /** Input shape N×C×H×W for a batch of {@code batch} images. */
    public Shape inputShape(long batch) {
        return new Shape(batch, channels, imageSize, imageSize);
    }
}
