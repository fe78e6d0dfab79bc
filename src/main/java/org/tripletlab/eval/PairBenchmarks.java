package org.tripletlab.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.DataException;
import org.tripletlab.data.FaceDataset;
import org.tripletlab.data.protocol.CfpPairs;
import org.tripletlab.data.protocol.LfwPairs;
import org.tripletlab.data.protocol.PairProtocol;

/**
 * The verification benchmarks by name, each read from its official protocol files:
 * <ul>
 *   <li>{@code lfw}: LFW View 2, 10 folds × (300 same + 300 different) pairs;</li>
 *   <li>{@code lfw-dev}: LFW View 1: thresholds chosen on its 1,100 + 1,100 training pairs, accuracy on
 *       its 500 + 500 test pairs (a two-fold protocol whose test fold is {@link #testFold});</li>
 *   <li>{@code cfp-ff}, {@code cfp-fp}: CFP frontal–frontal and frontal–profile, 10 folds × (350 + 350).</li>
 * </ul>
 * Images are preprocessed as the evaluated run saw faces of that source: the run's image size and
 * channels, and the source's crop box from the run's config ({@code data.lfw.crop},
 * {@code data.cfp.crop}).
 */
public final class PairBenchmarks {
    public static final List<String> NAMES = ExperimentConfig.BENCHMARKS;

    private PairBenchmarks() {
    }

    /**
     * The one fold whose held-out numbers are the benchmark's result, or -1 when the result is the
     * mean over all folds (10-fold cross-validation).
     */
    public static int testFold(String name) {
        return name.equals("lfw-dev") ? 1 : -1;
    }

    /** Reads a benchmark's protocol under {@code dataRoot}, checking every image it names exists. */
    public static PairProtocol protocol(String name, Path dataRoot, ExperimentConfig cfg) {
        if (dataRoot == null) {
            throw new DataException("benchmark " + name + " needs the data root: pass --data-root DIR or set TRIPLETLAB_DATA_ROOT");
        }
        Path lfw = dataRoot.resolve(cfg.raw().getString("data.lfw.root"));
        Path cfp = dataRoot.resolve(cfg.raw().getString("data.cfp.root"));
        Path folder = name.startsWith("lfw") ? lfw : cfp;
        if (NAMES.contains(name) && !Files.isDirectory(folder)) {
            throw new DataException(folder.toAbsolutePath().normalize() + ": benchmark " + name
                    + " needs this folder (data root " + dataRoot + ")");
        }
        return switch (name) {
            case "lfw" -> LfwPairs.view2(lfw);
            case "lfw-dev" -> LfwPairs.view1(lfw);
            case "cfp-ff" -> CfpPairs.ff(cfp);
            case "cfp-fp" -> CfpPairs.fp(cfp);
            default -> throw new DataException("unknown benchmark '" + name + "'; known: " + String.join(", ", NAMES));
        };
    }

    /** Decodes the protocol's distinct images once, preprocessed as the run's training data. */
    public static FaceDataset images(PairProtocol p, ExperimentConfig cfg) {
        List<Integer> crop = cfg.raw().getIntList("data." + p.source() + ".crop");
        return p.loadImages(cfg.data().imageSize(), cfg.data().channels(), crop);
    }
}
