package org.tripletlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.loss.ContrastiveLoss;
import org.tripletlab.loss.Loss;
import org.tripletlab.loss.PairMeans;
import org.tripletlab.util.Scalars;
import org.tripletlab.loss.SoftmaxLoss;

/** The collapse watch fires for every loss, with the loss's own wording (issue 11: contrastive collapses went unflagged). */
class CollapseWatchLossesTest {
    private static final int[] LABELS = {0, 0, 1, 1, 2, 2, 3, 3};

    /** 8 unit embeddings in 4 dims: all the same point (collapsed), or each identity on its own axis (healthy). */
    private static NDArray embeddings(NDManager m, boolean collapsed) {
        float[] e = new float[8 * 4];
        for (int i = 0; i < 8; i++) {
            e[i * 4 + (collapsed ? 0 : LABELS[i])] = 1f;
        }
        return m.create(e, new Shape(8, 4));
    }

    private static String watch(String kind, Loss.Step r) {
        CollapseWatch w = CollapseWatch.forLoss(kind, 1.0, 3);
        String warning = null;
        for (int step = 1; step <= 3; step++) {
            warning = w.observe(step, r.count(), r.meanAp(), r.meanAn());
        }
        return warning;
    }

    /** One step of {@code loss} on {@code out}, as the training loop computes it. */
    private static Loss.Step step(Loss loss, NDList out, NDManager m) {
        return loss.compute(out, LABELS, new SplittableRandom(0), m);
    }

    @Test
    void contrastiveAndSoftmaxStatisticsOfACollapsedBatchRaiseTheWarning() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (ContrastiveLoss.Negatives neg : ContrastiveLoss.Negatives.values()) {
                ContrastiveLoss loss = new ContrastiveLoss(1f, neg);
                String w = watch("contrastive", step(loss, new NDList(embeddings(m, true)), m));
                assertNotNull(w, "collapsed contrastive batch, negatives " + neg);
                assertTrue(w.contains("(contrastive loss)") && w.contains("loss.negatives: all"), w);
                assertFalse(w.contains("α·(active share)"), "no triplet wording for the contrastive loss: " + w);
                assertNull(watch("contrastive", step(loss, new NDList(embeddings(m, false)), m)),
                        "healthy contrastive batch, negatives " + neg);
            }
            int[] classOf = {0, 1, 2, 3};
            NDArray logits = m.zeros(new Shape(8, 4));
            String w = watch("softmax", step(new SoftmaxLoss(classOf), new NDList(embeddings(m, true), embeddings(m, true), logits), m));
            assertNotNull(w, "collapsed softmax batch");
            assertTrue(w.contains("(softmax loss)") && !w.contains("α"), w);
            assertNull(watch("softmax", step(new SoftmaxLoss(classOf), new NDList(embeddings(m, false), embeddings(m, false), logits),
                    m)));
        }
    }

    @Test
    void contrastiveHardestRecordsTheBatchMeansNotTheNearestNegatives() {
        try (NDManager m = NDManager.newBaseManager()) {
            // Identities 0/1 close together, 2/3 far away: the nearest negatives are close, the batch's negatives on average not.
            float[] e = {1, 0, 1, 0, 0.995f, 0.0998749f, 0.995f, 0.0998749f, 0, 1, 0, 1, -1, 0, -1, 0};
            Loss.Step r = step(new ContrastiveLoss(1f, ContrastiveLoss.Negatives.HARDEST), new NDList(m.create(e, new Shape(8, 2))), m);
            double[] all = PairMeans.of(PairwiseDistancesAccess.of(m.create(e, new Shape(8, 2))), LABELS);
            assertEquals(all[1], r.meanAn(), 1e-6, "mean over all different-identity pairs");
            assertTrue(r.meanAn() > 1, "far apart on average: " + r.meanAn());
        }
    }

    @Test
    void pairLossToleranceDoesNotDependOnAnUnusedOrEuclideanMargin() {
        // softmax ignores loss.margin; before, margin 0 shrank the tolerance to 1e-4 and this collapse went unflagged.
        CollapseWatch softmax = CollapseWatch.forLoss("softmax", 0.0, 1);
        assertNotNull(softmax.observe(1, 8, 0.0100, 0.0110));
        // contrastive m = 1 is a Euclidean distance; before, it set a tolerance of 0.01 on D and this healthy step looked collapsed.
        CollapseWatch contrastive = CollapseWatch.forLoss("contrastive", 1.0, 1);
        assertNull(contrastive.observe(1, 8, 0.030, 0.038));
        assertNull(contrastive.observe(2, 8, Double.NaN, Double.NaN), "no pairs of a kind: nothing to judge");
    }

    private static ExperimentConfig contrastive() {
        return ExperimentConfig.from(Config.parse(
                "name: cc\ndata: {source: synthetic, image_size: 16, synthetic: {identities: 20, images_per_identity: 4}}\n"
                        + "sampler: {identities: 4, images: 2}\nencoder: {width: 4, embedding: 8}\nloss: {kind: contrastive, margin: 1.0}\n"
                        + "train: {steps: 6, steps_per_epoch: 6, checkpoints: false, collapse_patience: 3, threads: 1}\n", "cc.yaml", List.of()));
    }

    private static String events(TrainingRun.Outcome o) throws Exception {
        return Files.readString(o.runDir().resolve("events.csv"));
    }

    @Test
    void contrastiveTrainingThatCollapsesIsFlaggedAndAHealthyOneIsNot(@TempDir Path tmp) throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        // Forced collapse: every embedding squeezed to within 10⁻³·|e| of one point (D ≤ 4·10⁻⁶); the trainer still gets gradients.
        TrainingRun.Outcome collapsed = TrainingRun.run(contrastive(), new TrainingRun.Options(tmp.resolve("a"), null, false,
                new PrintStream(console, true, StandardCharsets.UTF_8)), o -> (out, labels, rng, sm) -> {
                    NDArray e = out.get(0);
                    NDArray point = e.mul(Scalars.of(e, 1e-3f)).add(Scalars.of(e, (float) (1 / Math.sqrt(8))));
                    return o.compute(new NDList(point, out.get(1)), labels, rng, sm);
                });
        assertTrue(events(collapsed).contains("3,1,collapse,\"possible collapse at step 3 (contrastive loss)"), events(collapsed) + console);
        assertTrue(console.toString().contains("possible collapse at step 3 (contrastive loss)"), console.toString());

        TrainingRun.Outcome healthy = TrainingRun.run(contrastive(), new TrainingRun.Options(tmp.resolve("b"), null, false,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        assertFalse(events(healthy).contains("possible collapse"), events(healthy));
    }
}
