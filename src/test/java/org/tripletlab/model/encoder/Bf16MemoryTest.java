package org.tripletlab.model.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A training step or an embedding pass in either precision leaves nothing behind in the parameters' manager:
 * every array it makes (bfloat16 copies of the weights included) belongs to the step's sub-manager and is freed
 * with it. Before this was checked, each bf16 forward left one bfloat16 copy of every convolution weight in the
 * parameters' manager — native memory grew by 0.8 MB a step and a 27,000-step run would have run out of memory.
 */
class Bf16MemoryTest {

    static List<String> architectures() {
        return Encoders.ARCHITECTURES;
    }

    @ParameterizedTest
    @MethodSource("architectures")
    void stepsLeaveNoArraysInTheParametersManager(String arch) {
        EncoderSpec spec = new EncoderSpec(arch, 16, 8, 1, EncoderTest.side(arch, 64));
        for (Precision precision : Precision.values()) {
            try (NDManager params = NDManager.newBaseManager()) {
                EncoderBlock block = MixedPrecisionTest.trainableBlock(params, spec, 4);
                block.setPrecision(precision);
                ParameterStore ps = new ParameterStore(params, false);
                // the first pass may create lasting arrays (gradients, running statistics): count after it
                trainingStep(block, ps, params, spec);
                embeddingPass(block, ps, params, spec);
                int before = managed(params);
                for (int i = 0; i < 3; i++) {
                    trainingStep(block, ps, params, spec);
                    embeddingPass(block, ps, params, spec);
                }
                assertEquals(before, managed(params), arch + " " + precision
                        + ": arrays were left in the parameters' manager by 3 training steps and 3 embedding passes");
            }
        }
    }

    private static int managed(NDManager m) {
        return ((BaseNDManager) m).getManagedArrays().size();
    }

    private static NDArray input(NDManager m, EncoderSpec spec) {
        Random rnd = new Random(11);
        float[] v = new float[(int) spec.inputShape(4).size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return m.create(v, spec.inputShape(4));
    }

    private static void trainingStep(EncoderBlock block, ParameterStore ps, NDManager params, EncoderSpec spec) {
        try (NDManager step = params.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray emb = block.forward(ps, new NDList(input(step, spec)), true).get(0);
            gc.backward(emb.get("0").sub(emb.get("1")).square().sum());
        }
    }

    private static void embeddingPass(EncoderBlock block, ParameterStore ps, NDManager params, EncoderSpec spec) {
        try (NDManager chunk = params.newSubManager()) {
            block.forward(ps, new NDList(input(chunk, spec)), false).get(0).toFloatArray();
        }
    }
}
