package org.tripletlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.tripletlab.model.encoder.EncoderBlock;

/**
 * An encoder with a linear classification head, for DeepFace-style training (Taigman et al. 2014):
 * the encoder is trained as a c-way classifier over the training identities, and its normalised
 * output — the penultimate layer, L2-normalised — is the embedding.
 *
 * <p>Forward maps {@code NDList(x)} to {@code NDList(normalized, raw, logits)}, where
 * (normalized, raw) is the {@link EncoderBlock}'s output and logits = W·raw + b ∈ R^{B×c}. The first
 * two outputs are what {@link Embedder} reads, so validation embeds exactly as for a triplet-trained
 * encoder; the head is never saved in a checkpoint (only {@link #encoder()} is).
 */
public final class ClassifierBlock extends AbstractBlock {
    private static final byte VERSION = 1;
    private final EncoderBlock encoder;
    private final Block head;
    private final int classes;

    public ClassifierBlock(EncoderBlock encoder, int classes) {
        super(VERSION);
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        }
        this.encoder = addChildBlock("encoder", encoder);
        this.head = addChildBlock("head", Linear.builder().setUnits(classes).build());
        this.classes = classes;
    }

    public EncoderBlock encoder() {
        return encoder;
    }

    public int classes() {
        return classes;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList out = encoder.forward(ps, inputs, training, params);
        NDArray logits = head.forward(ps, new NDList(out.get(1)), training, params).singletonOrThrow();
        return new NDList(out.get(0), out.get(1), logits);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] e = encoder.getOutputShapes(inputShapes);
        return new Shape[] {e[0], e[1], new Shape(e[0].get(0), classes)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes);
        head.initialize(manager, dataType, encoder.getOutputShapes(inputShapes)[1]);
    }
}
