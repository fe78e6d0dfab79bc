package org.tripletlab.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;
import org.tripletlab.model.encoder.ChannelAffine;
import org.tripletlab.model.encoder.EncoderBlock;
import org.tripletlab.model.encoder.EncoderSpec;
import org.tripletlab.model.encoder.Encoders;
import org.tripletlab.model.encoder.ResidualBlock;

/**
 * Size and cost of an initialised encoder, in the units of FaceNet's model tables.
 *
 * <ul>
 *   <li>{@code parameters}: number of trainable scalars (conv/linear weights and biases, BN γ/β),
 *       i.e. what PyTorch's {@code sum(p.numel() for p in model.parameters())} reports;
 *   <li>{@code bufferValues}: non-trainable state (BN running mean/variance), kept separate;
 *   <li>{@code flopsPerImage}: FLOPs = 2 × multiply–adds of the conv and linear layers for one
 *       image of the given input shape. A Conv2d producing Cout×Hout×Wout from Cin channels with a
 *       kh×kw kernel and g groups costs 2·Cout·Hout·Wout·(Cin/g)·kh·kw; a Linear d_in → d_out costs
 *       2·d_in·d_out per row. Biases, BatchNorm, activations, pooling, the residual additions and
 *       the L2 normalisation are not counted (they are O(activations), not O(weights × positions)).
 * </ul>
 *
 * <p>FLOPs are computed exactly by walking the block tree with shapes: a SequentialBlock feeds its
 * children in order, a ParallelBlock and a {@link ResidualBlock} feed every child the same input,
 * and conv/linear costs come from the initialised weight shape and {@code getOutputShapes}.
 */
public record ModelStats(long parameters, long bufferValues, long flopsPerImage) {

    /**
     * @param block an initialised encoder
     * @param inputShape N×C×H×W; FLOPs are reported per image, i.e. divided by N
     * @throws IllegalStateException if the block is not initialised, or the tree contains a block
     *     with children whose data flow this walker does not know (so the count cannot be exact)
     */
    public static ModelStats of(EncoderBlock block, Shape inputShape) {
        if (!block.isInitialized()) {
            throw new IllegalStateException("initialise the block before counting parameters");
        }
        long params = 0;
        long buffers = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            long n = p.getValue().getArray().size();
            if (p.getValue().requiresGradient()) {
                params += n;
            } else {
                buffers += n;
            }
        }
        long batch = inputShape.get(0);
        long flops = flops(block.body(), new Shape[] {inputShape});
        return new ModelStats(params, buffers, flops / batch);
    }

    /** Builds the encoder of {@code spec}, initialises it on a scratch manager and counts it (one image). */
    public static ModelStats of(EncoderSpec spec) {
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            EncoderBlock block = Encoders.create(spec);
            block.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, spec.inputShape(1));
            return of(block, spec.inputShape(1));
        }
    }

    /**
     * The float values one image's forward pass through the encoder creates: the output of every layer
     * (conv, batch norm, activation, pooling, linear) of the walk {@link #flops} makes, plus the
     * residual additions and their ReLU, the concatenations of parallel branches, and the L2
     * normalisation's outputs. In training mode autograd keeps each of these (or the input it was
     * computed from) alive until the backward pass, so this is the per-image size of the saved
     * activations, before any factor for gradients; ×4 bytes for float32.
     *
     * @param block an initialised encoder
     * @param inputShape N×C×H×W; the count is per image (divided by N)
     */
    public static long activationValuesPerImage(EncoderBlock block, Shape inputShape) {
        if (!block.isInitialized()) {
            throw new IllegalStateException("initialise the block before walking its shapes");
        }
        long out = block.getOutputShapes(new Shape[] {inputShape})[0].size();
        // body, then the normalisation: Σx² (per row), its sqrt and the divided output (≈ one output each).
        long values = activations(block.body(), new Shape[] {inputShape}) + 3 * out;
        return values / inputShape.get(0);
    }

    /** Values (whole batch) created by {@code block}'s forward on inputs of the given shapes (see {@link #activationValuesPerImage}). */
    static long activations(Block block, Shape[] in) {
        if (block instanceof SequentialBlock seq) {
            long total = 0;
            Shape[] shapes = in;
            for (Pair<String, Block> child : seq.getChildren()) {
                total += activations(child.getValue(), shapes);
                shapes = child.getValue().getOutputShapes(shapes);
            }
            return total;
        }
        if (block instanceof ParallelBlock || block instanceof ResidualBlock) {
            long total = 0;
            for (Pair<String, Block> child : block.getChildren()) {
                total += activations(child.getValue(), in);
            }
            // The join: a concatenation (parallel) or the sum and its ReLU (residual), each the size of the output.
            long joined = block.getOutputShapes(in)[0].size();
            return total + (block instanceof ResidualBlock ? 2 * joined : joined);
        }
        if (block.getChildren().isEmpty()) {
            long total = 0;
            for (Shape s : block.getOutputShapes(in)) {
                total += s.size();
            }
            return total;
        }
        throw new IllegalStateException("unknown composite block " + block.getClass().getName());
    }

    /** Total FLOPs (whole batch) of {@code block} applied to inputs of the given shapes. */
    static long flops(Block block, Shape[] in) {
        if (block instanceof Conv2d conv) {
            Shape w = conv.getParameters().get("weight").getArray().getShape(); // Cout, Cin/g, kh, kw
            Shape out = conv.getOutputShapes(in)[0]; // N, Cout, Hout, Wout
            return 2L * out.size() * w.get(1) * w.get(2) * w.get(3);
        }
        if (block instanceof Linear linear) {
            Shape w = linear.getParameters().get("weight").getArray().getShape(); // out, in
            long rows = in[0].size() / w.get(1);
            return 2L * rows * w.get(0) * w.get(1);
        }
        if (block instanceof SequentialBlock seq) {
            long total = 0;
            Shape[] shapes = in;
            for (Pair<String, Block> child : seq.getChildren()) {
                total += flops(child.getValue(), shapes);
                shapes = child.getValue().getOutputShapes(shapes);
            }
            return total;
        }
        if (block instanceof ParallelBlock || block instanceof ResidualBlock) {
            long total = 0;
            for (Pair<String, Block> child : block.getChildren()) {
                total += flops(child.getValue(), in);
            }
            return total;
        }
        if (block instanceof BatchNorm || block instanceof LambdaBlock || block.getChildren().isEmpty()) {
            // No conv/linear inside: contributes 0 by the definition above (a ChannelAffine is a folded batch
            // norm). A parameterised leaf of an unknown kind would be silently miscounted, so refuse it.
            if (!(block instanceof BatchNorm) && !(block instanceof ChannelAffine) && !block.getDirectParameters().isEmpty()) {
                throw new IllegalStateException("cannot count FLOPs of " + block.getClass().getName());
            }
            return 0;
        }
        throw new IllegalStateException("unknown composite block " + block.getClass().getName());
    }
}
