package org.tripletlab.plot;

import java.awt.Color;
import java.util.Map;

/**
 * Turns binned counts of squared distances into a {@link Chart} panel: each distribution a step outline, normalised
 * to density.
 */
public final class Histograms {
    private Histograms() {
    }

    /**
     * A panel with one step line per distribution.
     *
     * @param binStarts left edge of each bin (equal widths)
     * @param counts    name → counts per bin (same length as binStarts), drawn in the given colour
     */
    public static Chart panel(String title, double[] binStarts, Map<String, double[]> counts, Map<String, Color> colours) {
        double width = binStarts.length > 1 ? binStarts[1] - binStarts[0] : 1;
        Chart c = new Chart(title).xLabel(DistanceFigures.X_LABEL).yLabel("density");
        for (Map.Entry<String, double[]> e : counts.entrySet()) {
            double[] n = e.getValue();
            double total = 0;
            for (double v : n) {
                total += v;
            }
            double[] xs = new double[2 * n.length + 2];
            double[] ys = new double[2 * n.length + 2];
            xs[0] = binStarts[0];
            ys[0] = 0;
            for (int i = 0; i < n.length; i++) {
                double d = total > 0 ? n[i] / (total * width) : 0;
                xs[1 + 2 * i] = binStarts[i];
                ys[1 + 2 * i] = d;
                xs[2 + 2 * i] = binStarts[i] + width;
                ys[2 + 2 * i] = d;
            }
            xs[xs.length - 1] = binStarts[n.length - 1] + width;
            ys[ys.length - 1] = 0;
            Color col = colours.getOrDefault(e.getKey(), Chart.PALETTE[c.series().size() % Chart.PALETTE.length]);
            c.add(new Chart.Series(e.getKey(), xs, ys, col, false, 1.5f));
        }
        return c;
    }
}
