package org.tripletlab.model.encoder;

import static org.tripletlab.model.encoder.EncoderLayers.bn;
import static org.tripletlab.model.encoder.EncoderLayers.conv;
import static org.tripletlab.model.encoder.EncoderLayers.convBnRelu;
import static org.tripletlab.model.encoder.EncoderLayers.head;
import static org.tripletlab.model.encoder.EncoderLayers.stemConvBnRelu;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import org.tripletlab.component.Component;

/**
 * {@code resnet}: ResNet-18 layout: stem conv3×3 (w) + BN + ReLU + 2×2 max-pool, then four stages of two
 * basic blocks ({@link ResidualBlock}) with widths w, 2w, 4w, 8w; stages 2–4 start with stride 2 and a
 * 1×1 projection shortcut. Then the shared head (global average pool, Linear to d).
 */
public final class ResNetEncoder {
    public static final String NAME = "resnet";

    /** Config name and construction; it reads no key of its own (width and embedding are in the spec). */
    public static final Component<EncoderBody> COMPONENT = Component.<EncoderBody>named(NAME,
                    "ResNet-style: stem, residual basic blocks with batch norm, projection shortcuts when downsampling")
            .build(c -> ResNetEncoder::body);

    private ResNetEncoder() {}

    static Block body(EncoderSpec spec) {
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
}
