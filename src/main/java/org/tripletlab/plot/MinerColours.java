package org.tripletlab.plot;

import java.awt.Color;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tripletlab.mining.Miners;

/**
 * The colour of each line of a figure, chosen so that a miner has the same colour in every figure of a study: its
 * training curves, validation curves and ROC curve. Colours given in order of appearance would make semi-hard blue in
 * one figure and red in the next whenever the figures list their lines differently (the ROC lists the paper table's
 * rows; the training figure the grid's miners).
 *
 * <p>A line whose label is a plain miner ({@code "semi-hard"}, or {@code "triplet, semi-hard, α = 0.2"} as the ROC
 * names it) takes its miner's fixed colour. Every other line, a variant of a miner ({@code "semi-hard, B = 450"},
 * {@code "semi-hard (3 epochs) → hardest"}), a baseline or an unknown miner, and a second plain line of a miner whose
 * colour is taken, gets the next colour of {@link Chart#PALETTE} that no fixed miner uses, so it never looks like a
 * plain miner. A figure with no plain miner at all (one line per encoder, say) takes {@link Chart#PALETTE} in order.
 */
final class MinerColours {

    /**
     * Fixed colours of the plain miners, from the miner registry so that a new miner gets one too: the default miner
     * (semi-hard) the first colour of {@link Chart#PALETTE}, the others the next ones in registry order.
     */
    static final Map<String, Color> FIXED = fixed();

    private static Map<String, Color> fixed() {
        List<String> order = new java.util.ArrayList<>();
        order.add(Miners.REGISTRY.byDefault().name());
        Miners.STRATEGIES.stream().filter(m -> !order.contains(m)).forEach(order::add);
        Map<String, Color> out = new LinkedHashMap<>();
        for (int i = 0; i < order.size() && i < Chart.PALETTE.length; i++) {
            out.put(order.get(i), Chart.PALETTE[i]);
        }
        return Map.copyOf(out);
    }

    private MinerColours() {}

    /** Label → colour for the given labels, in their order. */
    static Map<String, Color> of(Collection<String> labels) {
        // a figure without any plain miner (e.g. one line per encoder) uses the whole palette in order
        boolean miners = labels.stream().anyMatch(l -> plainMiner(l) != null);
        List<Color> free = java.util.Arrays.stream(Chart.PALETTE).filter(c -> !miners || !FIXED.containsValue(c)).toList();
        Map<String, Color> out = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        int next = 0;
        for (String label : labels) {
            if (out.containsKey(label)) {
                continue;
            }
            String miner = plainMiner(label);
            if (miner != null && taken.add(miner)) {
                out.put(label, FIXED.get(miner));
            } else {
                out.put(label, free.get(next++ % free.size()));
            }
        }
        return out;
    }

    /** The miner a label names with nothing else but a margin, or null (a variant, a baseline, an unknown miner). */
    static String plainMiner(String label) {
        String s = label.startsWith("triplet, ") ? label.substring("triplet, ".length()) : label;
        String[] parts = s.split(", ");
        if (!FIXED.containsKey(parts[0])) {
            return null;
        }
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].startsWith("α = ")) {
                return null;
            }
        }
        return parts[0];
    }
}
