package org.tripletlab.model.encoder;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

/**
 * The layers every encoder body is made of: bias-free aligned convolutions, batch norm, ReLU, and the
 * head (global average pool, then Linear to d). Kept in one place so the architectures differ only in
 * how they arrange these pieces, and so a change to the conv layer (e.g. {@link AlignedConv2d}'s
 * channel alignment) reaches every encoder.
 */
final class EncoderLayers {

    private EncoderLayers() {}

    /**
     * Global average pool, then Linear to d; the L2 step lives in {@link EncoderBlock}. In bfloat16 the
     * pool's output is where activations return to float32 ({@link EmbeddingPool}).
     */
    static Block head(SequentialBlock net, EncoderSpec spec) {
        return net.add(new EmbeddingPool())
                .add(Linear.builder().setUnits(spec.embeddingDim()).build());
    }

    /** conv(k×k, "same" padding) + BN + ReLU. */
    static SequentialBlock convBnRelu(int filters, int k, int stride) {
        return new SequentialBlock().add(conv(filters, k, stride)).add(bn()).add(Activation.reluBlock());
    }

    /** {@link #convBnRelu} on the images: only the output channels are aligned (see {@link AlignedConv2d}). */
    static SequentialBlock stemConvBnRelu(int filters, int k, int stride) {
        return new SequentialBlock()
                .add(new AlignedConv2d(convBuilder(filters, k, stride), false))
                .add(bn())
                .add(Activation.reluBlock());
    }

    /**
     * Bias-free conv: the following BatchNorm's β makes a conv bias redundant. An {@link AlignedConv2d}:
     * oneDNN's convolutions are wrong for channel counts that are not a multiple of 16.
     */
    static Conv2d conv(int filters, int k, int stride) {
        return new AlignedConv2d(convBuilder(filters, k, stride), true);
    }

    private static Conv2d.Builder convBuilder(int filters, int k, int stride) {
        return Conv2d.builder()
                .setKernelShape(new Shape(k, k))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(k / 2, k / 2))
                .setFilters(filters)
                .optBias(false);
    }

    static BatchNorm bn() {
        return BatchNorm.builder().build();
    }
}
