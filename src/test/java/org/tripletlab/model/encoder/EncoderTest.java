package org.tripletlab.model.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.tripletlab.model.ModelStats;

class EncoderTest {

    /** Every registered encoder: the tests below run on each, so a new one is tested without editing them. */
    static List<String> architectures() {
        return Encoders.ARCHITECTURES;
    }

    /**
     * The side a test gives {@code arch} when it asks for {@code size}: dlib-resnet's stride-2 "valid" convolutions
     * need at least {@link DlibResNetEncoder#MIN_IMAGE_SIZE} px, the others take any side from 16.
     */
    static int side(String arch, int size) {
        return arch.equals(DlibResNetEncoder.NAME) ? Math.max(size, DlibResNetEncoder.MIN_IMAGE_SIZE) : size;
    }

    /** Every encoder at grey and RGB input, small and large sides. */
    static Stream<Arguments> architecturesChannelsSizes() {
        int[][] inputs = {{1, 64}, {3, 96}, {1, 32}, {3, 32}, {3, 128}};
        return architectures().stream().flatMap(a -> Stream.of(inputs).map(in -> Arguments.of(a, in[0], in[1])));
    }

    private static NDArray randomImages(NDManager m, Shape shape, long seed) {
        Random rnd = new Random(seed);
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return m.create(v, shape);
    }

    @ParameterizedTest
    @MethodSource("architecturesChannelsSizes")
    void outputsAreUnitEmbeddings(String arch, int channels, int size) {
        EncoderSpec spec = new EncoderSpec(arch, 16, 8, channels, side(arch, size));
        try (NDManager m = NDManager.newBaseManager()) {
            EncoderBlock block = Encoders.create(spec);
            Shape in = spec.inputShape(2);
            block.initialize(m, DataType.FLOAT32, in);
            assertArrayEquals(new Shape[] {new Shape(2, 16), new Shape(2, 16)}, block.getOutputShapes(new Shape[] {in}));
            NDList out = block.forward(new ParameterStore(m, false), new NDList(randomImages(m, in, 1)), false);
            assertEquals(2, out.size());
            assertEquals(new Shape(2, 16), out.get(0).getShape());
            assertEquals(new Shape(2, 16), out.get(1).getShape());
            float[] norms = out.get(0).norm(new int[] {1}).toFloatArray();
            for (float n : norms) {
                assertEquals(1.0, n, 1e-5);
            }
            // normalized really is raw / ‖raw‖
            NDArray rawNorm = out.get(1).norm(new int[] {1}, true);
            assertTrue(out.get(1).div(rawNorm).sub(out.get(0)).abs().max().getFloat() < 1e-5f);
        }
    }

