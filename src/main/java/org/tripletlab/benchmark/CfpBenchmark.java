package org.tripletlab.benchmark;

import java.nio.file.Path;
import org.tripletlab.data.protocol.CfpPairs;
import org.tripletlab.data.protocol.PairProtocol;

/**
 * CFP's two protocols, from its official split files {@code Protocol/Split/{FF,FP}/01..10/{same,diff}.txt}:
 * {@code cfp-ff} (frontal–frontal) and {@code cfp-fp} (frontal–profile), each 10 folds × (350 same + 350
 * different) pairs, 10-fold cross-validation.
 */
public record CfpBenchmark(String name, String description, boolean profile) implements Benchmark {
    public static final CfpBenchmark FF = new CfpBenchmark("cfp-ff", "CFP frontal–frontal: 10 folds × (350 same + 350 different) pairs", false);
    public static final CfpBenchmark FP = new CfpBenchmark("cfp-fp", "CFP frontal–profile: 10 folds × (350 same + 350 different) pairs", true);

    @Override
    public String source() {
        return "cfp";
    }

    @Override
    public PairProtocol read(Path folder) {
        return profile ? CfpPairs.fp(folder) : CfpPairs.ff(folder);
    }
}
