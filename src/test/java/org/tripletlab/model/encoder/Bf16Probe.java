package org.tripletlab.model.encoder;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.PairList;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import org.tripletlab.model.Threads;

/**
 * Issue 14 feasibility probe (not a test, not used by main code): does DJL 0.36 / libtorch 2.7.1 run
 * the small conv net in bfloat16 mixed precision on CPU, and how fast compared with fp32?
 *
 * <pre>
 *   mvn -o -q package -DskipTests   # target/lib
 *   mvn -o -q test-compile
 *   LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 MALLOC_CONF=dirty_decay_ms:-1,muzzy_decay_ms:-1 \
 *   OMP_NUM_THREADS=2 java -Dai.djl.offline=true -cp 'target/classes:target/test-classes:target/lib/*' \
 *     org.tripletlab.model.encoder.Bf16Probe [ops|speed|accuracy|matmul|cast|create|gradcast|verbose|all] \
 *     [steps] [repeats] [variants,...]
 * </pre>
 *
 * <p>Findings (results/precision/PROBE.md): with DJL 0.36 every BFLOAT16 path aborts the JVM
 * ({@code cast}, {@code create}: the JNI maps no dtype ordinal above 8), and {@code toType} detaches from
 * the autograd graph for every dtype ({@code gradcast}). {@code -Dprobe.dtype=FLOAT16} runs the same code
 * with fp16 (which the JNI maps) to exercise the mechanics; training variants then fail at backward and
 * only the inference half of {@code speed} is measured.
 *
 * Variants of small-conv (w=32, d=128, 1×64×64, batch 96, channels-last input, Adam, same surrogate loss
 * as {@code model.EncoderBenchmark}):
 * <ul>
 *   <li>{@code fp32}: {@code Encoders.create} as the trainer builds it;</li>
 *   <li>{@code bf16}: every conv and the Linear cast input and weight to bf16 and the output back to
 *       fp32 (BN, ReLU, pool, L2, loss in fp32) — the brief's design;</li>
 *   <li>{@code bf16act}: activations stay bf16 from the first conv to the Linear (BN takes bf16 input with
 *       fp32 γ/β/running stats, ReLU and max-pool in bf16); the Linear output is cast to fp32;</li>
 *   <li>{@code bf16act-stem32}: as bf16act but the stem conv (1 input channel) in fp32, its output cast
 *       to bf16.</li>
 * </ul>
 */
public final class Bf16Probe {

    /** The half type under test: BFLOAT16 (default) or FLOAT16 via -Dprobe.dtype=FLOAT16. */
    private static final DataType BF16 = DataType.valueOf(System.getProperty("probe.dtype", "BFLOAT16"));
    private static final DataType F32 = DataType.FLOAT32;

    private Bf16Probe() {}

