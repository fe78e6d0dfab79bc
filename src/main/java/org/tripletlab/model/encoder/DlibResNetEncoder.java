package org.tripletlab.model.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tripletlab.component.Component;
import org.tripletlab.component.Setting;
import org.tripletlab.util.BadFileException;

/**
 * {@code dlib-resnet}: dlib's face-recognition ResNet ({@code dlib_face_recognition_resnet_model_v1}, Davis King;
 * a ResNet-34 with layers removed and half the filters), optionally with its pretrained weights from a
 * TF.js manifest ({@code encoder.weights}; {@code scripts/fetch-pretrained.sh} fetches them).
 *
 * <p>With base width w (32 for the pretrained weights), input x ∈ [−1, 1] as tripletlab's batches hold it
 * (x = p / 127.5 − 1 for 8-bit samples p):
 * <pre>
 *   input   p = 127.5 (x + 1);  x₀ = (p − m_c) / 255,  m = (122.782, 117.001, 104.298) per RGB channel
 *           (their mean 114.694 for grey input)
 *   stem    conv 7×7 stride 2, no padding ("valid"), 3 → w, + bias; affine; ReLU;  max-pool 3×3 stride 2, no padding
 *   stages  3 × res(w);  down(w → 2w), 3 × res(2w);  down(2w → 4w), 2 × res(4w);  down(4w → 8w), 2 × res(8w);
 *           down(8w → 8w)
 *   head    global average pool; Linear 8w → d without bias; then L2 normalisation ({@link EncoderBlock})
 * </pre>
 * where conv(·) has a bias and is followed by a per-channel affine map ({@link ChannelAffine}, dlib's
 * batch norm folded after training), and
 * <pre>
 *   res(c)        y = ReLU(A₂ conv₃ₓ₃(ReLU(A₁ conv₃ₓ₃(x))) + x)                3×3 convs with "same" (symmetric 1-pixel) padding
 *   down(c → c')  y = ReLU(pad(A₂ conv₃ₓ₃(ReLU(A₁ conv₃ₓ₃,stride 2(x)))) + [avgpool₂ₓ₂(x), 0])
 * </pre>
 * In down, the first conv has stride 2 and no padding (⌊(n − 1)/2⌋ rows out of n), the second "same"; the
 * shortcut is a 2×2 average pool with stride 2 (⌊n/2⌋ rows) with c' − c zero channels appended, and the
 * branch's output is zero-padded at the bottom and right to the shortcut's size (dlib's {@code add_prev} of
 * tensors of different sizes; face-api's {@code residualDown}). At 150 px the sides run 150 → 72 → 35 → 35 →
 * 17 → 8 → 4 (branch 3, padded) → 2 (branch 1, padded). Smallest input: {@value #MIN_IMAGE_SIZE} px.
 *
 * <p>The layer order, the input normalisation and the paddings are those of face-api's
 * {@code FaceRecognitionNet} ({@code @vladmandic/face-api} 1.7.15), which runs the same weights in TF.js.
 * Weights are mapped by name from the manifest ({@link TfjsWeights}): {@code <layer>/conv/filters} (H×W×in×out,
 * transposed to DJL's out×in×H×W), {@code <layer>/conv/bias}, {@code <layer>/scale/weights} and
 * {@code /biases} (γ, β), and {@code fc} (in×out, transposed to out×in). They are copied into the parameters
 * when the block is initialised; without {@code encoder.weights} the same layers start from DJL's
 * initialisers (a checkpoint load, the FLOPs count and {@code bench} need nothing else).
 */
public final class DlibResNetEncoder {
    public static final String NAME = "dlib-resnet";

    /** The network's base width, embedding size and input channels for which the pretrained weights exist. */
    public static final int PRETRAINED_WIDTH = 32;
    public static final int PRETRAINED_EMBEDDING = 128;
    public static final int PRETRAINED_CHANNELS = 3;
    /** The side dlib's chips have and the weights were trained at. */
    public static final int PRETRAINED_IMAGE_SIZE = 150;
    /** Below this side a stride-2 "valid" convolution of the last down block has no pixel left (see {@link #sides}). */
    public static final int MIN_IMAGE_SIZE = 103;

