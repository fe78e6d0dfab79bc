package org.tripletlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DenseAdagradTest {
    @Test
    void twoStepsMatchTheFormulaByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1f, 2f});
            NDArray g = m.create(new float[] {0.5f, -1f});
            DenseAdagrad opt = DenseAdagrad.builder().optLearningRateTracker((id, t) -> 0.1f).optEpsilon(0f).build();
            // step 1: h = g² = [0.25, 1], w -= 0.1·g/√h = 0.1·sign(g) → [0.9, 2.1]
            opt.update("w", w, g);
            assertArrayEquals(new float[] {0.9f, 2.1f}, w.toFloatArray(), 1e-6f);
            // step 2: h = [0.5, 2], w -= 0.1·[0.5/√0.5, −1/√2] = [0.0707107, −0.0707107]
            opt.update("w", w, g);
            assertArrayEquals(new float[] {0.8292893f, 2.1707107f}, w.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void weightDecayIsAddedToTheGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {2f});
            DenseAdagrad opt = DenseAdagrad.builder().optLearningRateTracker((id, t) -> 0.1f).optEpsilon(0f).optWeightDecays(0.5f).build();
            // g = 0 + 0.5·2 = 1 → h = 1, w -= 0.1
            opt.update("w", w, m.create(new float[] {0f}));
            assertArrayEquals(new float[] {1.9f}, w.toFloatArray(), 1e-6f);
        }
    }

    /**
     * Each step must see the gradient of its own batch only: after an update the parameter's gradient is
     * zero, so the next backward does not add to the previous one (the bug: steps 1, 2, 3 saw 1×, 2×, 3×).
     */
    @Test
    void gradientIsResetAfterEachUpdate() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1f, -2f});
            w.setRequiresGradient(true);
            DenseAdagrad opt = DenseAdagrad.builder().optLearningRateTracker((id, t) -> 0f).optEpsilon(0f).build();
            for (int step = 0; step < 3; step++) {
                try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                    gc.backward(w.mul(w).sum()); // ∂/∂w Σ w² = 2w, with lr 0 the weights stay put
                }
                assertArrayEquals(new float[] {2f, -4f}, w.getGradient().toFloatArray(), 0f, "gradient at step " + step);
                opt.update("w", w, w.getGradient());
                assertArrayEquals(new float[] {0f, 0f}, w.getGradient().toFloatArray(), 0f, "after update " + step);
            }
        }
    }

    /** The FaceNet-style preset's optimiser trains on the PyTorch engine (DJL's own AdaGrad throws there). */
    @Test
    void facenetStyleAdagradTrainsAndLearns(@TempDir Path out) {
        TrainingRun.Outcome o = TrainingEndToEndTest.train(out, TrainingEndToEndTest.SMALL,
                "optimizer.name=adagrad", "optimizer.lr=0.05", "optimizer.schedule=constant", "optimizer.warmup_steps=0", "train.epochs=4");
        double untrained = o.validations().get(0).accuracy();
        assertTrue(o.last().accuracy() > untrained + 0.1, "AdaGrad learned " + untrained + " → " + o.last().accuracy());
    }
}