    public static void main(String[] args) {
        String what = args.length > 0 ? args[0] : "all";
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        String[] variants = args.length > 3 ? args[3].split(",")
                : new String[] {"fp32", "bf16", "bf16act", "bf16act-stem32"};
        int threads = Threads.configure(2);
        System.out.printf(Locale.ROOT, "engine %s %s, threads %d%n", Engine.getInstance().getEngineName(),
                Engine.getInstance().getVersion(), threads);
        if (what.equals("ops") || what.equals("all")) {
            ops();
        }
        if (what.equals("matmul") || what.equals("all")) {
            matmul();
        }
        if (what.equals("accuracy") || what.equals("all")) {
            for (String v : variants) {
                if (!v.equals("fp32")) {
                    accuracy(v);
                }
            }
        }
        if (what.equals("speed") || what.equals("all")) {
            for (int r = 0; r < repeats; r++) {
                for (String v : variants) {
                    speed(v, 96, 5, steps);
                }
            }
        }
        if (what.equals("gradcast")) {
            // does autograd flow through NDArray.toType? (FLOAT64 / FLOAT16: dtypes DJL's JNI does map)
            try (NDManager m = NDManager.newBaseManager()) {
                for (DataType t : new DataType[] {DataType.FLOAT64, DataType.FLOAT16}) {
                    NDArray w = m.randomNormal(new Shape(4, 4));
                    w.setRequiresGradient(true);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(w.mul(2).toType(t, false).toType(F32, false).sum());
                        System.out.println("  toType(" + t + ") grad sum " + w.getGradient().sum().getFloat());
                    } catch (Exception e) {
                        System.out.println("  toType(" + t + ") backward FAIL " + oneLine(e));
                    }
                    // upcast by type promotion instead: low (leaf, requires grad) + fp32 zeros -> fp32
                    NDArray lo = w.toType(t, false);
                    lo.setRequiresGradient(true);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray up = lo.mul(2).add(m.zeros(new Shape(4, 4)));
                        gc.backward(up.sum());
                        System.out.println("  promotion " + t + "+float32 -> " + up.getDataType() + ", grad of the " + t
                                + " leaf: " + lo.getGradient().getDataType() + " sum " + lo.getGradient().toType(F32, false).sum().getFloat());
                    } catch (Exception e) {
                        System.out.println("  promotion " + t + " FAIL " + oneLine(e));
                    }
                }
            }
        }
        if (what.equals("cast")) {
            // DJL 0.36: crashes the JVM ("terminate called without an active exception") for BFLOAT16
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray x = m.randomNormal(new Shape(4, 4));
                System.out.println("before toType(" + BF16 + ")");
                System.out.flush();
                NDArray y = x.toType(BF16, false);
                System.out.println("after toType: " + y.getDataType());
            }
        }
        if (what.equals("create")) {
            try (NDManager m = NDManager.newBaseManager()) {
                java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocateDirect(32).order(java.nio.ByteOrder.nativeOrder());
                System.out.println("before create(ByteBuffer, " + BF16 + ")");
                System.out.flush();
                NDArray y = m.create(bb, new Shape(16), BF16);
                System.out.println("after create: " + y.getDataType());
            }
        }
        if (what.equals("verbose")) {
            speed(variants[0], 96, 1, 1);
        }
    }

    // ------------------------------------------------------------------ 1. ops

    private static void ops() {
        System.out.println("== ops on " + BF16 + " (CPU), forward + backward to fp32 masters");
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(1);
            NDArray x32 = m.randomNormal(new Shape(8, 16, 16, 16)).transpose(0, 3, 1, 2); // channels-last 8×16×16×16
            NDArray b16 = x32.toType(BF16, false);
            System.out.println("toType(BFLOAT16,false): dtype=" + b16.getDataType() + " shape=" + b16.getShape());
            report("toFloatArray() on bf16", () -> "len " + b16.toFloatArray().length);
            report("toType(FLOAT32).toFloatArray() on bf16",
                    () -> "max |x - bf16(x)| / max|x| = " + fmt(relErr(b16.toType(F32, false), x32)));
            report("toByteArray() on bf16", () -> "bytes " + b16.toByteArray().length);
            report("create(float[]) then toType bf16 + sum", () -> "sum " + m.create(new float[] {1, 2, 3}).toType(BF16, false).sum());

            // single ops
            NDArray w = param(m, new Shape(32, 16, 3, 3), 0.1f);
            single(m, "conv2d (bf16 x, bf16 w)", x32, w, (x, ww) -> Conv2d.conv2d(x, ww.toType(BF16, false), null,
                    new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).singletonOrThrow());
            NDArray lw = param(m, new Shape(10, 16 * 16 * 16), 0.01f);
            single(m, "linear (bf16 x, bf16 w)", x32, lw,
                    (x, ww) -> Linear.linear(x.reshape(8, -1), ww.toType(BF16, false)).singletonOrThrow());
            NDArray gamma = param(m, new Shape(16), 1f);
            single(m, "batchNorm (bf16 x, fp32 gamma/beta/stats, training)", x32, gamma, (x, g) -> BatchNorm.batchNorm(
                    x, m.zeros(new Shape(16)), m.ones(new Shape(16)), g, m.zeros(new Shape(16)), 1, 0.9f, 1e-5f, true)
                    .singletonOrThrow());
            single(m, "batchNorm (bf16 x, fp32 gamma/beta/stats, inference)", x32, gamma, (x, g) -> BatchNorm.batchNorm(
                    x, m.zeros(new Shape(16)), m.ones(new Shape(16)), g, m.zeros(new Shape(16)), 1, 0.9f, 1e-5f, false)
                    .singletonOrThrow());
            single(m, "batchNorm (bf16 x, bf16 gamma/beta/stats, training)", x32, gamma, (x, g) -> BatchNorm.batchNorm(
                    x, m.zeros(new Shape(16)).toType(BF16, false), m.ones(new Shape(16)).toType(BF16, false),
                    g.toType(BF16, false), m.zeros(new Shape(16)).toType(BF16, false), 1, 0.9f, 1e-5f, true)
                    .singletonOrThrow());
            single(m, "relu (bf16)", x32, w, (x, ww) -> Activation.relu(x).mul(ww.sum().toType(BF16, false)));
            single(m, "maxPool2d (bf16)", x32, w, (x, ww) -> Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2),
                    new Shape(0, 0), false).mul(ww.sum().toType(BF16, false)));
            single(m, "globalAvgPool2d (bf16)", x32, w,
                    (x, ww) -> Pool.globalAvgPool2d(x).mul(ww.sum().toType(BF16, false)));

            chain(m);
        }
    }

    interface Op {
        NDArray apply(NDArray xBf16, NDArray param32);
    }

    private static void single(NDManager m, String name, NDArray x32, NDArray p32, Op op) {
        try (NDManager s = m.newSubManager()) {
            NDArray x = x32.duplicate();
            x.attach(s);
            x.setRequiresGradient(true);
            p32.setRequiresGradient(true);
            NDArray y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                y = op.apply(x.toType(BF16, false), p32);
                NDArray loss = y.toType(F32, false).square().sum();
                gc.backward(loss);
            }
            NDArray gx = x.getGradient();
            NDArray gp = p32.getGradient();
            System.out.printf(Locale.ROOT, "  OK  %-55s out %s %s | grad x %s nonzero %.3f finite %b | grad param %s max|g| %s finite %b%n",
                    name, y.getDataType(), y.getShape(), gx.getDataType(), nonZeroFrac(gx), finite(gx),
                    gp.getDataType(), fmt(gp.abs().max().getFloat()), finite(gp));
        } catch (Exception | Error e) {
            System.out.printf(Locale.ROOT, "  FAIL %-55s %s%n", name, oneLine(e));
        }
    }

    /** conv→BN→ReLU→pool→conv→BN→ReLU→GAP→Linear in bf16 (casts from fp32 masters) vs fp32, same weights. */
    private static void chain(NDManager m) {
        System.out.println("== chain conv-bn-relu-pool-conv-bn-relu-gap-linear, batch 32, channels-last; bf16 vs fp32");
        try (NDManager s = m.newSubManager()) {
            NDArray x = s.randomNormal(new Shape(32, 32, 32, 16)).transpose(0, 3, 1, 2);
            NDArray w1 = param(s, new Shape(32, 16, 3, 3), (float) Math.sqrt(2.0 / (16 * 9)));
            NDArray g1 = s.ones(new Shape(32));
            NDArray b1 = s.zeros(new Shape(32));
            NDArray w2 = param(s, new Shape(64, 32, 3, 3), (float) Math.sqrt(2.0 / (32 * 9)));
            NDArray g2 = s.ones(new Shape(64));
            NDArray b2 = s.zeros(new Shape(64));
            NDArray lw = param(s, new Shape(128, 64), 0.1f);
            NDArray lb = s.zeros(new Shape(128));
            NDArray[] ps = {w1, g1, b1, w2, g2, b2, lw, lb};
            String[] names = {"conv1.w", "bn1.gamma", "bn1.beta", "conv2.w", "bn2.gamma", "bn2.beta", "linear.w", "linear.b"};
            NDArray[][] grads = new NDArray[2][];
            NDArray[] outs = new NDArray[2];
            for (int pass = 0; pass < 2; pass++) {
                boolean bf = pass == 1;
                s.getEngine().setRandomSeed(7);
                for (NDArray p : ps) {
                    p.setRequiresGradient(true); // fresh gradient buffers
                }
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    DataType t = bf ? BF16 : F32;
                    NDArray h = Conv2d.conv2d(x.toType(t, false), w1.toType(t, false), null, new Shape(1, 1),
                            new Shape(1, 1), new Shape(1, 1), 1).singletonOrThrow();
                    h = BatchNorm.batchNorm(h, s.zeros(new Shape(32)), s.ones(new Shape(32)), g1, b1, 1, 0.9f, 1e-5f, true)
                            .singletonOrThrow();
                    h = Pool.maxPool2d(Activation.relu(h), new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
                    h = Conv2d.conv2d(h, w2.toType(t, false), null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1)
                            .singletonOrThrow();
                    h = BatchNorm.batchNorm(h, s.zeros(new Shape(64)), s.ones(new Shape(64)), g2, b2, 1, 0.9f, 1e-5f, true)
                            .singletonOrThrow();
                    h = Pool.globalAvgPool2d(Activation.relu(h));
                    NDArray y = Linear.linear(h, lw.toType(t, false), lb.toType(t, false)).singletonOrThrow().toType(F32, false);
                    NDArray n = EncoderBlock.l2Normalize(y);
                    NDArray loss = n.mul(s.randomNormal(0, 1, new Shape(1, 128), F32)).sum();
                    gc.backward(loss);
                    outs[pass] = y;
                    if (bf) {
                        System.out.println("  bf16 chain dtypes: conv out " + h.getDataType() + ", after cast " + y.getDataType());
                    }
                }
                grads[pass] = new NDArray[ps.length];
                for (int i = 0; i < ps.length; i++) {
                    grads[pass][i] = ps[i].getGradient().duplicate();
                }
            }
            System.out.printf(Locale.ROOT, "  forward (Linear output) max|bf16-fp32|/max|fp32| = %s%n", fmt(relErr(outs[1], outs[0])));
            for (int i = 0; i < ps.length; i++) {
                NDArray g = grads[1][i];
                System.out.printf(Locale.ROOT, "  grad %-10s dtype %s nonzero %.3f finite %b  rel err vs fp32 %s%n",
                        names[i], g.getDataType(), nonZeroFrac(g), finite(g), fmt(relErr(g, grads[0][i])));
            }
        } catch (Exception | Error e) {
            System.out.println("  chain FAIL " + oneLine(e));
            e.printStackTrace(System.out);
        }
    }

    // ------------------------------------------------------------------ matmul peak

    private static void matmul() {
        System.out.println("== matmul 2048×2048×2048 (GFLOP/s, median of 10)");
        try (NDManager m = NDManager.newBaseManager()) {
            for (DataType t : new DataType[] {F32, BF16}) {
                NDArray a = m.randomNormal(new Shape(2048, 2048)).toType(t, false);
                NDArray b = m.randomNormal(new Shape(2048, 2048)).toType(t, false);
                long[] ns = new long[10];
                for (int i = -3; i < 10; i++) {
                    try (NDManager s = m.newSubManager()) {
                        long t0 = System.nanoTime();
                        NDArray c = a.matMul(b);
                        c.attach(s);
                        c.get(0, 0).toType(F32, false).getFloat(); // sync
                        if (i >= 0) {
                            ns[i] = System.nanoTime() - t0;
                        }
                    }
                }
                Arrays.sort(ns);
                System.out.printf(Locale.ROOT, "  %-9s %.0f GFLOP/s%n", t, 2.0 * 2048 * 2048 * 2048 / ns[5]);
            }
        }
    }

    // ------------------------------------------------------------------ 2. small-conv variants

    /** Conv2d whose convolution runs in bf16; {@code inF32}: run it in fp32 instead (stem of bf16act-stem32). */
    static final class Bf16Conv2d extends Conv2d {
        private final boolean outBf16;
        private final boolean inF32;

        Bf16Conv2d(Conv2d.Builder b, boolean outBf16, boolean inF32) {
            super(b);
            this.outBf16 = outBf16;
            this.inF32 = inF32;
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            NDArray w = ps.getValue(weight, x.getDevice(), training);
            DataType t = inF32 ? F32 : BF16;
            NDArray xc = x.toType(t, false);
            NDArray wc = w.toType(t, false);
            if (wc != w) {
                wc.attach(x.getManager()); // the cast would otherwise join the parameters' manager every step
            }
            NDArray y = Conv2d.conv2d(xc, wc, null, stride, padding, dilation, groups).singletonOrThrow();
            return new NDList(y.toType(outBf16 ? BF16 : F32, false));
        }
    }

    /** Linear y = x Wᵀ + b computed in bf16 from fp32 master weights, output fp32. */
    static final class Bf16Linear extends AbstractBlock {
        private final long units;
        private final Parameter weight;
        private final Parameter bias;

        Bf16Linear(long units) {
            super((byte) 1);
            this.units = units;
            weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
            bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
        }

        @Override
        protected void prepare(Shape[] in) {
            weight.setShape(new Shape(units, in[0].get(in[0].dimension() - 1)));
            bias.setShape(new Shape(units));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] in) {
            return new Shape[] {new Shape(in[0].get(0), units)};
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            NDArray w = ps.getValue(weight, x.getDevice(), training).toType(BF16, false);
            NDArray b = ps.getValue(bias, x.getDevice(), training).toType(BF16, false);
            w.attach(x.getManager());
            b.attach(x.getManager());
            return new NDList(Linear.linear(x.toType(BF16, false), w, b).singletonOrThrow().toType(F32, false));
        }
    }

    private static Conv2d.Builder convB(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).optStride(new Shape(1, 1)).optPadding(new Shape(1, 1))
                .setFilters(filters).optBias(false);
    }

    /** small-conv's body with the given variant's casts; same parameters (names, shapes, order) as fp32. */
    static EncoderBlock build(String variant, EncoderSpec spec) {
        if (variant.equals("fp32")) {
            return Encoders.create(spec);
        }
        boolean act = variant.startsWith("bf16act");
        boolean stem32 = variant.endsWith("stem32");
        int w = spec.width();
        int[] widths = {w, 2 * w, 4 * w, 8 * w};
        SequentialBlock net = new SequentialBlock();
        for (int i = 0; i < widths.length; i++) {
            if (i > 0) {
                net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            }
            net.add(new SequentialBlock()
                    .add(new Bf16Conv2d(convB(widths[i]), act, i == 0 && stem32))
                    .add(BatchNorm.builder().build())
                    .add(Activation.reluBlock()));
        }
        net.add(Pool.globalAvgPool2dBlock()).add(new Bf16Linear(spec.embeddingDim()));
        return new EncoderBlock(spec, net);
    }

    static final EncoderSpec SPEC = new EncoderSpec("small-conv", 128, 32, 1, 64);

    /** Same weights (copied from an initialised fp32 net), same batch: embeddings in inference and training mode. */
    private static void accuracy(String variant) {
        System.out.println("== " + variant + " vs fp32, same weights, batch 96 random images");
        int batch = 96;
        try (Model m32 = Model.newInstance("a32"); Model m16 = Model.newInstance("a16")) {
            m32.setBlock(build("fp32", SPEC));
            m16.setBlock(build(variant, SPEC));
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.l2Loss());
            try (Trainer t32 = m32.newTrainer(cfg); Trainer t16 = m16.newTrainer(cfg)) {
                t32.initialize(SPEC.inputShape(batch));
                t16.initialize(SPEC.inputShape(batch));
                var p32 = m32.getBlock().getParameters();
                var p16 = m16.getBlock().getParameters();
                for (int i = 0; i < p32.size(); i++) {
                    p16.get(i).getValue().getArray().set(p32.get(i).getValue().getArray().toFloatArray());
                }
                Random rnd = new Random(3);
                float[] px = new float[batch * 64 * 64];
                for (int i = 0; i < px.length; i++) {
                    px[i] = (float) rnd.nextGaussian();
                }
                try (NDManager s = t32.getManager().newSubManager()) {
                    NDArray x = s.create(px, new Shape(batch, 64, 64, 1)).transpose(0, 3, 1, 2);
                    for (boolean training : new boolean[] {false, true}) {
                        NDList a = training ? t32.forward(new NDList(x)) : t32.evaluate(new NDList(x));
                        NDList b = training ? t16.forward(new NDList(x)) : t16.evaluate(new NDList(x));
                        NDArray cos = a.get(0).mul(b.get(0)).sum(new int[] {1});
                        System.out.printf(Locale.ROOT,
                                "  %s: raw max|Δ|/max|fp32| %s, normalized max|Δ| %s, cosine min %.5f mean %.5f, out dtype %s%n",
                                training ? "training-mode BN" : "inference-mode BN", fmt(relErr(b.get(1), a.get(1))),
                                fmt(b.get(0).sub(a.get(0)).abs().max().getFloat()), cos.min().getFloat(),
                                cos.mean().getFloat(), b.get(0).getDataType());
                    }
                }
            }
        } catch (Exception | Error e) {
            System.out.println("  FAIL " + oneLine(e));
            e.printStackTrace(System.out);
        }
    }

    /** Like model.EncoderBenchmark.run (channels-last input, sub-manager per step, Adam 1e-4, same loss). */
    private static void speed(String variant, int batch, int warmup, int steps) {
        Shape nchw = SPEC.inputShape(batch);
        Shape nhwc = new Shape(batch, 64, 64, 1);
        float[] pixels = new float[(int) nchw.size()];
        Random rnd = new Random(42);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) rnd.nextGaussian();
        }
        double load = loadAvg();
        try (Model model = Model.newInstance("bench-" + variant)) {
            model.setBlock(build(variant, SPEC));
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Adam.builder().optLearningRateTracker(Tracker.fixed(1e-4f)).build());
            try (Trainer trainer = model.newTrainer(cfg)) {
                trainer.initialize(nchw);
                NDArray target = trainer.getManager().randomNormal(new Shape(batch, 128));
                target = target.div(target.norm(new int[] {1}, true));
                long[] tr = new long[steps];
                String trainError = null;
                try {
                    for (int i = -warmup; i < steps; i++) {
                        long t0 = System.nanoTime();
                        try (NDManager m = trainer.getManager().newSubManager()) {
                            try (GradientCollector gc = trainer.newGradientCollector()) {
                                NDArray x = m.create(pixels, nhwc).transpose(0, 3, 1, 2);
                                NDArray emb = trainer.forward(new NDList(x)).get(0);
                                gc.backward(emb.sub(target).square().sum());
                            }
                            trainer.step();
                        }
                        if (i >= 0) {
                            tr[i] = System.nanoTime() - t0;
                        }
                    }
                } catch (Exception e) {
                    trainError = oneLine(e);
                    Arrays.fill(tr, Long.MAX_VALUE / (2L * steps));
                }
                long[] inf = new long[steps];
                for (int i = -warmup; i < steps; i++) {
                    long t0 = System.nanoTime();
                    try (NDManager m = trainer.getManager().newSubManager()) {
                        NDArray x = m.create(pixels, nhwc).transpose(0, 3, 1, 2);
                        trainer.evaluate(new NDList(x)).get(0).get(0, 0).getFloat();
                    }
                    if (i >= 0) {
                        inf[i] = System.nanoTime() - t0;
                    }
                }
                boolean gradsOk = true;
                for (var p : model.getBlock().getParameters()) {
                    NDArray v = p.getValue().getArray();
                    gradsOk &= v.getDataType() == F32 && finite(v);
                }
                System.out.printf(Locale.ROOT,
                        "SPEED %-15s train %6.1f img/s (median %6.1f)  infer %7.1f img/s (median %7.1f)  load1 %.2f->%.2f  params fp32&finite %b  rss %d MB%n",
                        variant, batch * steps / (sum(tr) / 1e9), batch / (median(tr) / 1e9), batch * steps / (sum(inf) / 1e9),
                        batch / (median(inf) / 1e9), load, loadAvg(), gradsOk, rssMb());
                if (trainError != null) {
                    System.out.println("  (training FAILED: " + trainError + ")");
                }
            }
        } catch (Exception | Error e) {
            System.out.println("SPEED " + variant + " FAIL " + oneLine(e));
            e.printStackTrace(System.out);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static NDArray param(NDManager m, Shape s, float scale) {
        NDArray p = m.randomNormal(0, scale, s, F32);
        p.setRequiresGradient(true);
        return p;
    }

    private static double relErr(NDArray a, NDArray ref) {
        NDArray a32 = a.toType(F32, false);
        NDArray r32 = ref.toType(F32, false);
        return a32.sub(r32).abs().max().getFloat() / Math.max(1e-30, r32.abs().max().getFloat());
    }

    private static double nonZeroFrac(NDArray g) {
        NDArray g32 = g.toType(F32, false);
        return g32.neq(0).toType(F32, false).mean().getFloat();
    }

    private static boolean finite(NDArray g) {
        NDArray g32 = g.toType(F32, false);
        return g32.isInfinite().any().getBoolean() == false && g32.isNaN().any().getBoolean() == false;
    }

    private static void report(String name, Supplier<String> f) {
        try {
            System.out.printf(Locale.ROOT, "  OK  %-55s %s%n", name, f.get());
        } catch (Exception | Error e) {
            System.out.printf(Locale.ROOT, "  FAIL %-55s %s%n", name, oneLine(e));
        }
    }

    private static String oneLine(Throwable e) {
        String msg = String.valueOf(e.getMessage());
        int nl = msg.indexOf('\n');
        return e.getClass().getSimpleName() + ": " + (nl > 0 ? msg.substring(0, nl) : msg);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
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
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2.0;
    }

    private static double loadAvg() {
        try {
            return Double.parseDouble(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (Exception e) {
            return -1;
        }
    }

    private static long rssMb() {
        try {
            for (String l : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (Exception e) {
            // ignore
        }
        return -1;
    }
}
