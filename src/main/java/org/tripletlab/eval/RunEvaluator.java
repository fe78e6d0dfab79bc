package org.tripletlab.eval;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import java.util.stream.Stream;
import org.tripletlab.model.CheckpointFingerprint;
import org.tripletlab.model.encoder.DlibResNetEncoder;
import org.tripletlab.model.encoder.EncoderBlock;
import org.tripletlab.model.encoder.Encoders;
import org.tripletlab.model.encoder.TfjsWeights;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.FaceDataset;
import org.tripletlab.data.protocol.PairProtocol;
import org.tripletlab.model.Checkpoints;
import org.tripletlab.model.Embedder;
import org.tripletlab.model.encoder.EncoderSpec;
import org.tripletlab.model.encoder.Precision;
import org.tripletlab.projection.LinearProjection;
import org.tripletlab.run.Provenance;
import org.tripletlab.run.RunDirectory;
import org.tripletlab.run.RunFiles;
import org.tripletlab.util.BuildInfo;
import org.tripletlab.util.PhaseTimes;
import org.tripletlab.data.DecodedImageCache;

/**
 * Evaluates a trained run's checkpoint (or the raw-pixel baseline) on named benchmarks and writes
 * {@code eval/<benchmark>.json}, {@code eval/<benchmark>-roc.csv} and {@code eval/<benchmark>-pairs.csv}
 * (every pair's fold, images and distance: {@link BenchmarkReport#pairsCsv}).
 *
 * <p>Each distinct benchmark image is decoded and embedded once (optionally with its mirror image,
 * summed and re-normalised); pairs are then scored from the stored embeddings. The open-set
 * threshold comes from the run's own validation (the best epoch's verification threshold on
 * held-out training identities), never from the test pairs.
 */
public final class RunEvaluator {
    private static final int DRAWS = 10;
    /** k-means over thousands of identities is slow in high dimensions; cluster a seeded subset (recorded in the json). */
    private static final int CLUSTERING_IDENTITIES = 100;

    private RunEvaluator() {
    }

    /**
     * Where an evaluation talks and what it may reuse: the console, the decoded-image cache
     * ({@link DecodedImageCache}: the same pixels, decoded once), and whether to print each phase's time.
     */
    public record Io(PrintStream console, DecodedImageCache cache, boolean timings) {
        /** The console, the cache the environment asks for ({@link DecodedImageCache#fromEnvironment}), no timings. */
        public static Io of(PrintStream console) {
            return new Io(console, DecodedImageCache.fromEnvironment(console::println), false);
        }
    }

    /** Evaluates {@code runDir}'s checkpoint ({@code best} or {@code last}) on each benchmark, in the run's {@code eval.precision}. */
    public static List<BenchmarkReport> evaluateRun(Path runDir, List<String> benchmarks, Path dataRoot, String checkpoint,
            boolean flip, PrintStream console) {
        return evaluateRun(runDir, benchmarks, dataRoot, checkpoint, flip, null, console);
    }

    /**
     * Evaluates {@code runDir}'s checkpoint ({@code best} or {@code last}) on each benchmark.
     *
     * @param precision the embedding's arithmetic; null = the run's {@code eval.precision}. A bf16 evaluation
     *     records {@code "precision": "bf16"} in each json (absent means fp32, as in every evaluation before it existed)
     */
    public static List<BenchmarkReport> evaluateRun(Path runDir, List<String> benchmarks, Path dataRoot, String checkpoint,
            boolean flip, Precision precision, PrintStream console) {
        return evaluateRun(runDir, benchmarks, dataRoot, checkpoint, flip, precision, Io.of(console));
    }

