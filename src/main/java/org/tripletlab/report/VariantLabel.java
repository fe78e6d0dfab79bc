package org.tripletlab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tripletlab.mining.MinerSchedule;

/**
 * What a configuration changes from a study's base values, in a table's words: "warm start semi-hard (3 epochs)",
 * "P×K 450×4", "1000 steps", "lr warm-up 200 steps", else {@code key=value}. Keys that belong together are said
 * together (the warm-up's miner and epochs, the batch's P and K), with the configuration's own values of both, so
 * two different configurations never get the same words.
 */
public final class VariantLabel {
    static final String SAMPLER_P = "sampler.identities";
    static final String SAMPLER_K = "sampler.images";

    private VariantLabel() {
    }

    /**
     * @param config the configuration's flat config
     * @param differing the keys in which it differs from the base values, in table order
     * @return the differences joined by ", "; empty when there are none
     */
    static String of(Map<String, Object> config, List<String> differing) {
        List<String> parts = new ArrayList<>();
        boolean warmupSaid = false;
        boolean batchSaid = false;
        for (String k : differing) {
            if (k.equals(MinerSchedule.STRATEGY_KEY) || k.equals(MinerSchedule.EPOCHS_KEY)) {
                if (!warmupSaid) {
                    parts.add(warmup(config));
                    warmupSaid = true;
                }
            } else if (k.equals(SAMPLER_P) || k.equals(SAMPLER_K)) {
                if (!batchSaid) {
                    parts.add("P×K " + config.get(SAMPLER_P) + "×" + config.get(SAMPLER_K));
                    batchSaid = true;
                }
            } else {
                String budget = budget(k, config.get(k));
                parts.add(budget != null ? budget : k + "=" + config.get(k));
            }
        }
        return String.join(", ", parts);
    }

    /**
     * A training budget in words — "3060 steps", "10 epochs", "lr warm-up 128 steps" — or null when {@code key} is not
     * one (or has no value). Tables and figures say budgets alike.
     */
    public static String budget(String key, Object value) {
        if (value == null) {
            return null;
        }
        return switch (key) {
            case "train.steps" -> value + " steps";
            case "train.epochs" -> value + " epochs";
            case "optimizer.warmup_steps" -> "lr warm-up " + value + " steps";
            default -> null;
        };
    }

    /** "warm start semi-hard (3 epochs)", or "no warm start" for a configuration without one among warm-started rows. */
    private static String warmup(Map<String, Object> config) {
        Object warm = config.get(MinerSchedule.STRATEGY_KEY);
        if (warm == null || MinerSchedule.NONE.equals(warm)) {
            return "no warm start";
        }
        Object epochs = config.get(MinerSchedule.EPOCHS_KEY);
        return "warm start " + warm + " (" + epochs + ("1".equals(String.valueOf(epochs)) ? " epoch)" : " epochs)");
    }
}
