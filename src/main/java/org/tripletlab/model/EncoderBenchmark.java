package org.tripletlab.model;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.tripletlab.model.encoder.EncoderSpec;
import org.tripletlab.model.encoder.EncoderBlock;
import org.tripletlab.model.encoder.Encoders;
import org.tripletlab.model.encoder.Precision;

/**
 * Throughput of an encoder on the current engine, in images per second.
 *
 * <p>Training step = forward (BatchNorm in training mode) → surrogate loss
 * L = Σ_i ‖n_i − t_i‖² (n = normalised embedding, t = fixed random unit targets) → backward →
 * Adam update through DJL's {@link Trainer}. This loss is only a stand-in with the same graph
 * shape as a triplet loss on the embeddings; the cost is dominated by the network. Inference =
 * forward with {@code training=false} outside any gradient collector (no autograd graph).
 * Throughput = batch × steps / wall time, warm-up steps excluded; the "median" variant is
 * batch / median step time, which is less sensitive to other processes briefly taking the cores
 * (on a shared 2-core machine a stalled OpenMP thread stalls the whole step).
 *
 * <p>The batch is rebuilt from a Java float array every step, as a data loader would.
 * Two of the three settings that decide DJL's CPU speed are switchable here to measure them:
 * {@code channelsLast} (batch built as B×H×W×C and viewed as B×C×H×W via transpose, so PyTorch's
 * conv kernels see channels-last strides) and {@code subManager} (every per-step NDArray lives in a
 * sub-manager that is closed at the end of the step; without it they pile up in the model's
 * manager until the model is closed). The third (jemalloc via LD_PRELOAD) is process-wide and set
 * by {@code scripts/bench-compare.sh}.
 */
public final class EncoderBenchmark {

    private EncoderBenchmark() {}

    /**
     * @param channelsLast build input as B×H×W×C and transpose to a channels-last B×C×H×W view
     * @param subManager allocate every per-step array in a sub-manager closed after the step
     * @param precision the encoder's arithmetic (see {@link Precision})
     */
    public record Options(boolean channelsLast, boolean subManager, Precision precision) {
        public static final Options BEST = new Options(true, true, Precision.FP32);

        public Options withPrecision(Precision p) {
            return new Options(channelsLast, subManager, p);
        }
    }

    /** Measured throughput; {@code threads} is the intra-op thread count PyTorch reported. */
    public record Result(
            String architecture,
            int batch,
            int imageSize,
            int channels,
            int threads,
            Options options,
            int warmup,
            int steps,
            double trainImgPerSec,
            double inferImgPerSec,
            double trainImgPerSecMedian,
            double inferImgPerSecMedian,
            TrainPhases phases) {

        /** One JSON object on one line, the same keys as scripts/bench_reference.py prints. */
        public String toJson() {
            return String.format(
                    Locale.ROOT,
                    "{\"impl\":\"djl\",\"arch\":\"%s\",\"precision\":\"%s\",\"batch\":%d,\"size\":%d,\"channels\":%d,\"threads\":%d,"
                            + "\"channels_last\":%b,\"sub_manager\":%b,\"warmup\":%d,\"steps\":%d,"
                            + "\"train_img_s\":%.1f,\"infer_img_s\":%.1f,"
                            + "\"train_img_s_median\":%.1f,\"infer_img_s_median\":%.1f,\"train_phase_ms\":%s}",
                    architecture, options.precision().configName(), batch, imageSize, channels, threads, options.channelsLast(),
                    options.subManager(), warmup, steps, trainImgPerSec, inferImgPerSec,
                    trainImgPerSecMedian, inferImgPerSecMedian, phases.toJson());
        }
    }

    /**
     * Where a training step's time goes: the median over the timed steps of each phase, in milliseconds.
     * The phases are the same as {@code scripts/bench_reference.py}'s, so the two can be compared line by line:
     * {@code batch} (the Java array copied into a tensor and viewed channels-last), {@code forward} (the encoder),
     * {@code backward} (the surrogate loss and autograd's backward pass), {@code optimizer} (the Adam update of
     * every parameter), {@code free} (closing the step's sub-manager; nothing on the PyTorch side, whose arrays
     * are freed by reference counting inside the phases). CPU ops run synchronously, so each phase's wall
     * time is its own work.
     */
    public record TrainPhases(double batch, double forward, double backward, double optimizer, double free) {
        static final String[] NAMES = {"batch", "forward", "backward", "optimizer", "free"};

