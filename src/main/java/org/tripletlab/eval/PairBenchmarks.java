package org.tripletlab.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tripletlab.benchmark.Benchmark;
import org.tripletlab.benchmark.Benchmarks;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.DataException;
import org.tripletlab.data.DecodedImageCache;
import org.tripletlab.data.FaceDataset;
import org.tripletlab.data.protocol.PairProtocol;

/**
 * The verification benchmarks by name ({@link Benchmarks#REGISTRY}), each read from its protocol files
 * in its source's folder under the data root ({@code data.<source>.root}).
 * Images are preprocessed as the evaluated run saw faces of that source: the run's image size and
 * channels, and the source's crop box from the run's config ({@code data.<source>.crop}).
 */
public final class PairBenchmarks {
    public static final List<String> NAMES = Benchmarks.names();

    private PairBenchmarks() {
    }

    /**
     * The one fold whose held-out numbers are the benchmark's result, or -1 when the result is the
     * mean over all folds (10-fold cross-validation).
     */
    public static int testFold(String name) {
        Benchmark b = Benchmarks.find(name);
        return b == null ? -1 : b.testFold();
    }

    /** Reads a benchmark's protocol under {@code dataRoot}, checking every image it names exists. */
    public static PairProtocol protocol(String name, Path dataRoot, ExperimentConfig cfg) {
        if (dataRoot == null) {
            throw new DataException("benchmark " + name + " needs the data root: pass --data-root DIR or set TRIPLETLAB_DATA_ROOT");
        }
        Benchmark b = Benchmarks.find(name);
        if (b == null) {
            throw new DataException("unknown benchmark '" + name + "'; known: " + String.join(", ", NAMES));
        }
        Path folder = dataRoot.resolve(cfg.raw().getString("data." + b.source() + ".root"));
        if (!Files.isDirectory(folder)) {
            throw new DataException(folder.toAbsolutePath().normalize() + ": benchmark " + name
                    + " needs this folder (data root " + dataRoot + ")");
        }
        return b.read(folder);
    }

    /** Decodes the protocol's distinct images once, preprocessed as the run's training data. */
    public static FaceDataset images(PairProtocol p, ExperimentConfig cfg) {
        return images(p, cfg, DecodedImageCache.disabled());
    }

    /** As {@link #images(PairProtocol, ExperimentConfig)}, the decoded pixels read from (or written to) {@code cache}. */
    public static FaceDataset images(PairProtocol p, ExperimentConfig cfg, DecodedImageCache cache) {
        List<Integer> crop = cfg.raw().getIntList("data." + p.source() + ".crop");
        return p.loadImages(cfg.data().imageSize(), cfg.data().channels(), crop, cache);
    }
}
