package org.tripletlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.tripletlab.data.FaceDataset;

/**
 * PyTorch's grad mode is per thread and on by default; DJL turns it off only on the thread that starts the engine.
 * The embedder must run its forward passes with it off on any thread (no autograd graph for weights that require
 * gradients) and leave the thread's mode as it found it.
 */
class EmbedderGradModeTest {
    @Test
    void embedsWithoutAutogradOnAThreadWhereGradModeIsOn() throws Exception {
        ai.djl.engine.Engine.getInstance();
        FaceDataset ds = new FaceDataset(2, 1, new byte[] {0, 10, 20, (byte) 200, 5, 6, 7, 8}, new int[] {0, 1},
                List.of("a", "b"), List.of("a/0", "b/0"), "test", "two 2×2 images");
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.ones(new ai.djl.ndarray.types.Shape(4, 3));
            weight.setRequiresGradient(true); // as a just-trained model's parameters
            List<Boolean> modeDuringForward = new ArrayList<>();
            List<Boolean> outputRecordsGraph = new ArrayList<>();
            Embedder embedder = new Embedder(in -> {
                modeDuringForward.add(JniUtils.isGradMode());
                NDArray x = in.singletonOrThrow().reshape(-1, 4).matMul(weight);
                outputRecordsGraph.add(x.hasGradient());
                NDArray e = x.div(x.norm(new int[] {1}, true));
                return new NDList(e, x);
            }, manager);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            boolean[] modeBeforeAndAfter = new boolean[2];
            float[][] embeddings = new float[1][];
            Thread worker = new Thread(() -> {
                try {
                    modeBeforeAndAfter[0] = JniUtils.isGradMode();
                    embeddings[0] = embedder.embed(ds, new int[] {0, 1}, 1, true).embeddings();
                    modeBeforeAndAfter[1] = JniUtils.isGradMode();
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            worker.start();
            worker.join();
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
            assertTrue(modeBeforeAndAfter[0], "a new thread starts with PyTorch's grad mode on (what this test is about)");
            assertEquals(4, modeDuringForward.size(), "2 images × (plain, mirrored), batch 1");
            assertFalse(modeDuringForward.contains(true), "grad mode during the forward passes: " + modeDuringForward);
            assertFalse(outputRecordsGraph.contains(true), "an output recorded an autograd graph: " + outputRecordsGraph);
            assertTrue(modeBeforeAndAfter[1], "the thread's grad mode is restored");
            assertEquals(6, embeddings[0].length);
        }
    }
}