        static TrainPhases ofMedians(long[][] ns) {
            double[] ms = new double[NAMES.length];
            for (int p = 0; p < ms.length; p++) {
                long[] column = new long[ns.length];
                for (int i = 0; i < ns.length; i++) {
                    column[i] = ns[i][p];
                }
                ms[p] = median(column) / 1e6;
            }
            return new TrainPhases(ms[0], ms[1], ms[2], ms[3], ms[4]);
        }

        String toJson() {
            return String.format(Locale.ROOT, "{\"batch\":%.2f,\"forward\":%.2f,\"backward\":%.2f,\"optimizer\":%.2f,\"free\":%.2f}",
                    batch, forward, backward, optimizer, free);
        }
    }

    /**
     * Sets PyTorch's intra-op thread count for this process. at::set_num_threads can be changed at
     * any time; the inter-op pool can only be sized before first use, which is why
     * {@link EncoderBenchmarkMain} also sets the {@code ai.djl.pytorch.num_*threads} properties
     * before the engine loads.
     *
     * @return the thread count PyTorch reports afterwards
     */
    public static int setThreads(int threads) {
        return Threads.configure(threads);
    }

    /** Runs warm-up + timed training steps, then warm-up + timed inference passes. */
    public static Result run(EncoderSpec spec, int batch, int threads, int warmup, int steps, Options options) {
        int actualThreads = setThreads(threads);
        Shape nchw = spec.inputShape(batch);
        Shape nhwc = new Shape(batch, spec.imageSize(), spec.imageSize(), spec.channels());
        Random rnd = new Random(42);
        float[] pixels = randomPixels(nchw, rnd);
        try (Model model = Model.newInstance("bench-" + spec.architecture())) {
            try (Trainer trainer = newTrainer(model, spec, options, nchw)) {
                NDArray target = randomUnitRows(trainer.getManager(), batch, spec.embeddingDim(), rnd);

                long[] ignored = new long[TrainPhases.NAMES.length];
                for (int i = 0; i < warmup; i++) {
                    trainStep(trainer, pixels, nchw, nhwc, target, options, ignored);
                }
                long[] trainNs = new long[steps];
                long[][] phaseNs = new long[steps][TrainPhases.NAMES.length];
                for (int i = 0; i < steps; i++) {
                    long t = System.nanoTime();
                    trainStep(trainer, pixels, nchw, nhwc, target, options, phaseNs[i]);
                    trainNs[i] = System.nanoTime() - t;
                }

                for (int i = 0; i < warmup; i++) {
                    inferStep(trainer, pixels, nchw, nhwc, options);
                }
                long[] inferNs = new long[steps];
                for (int i = 0; i < steps; i++) {
                    long t = System.nanoTime();
                    inferStep(trainer, pixels, nchw, nhwc, options);
                    inferNs[i] = System.nanoTime() - t;
                }
                return new Result(spec.architecture(), batch, spec.imageSize(), spec.channels(), actualThreads,
                        options, warmup, steps, batch * steps / (sum(trainNs) / 1e9), batch * steps / (sum(inferNs) / 1e9),
                        batch / (median(trainNs) / 1e9), batch / (median(inferNs) / 1e9), TrainPhases.ofMedians(phaseNs));
            }
        }
    }

    /**
     * Runs {@code warmup} training steps, then {@code steps} more under libtorch's autograd profiler (DJL's
     * {@code JniUtils.startProfile}: every aten op of the forward, backward and optimizer update, with input
     * shapes), and writes the profiler's Chrome trace to {@code trace}. {@code scripts/profile_summary.py} turns
     * it into self time per op and step, beside the same trace of {@code scripts/bench_reference.py --profile}.
     */
    public static void profileTraining(EncoderSpec spec, int batch, int threads, int warmup, int steps, Options options,
            Path trace) {
        setThreads(threads);
        Shape nchw = spec.inputShape(batch);
        Shape nhwc = new Shape(batch, spec.imageSize(), spec.imageSize(), spec.channels());
        Random rnd = new Random(42);
        float[] pixels = randomPixels(nchw, rnd);
        long[] ignored = new long[TrainPhases.NAMES.length];
        try (Model model = Model.newInstance("profile-" + spec.architecture());
                Trainer trainer = newTrainer(model, spec, options, nchw)) {
            NDArray target = randomUnitRows(trainer.getManager(), batch, spec.embeddingDim(), rnd);
            for (int i = 0; i < warmup; i++) {
                trainStep(trainer, pixels, nchw, nhwc, target, options, ignored);
            }
            JniUtils.startProfile(false, true, false);
            try {
                for (int i = 0; i < steps; i++) {
                    trainStep(trainer, pixels, nchw, nhwc, target, options, ignored);
                }
            } finally {
                JniUtils.stopProfile(trace.toString());
            }
        }
    }