    /** As {@link #evaluateRun(Path, List, Path, String, boolean, Precision, PrintStream)}, with {@code io}'s cache and timings. */
    public static List<BenchmarkReport> evaluateRun(Path runDir, List<String> benchmarks, Path dataRoot, String checkpoint,
            boolean flip, Precision precision, Io io) {
        PrintStream console = io.console();
        Path configFile = runDir.resolve(RunFiles.CONFIG);
        if (!Files.isRegularFile(configFile)) {
            throw new IllegalArgumentException(runDir + ": not a run folder (no config.yaml); pass results/<experiment>/<run-id>");
        }
        ExperimentConfig cfg = ExperimentConfig.from(Config.load(configFile, List.of()));
        if (cfg.baseline().fitted()) {
            return evaluateBaselineRun(runDir, cfg, benchmarks, dataRoot, flip, io);
        }
        EncoderSpec spec = new EncoderSpec(cfg.encoder().architecture(), cfg.encoder().embedding(), cfg.encoder().width(),
                cfg.data().channels(), cfg.data().imageSize());
        Double threshold = validationThreshold(runDir);
        // Checked (fingerprint, params file, config.yaml) and loaded before any benchmark image is decoded or file written.
        try (Model model = Checkpoints.load(runDir, checkpoint, spec)) {
            console.println(model.getProperty(Checkpoints.CHECK_PROPERTY));
            Precision arithmetic = precision != null ? precision : cfg.eval().precision();
            Embedder embedder = Checkpoints.embedder(model, arithmetic);
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("run", org.tripletlab.util.PortablePaths.run(runDir)); // relative to the results root
            context.put("checkpoint", checkpoint);
            context.put("checkpoint_epoch", model.getProperty("Epoch"));
            context.put("checkpoint_sha256", model.getProperty(Checkpoints.SHA256_PROPERTY)); // the exact weights evaluated
            context.put("flip", flip);
            if (arithmetic != Precision.FP32) {
                context.put("precision", arithmetic.configName());
            }
            return evaluate(benchmarks, dataRoot, cfg, ds -> embedder.embed(ds, all(ds), cfg.eval().batch(), flip),
                    new BenchmarkReport.Options(cfg.seed(), DRAWS, threshold, "run validation (best epoch's threshold)",
                            CLUSTERING_IDENTITIES), context, runDir.resolve(RunFiles.EVAL), io);
        }
    }

    /**
     * A fitted baseline run ({@code baseline.kind} set): its {@code projection.bin} embeds the images
     * ({@code pixels}: the raw-pixel embedding), then the same protocols as for an encoder.
     */
    private static List<BenchmarkReport> evaluateBaselineRun(Path runDir, ExperimentConfig cfg, List<String> benchmarks,
            Path dataRoot, boolean flip, Io io) {
        String kind = cfg.baseline().kind();
        boolean pixels = !cfg.baseline().baselineKind().fitsProjection();
        Function<FaceDataset, Embedder.Result> embed;
        if (pixels) {
            embed = ds -> PixelEmbedding.of(ds, all(ds));
        } else {
            LinearProjection projection = LinearProjection.load(runDir.resolve(LinearProjection.FILE));
            embed = ds -> ProjectionEmbedding.of(projection, ds, all(ds), flip);
        }
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("run", org.tripletlab.util.PortablePaths.run(runDir)); // relative to the results root
        context.put("baseline", kind);
        context.put("flip", flip && !pixels);
        return evaluate(benchmarks, dataRoot, cfg, embed, new BenchmarkReport.Options(cfg.seed(), DRAWS, validationThreshold(runDir),
                "run validation (fitted baseline's threshold)", CLUSTERING_IDENTITIES), context, runDir.resolve(RunFiles.EVAL), io);
    }

    /**
     * Evaluates a just-finished run on its config's {@code eval.benchmarks} (best checkpoint) and returns
     * each benchmark's accuracy for the run's provenance; empty when no benchmark is configured.
     */
    public static Map<String, Object> evaluateConfiguredBenchmarks(Path runDir, ExperimentConfig cfg, Path dataRoot,
            PrintStream console) {
        Map<String, Object> accuracy = new LinkedHashMap<>();
        List<String> benchmarks = cfg.eval().benchmarks();
        if (benchmarks.isEmpty()) {
            return accuracy;
        }
        console.println("Evaluating the best checkpoint on " + String.join(", ", benchmarks) + " …");
        List<BenchmarkReport> reports = evaluateRun(runDir, benchmarks, dataRoot, Checkpoints.BEST, cfg.eval().flip(), console);
        for (int i = 0; i < reports.size(); i++) {
            accuracy.put(benchmarks.get(i), reports.get(i).accuracy());
        }
        return accuracy;
    }

    /**
     * A pretrained encoder, evaluated as it comes: the network and its weights are the config's ({@code encoder.architecture},
     * {@code encoder.weights}, e.g. {@code experiments/pretrained/dlib-resnet.yaml}), nothing is trained, and the images
     * are preprocessed as the config says (image size, channels, each source's crop). Writes the same
     * {@code <benchmark>.json}, {@code -roc.csv} and {@code -pairs.csv} as a run's evaluation into {@code outDir}; the
     * summary records the weights files' SHA-256 and {@code pretrained_not_trained_here: true}. No validation split
     * exists, so the open-set protocols get no run threshold (as for the raw-pixel floor).
     *
     * @throws IllegalArgumentException when the config names no weights file: an untrained network is not a result
     */
    public static List<BenchmarkReport> evaluatePretrained(Path configFile, List<String> overrides, List<String> benchmarks,
            Path dataRoot, Path outDir, boolean flip, PrintStream console) {
        return evaluatePretrained(configFile, overrides, benchmarks, dataRoot, outDir, flip, Io.of(console));
    }

