package org.tripletlab.model.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.tripletlab.util.Scalars;

/**
 * An embedding network: a body g (conv layers … global pool … Linear) followed by L2
 * normalisation.
 *
 * <p>Forward maps {@code NDList(x)}, x of shape B×C×H×W, to {@code NDList(normalized, raw)} with
 * raw = g(x) ∈ R^{B×d} (the final Linear layer's output) and
 *
 * <pre>  normalized_i = raw_i / sqrt(Σ_k raw_ik² + 1e-12)</pre>
 *
 * so every row of {@code normalized} is a unit vector (FaceNet's ‖f(x)‖₂ = 1 constraint). The raw
 * output is returned too because its norms are a cheap collapse detector for the trainer.
 */
public final class EncoderBlock extends AbstractBlock {

    private static final byte VERSION = 1;
    /** Keeps the division finite for a zero row; small enough not to bias non-degenerate rows. */
    static final float NORM_EPS = 1e-12f;

    private final EncoderSpec spec;
    private final Block body;
    private Precision precision = Precision.FP32;

    EncoderBlock(EncoderSpec spec, Block body) {
        super(VERSION);
        this.spec = spec;
        this.body = addChildBlock("body", body);
    }

    /**
     * Sets the arithmetic of every convolution and of the head's return to float32 (see {@link Precision});
     * can be changed between forwards (the parameters are float32 either way). Layers of an architecture not
     * built from {@link EncoderLayers} stay float32.
     */
    public void setPrecision(Precision precision) {
        this.precision = precision;
        setPrecision(body, precision);
    }

    public Precision precision() {
        return precision;
    }

    private static void setPrecision(Block block, Precision precision) {
        if (block instanceof AlignedConv2d conv) {
            conv.setPrecision(precision);
        } else if (block instanceof EmbeddingPool pool) {
            pool.setPrecision(precision);
        }
        block.getChildren().values().forEach(child -> setPrecision(child, precision));
    }

    public EncoderSpec spec() {
        return spec;
    }

    /** The unnormalised network g (ends in the Linear layer); used by {@code model.ModelStats}. */
    public Block body() {
        return body;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray raw = body.forward(parameterStore, inputs, training, params).singletonOrThrow();
        return new NDList(l2Normalize(raw), raw);
    }

    /** Row-wise x / sqrt(Σx² + 1e-12) over the last axis. */
    static NDArray l2Normalize(NDArray raw) {
        NDArray sq = raw.square().sum(new int[] {-1}, true);
        // ε as a kept-alive array, like every scalar operand on the differentiated path (see Scalars).
        return raw.div(sq.add(Scalars.of(sq, NORM_EPS)).sqrt());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape out = body.getOutputShapes(inputShapes)[0];
        return new Shape[] {out, out};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        body.initialize(manager, dataType, inputShapes);
    }
}