    /** dlib's mean RGB of its training chips, subtracted before scaling by 1/255 (face-api's normalisation). */
    static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};
    static final float SCALE = 255f;

    /** The weights key: the TF.js manifest, relative to the working directory (the repository root). */
    public static final Setting WEIGHTS = new Setting("encoder.weights", Setting.Type.STRING, null, true, null, null, List.of(),
            "dlib-resnet: TF.js weights manifest of the pretrained network (models/dlib-resnet/face_recognition_model-weights_manifest.json, "
                    + "fetched by scripts/fetch-pretrained.sh); unset = untrained layers");

    /** Config name, its one key, and construction: the weights are read (and checked) when the component is built. */
    public static final Component<EncoderBody> COMPONENT = Component.<EncoderBody>named(NAME,
                    "dlib's face-recognition ResNet (29 conv layers, widths w…8w, 7×7 stride-2 stem); pretrained weights from encoder.weights")
            .newKey(WEIGHTS)
            .check(c -> {
                if (c.getInt("data.image_size") < MIN_IMAGE_SIZE) {
                    throw c.error("data.image_size", NAME + " needs images of at least " + MIN_IMAGE_SIZE + " px (the pretrained "
                            + "weights: " + PRETRAINED_IMAGE_SIZE + "), got " + c.getInt("data.image_size"));
                }
                if (c.get(WEIGHTS.path()) != null) {
                    for (String[] k : new String[][] {{"encoder.width", "" + PRETRAINED_WIDTH}, {"encoder.embedding", "" + PRETRAINED_EMBEDDING},
                            {"data.channels", "" + PRETRAINED_CHANNELS}}) {
                        if (c.getInt(k[0]) != Integer.parseInt(k[1])) {
                            throw c.error(k[0], "the pretrained " + NAME + " weights (encoder.weights) need " + k[0] + " = " + k[1]
                                    + ", got " + c.getInt(k[0]));
                        }
                    }
                }
            })
            .build(c -> {
                Object w = c.get(WEIGHTS.path());
                TfjsWeights weights = w == null ? null : TfjsWeights.read(Path.of(String.valueOf(w)));
                return spec -> body(spec, weights);
            });

    private DlibResNetEncoder() {}

    /** The untrained network for {@code spec}. */
    static Block body(EncoderSpec spec) {
        return body(spec, null);
    }

    /**
     * The network for {@code spec}; with {@code weights} (non-null) its parameters are set from them when the
     * block is initialised.
     *
     * @throws IllegalArgumentException for a side below {@value #MIN_IMAGE_SIZE}, or weights with a spec other than
     *     w = 32, d = 128, 3 channels
     */
    static Block body(EncoderSpec spec, TfjsWeights weights) {
        if (spec.imageSize() < MIN_IMAGE_SIZE) {
            throw new IllegalArgumentException(NAME + " needs images of at least " + MIN_IMAGE_SIZE + " px, got " + spec.imageSize());
        }
        if (weights != null && (spec.width() != PRETRAINED_WIDTH || spec.embeddingDim() != PRETRAINED_EMBEDDING
                || spec.channels() != PRETRAINED_CHANNELS)) {
            throw new IllegalArgumentException(NAME + "'s pretrained weights need width " + PRETRAINED_WIDTH + ", embedding "
                    + PRETRAINED_EMBEDDING + " and " + PRETRAINED_CHANNELS + " channels, got " + spec.width() + ", "
                    + spec.embeddingDim() + " and " + spec.channels());
        }
        int w = spec.width();
        Net net = new Net(weights);
        net.add(inputNormalisation(spec.channels()));
        net.convAffine("conv32_down", spec.channels(), w, 7, 2, true);
        net.add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2)));
        int[][] stages = {{1, 3}, {2, 3}, {4, 2}, {8, 2}};
        String[] names = {"conv32", "conv64", "conv128", "conv256"};
        int in = w;
        for (int s = 0; s < stages.length; s++) {
            int c = stages[s][0] * w;
            if (s > 0) {
                net.add(net.down(names[s] + "_down", in, c));
            }
            for (int r = 1; r <= stages[s][1]; r++) {
                net.add(net.residual(names[s] + "_" + r, c));
            }
            in = c;
        }
        net.add(net.down("conv256_down_out", in, in));
        net.add(Pool.globalAvgPool2dBlock());
        Linear fc = Linear.builder().setUnits(spec.embeddingDim()).optBias(false).build();
        net.add(fc);
        net.mapping.add(new Mapped("fc", fc.getParameters().get("weight"), Layout.IN_OUT));
        return net;
    }

    /**
     * The sides (height = width) after the stem conv, the max-pool and each of the four down blocks, for an
     * input of {@code side} px: conv 7×7/2 valid ⌊(n − 7)/2⌋ + 1, pool 3×3/2 ⌊(n − 3)/2⌋ + 1, down ⌊n/2⌋ (the
     * shortcut's; the branch's ⌊(n − 3)/2⌋ + 1 must be at least 1, i.e. n ≥ 3).
     */
    static int[] sides(int side) {
        int[] s = new int[6];
        s[0] = (side - 7) / 2 + 1;
        s[1] = (s[0] - 3) / 2 + 1;
        for (int i = 2; i < 6; i++) {
            s[i] = s[i - 1] >= 3 ? s[i - 1] / 2 : 0;
        }
        return s;
    }

    /** x ∈ [−1, 1] → (127.5 (x + 1) − m_c) / 255 = x / 2 + (127.5 − m_c) / 255, one offset per channel. */
    private static Block inputNormalisation(int channels) {
        float[] offset = new float[channels];
        for (int c = 0; c < channels; c++) {
            float mean = channels == 3 ? MEAN_RGB[c] : (MEAN_RGB[0] + MEAN_RGB[1] + MEAN_RGB[2]) / 3;
            offset[c] = (127.5f - mean) / SCALE;
        }
        float half = 127.5f / SCALE;
        return LambdaBlock.singleton(x -> {
            NDArray o = x.getManager().create(offset, new Shape(1, channels, 1, 1));
            NDArray h = x.getManager().create(half);
            return x.mul(h).add(o);
        }, "dlib-input");
    }

    /** How a manifest tensor's layout maps onto the DJL parameter's. */
    enum Layout {
        /** the same row-major values: biases, γ, β */
        SAME,
        /** H×W×in×out (TF.js conv kernel) → out×in×H×W */
        HWIO,
        /** in×out (TF.js matMul weight) → out×in (DJL Linear) */
        IN_OUT
    }

    /** A parameter and the manifest tensor that fills it. */
    record Mapped(String tensor, Parameter parameter, Layout layout) {}

    /** The network as a sequence, remembering which manifest tensor fills which parameter. */
    private static final class Net extends SequentialBlock {
        private final TfjsWeights weights;
        private final List<Mapped> mapping = new ArrayList<>();

        Net(TfjsWeights weights) {
            this.weights = weights;
        }

        /** conv (with bias, "valid" when {@code valid}, else "same") + affine (+ ReLU when relu): added to {@code seq}. */
        private SequentialBlock convAffine(SequentialBlock seq, String prefix, int in, int out, int k, int stride, boolean valid,
                boolean relu) {
            Conv2d conv = new AlignedConv2d(Conv2d.builder()
                    .setKernelShape(new Shape(k, k))
                    .optStride(new Shape(stride, stride))
                    .optPadding(valid ? new Shape(0, 0) : new Shape(k / 2, k / 2))
                    .setFilters(out)
                    .optBias(true), in % AlignedConv2d.CHANNEL_ALIGN == 0);
            ChannelAffine affine = new ChannelAffine(out);
            seq.add(conv).add(affine);
            if (relu) {
                seq.add(Activation.reluBlock());
            }
            mapping.add(new Mapped(prefix + "/conv/filters", conv.getParameters().get("weight"), Layout.HWIO));
            mapping.add(new Mapped(prefix + "/conv/bias", conv.getParameters().get("bias"), Layout.SAME));
            mapping.add(new Mapped(prefix + "/scale/weights", affine.gamma(), Layout.SAME));
            mapping.add(new Mapped(prefix + "/scale/biases", affine.beta(), Layout.SAME));
            return seq;
        }

        void convAffine(String prefix, int in, int out, int k, int stride, boolean relu) {
            convAffine(this, prefix, in, out, k, stride, true, relu);
        }

        Block residual(String prefix, int c) {
            SequentialBlock main = new SequentialBlock();
            convAffine(main, prefix + "/conv1", c, c, 3, 1, false, true);
            convAffine(main, prefix + "/conv2", c, c, 3, 1, false, false);
            return new ResidualBlock(main, LambdaBlock.singleton(x -> x, "identity"));
        }

        Block down(String prefix, int in, int out) {
            SequentialBlock main = new SequentialBlock();
            convAffine(main, prefix + "/conv1", in, out, 3, 2, true, true);
            convAffine(main, prefix + "/conv2", out, out, 3, 1, false, false);
            SequentialBlock shortcut = new SequentialBlock().add(Pool.avgPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            if (out > in) {
                shortcut.add(LambdaBlock.singleton(x -> {
                    Shape s = x.getShape();
                    return x.concat(x.getManager().zeros(new Shape(s.get(0), out - in, s.get(2), s.get(3)), x.getDataType()), 1);
                }, "zero-channels"));
            }
            return ResidualBlock.padded(main, shortcut);
        }

        @Override
        public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            super.initializeChildBlocks(manager, dataType, inputShapes);
            if (weights != null) {
                load(weights, mapping);
            }
        }
    }

    /**
     * Copies every mapped tensor into its parameter, checking that each parameter gets one of its size and that the
     * manifest holds no tensor the network does not use.
     */
    static void load(TfjsWeights weights, List<Mapped> mapping) {
        if (mapping.size() != weights.tensors().size()) {
            List<String> unused = new ArrayList<>(weights.tensors().keySet());
            mapping.forEach(m -> unused.remove(m.tensor()));
            throw new BadFileException(weights.manifest(), "holds " + weights.tensors().size() + " tensors where " + NAME + " has "
                    + mapping.size() + " parameters" + (unused.isEmpty() ? "" : "; not used: " + String.join(", ", unused)), TfjsWeights.FIX);
        }
        for (Mapped m : mapping) {
            TfjsWeights.Tensor t = weights.get(m.tensor());
            NDArray p = m.parameter().getArray();
            float[] values = toDjl(weights.manifest(), t, m.layout(), p.getShape());
            p.set(FloatBuffer.wrap(values));
        }
    }

    /** The tensor's values in the parameter's layout; a {@link BadFileException} when the sizes do not match. */
    static float[] toDjl(Path manifest, TfjsWeights.Tensor t, Layout layout, Shape target) {
        int[] s = t.shape();
        long[] expected = switch (layout) {
            case SAME -> target.getShape();
            case HWIO -> s.length == 4 ? new long[] {s[3], s[2], s[0], s[1]} : null;
            case IN_OUT -> s.length == 2 ? new long[] {s[1], s[0]} : null;
        };
        if (expected == null || !new Shape(expected).equals(target) || t.size() != target.size()) {
            throw new BadFileException(manifest, "tensor '" + t.name() + "' has shape " + t.shapeText() + ", which does not fill "
                    + NAME + "'s parameter of shape " + target, TfjsWeights.FIX);
        }
        float[] v = t.values();
        return switch (layout) {
            case SAME -> v.clone();
            case HWIO -> hwioToOihw(v, s[0], s[1], s[2], s[3]);
            case IN_OUT -> transpose(v, s[0], s[1]);
        };
    }

    /** k[h][w][i][o] (row-major H×W×I×O) → k[o][i][h][w] (row-major O×I×H×W). */
    static float[] hwioToOihw(float[] k, int kh, int kw, int in, int out) {
        float[] r = new float[k.length];
        for (int h = 0; h < kh; h++) {
            for (int w = 0; w < kw; w++) {
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        r[((o * in + i) * kh + h) * kw + w] = k[((h * kw + w) * in + i) * out + o];
                    }
                }
            }
        }
        return r;
    }

    /** m[r][c] (rows × cols) → m[c][r]. */
    static float[] transpose(float[] m, int rows, int cols) {
        float[] r = new float[m.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                r[j * rows + i] = m[i * cols + j];
            }
        }
        return r;
    }
}