    /** As {@link #evaluatePretrained(Path, List, List, Path, Path, boolean, PrintStream)}, with {@code io}'s cache and timings. */
    public static List<BenchmarkReport> evaluatePretrained(Path configFile, List<String> overrides, List<String> benchmarks,
            Path dataRoot, Path outDir, boolean flip, Io io) {
        PrintStream console = io.console();
        Config config = Config.load(configFile, overrides);
        ExperimentConfig cfg = ExperimentConfig.from(config);
        Object weights = config.get(DlibResNetEncoder.WEIGHTS.path());
        if (weights == null) {
            throw new IllegalArgumentException(configFile + ": sets no encoder.weights; --pretrained evaluates an encoder with "
                    + "pretrained weights (e.g. experiments/pretrained/dlib-resnet.yaml, after scripts/fetch-pretrained.sh)");
        }
        EncoderSpec spec = new EncoderSpec(cfg.encoder().architecture(), cfg.encoder().embedding(), cfg.encoder().width(),
                cfg.data().channels(), cfg.data().imageSize());
        // the weights are read and checked here, before any benchmark image is decoded
        EncoderBlock block = Encoders.create(spec, config);
        Path manifest = Path.of(String.valueOf(weights));
        Map<String, String> hashes = new LinkedHashMap<>();
        TfjsWeights read = TfjsWeights.read(manifest);
        for (Path f : Stream.concat(Stream.of(manifest), read.files().stream()).toList()) {
            try {
                hashes.put(f.getFileName().toString(), CheckpointFingerprint.sha256(f));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
            }
        }
        try (Model model = Model.newInstance("pretrained")) {
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, spec.inputShape(1));
            Embedder embedder = Checkpoints.embedder(model);
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("pretrained", cfg.encoder().architecture());
            context.put("pretrained_not_trained_here", true);
            context.put("config", configFile.toString());
            context.put("overrides", overrides);
            context.put("weights", manifest.toString());
            context.put("weights_sha256", hashes);
            context.put("image_size", spec.imageSize());
            context.put("crop", cfg.raw().getIntList("data.lfw.crop"));
            context.put("flip", flip);
            console.printf(Locale.ROOT, "Pretrained %s from %s (not trained here), %d px, crop data.lfw.crop=%s%n", spec.architecture(),
                    manifest, spec.imageSize(), cfg.raw().getIntList("data.lfw.crop"));
            return evaluate(benchmarks, dataRoot, cfg, ds -> embedder.embed(ds, all(ds), cfg.eval().batch(), flip),
                    new BenchmarkReport.Options(cfg.seed(), DRAWS, null, null, CLUSTERING_IDENTITIES), context, outDir, io);
        }
    }

    /** The raw-pixel floor: each image's mean-centred, unit-length pixels as its embedding. */
    public static List<BenchmarkReport> evaluatePixels(List<String> benchmarks, Path dataRoot, Path outDir, int imageSize,
            int channels, PrintStream console) {
        return evaluatePixels(benchmarks, dataRoot, outDir, imageSize, channels, Io.of(console));
    }

    /** As {@link #evaluatePixels(List, Path, Path, int, int, PrintStream)}, with {@code io}'s cache and timings. */
    public static List<BenchmarkReport> evaluatePixels(List<String> benchmarks, Path dataRoot, Path outDir, int imageSize,
            int channels, Io io) {
        ExperimentConfig cfg = ExperimentConfig.from(Config.parse("name: pixels", "baseline pixels",
                List.of("data.image_size=" + imageSize, "data.channels=" + channels)));
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("baseline", "pixels");
        context.put("image_size", imageSize);
        context.put("channels", channels);
        return evaluate(benchmarks, dataRoot, cfg, ds -> PixelEmbedding.of(ds, all(ds)),
                new BenchmarkReport.Options(cfg.seed(), DRAWS, null, null, CLUSTERING_IDENTITIES), context,
                outDir.resolve(RunFiles.EVAL), io);
    }

    private static List<BenchmarkReport> evaluate(List<String> benchmarks, Path dataRoot, ExperimentConfig cfg,
            Function<FaceDataset, Embedder.Result> embed, BenchmarkReport.Options options, Map<String, Object> context,
            Path outDir, Io io) {
        PrintStream console = io.console();
        List<BenchmarkReport> reports = new ArrayList<>();
        for (String name : benchmarks) {
            PhaseTimes times = new PhaseTimes();
            long t0 = System.nanoTime();
            PairProtocol protocol = times.time("protocol", () -> PairBenchmarks.protocol(name, dataRoot, cfg));
            FaceDataset images = times.time("images", () -> PairBenchmarks.images(protocol, cfg, io.cache()));
            long t1 = System.nanoTime();
            Embedder.Result emb = times.time("embed", () -> embed.apply(images));
            long t2 = System.nanoTime();
            Map<String, Object> ctx = new LinkedHashMap<>(context);
            ctx.put("data_manifest_sha256", images.manifestHash());
            ctx.put("tripletlab_version", BuildInfo.version());
            ctx.put("git_commit", BuildInfo.gitCommit());
            ctx.put("build_commit", BuildInfo.buildCommit());
            ctx.put("decode_seconds", (t1 - t0) / 1e9);
            ctx.put("embed_seconds", (t2 - t1) / 1e9);
            BenchmarkReport report = BenchmarkReport.evaluate(protocol, PairBenchmarks.testFold(name), images, emb, options, ctx, times);
            long t3 = System.nanoTime();
            report.summary().put("metrics_seconds", (t3 - t2) / 1e9);
            times.run("write", () -> {
                try {
                    Files.createDirectories(outDir);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create " + outDir + ": " + e.getMessage(), e);
                }
                report.write(outDir, name, dataRoot);
            });
            console.println(report.headline());
            console.printf(Locale.ROOT, "  %d distinct images: decode %.1f s, embed %.1f s, metrics %.1f s → %s%n",
                    images.size(), (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, outDir.resolve(name + ".json"));
            if (io.timings()) {
                console.printf(Locale.ROOT, "  timings (%s, wall clock):%n", name);
                times.lines("    ").forEach(console::println);
            }
            reports.add(report);
        }
        return reports;
    }

    private static int[] all(FaceDataset ds) {
        return java.util.stream.IntStream.range(0, ds.size()).toArray();
    }

    /**
     * The verification threshold of the run's best validation epoch (epochs.csv), or null when the run has
     * no such file or no trained epoch. A file that exists but is damaged is a
     * {@link org.tripletlab.util.BadFileException} naming it, not a silently different threshold.
     */
    static Double validationThreshold(Path runDir) {
        Path f = runDir.resolve(RunFiles.EPOCHS);
        List<List<String>> rows = org.tripletlab.util.CsvReader.readIfPresent(f);
        if (rows == null) {
            return null;
        }
        List<String> header = rows.get(0);
        int epochCol = header.indexOf("epoch");
        int accCol = header.indexOf("val_accuracy");
        int thrCol = header.indexOf("val_threshold");
        if (epochCol < 0 || accCol < 0 || thrCol < 0) {
            throw new org.tripletlab.util.BadFileException(f, "has no epoch, val_accuracy and val_threshold columns (header " + header + ")",
                    org.tripletlab.util.FileReads.RUN_FILE_FIX);
        }
        double best = Double.NEGATIVE_INFINITY;
        Double threshold = null;
        for (int i = 1; i < rows.size(); i++) {
            List<String> c = rows.get(i);
            try {
                // An empty cell is a NaN the trainer wrote (CsvTable): no accuracy to compare.
                if (Integer.parseInt(c.get(epochCol)) == 0 || c.get(accCol).isEmpty() || c.get(thrCol).isEmpty()) {
                    continue;
                }
                double acc = Double.parseDouble(c.get(accCol));
                if (acc > best) {
                    best = acc;
                    threshold = Double.parseDouble(c.get(thrCol));
                }
            } catch (NumberFormatException e) {
                throw new org.tripletlab.util.BadFileException(f, "row " + (i + 1) + " holds '" + String.join(",", c)
                        + "', not numbers", org.tripletlab.util.FileReads.RUN_FILE_FIX, e);
            }
        }
        return threshold;
    }

    /**
     * The end of a trained (or fitted) run: its {@code eval.benchmarks} evaluations, then status {@code complete} and the
     * {@code COMPLETE} marker. A failing evaluation leaves the run {@code TRAINED} with status
     * {@code trained; evaluation failed: …}, so a rerun evaluates it again without training it again.
     */
    public static void evaluateAndComplete(RunDirectory run, Provenance prov, ExperimentConfig cfg, Path dataRoot, PrintStream console) {
        if (!cfg.eval().benchmarks().isEmpty()) {
            try {
                prov.put("benchmark_accuracy", evaluateConfiguredBenchmarks(run.dir(), cfg, dataRoot, console));
            } catch (RuntimeException | Error e) {
                prov.put("status", "trained; evaluation failed: " + e);
                prov.write(run.file(RunFiles.PROVENANCE));
                prov.stopWritingOnShutdown();
                console.println("Training finished, but its benchmark evaluation failed (" + e.getMessage()
                        + "); rerun the same command to evaluate it again without training.");
                throw e;
            }
        }
        prov.finish("complete");
        prov.write(run.file(RunFiles.PROVENANCE));
        run.markComplete();
    }
}
