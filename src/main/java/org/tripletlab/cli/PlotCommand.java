package org.tripletlab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.tripletlab.model.Threads;
import org.tripletlab.plot.EmbeddingProjection;
import org.tripletlab.plot.JointPlots;
import org.tripletlab.plot.RunPlots;
import org.tripletlab.plot.SweepPlots;
import org.tripletlab.benchmark.Benchmarks;
import org.tripletlab.benchmark.LfwBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tripletlab plot <run-, experiment- or sweep-dir> [--data-root DIR] [--format png|svg] [--projection ...]}, or
 * {@code tripletlab plot A B … --out DIR} for several folders' figures together.
 */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"PNG (or SVG) figures from what runs recorded. A run folder gets plots/training.png (loss and active share "
                + "against step) and plots/distances.png (d(A,P) and d(A,N) histograms per validation). An experiment folder "
                + "gets those for every completed run plus training-compare.png and, when runs were evaluated on LFW, "
                + "roc-lfw.png (with a few published curves when a data root is known).",
                "A sweep folder (with sweep-index.csv; its runs are found through the index's run_dir, relative to the sweep "
                + "folder's parent) of a miner.strategy x loss.margin grid gets, in <sweep>/plots/: training.png (loss and active "
                + "share per miner, mean over seeds, one column per margin), distances-alpha-<margin>.png (histograms, rows = "
                + "miners, columns = epochs, seeds pooled), validation-distances.png and roc-lfw.png (per miner the margin "
                + "with the best validation accuracy, and the baselines, lowest seed each). Grid points not complete yet are "
                + "left out and listed.",
                "Several experiment or sweep folders with --out DIR get, in DIR/plots/, the same figures with one line per "
                + "configuration (named by what differs between them, seeds pooled; the ROC at each configuration's lowest seed): "
                + "e.g. two sweeps that differ in the miner.",
                "With --projection a run folder also gets plots/projection-<benchmark>.png: the run's checkpoint embeds the "
                + "images of the benchmark's people with the most images, projected to 2-D (PCA or t-SNE), coloured by person."})
