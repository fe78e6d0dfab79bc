package org.tripletlab.cli;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.tripletlab.bench.MatmulPeak;
import org.tripletlab.bench.MiningBenchmark;
import org.tripletlab.mining.Miners;
import org.tripletlab.model.EncoderBenchmark;
import org.tripletlab.model.encoder.DlibResNetEncoder;
import org.tripletlab.model.encoder.EncoderSpec;
import org.tripletlab.model.encoder.Encoders;
import org.tripletlab.model.encoder.Precision;
import org.tripletlab.model.encoder.SmallConvEncoder;
import org.tripletlab.model.ModelStats;
import org.tripletlab.model.Threads;
import org.tripletlab.util.CpuInfo;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tripletlab bench}: training and inference img/s per encoder, the time mining + loss take
 * per step at several batch sizes, and (with {@code --reference}) the same small conv net in native
 * PyTorch for a side-by-side ratio.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the matmul peak (fp32, bf16), parameters, FLOPs, training/inference img/s per encoder and precision, "
                + "and mining+loss time per step.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--architectures", split = ",", completionCandidates = EncoderNames.class,
            description = "encoders to time (default: every registered encoder: ${COMPLETION-CANDIDATES})")
    List<String> architectures;

    /** The registered encoder names, for {@code --architectures}' help and shell completion. */
    static final class EncoderNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Encoders.ARCHITECTURES.iterator();
        }
    }

    @Option(names = "--batch", defaultValue = "96", description = "training batch (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--size", defaultValue = "64", description = "image side (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--channels", defaultValue = "1", description = "1 or 3 (default: ${DEFAULT-VALUE})")
    int channels;

    @Option(names = "--width", defaultValue = "32", description = "encoder width (default: ${DEFAULT-VALUE})")
    int width;

    @Option(names = "--embedding", defaultValue = "128", description = "embedding dimension (default: ${DEFAULT-VALUE})")
    int embedding;

    @Option(names = "--threads", defaultValue = "0", description = "threads, 0 = all cores (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--steps", defaultValue = "30", description = "timed steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--warmup", defaultValue = "5", description = "untimed warm-up steps (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--mining-batches", split = ",", defaultValue = "96,384,1536",
            description = "batch sizes for the mining + loss timing, K = 4 (default: ${DEFAULT-VALUE})")
    List<Integer> miningBatches;

    @Option(names = "--miners", split = ",", completionCandidates = MinerNames.class,
            description = "miners to time for mining + loss (default: every registered miner: ${COMPLETION-CANDIDATES})")
    List<String> miners;

    /** The registered miner names, for {@code --miners}' help and shell completion. */
    static final class MinerNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Miners.STRATEGIES.iterator();
        }
    }

    @Option(names = "--reference", description = "also run scripts/bench_reference.py (Debian python3-torch) on the small conv net, "
            + "in each precision (bf16 = PyTorch's CPU autocast)")
    boolean reference;

    @Option(names = "--precisions", split = ",", defaultValue = "fp32,bf16", paramLabel = "P",
            description = "encoder precisions to time: fp32, bf16 (default: ${DEFAULT-VALUE}; bf16 on a CPU without amx_bf16 or "
                    + "avx512_bf16 runs, but slower than fp32)")
    List<String> precisions;

    /** The matmul that measures the peak: 2048³ (17.2 GFLOP per product), 20 timed products (≈ 2.5 s in fp32 on 2 cores). */
    static final int PEAK_SIDE = 2048;
    static final int PEAK_REPEATS = 20;

    @Override
    public Integer call() throws Exception {
        List<String> strategies = miners == null || miners.isEmpty() ? Miners.STRATEGIES : miners;
        strategies.forEach(Miners.REGISTRY::get); // an unknown miner fails before any timing, naming the registered ones
        int t = Threads.configure(threads);
        System.out.printf(Locale.ROOT, "tripletlab bench: batch %d, %d×%d×%d, %d threads, allocator %s, PyTorch %s%n",
                batch, channels, size, size, t, allocator(), Engine.getInstance().getVersion());
        List<Precision> timed = precisions.stream().map(Precision::parse).toList(); // an unknown one fails before any timing
        System.out.println("CPU: " + CpuInfo.describe().get("model") + ", flags " + CpuInfo.numericFlags());
        Map<Precision, Double> peak = new EnumMap<>(Precision.class);
        for (Precision precision : timed) {
            peak.put(precision, MatmulPeak.gflops(precision, PEAK_SIDE, PEAK_REPEATS));
            System.out.printf(Locale.ROOT, "peak (%d³ matmul, %s): %.0f GFLOP/s%n", PEAK_SIDE, precision.configName(), peak.get(precision));
        }
        double smallConvTrain = Double.NaN;
        Map<Precision, double[]> smallConv = new EnumMap<>(Precision.class);
        System.out.println();
        System.out.println("% peak: the encoder's FLOPs (training ≈ 3 × forward) per second as a share of the matmul peak of its precision");
        System.out.println("encoder          precision      params   MFLOPs/img   train img/s (% peak)   infer img/s (% peak)   × fp32 (train / infer)");
        boolean all = architectures == null || architectures.isEmpty();
        for (String arch : all ? Encoders.ARCHITECTURES : architectures) {
            if (all && arch.equals(DlibResNetEncoder.NAME) && size < DlibResNetEncoder.MIN_IMAGE_SIZE) {
                // its stride-2 "valid" convolutions need 103 px; named explicitly at a smaller --size it is an error instead
                System.out.printf(Locale.ROOT, "%-16s skipped: needs --size ≥ %d (time it with --architectures %s --size %d --channels 3)%n",
                        arch, DlibResNetEncoder.MIN_IMAGE_SIZE, arch, DlibResNetEncoder.PRETRAINED_IMAGE_SIZE);
                continue;
            }
            EncoderSpec spec = new EncoderSpec(arch, embedding, width, channels, size);
            ModelStats stats = ModelStats.of(spec);
            double[] fp32 = null;
            for (Precision precision : timed) {
                EncoderBenchmark.Result r = EncoderBenchmark.run(spec, batch, t, warmup, steps,
                        EncoderBenchmark.Options.BEST.withPrecision(precision));
                double[] rates = {r.trainImgPerSec(), r.inferImgPerSec()};
                fp32 = precision == Precision.FP32 ? rates : fp32;
                String ratio = precision != Precision.FP32 && fp32 != null
                        ? String.format(Locale.ROOT, "   %.2f× / %.2f×", rates[0] / fp32[0], rates[1] / fp32[1]) : "";
                double gflopsPerImage = stats.flopsPerImage() / 1e9;
                System.out.printf(Locale.ROOT, "%-16s %-9s %11d %12.1f %13.1f (%4.1f %%) %13.1f (%4.1f %%)%s%n", arch, precision.configName(),
                        stats.parameters(), stats.flopsPerImage() / 1e6, rates[0], 100 * 3 * gflopsPerImage * rates[0] / peak.get(precision),
                        rates[1], 100 * gflopsPerImage * rates[1] / peak.get(precision), ratio);
                if (arch.equals(SmallConvEncoder.NAME)) { // the net scripts/bench_reference.py rebuilds in PyTorch
                    smallConv.put(precision, rates);
                    if (precision == Precision.FP32 || Double.isNaN(smallConvTrain)) {
                        smallConvTrain = rates[0];
                    }
                }
            }
        }
        System.out.println();
        System.out.println("mining + loss per step (K = 4, " + embedding + "-D): D on the tensor side, copy, mine, stats, loss, backward;");
        System.out.println("in brackets the plain-Java part (mine + stats)");
        System.out.println("strategy        " + String.join("", miningBatches.stream().map(b -> String.format(Locale.ROOT, "%19s", "B=" + b + "      ")).toList())
                + (Double.isNaN(smallConvTrain) ? "" : "   share of a small-conv step at B=384"));
        for (String strategy : strategies) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-16s", strategy));
            double at384 = Double.NaN;
            for (int b : miningBatches) {
                int reps = Math.max(3, steps / 3);
                double ms = MiningBenchmark.withLossMillis(strategy, b, b / 4, embedding, reps);
                double java = MiningBenchmark.timePerStep(strategy, b, b / 4, embedding, reps);
                line.append(String.format(Locale.ROOT, "%8.2f ms (%5.2f)", ms, java));
                if (b == 384) {
                    at384 = ms;
                }
            }
            if (!Double.isNaN(smallConvTrain) && !Double.isNaN(at384)) {
                double stepMs = 384 / smallConvTrain * 1000;
                line.append(String.format(Locale.ROOT, "   %5.1f %%", 100 * at384 / (stepMs + at384)));
            }
            System.out.println(line);
        }
        if (reference) {
            for (Precision precision : timed) {
                runReference(t, precision, smallConv.get(precision));
            }
        }
        return 0;
    }

    private void runReference(int t, Precision precision, double[] java) throws IOException, InterruptedException {
        Path script = Path.of("scripts/bench_reference.py");
        if (!Files.isRegularFile(script)) {
            System.out.println("reference: scripts/bench_reference.py not found (run from the project root)");
            return;
        }
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString(), "--batch", String.valueOf(batch),
                "--size", String.valueOf(size), "--channels", String.valueOf(channels), "--width", String.valueOf(width),
                "--embedding", String.valueOf(embedding), "--threads", String.valueOf(t), "--steps", String.valueOf(steps),
                "--warmup", String.valueOf(warmup), "--precision", precision.configName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            System.out.println("reference failed (needs Debian's python3-torch: apt-get install python3-torch):\n" + out);
            return;
        }
        String json = out.lines().filter(l -> l.startsWith("{")).reduce((a, b2) -> b2).orElse("");
        double ref = number(json, "train_img_s");
        double refInfer = number(json, "infer_img_s");
        System.out.println();
        System.out.printf(Locale.ROOT, "PyTorch reference %s (small-conv, same threads/batch/allocator/channels-last%s): "
                + "train %.1f img/s, infer %.1f img/s%n", precision.configName(), precision == Precision.BF16 ? ", CPU autocast" : "",
                ref, refInfer);
        if (java != null) {
            System.out.printf(Locale.ROOT, "tripletlab / PyTorch %s: training %.2f×, inference %.2f×%n", precision.configName(),
                    java[0] / ref, java[1] / refInfer);
        }
    }

    static double number(String json, String key) {
        int i = json.indexOf("\"" + key + "\"");
        if (i < 0) {
            return Double.NaN;
        }
        int start = json.indexOf(':', i) + 1;
        while (start < json.length() && Character.isWhitespace(json.charAt(start))) {
            start++;
        }
        int end = start;
        while (end < json.length() && "0123456789.eE+-".indexOf(json.charAt(end)) >= 0) {
            end++;
        }
        return end > start ? Double.parseDouble(json.substring(start, end)) : Double.NaN;
    }

    private static String allocator() {
        String p = System.getenv("LD_PRELOAD");
        return p == null || p.isBlank() ? "glibc malloc (use bin/tripletlab to preload jemalloc)" : Path.of(p.split(":")[0]).getFileName().toString();
    }
}
