package org.tripletlab.benchmark;

import java.nio.file.Path;
import org.tripletlab.data.protocol.LfwPairs;
import org.tripletlab.data.protocol.PairProtocol;

/**
 * The two LFW protocols, from LFW's official files:
 * <ul>
 *   <li>{@code lfw}: View 2 ({@code pairs.txt}), 10 folds × (300 same + 300 different) pairs, 10-fold
 *       cross-validation; its published curves are in {@code lfw/published-roc/};</li>
 *   <li>{@code lfw-dev}: View 1: thresholds chosen on its 1,100 + 1,100 training pairs, accuracy on its
 *       500 + 500 test pairs (a two-fold protocol whose test fold is fold 1).</li>
 * </ul>
 */
public record LfwBenchmark(String name, String description, boolean view2) implements Benchmark {
    /** View 2's name, a constant so that CLI annotations can default to it. */
    public static final String VIEW2_NAME = "lfw";
    public static final LfwBenchmark VIEW2 = new LfwBenchmark(VIEW2_NAME, "LFW View 2: 10 folds × (300 same + 300 different) pairs", true);
    public static final LfwBenchmark DEV = new LfwBenchmark("lfw-dev",
            "LFW View 1: thresholds on its 1,100 + 1,100 training pairs, accuracy on its 500 + 500 test pairs", false);

    @Override
    public String source() {
        return "lfw";
    }

    @Override
    public PairProtocol read(Path folder) {
        return view2 ? LfwPairs.view2(folder) : LfwPairs.view1(folder);
    }

    @Override
    public int testFold() {
        return view2 ? -1 : 1;
    }

    @Override
    public String publishedRoc() {
        // the folder's name under the data root, as the datasets README lays it out (not data.lfw.root)
        return view2 ? "lfw/published-roc" : null;
    }
}
