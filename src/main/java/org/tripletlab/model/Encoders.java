package org.tripletlab.model;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * Factory for the embedding networks. Every architecture is body → global average pool → Linear
 * to d → L2 normalisation (see {@link EncoderBlock}); global pooling makes the head independent of
 * the input size, so one spec works for 1 or 3 channels and any side from 32 to 128.
 *
 * <ul>
 *   <li>{@code small-conv}: 4 stages of conv3×3 (no bias) + BN + ReLU with widths w, 2w, 4w, 8w and
 *       2×2 max-pooling between stages. At w = 32 on 1×64×64 this is ≈116 MFLOPs per image.
 *   <li>{@code resnet}: ResNet-18 layout: stem conv3×3 (w) + BN + ReLU + 2×2 max-pool, then four
 *       stages of two basic blocks with widths w, 2w, 4w, 8w; stages 2–4 start with stride 2 and a
 *       1×1 projection shortcut.
 *   <li>{@code inception-small}: FaceNet NN4-small reduced for CPU: stride-2 stem, 3×3 max-pool,
 *       then Inception modules (1×1 | 1×1→3×3 | 1×1→5×5 | pool→1×1, concatenated on channels),
 *       two of them stride-2 reductions. Branch widths are NN4's scaled by w/64, so w = 64 gives
 *       NN4-small's 3a/3b/3c widths; w must be a multiple of 4.
 * </ul>
 */
public final class Encoders {

    /** Names accepted by {@link #create(EncoderSpec)}. */
    public static final List<String> ARCHITECTURES = List.of("small-conv", "resnet", "inception-small");

    private Encoders() {}

    /**
     * Builds an uninitialised encoder for {@code spec}.
     *
     * @throws IllegalArgumentException for an unknown architecture name (the message lists the
     *     known ones) or a width the architecture cannot scale to
     */
    public static EncoderBlock create(EncoderSpec spec) {
        Block body = switch (spec.architecture()) {
            case "small-conv" -> smallConv(spec);
            case "resnet" -> resnet(spec);
            case "inception-small" -> inceptionSmall(spec);
            default -> throw new IllegalArgumentException(
                    "unknown architecture '" + spec.architecture() + "'; known: " + String.join(", ", ARCHITECTURES));
        };
        return new EncoderBlock(spec, body);
    }

    // ---------------------------------------------------------------- small-conv

    private static Block smallConv(EncoderSpec spec) {
        int w = spec.width();
        SequentialBlock net = new SequentialBlock();
        int[] widths = {w, 2 * w, 4 * w, 8 * w};
        for (int i = 0; i < widths.length; i++) {
            if (i > 0) {
                net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            }
            net.add(i == 0 ? stemConvBnRelu(widths[i], 3, 1) : convBnRelu(widths[i], 3, 1));
        }
        return head(net, spec);
    }

    // ---------------------------------------------------------------- resnet

    private static Block resnet(EncoderSpec spec) {
        int w = spec.width();
        SequentialBlock net = new SequentialBlock();
        net.add(stemConvBnRelu(w, 3, 1));
        net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        int in = w;
        int[] widths = {w, 2 * w, 4 * w, 8 * w};
        for (int stage = 0; stage < widths.length; stage++) {
            for (int b = 0; b < 2; b++) {
                int stride = (stage > 0 && b == 0) ? 2 : 1;
                net.add(basicBlock(in, widths[stage], stride));
                in = widths[stage];
            }
        }
        return head(net, spec);
    }

    private static Block basicBlock(int in, int out, int stride) {
        SequentialBlock main = new SequentialBlock()
                .add(convBnRelu(out, 3, stride))
                .add(conv(out, 3, 1))
                .add(bn());
        Block shortcut;
        if (stride == 1 && in == out) {
            shortcut = LambdaBlock.singleton(x -> x, "identity");
        } else {
            shortcut = new SequentialBlock().add(conv(out, 1, stride)).add(bn());
        }
        return new ResidualBlock(main, shortcut);
    }

    // ---------------------------------------------------------------- inception-small

