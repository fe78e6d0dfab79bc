package org.tripletlab.model.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A {@link Conv2d} that runs its convolution on channel counts rounded up to a multiple of
 * {@value #CHANNEL_ALIGN}: the input gets zero channels, the weight zero rows and columns, and the
 * output is sliced back to {@code filters} channels. Parameters, output and FLOP count
 * ({@code model.ModelStats} sees a Conv2d) are those of the plain layer; the zero channels add nothing.
 *
 * <p>Why: libtorch 2.7.1 (DJL 0.36's PyTorch engine) runs CPU float convolutions through oneDNN
 * 3.7.1, which lays channels out in blocks of 16 (AVX-512; 8 with AVX2) and pads a channel count
 * that is not a multiple of the block. On such channel-padded layouts its results were wrong:
 * the input gradient of NCHW convolutions ({@code ic8oc8} 3×3, {@code ic8oc24}, {@code ic1oc8},
 * 1×1 {@code ic8oc8}, …) in about half the calls, nearly every element off by up to 30–60% of the
 * scale or NaN, varying from call to call with the contents of reused memory; the weight gradient
 * of a channels-last stride-2 1×1 {@code ic8oc16} (oneDNN issue #6035, open: that kernel writes
 * past its workspace when IC is below the channel block, so it corrupts other arrays on the heap
 * too); and, rarely, the forward output (an inference forward of inception-small at width 8 gave
 * NaN embeddings). Every parameter upstream of such a
 * layer then gets a corrupted gradient: inception-small at width 8 (channel counts 2…48) had
 * all-NaN gradients in 3 of 10 runs of {@code EncoderTest}, resnet at width 8 silently different
 * ones from run to run. With every channel count a multiple of 16 oneDNN uses unpadded layouts,
 * which matched the float64 reference in every call ({@code ConvBackwardDataTest}).
 *
 * <p>The stem ({@link EncoderLayers#stemConvBnRelu}) pads only its output channels: its input is the
 * image, 1 or 3 channels that need no gradient (no backward-data pass runs), and padding them to
 * 16 would multiply the cost of the largest-resolution layer. At the sweeps' width 32 only
 * inception-small's 8-channel branches are padded; small-conv and resnet convolve as before.
 */
public final class AlignedConv2d extends Conv2d {

    /** oneDNN's widest float32 channel block (AVX-512); a multiple of the AVX2 block of 8. */
    static final int CHANNEL_ALIGN = 16;

    private final boolean alignInput;
    /** Set for the whole network by {@link EncoderBlock#setPrecision}; read on every forward. */
    private volatile Precision precision = Precision.FP32;

    /**
     * The layer {@code builder.build()} would give, run on aligned channel counts.
     *
     * @param alignInput also pad the input channels; false for the stem, whose input is the image
     *     (1 or 3 channels: padding them to 16 would multiply the cost of the largest layer, and the
     *     image needs no gradient, so no backward-data pass runs for it)
     */
    AlignedConv2d(Conv2d.Builder builder, boolean alignInput) {
        super(builder);
        this.alignInput = alignInput;
    }

    void setPrecision(Precision precision) {
        this.precision = precision;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = parameterStore.getValue(weight, x.getDevice(), training);
        NDArray b = bias == null ? null : parameterStore.getValue(bias, x.getDevice(), training);
        boolean bf16 = precision == Precision.BF16;
        if (bf16) {
            // bfloat16 copies made by differentiable casts: their gradients flow back into the float32 weights.
            // The input is cast too (a no-op when the previous layer already produced bfloat16). The weight goes
            // straight to the channels-last layout oneDNN convolves in, which saves libtorch a copy of it in the
            // forward and in the backward pass; the values are the same.
            // The weights' copies must belong to the input's manager (the step's or the embedding chunk's, closed
            // after use), not to the parameters' manager, which a cast's result would otherwise join: left there,
            // one bfloat16 copy of every weight per forward piled up (0.8 MB a step for small-conv, 16 GB over
            // 20,000 steps of experiments/lfw-1h.yaml before this was found).
            x = Bf16Casts.toBf16(x);
            w = Bf16Casts.toBf16ChannelsLast(w);
            w.attach(x.getManager());
            if (b != null) {
                b = Bf16Casts.toBf16(b);
                b.attach(x.getManager());
            }
        }
        long cout = w.getShape().get(0);
        long cin = w.getShape().get(1);
        long cinAligned = alignInput ? align(cin) : cin;
        long coutAligned = align(cout);
        boolean aligned = cin == cinAligned && cout == coutAligned;
        if (aligned || groups != 1) {
            return Conv2d.conv2d(x, w, b, stride, padding, dilation, groups);
        }
        Shape xs = x.getShape();
        Shape ws = w.getShape();
        // Every array made here belongs to the input's manager (the training step's sub-manager, or the
        // embedding chunk's), never to the weights': an op's result joins its first operand's manager, and
        // arrays left in the parameters' manager would pile up step after step.
        NDManager m = x.getManager();
        NDArray xp = x;
        NDArray wp = w;
        if (cinAligned > cin) {
            // zero channels laid out channels-last (B×H×W×c viewed as B×c×H×W): concatenated to a
            // channels-last activation (the trainer's layout) the result stays channels-last
            NDArray zeros = zeros(m, new Shape(xs.get(0), xs.get(2), xs.get(3), cinAligned - cin), bf16)
                    .transpose(0, 3, 1, 2);
            xp = x.concat(zeros, 1);
            wp = w.concat(zeros(m, new Shape(cout, cinAligned - cin, ws.get(2), ws.get(3)), bf16), 1);
            wp.attach(m);
        }
        NDArray bp = b;
        if (coutAligned > cout) {
            wp = wp.concat(zeros(m, new Shape(coutAligned - cout, cinAligned, ws.get(2), ws.get(3)), bf16), 0);
            wp.attach(m);
            if (b != null) {
                bp = b.concat(zeros(m, new Shape(coutAligned - cout), bf16), 0);
                bp.attach(m);
            }
        }
        NDArray y = Conv2d.conv2d(xp, wp, bp, stride, padding, dilation, groups).singletonOrThrow();
        if (coutAligned > cout) {
            y = y.get(new NDIndex(":, :{}", cout));
        }
        return new NDList(y);
    }

    /** Zeros in the layer's compute type (a bfloat16 array cannot be asked for by DJL data type, see Bf16Casts). */
    private static NDArray zeros(NDManager m, Shape shape, boolean bf16) {
        NDArray z = m.zeros(shape, DataType.FLOAT32);
        return bf16 ? Bf16Casts.toBf16(z) : z;
    }

    static long align(long channels) {
        return (channels + CHANNEL_ALIGN - 1) / CHANNEL_ALIGN * CHANNEL_ALIGN;
    }
}
