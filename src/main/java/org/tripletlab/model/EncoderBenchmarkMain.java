package org.tripletlab.model;

import ai.djl.engine.Engine;
import java.util.HashMap;
import java.util.Map;
import org.tripletlab.model.encoder.EncoderBlock;
import org.tripletlab.model.encoder.EncoderSpec;
import org.tripletlab.model.encoder.Encoders;
import org.tripletlab.model.encoder.Precision;

/**
 * Command-line entry for {@link EncoderBenchmark}: prints the model's parameter count and FLOPs
 * per image, then one JSON line of training/inference img/s.
 *
 * <pre>
 * java -Dai.djl.offline=true -cp target/tripletlab.jar:target/lib/* org.tripletlab.model.EncoderBenchmarkMain \
 *     --arch small-conv --batch 96 --size 64 --channels 1 --width 32 --embedding 128 \
 *     --threads 2 --steps 30 --warmup 5 [--precision fp32|bf16] [--no-channels-last] [--no-sub-manager] [--stats-only]
 *     [--profile TRACE.json]
 * </pre>
 *
 * <p>With {@code --profile} it runs the warm-up and {@code steps} training steps under libtorch's profiler and
 * writes the Chrome trace instead of timing ({@link EncoderBenchmark#profileTraining}).
 */
public final class EncoderBenchmarkMain {

    private EncoderBenchmarkMain() {}

    public static void main(String[] args) {
        Map<String, String> a = parse(args);
        int threads = Integer.parseInt(a.getOrDefault("threads", String.valueOf(Runtime.getRuntime().availableProcessors())));
        // Must happen before Engine.getInstance(): PyTorch sizes its inter-op pool once.
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", String.valueOf(threads));
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));

        EncoderSpec spec = new EncoderSpec(
                a.getOrDefault("arch", Encoders.REGISTRY.byDefault().name()),
                Integer.parseInt(a.getOrDefault("embedding", "128")),
                Integer.parseInt(a.getOrDefault("width", "32")),
                Integer.parseInt(a.getOrDefault("channels", "1")),
                Integer.parseInt(a.getOrDefault("size", "64")));
        int batch = Integer.parseInt(a.getOrDefault("batch", "96"));
        int steps = Integer.parseInt(a.getOrDefault("steps", "30"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "5"));
        EncoderBenchmark.Options options = new EncoderBenchmark.Options(
                !a.containsKey("no-channels-last"), !a.containsKey("no-sub-manager"),
                Precision.parse(a.getOrDefault("precision", "fp32")));

        Engine engine = Engine.getInstance();
        try (var m = ai.djl.ndarray.NDManager.newBaseManager()) {
            EncoderBlock block = Encoders.create(spec);
            block.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, spec.inputShape(1));
            ModelStats s = ModelStats.of(block, spec.inputShape(1));
            System.err.printf("%s %s: %s, params=%d (+%d BN running stats), MFLOPs/image=%.2f, LD_PRELOAD=%s%n",
                    engine.getEngineName(), engine.getVersion(), spec, s.parameters(), s.bufferValues(),
                    s.flopsPerImage() / 1e6,
                    System.getenv("LD_PRELOAD"));
        }
        if (a.containsKey("stats-only")) {
            return;
        }
        if (a.containsKey("profile")) {
            EncoderBenchmark.profileTraining(spec, batch, threads, warmup, steps, options, java.nio.file.Path.of(a.get("profile")));
            return;
        }
        System.out.println(EncoderBenchmark.run(spec, batch, threads, warmup, steps, options).toJson());
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String key = args[i].substring(2);
            if (key.startsWith("no-") || key.equals("stats-only")) {
                m.put(key, "true");
            } else if (i + 1 < args.length) {
                m.put(key, args[++i]);
            } else {
                throw new IllegalArgumentException("missing value for " + args[i]);
            }
        }
        return m;
    }
}