    private static Block inceptionSmall(EncoderSpec spec) {
        int w = spec.width();
        if (w % 4 != 0) {
            throw new IllegalArgumentException("inception-small needs width divisible by 4, got " + w);
        }
        int q = w / 4; // NN4-small's branch widths are multiples of 16 = 64/4
        SequentialBlock net = new SequentialBlock()
                .add(stemConvBnRelu(w, 3, 2)) // stride-2 stem: spatial work dominates the cost on CPU
                .add(convBnRelu(w, 1, 1))
                .add(convBnRelu(3 * w, 3, 1))
                .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)))
                // 3a: 64 | 96→128 | 16→32 | pool→32 (NN4-small at w = 64)
                .add(inception(4 * q, 6 * q, 8 * q, q, 2 * q, 2 * q))
                // 3b: 64 | 96→128 | 32→64 | pool→64
                .add(inception(4 * q, 6 * q, 8 * q, 2 * q, 4 * q, 4 * q))
                // 3c (reduction): 128→256 s2 | 32→64 s2 | max-pool s2 passthrough
                .add(reduction(8 * q, 16 * q, 2 * q, 4 * q))
                // 4a: 256 | 96→192 | 32→64 | pool→128
                .add(inception(16 * q, 6 * q, 12 * q, 2 * q, 4 * q, 8 * q))
                // 4e (reduction): 160→256 s2 | 64→128 s2 | max-pool s2 passthrough
                .add(reduction(10 * q, 16 * q, 4 * q, 8 * q))
                // 5a: 256 | 96→384 | pool→96 (no 5×5 branch at 2×2–4×4 resolution, as in NN4)
                .add(inceptionNo5(16 * q, 6 * q, 24 * q, 6 * q));
        return head(net, spec);
    }

    /** Inception module: 1×1 | 1×1→3×3 | 1×1→5×5 | 3×3 max-pool→1×1, concatenated on channels. */
    private static Block inception(int c1, int r3, int c3, int r5, int c5, int pp) {
        return new ParallelBlock(Encoders::concatChannels, List.of(
                convBnRelu(c1, 1, 1),
                new SequentialBlock().add(convBnRelu(r3, 1, 1)).add(convBnRelu(c3, 3, 1)),
                new SequentialBlock().add(convBnRelu(r5, 1, 1)).add(convBnRelu(c5, 5, 1)),
                new SequentialBlock()
                        .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(1, 1), new Shape(1, 1)))
                        .add(convBnRelu(pp, 1, 1))));
    }

    /** Inception module without the 5×5 branch (NN4's 5a/5b). */
    private static Block inceptionNo5(int c1, int r3, int c3, int pp) {
        return new ParallelBlock(Encoders::concatChannels, List.of(
                convBnRelu(c1, 1, 1),
                new SequentialBlock().add(convBnRelu(r3, 1, 1)).add(convBnRelu(c3, 3, 1)),
                new SequentialBlock()
                        .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(1, 1), new Shape(1, 1)))
                        .add(convBnRelu(pp, 1, 1))));
    }

    /** Stride-2 grid reduction: 1×1→3×3 s2 | 1×1→5×5 s2 | 3×3 max-pool s2 (input passes through). */
    private static Block reduction(int r3, int c3, int r5, int c5) {
        return new ParallelBlock(Encoders::concatChannels, List.of(
                new SequentialBlock().add(convBnRelu(r3, 1, 1)).add(convBnRelu(c3, 3, 2)),
                new SequentialBlock().add(convBnRelu(r5, 1, 1)).add(convBnRelu(c5, 5, 2)),
                Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1))));
    }

    private static NDList concatChannels(List<NDList> branches) {
        NDList heads = new NDList(branches.size());
        for (NDList b : branches) {
            heads.add(b.singletonOrThrow());
        }
        return new NDList(NDArrays.concat(heads, 1));
    }

    // ---------------------------------------------------------------- shared pieces

    /** Global average pool, then Linear to d; the L2 step lives in {@link EncoderBlock}. */
    private static Block head(SequentialBlock net, EncoderSpec spec) {
        return net.add(Pool.globalAvgPool2dBlock())
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
