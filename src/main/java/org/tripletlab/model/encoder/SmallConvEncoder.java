package org.tripletlab.model.encoder;

import static org.tripletlab.model.encoder.EncoderLayers.convBnRelu;
import static org.tripletlab.model.encoder.EncoderLayers.head;
import static org.tripletlab.model.encoder.EncoderLayers.stemConvBnRelu;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import org.tripletlab.component.Component;

/**
 * {@code small-conv}: 4 stages of conv3×3 (no bias) + BN + ReLU with widths w, 2w, 4w, 8w and 2×2
 * max-pooling between stages, then the shared head (global average pool, Linear to d). At w = 32 on
 * 1×64×64 this is ≈116 MFLOPs per image. The default encoder, and the one
 * {@code scripts/bench_reference.py} rebuilds in PyTorch.
 */
public final class SmallConvEncoder {
    public static final String NAME = "small-conv";

    /** Config name and construction; it reads no key of its own (width and embedding are in the spec). */
    public static final Component<EncoderBody> COMPONENT = Component.<EncoderBody>named(NAME,
                    "4 stages of conv3×3 + batch norm + ReLU with max-pooling, global average pool")
            .build(c -> SmallConvEncoder::body);

    private SmallConvEncoder() {}

    static Block body(EncoderSpec spec) {
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
}
