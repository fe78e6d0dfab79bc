package org.tripletlab.config;

import java.util.ArrayList;
import java.util.List;
import org.tripletlab.mining.Miners;
import org.tripletlab.mining.SemiHardMiner;
import org.tripletlab.mining.TripletMiner;

/**
 * Miners built without an experiment file, for benchmarks and tests: the strategy, a few
 * {@code --set}-style settings, and every other key at its schema default.
 *
 * <p>Why here and not in {@code mining}: filling in the defaults of every other key (a miner may read
 * {@code loss.margin} or {@code encoder.embedding}) needs the assembled {@link Schema}, which sits above
 * the miners.
 */
public final class StandaloneMiners {
    private StandaloneMiners() {
    }

    /**
     * The miner {@code strategy} with the given settings.
     *
     * @param settings e.g. {@code miner.margin=0.3}, {@code encoder.embedding=64}
     * @throws IllegalArgumentException for an unknown strategy, naming the allowed ones
     */
    public static TripletMiner create(String strategy, List<String> settings) {
        Miners.REGISTRY.get(strategy);
        List<String> all = new ArrayList<>();
        all.add(Miners.REGISTRY.selector() + "=" + strategy);
        all.addAll(settings);
        return Miners.create(Config.parse("", "miner " + strategy, all));
    }

    /**
     * As {@link #create(String, List)} with the semi-hard keys given as values; the other miners
     * ignore them, and a null pick or fallback keeps the key's default.
     *
     * @param margin α of the semi-hard window ({@code miner.margin})
     */
    public static TripletMiner create(String strategy, float margin, SemiHardMiner.Pick pick,
            SemiHardMiner.Fallback fallback) {
        List<String> settings = new ArrayList<>();
        settings.add("miner.margin=" + margin);
        if (pick != null) {
            settings.add("miner.pick=" + pick.configName());
        }
        if (fallback != null) {
            settings.add("miner.fallback=" + fallback.configName());
        }
        return create(strategy, settings);
    }
}
