package org.tripletlab.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import org.tripletlab.loss.ContrastiveLoss;
import org.tripletlab.loss.Loss;
import org.tripletlab.loss.Reduction;
import org.tripletlab.loss.TripletMarginLoss;
import org.tripletlab.mining.Miners;
import org.tripletlab.mining.SemiHardMiner;
import org.tripletlab.model.Embedder;
import org.tripletlab.model.encoder.EncoderSpec;
import org.tripletlab.model.encoder.Encoders;
import org.tripletlab.model.Threads;
import org.tripletlab.config.StandaloneMiners;

/**
 * Child-JVM probe for {@link ScalarOperandLifetimeTest}: the real training step
 * ({@link TrainingRun#forwardBackward}) on a real encoder and the production objectives, run on one
 * fixed batch again and again, once without and then with a garbage collection between the forward
 * pass (objective included) and the backward pass. Every repetition must give bit-for-bit the same
 * parameter gradients as the reference without GC: the batch, the labels and the mining seed are
 * the same, and one intra-op thread keeps libtorch's reductions in a fixed order.
 *
 * <p>Why a child JVM: the corruption shows only when a freed block is handed out again and
 * overwritten, which glibc malloc does at once for small blocks (its free list writes a pointer into
 * them); under jemalloc, which the tests' JVM preloads, it was never seen. The parent starts this
 * class without {@code LD_PRELOAD}.
 *
 * <p>Output, one line per objective: {@code objective <name> reps <n> corrupted <k> max_rel_dev <d>}
 * where d = max over repetitions and parameters of |g − g_ref| / max|g_ref| (NaN counts as ∞).
 */
public final class GcBetweenForwardAndBackward {
    private static final int P = 8;
    private static final int K = 4;
    private static final int SIZE = 32;

    private GcBetweenForwardAndBackward() {
    }

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Threads.configure(1);
        float margin = 0.2f;
        Loss semiHardMean = new TripletMarginLoss(
                StandaloneMiners.create("semi-hard", margin, SemiHardMiner.Pick.RANDOM, SemiHardMiner.Fallback.HARDEST_NEGATIVE),
                margin, Reduction.MEAN);
        Loss batchAllNonzero = new TripletMarginLoss(
                StandaloneMiners.create("batch-all", margin, SemiHardMiner.Pick.RANDOM, SemiHardMiner.Fallback.SKIP),
                margin, Reduction.MEAN_NONZERO);
        Loss pairs = new ContrastiveLoss(1.0f, ContrastiveLoss.Negatives.ALL);
        probe("triplet-semi-hard-mean", semiHardMean, reps);
        probe("triplet-batch-all-mean-nonzero", batchAllNonzero, reps);
        probe("contrastive", pairs, reps);
    }

    private static void probe(String name, Loss objective, int reps) {
        Engine.getInstance().setRandomSeed(7);
        EncoderSpec spec = new EncoderSpec("small-conv", 32, 16, 1, SIZE);
        int batch = P * K;
        Random random = new Random(3);
        float[] x = new float[batch * SIZE * SIZE];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = i / K;
        }
        try (Model model = Model.newInstance("probe")) {
            model.setBlock(Encoders.create(spec));
            DefaultTrainingConfig tc = new DefaultTrainingConfig(ai.djl.training.loss.Loss.l2Loss()).optOptimizer(Optimizer.adam().build());
            try (Trainer trainer = model.newTrainer(tc)) {
                trainer.initialize(spec.inputShape(batch));
                List<NDArray> params = new ArrayList<>();
                for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                    if (p.getValue().requiresGradient()) {
                        params.add(p.getValue().getArray());
                    }
                }
                float[][] reference = step(trainer, objective, x, labels, params, false);
                double refMax = 0;
                for (float[] g : reference) {
                    for (float v : g) {
                        refMax = Math.max(refMax, Math.abs(v));
                    }
                }
                int corrupted = 0;
                double maxDev = 0;
                for (int r = 0; r < reps; r++) {
                    // Alternate: a deviation in a repetition without GC would mean the comparison itself is not exact.
                    boolean gc = r % 4 != 3;
                    float[][] g = step(trainer, objective, x, labels, params, gc);
                    double dev = maxAbsDiff(reference, g) / Math.max(refMax, Float.MIN_NORMAL);
                    if (dev > 0) {
                        corrupted++;
                    }
                    maxDev = Math.max(maxDev, dev);
                }
                System.out.printf(Locale.ROOT, "objective %s reps %d corrupted %d max_rel_dev %s ref_max %s%n",
                        name, reps, corrupted, maxDev, refMax);
            }
        }
    }

    /** One training step without the optimiser update; returns every parameter's gradient and zeroes it again. */
    private static float[][] step(Trainer trainer, Loss objective, float[] x, int[] labels, List<NDArray> params,
            boolean gcBeforeBackward) {
        Loss forced = !gcBeforeBackward ? objective : (out, l, rng, sm) -> {
            Loss.Step s = objective.compute(out, l, rng, sm);
            collectAndReuseFreedMemory();
            return s;
        };
        float[][] grads = new float[params.size()][];
        try (NDManager sm = trainer.getManager().newSubManager()) {
            NDArray input = Embedder.channelsLast(sm, x, labels.length, SIZE, 1);
            Loss.Step s = TrainingRun.forwardBackward(trainer, forced, input, labels, new SplittableRandom(5), sm);
            if (s.loss() == null) {
                throw new IllegalStateException("the probe batch must have something to learn from");
            }
            for (int i = 0; i < params.size(); i++) {
                try (NDArray g = params.get(i).getGradient()) {
                    grads[i] = g.toFloatArray();
                }
                // zero_() rather than g − g: a corrupted NaN gradient must not leak into the next repetition.
                JniUtils.zeroGrad((PtNDArray) params.get(i));
            }
        }
        return grads;
    }

    /**
     * A full GC, time for the cleaner to free unreachable direct buffers, and fresh small direct
     * buffers filled with a loud value, which take over the freed blocks (what any later allocation
     * of a training step would do).
     */
    private static void collectAndReuseFreedMemory() {
        System.gc();
        try {
            Thread.sleep(30);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ByteBuffer> garbage = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4 + (i % 4) * 4).order(ByteOrder.nativeOrder());
            while (b.remaining() >= 4) {
                b.putFloat(1e30f);
            }
            garbage.add(b);
        }
        if (garbage.size() != 256) {
            throw new AssertionError();
        }
    }

    private static double maxAbsDiff(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                double d = Math.abs((double) a[i][j] - b[i][j]);
                if (Double.isNaN(d)) {
                    return Double.POSITIVE_INFINITY;
                }
                max = Math.max(max, d);
            }
        }
        return max;
    }
}