    @Test
    void unknownArchitectureListsNames() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Encoders.create(new EncoderSpec("vgg", 8, 8, 1, 64)));
        for (String name : Encoders.ARCHITECTURES) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
    }

    @Test
    void inceptionSmallRefusesAWidthNotDivisibleBy4() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Encoders.create(new EncoderSpec(InceptionSmallEncoder.NAME, 8, 30, 1, 64)));
        assertEquals("inception-small needs width divisible by 4, got 30", e.getMessage());
    }

    /**
     * small-conv, w = 2, d = 4, 16×16 input. Hand count (conv weights are bias-free):
     *
     * <pre>
     * stage  in→out  HxW   weights      FLOPs 2·Cout·H·W·Cin·9
     * 1      C→2     16²   2·C·9        2·2·256·C·9 = 9216·C
     * 2      2→4      8²   4·2·9 = 72   2·4·64·2·9  = 9216
     * 3      4→8      4²   8·4·9 = 288  2·8·16·4·9  = 9216
     * 4      8→16     2²   16·8·9=1152  2·16·4·8·9  = 9216
     * linear 16→4           64 + 4 bias  2·16·4      = 128
     * BN γ,β               2·(2+4+8+16) = 60   (running mean/var: another 60, not trainable)
     * </pre>
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void statsKnownAnswerForTinySmallConv(int c) {
        EncoderSpec spec = new EncoderSpec(SmallConvEncoder.NAME, 4, 2, c, 16);
        try (NDManager m = NDManager.newBaseManager()) {
            EncoderBlock block = Encoders.create(spec);
            Shape in = spec.inputShape(3);
            block.initialize(m, DataType.FLOAT32, in);
            ModelStats s = ModelStats.of(block, in);
            long params = 18L * c + 72 + 288 + 1152 + 64 + 4 + 60;
            long flops = 9216L * c + 3 * 9216 + 128;
            assertEquals(new ModelStats(params, 60, flops), s);
        }
    }

    /** Residual and parallel blocks: the walker must feed every branch the block's input. */
    @Test
    void statsCountBranchesOfResnetAndInception() {
        for (String arch : new String[] {ResNetEncoder.NAME, InceptionSmallEncoder.NAME}) {
            EncoderSpec spec = new EncoderSpec(arch, 8, 4, 1, 32);
            try (NDManager m = NDManager.newBaseManager()) {
                EncoderBlock block = Encoders.create(spec);
                block.initialize(m, DataType.FLOAT32, spec.inputShape(1));
                ModelStats one = ModelStats.of(block, spec.inputShape(1));
                ModelStats two = ModelStats.of(block, spec.inputShape(2));
                assertEquals(one, two, "FLOPs are per image");
                assertTrue(one.flopsPerImage() > 0 && one.parameters() > 0);
            }
        }
        // resnet w=4, 1×32×32 by hand: stem 2·4·32²·9 = 73728; pool → 16².
        // stage1 (16², 4→4): 4 convs of 2·4·256·4·9 = 73728 → 294912.
        // stage2 (8², 4→8): conv s2 2·8·64·4·9 = 36864, 3 convs 2·8·64·8·9 = 73728 each, proj 2·8·64·4 = 4096.
        // stage3 (4², 8→16): 36864 + 3·73728 + 2·16·16·8 = 4096.  stage4 (2², 16→32): same pattern.
        // linear 32→8: 512.
        long stage = 36864 + 3 * 73728 + 4096;
        long expected = 73728 + 294912 + 3 * stage + 512;
        try (NDManager m = NDManager.newBaseManager()) {
            EncoderSpec spec = new EncoderSpec(ResNetEncoder.NAME, 8, 4, 1, 32);
            EncoderBlock block = Encoders.create(spec);
            block.initialize(m, DataType.FLOAT32, spec.inputShape(1));
            assertEquals(expected, ModelStats.of(block, spec.inputShape(1)).flopsPerImage());
        }
    }

    /** Squared distance between the normalised embeddings of images 0↔1 and 2↔3, summed. */
    private static NDArray pullLoss(NDArray emb) {
        NDArray a = emb.get("0:4:2");
        NDArray b = emb.get("1:4:2");
        return a.sub(b).square().sum();
    }

    @ParameterizedTest
    @MethodSource("architectures")
    void oneAdamStepReducesPullLoss(String arch) {
        EncoderSpec spec = new EncoderSpec(arch, 16, 8, 1, side(arch, 32));
        Engine.getInstance().setRandomSeed(1234); // fixed initial weights: the test must not be flaky
        try (Model model = Model.newInstance("t-" + arch)) {
            model.setBlock(Encoders.create(spec));
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Adam.builder().optLearningRateTracker(Tracker.fixed(1e-4f)).build());
            try (Trainer trainer = model.newTrainer(cfg)) {
                Shape in = spec.inputShape(4);
                trainer.initialize(in);
                NDArray x = randomImages(trainer.getManager(), in, 7);
                float before;
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDArray loss = pullLoss(trainer.forward(new NDList(x)).get(0));
                    before = loss.getFloat();
                    gc.backward(loss);
                }
                for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                    if (p.getValue().requiresGradient()) {
                        NDArray g = p.getValue().getArray().getGradient();
                        float max = g.abs().max().getFloat();
                        assertTrue(Float.isFinite(max), arch + ": non-finite gradient for " + p.getKey() + " (max |g| " + max + ")");
                        assertTrue(max > 0f, arch + ": zero gradient for " + p.getKey());
                    }
                }
                trainer.step();
                // The next backward must start from zero, not accumulate onto this step's gradient.
                for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                    if (p.getValue().requiresGradient()) {
                        NDArray g = p.getValue().getArray().getGradient();
                        assertEquals(0f, g.abs().max().getFloat(), arch + ": gradient not reset for " + p.getKey());
                    }
                }
                float after;
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    after = pullLoss(trainer.forward(new NDList(x)).get(0)).getFloat();
                }
                System.out.println(arch + ": pull loss " + before + " -> " + after);
                assertTrue(after < before, arch + ": loss " + before + " -> " + after);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("architectures")
    void evalForwardIsDeterministic(String arch) {
        EncoderSpec spec = new EncoderSpec(arch, 16, 8, 3, side(arch, 32));
        try (NDManager m = NDManager.newBaseManager()) {
            EncoderBlock block = Encoders.create(spec);
            Shape in = spec.inputShape(3);
            block.initialize(m, DataType.FLOAT32, in);
            NDArray x = randomImages(m, in, 3);
            ParameterStore ps = new ParameterStore(m, false);
            float[] first = block.forward(ps, new NDList(x), false).get(0).toFloatArray();
            float[] second = block.forward(ps, new NDList(x), false).get(0).toFloatArray();
            assertArrayEquals(first, second, 0f);
        }
    }
}