    /** The encoder in {@code options}' precision, initialised, in a trainer with Adam (lr 1e-4). */
    private static Trainer newTrainer(Model model, EncoderSpec spec, Options options, Shape nchw) {
        EncoderBlock encoder = Encoders.create(spec);
        encoder.setPrecision(options.precision());
        model.setBlock(encoder);
        DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.l2Loss())
                .optOptimizer(Adam.builder().optLearningRateTracker(Tracker.fixed(1e-4f)).build());
        Trainer trainer = model.newTrainer(cfg);
        trainer.initialize(nchw);
        return trainer;
    }

    private static float[] randomPixels(Shape nchw, Random rnd) {
        float[] pixels = new float[(int) nchw.size()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) rnd.nextGaussian();
        }
        return pixels;
    }

    /** One training step; {@code phaseNs} receives the nanoseconds of each of {@link TrainPhases#NAMES}. */
    private static void trainStep(
            Trainer trainer, float[] pixels, Shape nchw, Shape nhwc, NDArray target, Options o, long[] phaseNs) {
        long t0 = System.nanoTime();
        NDManager m = o.subManager() ? trainer.getManager().newSubManager() : trainer.getManager();
        long t1;
        long t2;
        try (GradientCollector gc = trainer.newGradientCollector()) {
            NDArray x = input(m, pixels, nchw, nhwc, o);
            t1 = System.nanoTime();
            NDArray emb = trainer.forward(new NDList(x)).get(0);
            t2 = System.nanoTime();
            NDArray loss = emb.sub(target).square().sum();
            gc.backward(loss);
        }
        long t3 = System.nanoTime();
        trainer.step();
        long t4 = System.nanoTime();
        if (o.subManager()) {
            m.close(); // frees input, activations, loss and the gradient handles of this step
        }
        long t5 = System.nanoTime();
        phaseNs[0] = t1 - t0;
        phaseNs[1] = t2 - t1;
        phaseNs[2] = t3 - t2;
        phaseNs[3] = t4 - t3;
        phaseNs[4] = t5 - t4;
    }

    private static void inferStep(Trainer trainer, float[] pixels, Shape nchw, Shape nhwc, Options o) {
        NDManager m = o.subManager() ? trainer.getManager().newSubManager() : trainer.getManager();
        NDArray x = input(m, pixels, nchw, nhwc, o);
        trainer.evaluate(new NDList(x)).get(0);
        if (o.subManager()) {
            m.close();
        }
    }

    /**
     * The batch as B×C×H×W. Channels-last: the data is laid out B×H×W×C in memory and
     * transpose(0,3,1,2) gives a B×C×H×W view with strides (HWC, 1, WC, C) — PyTorch treats that
     * as channels_last memory format and its oneDNN convolutions then keep activations (and
     * gradients) channels-last, avoiding reorders around every conv.
     */
    private static NDArray input(NDManager m, float[] pixels, Shape nchw, Shape nhwc, Options o) {
        if (o.channelsLast()) {
            return m.create(pixels, nhwc).transpose(0, 3, 1, 2);
        }
        return m.create(pixels, nchw);
    }

    private static double sum(long[] ns) {
        double s = 0;
        for (long v : ns) {
            s += v;
        }
        return s;
    }

    private static double median(long[] ns) {
        long[] c = ns.clone();
        java.util.Arrays.sort(c);
        int n = c.length;
        return n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2.0;
    }

    private static NDArray randomUnitRows(NDManager m, int rows, int dim, Random rnd) {
        float[] v = new float[rows * dim];
        for (int r = 0; r < rows; r++) {
            double norm = 0;
            for (int k = 0; k < dim; k++) {
                float g = (float) rnd.nextGaussian();
                v[r * dim + k] = g;
                norm += g * g;
            }
            float inv = (float) (1.0 / Math.sqrt(norm));
            for (int k = 0; k < dim; k++) {
                v[r * dim + k] *= inv;
            }
        }
        return m.create(v, new Shape(rows, dim));
    }
}
