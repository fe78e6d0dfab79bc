package org.tripletlab.model.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * bf16 mixed precision ({@link Precision#BF16}, {@link Bf16Casts}): the casts round like bfloat16 and carry
 * gradients back to float32, and every encoder in bf16 computes what it computes in float32 up to bfloat16
 * rounding — forward and every parameter's gradient — while really running in bfloat16 (the outputs differ).
 */
class MixedPrecisionTest {
    /** bfloat16 keeps 8 significant bits: round-to-nearest is within 2⁻⁸ of the value, relatively. */
    private static final double BF16_UNIT = Math.pow(2, -8);
    /**
     * Cosine between the bf16 and fp32 gradients of all parameters together. Measured (seed 7, 8 random 64×64
     * images, width 8): 0.978–0.992 in inference mode for the batch-norm nets and 0.946 for dlib-resnet (randomly
     * initialised, 112 px, no normalisation between its 29 convolutions); 0.906–0.992 in training mode, where batch
     * norm's batch statistics over 8 images amplify the rounding in deep nets (inception-small lowest). Garbage
     * gradients such as oneDNN's padded-layout bugs gave (see AlignedConv2d) have a cosine near 0.
     */
    private static final double MIN_COSINE_INFERENCE = 0.93;
    private static final double MIN_COSINE_TRAINING = 0.85;

    static List<String> architectures() {
        return Encoders.ARCHITECTURES;
    }

    private static NDArray gaussian(NDManager m, Shape shape, long seed, double scale) {
        Random rnd = new Random(seed);
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (scale * rnd.nextGaussian());
        }
        return m.create(v, shape);
    }

    /** Nearest bfloat16 of x (ties to even), computed from its bits: the oracle for the casts. */
    static float roundToBf16(float x) {
        int bits = Float.floatToRawIntBits(x);
        int lsb = (bits >>> 16) & 1;
        return Float.intBitsToFloat((bits + 0x7FFF + lsb) & 0xFFFF0000);
    }

    @Test
    void castsRoundLikeBfloat16AndPassGradientsBackAsFloat32() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = gaussian(m, new Shape(1000), 3, 7.0);
            NDArray c = gaussian(m, new Shape(1000), 4, 1.0);
            w.setRequiresGradient(true);
            float[] back;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray roundTrip = Bf16Casts.toFloat32(Bf16Casts.toBf16(w));
                assertEquals(DataType.FLOAT32, roundTrip.getDataType());
                back = roundTrip.toFloatArray();
                gc.backward(roundTrip.mul(c).sum()); // c is an array: kept alive until backward
            }
            float[] wv = w.toFloatArray();
            float[] cv = c.toFloatArray();
            float[] grad = w.getGradient().toFloatArray();
            int changed = 0;
            for (int i = 0; i < wv.length; i++) {
                assertEquals(roundToBf16(wv[i]), back[i], 0f, "bf16 rounding of " + wv[i]);
                assertTrue(Math.abs(back[i] - wv[i]) <= BF16_UNIT * Math.abs(wv[i]));
                changed += back[i] != wv[i] ? 1 : 0;
                // d/dw Σ fp32(bf16(w))·c: the incoming gradient c passes the fp32 cast's backward (to bf16) and
                // the bf16 cast's backward (to fp32), so the float32 weight receives bf16(c).
                assertEquals(roundToBf16(cv[i]), grad[i], 0f, "gradient " + i);
            }
            assertTrue(changed > 900, "a float32 with random low bits is rarely a bfloat16 already: " + changed);
        }
    }

    @Test
    void aCastToTheTypeAnArrayAlreadyHasReturnsItsValuesUnchanged() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = gaussian(m, new Shape(64), 5, 1.0);
            assertEquals(x.toFloatArray().length, 64);
            float[] once = Bf16Casts.toFloat32(Bf16Casts.toBf16(x)).toFloatArray();
            float[] twice = Bf16Casts.toFloat32(Bf16Casts.toBf16(Bf16Casts.toBf16(x))).toFloatArray();
            assertTrue(java.util.Arrays.equals(once, twice));
            assertTrue(java.util.Arrays.equals(x.toFloatArray(), Bf16Casts.toFloat32(x).toFloatArray()));
            // and without a trip through libtorch: the very same array comes back (a module call would wrap a new one)
            NDArray b = Bf16Casts.toBf16(x);
            assertTrue(Bf16Casts.isBf16(b), "DJL's type of a bfloat16 array: " + b.getDataType());
            assertFalse(Bf16Casts.isBf16(x));
            assertSame(b, Bf16Casts.toBf16(b));
            assertSame(x, Bf16Casts.toFloat32(x));
        }
    }

    /** One forward + backward of a pull/push loss; the normalised embedding and every parameter's gradient. */
    private record Pass(float[] embedding, List<float[]> gradients, List<String> names) {}

    private static Pass pass(EncoderBlock block, NDManager m, NDArray x, boolean training) {
        // gradients add up across backward passes until an optimiser step clears them: clear them here
        for (Parameter p : block.getParameters().values()) {
            if (p.requiresGradient()) {
                NDArray g = p.getArray().getGradient();
                g.subi(g);
            }
        }
        ParameterStore ps = new ParameterStore(m, false);
        try (NDManager step = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray emb = block.forward(ps, new NDList(x), training).get(0);
            // pull images 0↔1 together, push 0↔2 apart: a loss whose gradient reaches every layer
            NDArray loss = emb.get("0").sub(emb.get("1")).square().sum().sub(emb.get("0").sub(emb.get("2")).square().sum());
            float[] e = emb.toFloatArray();
            gc.backward(loss);
            List<float[]> grads = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    grads.add(p.getValue().getArray().getGradient().toFloatArray());
                    names.add(p.getKey());
                }
            }
            return new Pass(e, grads, names);
        }
    }

    private static double cosine(float[] a, float[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (double) a[i] * b[i];
            aa += (double) a[i] * a[i];
            bb += (double) b[i] * b[i];
        }
        return aa == 0 && bb == 0 ? 1 : ab / Math.sqrt(aa * bb);
    }

    private static double norm(float[] a) {
        double s = 0;
        for (float v : a) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }

    private static double maxNorm(List<float[]> parts) {
        return parts.stream().mapToDouble(MixedPrecisionTest::norm).max().orElse(0);
    }

    private static float[] concat(List<float[]> parts) {
        float[] all = new float[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    /**
     * The same weights in fp32 and bf16: unit embeddings within 0.03 of each other (measured 0.002–0.026: bfloat16
     * rounding through the network), yet not identical (the bf16 kernels ran); every gradient finite, and all of
     * them together pointing the way the fp32 ones do ({@link #MIN_COSINE_INFERENCE}, {@link #MIN_COSINE_TRAINING};
     * single parameters with tiny gradients are dominated by rounding and not compared one by one). inception-small's
     * narrow branches go through AlignedConv2d's zero padding in bfloat16 (width 8); two repeats, because oneDNN's
     * padded-layout bugs showed up in some calls only.
     */
    @ParameterizedTest
    @MethodSource("architectures")
    void bf16MatchesFloat32UpToRounding(String arch) {
        for (int width : new int[] {8}) {
            EncoderSpec spec = new EncoderSpec(arch, 16, width, 1, EncoderTest.side(arch, 64));
            try (NDManager m = NDManager.newBaseManager()) {
                EncoderBlock block = trainableBlock(m, spec, 8);
                NDArray x = gaussian(m, spec.inputShape(8), 11, 1.0);
                for (boolean training : new boolean[] {false, true}) {
                    block.setPrecision(Precision.FP32);
                    Pass fp32 = pass(block, m, x, training);
                    for (int repeat = 0; repeat < 2; repeat++) {
                        block.setPrecision(Precision.BF16);
                        Pass bf16 = pass(block, m, x, training);
                        String where = arch + " w=" + width + (training ? " training" : " inference") + " repeat " + repeat;
                        double diff = maxAbsDiff(fp32.embedding(), bf16.embedding());
                        assertTrue(diff < 0.03, where + ": embeddings differ by " + diff);
                        assertTrue(diff > 0, where + ": bf16 gave exactly the float32 embedding; were the casts skipped?");
                        double worst = 1;
                        String worstName = "";
                        for (int i = 0; i < fp32.gradients().size(); i++) {
                            float[] g = bf16.gradients().get(i);
                            for (float v : g) {
                                assertTrue(Float.isFinite(v), where + ": non-finite gradient of " + fp32.names().get(i));
                            }
                            double cos = cosine(fp32.gradients().get(i), g);
                            if (cos < worst) {
                                worst = cos;
                                worstName = fp32.names().get(i) + String.format(" |g|=%.2e vs max %.2e", norm(fp32.gradients().get(i)), maxNorm(fp32.gradients()));
                            }
                        }
                        double all = cosine(concat(fp32.gradients()), concat(bf16.gradients()));
                        System.out.printf("%s: max |Δ embedding| %.4f, gradient cosine %.5f overall, %.4f worst parameter %s%n",
                                where, diff, all, worst, worstName);
                        double min = training ? MIN_COSINE_TRAINING : MIN_COSINE_INFERENCE;
                        assertTrue(all >= min, where + ": all gradients together have cosine " + all + " < " + min);
                    }
                }
                block.setPrecision(Precision.FP32);
            }
        }
    }

    /** The encoder of {@code spec}, initialised in {@code m} from engine seed 7, its trainable arrays recording gradients. */
    static EncoderBlock trainableBlock(NDManager m, EncoderSpec spec, int batch) {
        Engine.getInstance().setRandomSeed(7);
        EncoderBlock block = Encoders.create(spec);
        block.initialize(m, DataType.FLOAT32, spec.inputShape(batch));
        block.getParameters().values().stream().filter(Parameter::requiresGradient)
                .forEach(p -> p.getArray().setRequiresGradient(true));
        return block;
    }
}
