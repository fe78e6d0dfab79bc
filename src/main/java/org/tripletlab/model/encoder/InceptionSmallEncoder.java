package org.tripletlab.model.encoder;

import static org.tripletlab.model.encoder.EncoderLayers.convBnRelu;
import static org.tripletlab.model.encoder.EncoderLayers.head;
import static org.tripletlab.model.encoder.EncoderLayers.stemConvBnRelu;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import java.util.List;
import org.tripletlab.component.Component;

/**
 * {@code inception-small}: FaceNet NN4-small reduced for CPU: stride-2 stem, 3×3 max-pool, then Inception
 * modules (1×1 | 1×1→3×3 | 1×1→5×5 | pool→1×1, concatenated on channels), two of them stride-2
 * reductions, then the shared head (global average pool, Linear to d). Branch widths are NN4's scaled
 * by w/64, so w = 64 gives NN4-small's 3a/3b/3c widths; w must be a multiple of 4.
 */
public final class InceptionSmallEncoder {
    public static final String NAME = "inception-small";

    /**
     * Config name, its check and construction: it reads no key of its own, but {@code encoder.width} must be
     * a multiple of 4 (checked when a config is read, and again when a body is built from a spec alone).
     */
    public static final Component<EncoderBody> COMPONENT = Component.<EncoderBody>named(NAME,
                    "modelled on FaceNet's NN4-small, reduced for CPU: stem, Inception modules (1×1, 1×1→3×3, 1×1→5×5, pool→1×1 branches)")
            .check(c -> {
                String problem = widthProblem(c.getInt("encoder.width"));
                if (problem != null) {
                    throw c.error("encoder.width", problem);
                }
            })
            .build(c -> InceptionSmallEncoder::body);

    private InceptionSmallEncoder() {}

    /** Why {@code width} cannot be built, or null: the branch widths are multiples of w/4. */
    static String widthProblem(int width) {
        return width % 4 == 0 ? null : "inception-small needs width divisible by 4, got " + width;
    }

    static Block body(EncoderSpec spec) {
        int w = spec.width();
        String problem = widthProblem(w);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
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
        return new ParallelBlock(InceptionSmallEncoder::concatChannels, List.of(
                convBnRelu(c1, 1, 1),
                new SequentialBlock().add(convBnRelu(r3, 1, 1)).add(convBnRelu(c3, 3, 1)),
                new SequentialBlock().add(convBnRelu(r5, 1, 1)).add(convBnRelu(c5, 5, 1)),
                new SequentialBlock()
                        .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(1, 1), new Shape(1, 1)))
                        .add(convBnRelu(pp, 1, 1))));
    }

    /** Inception module without the 5×5 branch (NN4's 5a/5b). */
    private static Block inceptionNo5(int c1, int r3, int c3, int pp) {
        return new ParallelBlock(InceptionSmallEncoder::concatChannels, List.of(
                convBnRelu(c1, 1, 1),
                new SequentialBlock().add(convBnRelu(r3, 1, 1)).add(convBnRelu(c3, 3, 1)),
                new SequentialBlock()
                        .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(1, 1), new Shape(1, 1)))
                        .add(convBnRelu(pp, 1, 1))));
    }

    /** Stride-2 grid reduction: 1×1→3×3 s2 | 1×1→5×5 s2 | 3×3 max-pool s2 (input passes through). */
    private static Block reduction(int r3, int c3, int r5, int c5) {
        return new ParallelBlock(InceptionSmallEncoder::concatChannels, List.of(
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
}
