package org.tripletlab.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.SplittableRandom;
import org.tripletlab.distance.PairwiseDistances;
import org.tripletlab.loss.Reduction;
import org.tripletlab.loss.TripletLoss;
import org.tripletlab.loss.TripletStats;
import org.tripletlab.distance.DistanceMatrix;
import org.tripletlab.mining.Miners;
import org.tripletlab.mining.SemiHardMiner;
import org.tripletlab.mining.TripletMiner;
import org.tripletlab.mining.Triplets;
import org.tripletlab.config.StandaloneMiners;

/**
 * Micro-benchmark of the Java-side work of one training step: mining triplets on a batch's squared
 * distance matrix D (already detached, so the copy from the tensor is not timed) and computing the
 * {@link TripletStats} for the log.
 *
 * <p>The batch is a P×K layout — P = identitiesPerBatch identities with K = batch / P images each,
 * labels {@code i / K} — of random unit vectors in {@code embeddingDim} dimensions (uniform on the
 * sphere, normalised Gaussians), D[i,j] = ‖e_i − e_j‖². Random unit vectors make semi-hard mining see
 * a realistic mix of pairs with and without candidates at margin α = 0.2. The numbers are wall-clock
 * means after a JIT warm-up; they are a guide, not a rigorous benchmark (no forking, no blackhole).
 */
public final class MiningBenchmark {
    /** Default margin α (FaceNet's 0.2) and semi-hard settings used by {@link #timePerStep(String, int, int, int, int)}. */
    public static final float DEFAULT_MARGIN = 0.2f;

    private static volatile long sink;

    private MiningBenchmark() {
    }

    /**
     * Mean milliseconds per step of {@code mine + TripletStats.of} for the given strategy, with margin 0.2,
     * semi-hard pick {@code hardest} and fallback {@code hardest-negative}, reduction {@code sum}.
     */
    public static double timePerStep(String strategy, int batch, int identitiesPerBatch, int embeddingDim, int reps) {
        return timePerStep(strategy, batch, identitiesPerBatch, embeddingDim, reps, DEFAULT_MARGIN,
                SemiHardMiner.Pick.HARDEST, SemiHardMiner.Fallback.HARDEST_NEGATIVE, Reduction.SUM);
    }

    /** As {@link #timePerStep(String, int, int, int, int)} with every mining and loss setting explicit. */
    public static double timePerStep(String strategy, int batch, int identitiesPerBatch, int embeddingDim, int reps,
            float margin, SemiHardMiner.Pick pick, SemiHardMiner.Fallback fallback, Reduction reduction) {
        if (batch < 1 || identitiesPerBatch < 1 || batch % identitiesPerBatch != 0) {
            throw new IllegalArgumentException(
                    "batch " + batch + " must be a positive multiple of identitiesPerBatch " + identitiesPerBatch);
        }
        if (embeddingDim < 1 || reps < 1) {
            throw new IllegalArgumentException("embeddingDim and reps must be >= 1");
        }
        Objects.requireNonNull(reduction, "reduction");
        TripletMiner miner = miner(strategy, margin, pick, fallback, embeddingDim);
        int k = batch / identitiesPerBatch;
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = i / k;
        }
        DistanceMatrix d = DistanceMatrix.fromEmbeddings(randomUnitVectors(new Random(12345), batch, embeddingDim),
                batch, embeddingDim);
        SplittableRandom rng = new SplittableRandom(42);
        // Warm-up so the JIT has compiled the loops before timing; a few steps suffice for these kernels.
        int warmup = Math.max(3, Math.min(reps, 20));
        for (int i = 0; i < warmup; i++) {
            step(miner, d, labels, rng, margin, reduction);
        }
        long start = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            step(miner, d, labels, rng, margin, reduction);
        }
        return (System.nanoTime() - start) / 1e6 / reps;
    }

    /**
     * Any registered miner, built through the registry like a training run builds it: the semi-hard keys as
     * given, the embedding dimension as the benchmark's, every other key at its default.
     */
    private static TripletMiner miner(String strategy, float margin, SemiHardMiner.Pick pick, SemiHardMiner.Fallback fallback,
            int embeddingDim) {
        return StandaloneMiners.create(strategy, List.of("miner.margin=" + margin, "miner.pick=" + pick.configName(),
                "miner.fallback=" + fallback.configName(), "encoder.embedding=" + embeddingDim));
    }

    private static void step(TripletMiner miner, DistanceMatrix d, int[] labels, SplittableRandom rng, float margin,
            Reduction reduction) {
        Triplets t = miner.mine(d, labels, rng);
        TripletStats s = TripletStats.of(d, t, margin, reduction);
        // Publishing a result keeps the JIT from discarding the work.
        sink += s.count() + s.activeCount() + Float.floatToRawIntBits(s.loss());
    }

    /**
     * Mean milliseconds of everything one training step spends on mining and the loss, on the tensor
     * side as well: normalise the B×d embeddings, D = pairwise squared distances (with gradient), copy D
     * to a float[], mine, {@link TripletStats}, gather the loss over the triplets and back-propagate it
     * to the embeddings. This is the overhead the triplet loss adds to the encoder's forward/backward.
     */
    public static double withLossMillis(String strategy, int batch, int identitiesPerBatch, int embeddingDim, int reps) {
        int k = batch / identitiesPerBatch;
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = i / k;
        }
        float[] e = randomUnitVectors(new Random(12345), batch, embeddingDim);
        TripletMiner miner = miner(strategy, DEFAULT_MARGIN, SemiHardMiner.Pick.RANDOM, SemiHardMiner.Fallback.HARDEST_NEGATIVE, embeddingDim);
        TripletLoss loss = new TripletLoss(DEFAULT_MARGIN, Reduction.MEAN);
        SplittableRandom rng = new SplittableRandom(42);
        long total = 0;
        int warmup = 3;
        try (NDManager base = NDManager.newBaseManager()) {
            for (int r = 0; r < warmup + reps; r++) {
                try (NDManager m = base.newSubManager()) {
                    NDArray x = m.create(e, new Shape(batch, embeddingDim));
                    x.setRequiresGradient(true);
                    long t0 = System.nanoTime();
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray unit = x.div(x.norm(new int[] {1}, true));
                        NDArray d = PairwiseDistances.squared(unit);
                        DistanceMatrix dm = PairwiseDistances.toDistanceMatrix(d);
                        Triplets t = miner.mine(dm, labels, rng);
                        sink += TripletStats.of(dm, t, DEFAULT_MARGIN, Reduction.MEAN).count();
                        if (!t.isEmpty()) {
                            gc.backward(loss.loss(d, t));
                        }
                    }
                    if (r >= warmup) {
                        total += System.nanoTime() - t0;
                    }
                }
            }
        }
        return total / 1e6 / reps;
    }

    static float[] randomUnitVectors(Random r, int n, int dim) {
        float[] e = new float[n * dim];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                double x = r.nextGaussian();
                e[i * dim + j] = (float) x;
                norm += x * x;
            }
            float inv = (float) (1 / Math.sqrt(norm));
            for (int j = 0; j < dim; j++) {
                e[i * dim + j] *= inv;
            }
        }
        return e;
    }
}
