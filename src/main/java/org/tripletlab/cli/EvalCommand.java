package org.tripletlab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.tripletlab.benchmark.Benchmarks;
import org.tripletlab.data.DecodedImageCache;
import org.tripletlab.eval.PairBenchmarks;
import org.tripletlab.eval.RunEvaluator;
import org.tripletlab.model.Threads;
import org.tripletlab.model.encoder.Precision;
import org.tripletlab.model.encoder.PrecisionChoice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tripletlab eval <run-dir> --benchmark lfw [...]}, {@code tripletlab eval --baseline pixels --benchmark lfw} and
 * {@code tripletlab eval --pretrained experiments/pretrained/dlib-resnet.yaml --benchmark lfw} (a pretrained encoder, not
 * trained here).
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a trained or fitted-baseline run (or the raw-pixel baseline, or a pretrained encoder) on verification benchmarks: "
                + "10-fold accuracy ± s.e., ROC, AUC, EER, VAL@FAR, one-shot identification, retrieval, clustering.")
final class EvalCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_DIR", description = "a run folder, results/<experiment>/<run-id>")
    Path runDir;

    @Option(names = "--benchmark", required = true, completionCandidates = Benchmarks.Names.class,
            description = "${COMPLETION-CANDIDATES}; repeatable")
    List<String> benchmarks;

    @Option(names = "--baseline", description = "evaluate a baseline instead of a run: pixels")
    String baseline;

    @Option(names = "--pretrained", paramLabel = "CONFIG",
            description = "evaluate the pretrained encoder this config describes (encoder.weights; e.g. experiments/pretrained/dlib-resnet.yaml "
                    + "after scripts/fetch-pretrained.sh) instead of a run; its results go to --out (default: results/pretrained/<config name>)")
    Path pretrained;

    @Option(names = "--set", paramLabel = "KEY=VALUE", completionCandidates = ConfigKeyCandidates.class,
            description = "with --pretrained: override a key of its config, e.g. --set data.lfw.crop=[50,50,150,150] (repeatable)")
    List<String> overrides = new java.util.ArrayList<>();

    @Option(names = "--checkpoint", defaultValue = "best", description = "best or last (default: ${DEFAULT-VALUE}); checked against its fingerprint.json and the run's config.yaml before any image is read")
    String checkpoint;

    @Option(names = "--no-flip", description = "embed each image only, not also its mirror image (summed and re-normalised by default)")
    boolean noFlip;

    @Option(names = "--data-root", paramLabel = "DIR", description = "data root (default: $TRIPLETLAB_DATA_ROOT)")
    Path dataRoot;

    @Option(names = "--out", paramLabel = "DIR",
            description = "where a baseline's eval/ folder goes (default: results/baselines/pixels; with --pretrained: results/pretrained/<config name>)")
    Path out;

    @Option(names = "--image-size", defaultValue = "64", description = "baseline image side (default: ${DEFAULT-VALUE})")
    int imageSize;

    @Option(names = "--channels", defaultValue = "1", description = "baseline channels (default: ${DEFAULT-VALUE})")
    int channels;

    @Option(names = "--threads", defaultValue = "0", description = "threads, 0 = all cores")
    int threads;

    @Option(names = "--timings", description = "print each phase's wall-clock time per benchmark (protocol, images, embed, each metric, write)")
    boolean timings;

    @Option(names = "--no-decode-cache", description = "decode the benchmark images even when the decoded-image cache holds them, "
            + "and do not write it (same as TRIPLETLAB_DECODE_CACHE=off; the cache lives in $TRIPLETLAB_CACHE_DIR, default "
            + "$XDG_CACHE_HOME/tripletlab or ~/.cache/tripletlab)")
    boolean noDecodeCache;

    @Option(names = "--precision", paramLabel = "P", completionCandidates = PrecisionNames.class,
            description = "embedding arithmetic: fp32, bf16 or auto (bf16 where the CPU reports amx_bf16 or avx512_bf16); "
                    + "default: the run's eval.precision")
    String precision;

    static final class PrecisionNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return PrecisionChoice.VALUES.iterator();
        }
    }

    @Override
    public Integer call() {
        for (String b : benchmarks) {
            if (!PairBenchmarks.NAMES.contains(b)) {
                throw new IllegalArgumentException("unknown benchmark '" + b + "'; known: " + String.join(", ", PairBenchmarks.NAMES));
            }
        }
        Path root = TrainCommand.dataRootOrEnv(dataRoot);
        RunEvaluator.Io io = new RunEvaluator.Io(System.out,
                noDecodeCache ? DecodedImageCache.disabled() : DecodedImageCache.fromEnvironment(System.out::println), timings);
        if (!overrides.isEmpty() && pretrained == null) {
            throw new IllegalArgumentException("--set applies to --pretrained's config; a run is evaluated with the config it was trained with");
        }
        if (pretrained != null) {
            if (baseline != null || runDir != null) {
                throw new IllegalArgumentException("give one of a run folder, --baseline or --pretrained");
            }
            Threads.configure(threads);
            String name = pretrained.getFileName().toString().replaceFirst("\\.ya?ml$", "");
            Path dir = out != null ? out : Path.of("results", "pretrained", name);
            RunEvaluator.evaluatePretrained(pretrained, overrides, benchmarks, root, dir.resolve(org.tripletlab.run.RunFiles.EVAL),
                    !noFlip, io);
            return 0;
        }
        if (baseline != null) {
            if (!baseline.equals("pixels")) {
                throw new IllegalArgumentException("unknown baseline '" + baseline + "'; known: pixels");
            }
            RunEvaluator.evaluatePixels(benchmarks, root, out != null ? out : Path.of("results", "baselines", "pixels"), imageSize, channels,
                    io);
            return 0;
        }
        if (runDir == null) {
            throw new IllegalArgumentException("give a run folder (results/<experiment>/<run-id>), --baseline pixels or --pretrained CONFIG");
        }
        Threads.configure(threads);
        Precision arithmetic = null;
        if (precision != null) {
            if (!PrecisionChoice.VALUES.contains(precision)) {
                throw new IllegalArgumentException("--precision " + precision + ": expected one of " + String.join(", ", PrecisionChoice.VALUES));
            }
            PrecisionChoice.Resolved r = PrecisionChoice.resolve(precision);
            arithmetic = r.precision();
            if (precision.equals(PrecisionChoice.AUTO)) {
                System.out.println("Precision: " + r.precision().configName() + " (" + r.reason() + ")");
            }
        }
        RunEvaluator.evaluateRun(runDir, benchmarks, root, checkpoint, !noFlip, arithmetic, io);
        return 0;
    }
}