final class PlotCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DIR", description = "a run folder, an experiment folder (run folders with COMPLETE) "
            + "or a sweep folder (sweep-index.csv); several experiment or sweep folders are drawn together, written where --out says")
    List<Path> dirs = new java.util.ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "with several folders: write their joint figures into DIR/plots/ "
            + "(one line per configuration, named by what differs between them; e.g. results/lfw-1h-dw-seeds/vs-semi-hard)")
    Path out;

    @Option(names = "--data-root", paramLabel = "DIR", description = "data root: published curves for roc-lfw.png, benchmark images "
            + "for --projection (default: $TRIPLETLAB_DATA_ROOT)")
    Path dataRoot;

    @Option(names = "--format", defaultValue = "png", description = "png or svg (vector; same drawing) (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--projection", description = "also plot the run's embeddings of a few benchmark identities in 2-D (run folders only)")
    boolean projection;

    @Option(names = "--projection-identities", defaultValue = "10", paramLabel = "N",
            description = "people shown: the N with the most images in the benchmark (default: ${DEFAULT-VALUE})")
    int identities;

    @Option(names = "--projection-images", defaultValue = "20", paramLabel = "K",
            description = "at most K images per person, a seeded random subset (default: ${DEFAULT-VALUE})")
    int perIdentity;

    @Option(names = "--projection-seed", defaultValue = "1", description = "seed of the image subsets and t-SNE (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--projection-method", defaultValue = "pca", description = "pca or tsne (exact t-SNE) (default: ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--projection-perplexity", defaultValue = "30", description = "t-SNE's perplexity, about the neighbours each "
            + "point keeps close; below the images per person separates people more sharply (default: ${DEFAULT-VALUE})")
    double perplexity;

    @Option(names = "--benchmark", defaultValue = LfwBenchmark.VIEW2_NAME, completionCandidates = Benchmarks.Names.class,
            description = "whose images the projection shows: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    String benchmark;

    @Option(names = "--baseline", description = "draw next to the run's projection that of a baseline embedding of the same images: pixels")
    String baseline;

    @Option(names = "--checkpoint", defaultValue = "best", description = "best or last (default: ${DEFAULT-VALUE})")
    String checkpoint;

    @Option(names = "--no-flip", description = "embed each image only, not also its mirror image (summed and re-normalised by default, as eval does)")
    boolean noFlip;

    @Option(names = "--threads", defaultValue = "0", description = "threads for embedding, 0 = all cores")
    int threads;

    @Override
    public Integer call() {
        System.setProperty("java.awt.headless", "true");
        for (Path d : dirs) {
            if (!Files.isDirectory(d)) {
                throw new IllegalArgumentException(d + ": not a folder; pass a run, experiment or sweep folder that tripletlab wrote, e.g. results/mining-margin-v2");
            }
        }
        if (!format.equals("png") && !format.equals("svg")) {
            throw new IllegalArgumentException("--format " + format + ": known formats are png and svg");
        }
        if (dirs.size() > 1 || out != null) {
            return joint();
        }
        Path dir = dirs.get(0);
        if (baseline != null && !baseline.equals("pixels")) {
            throw new IllegalArgumentException("--baseline " + baseline + ": the projection knows the baseline pixels");
        }
        if (!checkpoint.equals("best") && !checkpoint.equals("last")) {
            throw new IllegalArgumentException("--checkpoint " + checkpoint + ": use best or last");
        }
        Path root = TrainCommand.dataRootOrEnv(dataRoot);
        List<Path> written;
        if (RunPlots.isRun(dir)) {
            written = new java.util.ArrayList<>();
            if (projection) {
                // first: when it cannot be made (no checkpoint, no data) nothing at all is written
                Threads.configure(threads);
                written.add(EmbeddingProjection.plot(dir, root, new EmbeddingProjection.Options(benchmark, identities, perIdentity,
                        seed, method, perplexity, checkpoint, !noFlip, baseline != null, format)));
            }
            written.addAll(0, RunPlots.plotRun(dir, format));
        } else if (SweepPlots.isSweep(dir)) {
            if (projection) {
                throw new IllegalArgumentException(dir + ": --projection needs one run folder (results/<experiment>/<run-id>), "
                        + "not a sweep folder");
            }
            SweepPlots.Outcome o = SweepPlots.plot(dir, Benchmarks.publishedRoc(root), format);
            if (!o.notComplete().isEmpty()) {
                // a sweep still training is plotted from what it has; say what is not in the figures
                System.err.println("Note: " + o.notComplete().size() + " grid point(s) not complete, not in the figures: "
                        + String.join(", ", o.notComplete()));
            }
            written = o.written();
        } else {
            if (projection) {
                throw new IllegalArgumentException(dir + ": --projection needs one run folder (results/<experiment>/<run-id>), "
                        + "not an experiment folder");
            }
            written = RunPlots.plotExperiment(dir, Benchmarks.publishedRoc(root), format);
        }
        for (Path p : written) {
            System.out.println(p);
        }
        return 0;
    }

    /** Several folders: their runs' figures together, one line per configuration ({@link JointPlots}). */
    private Integer joint() {
        if (dirs.size() < 2) {
            throw new IllegalArgumentException("--out: only with several folders (one folder's figures go to <folder>/plots/)");
        }
        if (out == null) {
            throw new IllegalArgumentException("plot with " + dirs.size() + " folders: say where their joint figures go with --out DIR "
                    + "(written into DIR/plots/)");
        }
        if (projection) {
            throw new IllegalArgumentException("--projection needs one run folder (results/<experiment>/<run-id>), not several folders");
        }
        JointPlots.Outcome o = JointPlots.plot(dirs, out, Benchmarks.publishedRoc(TrainCommand.dataRootOrEnv(dataRoot)), format);
        for (Path p : o.written()) {
            System.out.println(p);
        }
        return 0;
    }
}
