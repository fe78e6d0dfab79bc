package org.tripletlab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.tripletlab.plot.RunPlots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tripletlab plot <run-or-experiment-dir> [--data-root DIR]}. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"PNG figures from what runs recorded. A run folder gets plots/training.png (loss and active share "
                + "against step) and plots/distances.png (d(A,P) and d(A,N) histograms per validation). An experiment folder "
                + "gets those for every completed run plus training-compare.png and, when runs were evaluated on LFW, "
                + "roc-lfw.png (with a few published curves when a data root is known)."})
final class PlotCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "a run folder or an experiment folder (run folders with COMPLETE)")
    Path dir;

    @Option(names = "--data-root", paramLabel = "DIR", description = "data root whose lfw/published-roc curves go into roc-lfw.png (default: $TRIPLETLAB_DATA_ROOT)")
    Path dataRoot;

    @Override
    public Integer call() {
        System.setProperty("java.awt.headless", "true");
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": not a folder");
        }
        List<Path> written;
        if (RunPlots.isRun(dir)) {
            written = RunPlots.plotRun(dir);
        } else {
            Path root = dataRoot;
            if (root == null) {
                String env = System.getenv("TRIPLETLAB_DATA_ROOT");
                root = env == null || env.isBlank() ? null : Path.of(env);
            }
            written = RunPlots.plotExperiment(dir, root == null ? null : root.resolve("lfw").resolve("published-roc"));
        }
        for (Path p : written) {
            System.out.println(p);
        }
        return 0;
    }
}
