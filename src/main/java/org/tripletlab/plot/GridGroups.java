package org.tripletlab.plot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tripletlab.report.VariantLabel;
import org.tripletlab.run.RunDirectory;
import org.tripletlab.run.SweepIndexFile;

/**
 * The completed grid points of a sweep other than the miner × margin layout (e.g. encoder × embedding size),
 * grouped for figures: one line per value of the first axis that is not {@code seed}, one panel per
 * combination of the remaining non-seed axes, seeds pooled (curves averaged, histograms summed). Baseline runs
 * are left out; they have no grid values.
 *
 * <p>A line is labelled by its value alone when that is a word ("resnet"), as {@code key = value} when it is a
 * number ("encoder.embedding = 64"), so a legend never shows a bare number; a panel by {@code key = value} of each
 * of its axes, a budget in words ("3060 steps", "lr warm-up 128 steps"). A grid whose only axis is the seed
 * has one line, "all runs", in one panel.
 *
 * @param panels    panel label → line label → run folders, in grid order
 * @param firstSeed "line, panel" label → the run with the lowest seed (for figures that draw one run per
 *                  configuration, such as the ROC overlay)
 */
public record GridGroups(Map<String, Map<String, List<Path>>> panels, Map<String, Path> firstSeed) {
    /** The grid's axis for seeds, pooled rather than drawn. */
    static final String SEED = "seed";

    /**
     * @param rows the sweep index's rows
     * @param root the results root that {@code run_dir} is relative to (the sweep folder's parent)
     */
    public static GridGroups of(List<SweepIndexFile.Row> rows, Path root) {
        Map<String, Map<String, List<Path>>> panels = new LinkedHashMap<>();
        Map<String, Path> firstSeed = new LinkedHashMap<>();
        Map<String, Double> lowestSeed = new LinkedHashMap<>();
        for (SweepIndexFile.Row r : rows) {
            if (r.isBaseline() || !r.status().equals(SweepIndexFile.Status.COMPLETE.label()) || r.runDir().isEmpty()) {
                continue;
            }
            Path dir = root.resolve(r.runDir()).normalize();
            if (!Files.isRegularFile(dir.resolve(RunDirectory.COMPLETE_MARKER))) {
                continue;
            }
            List<Map.Entry<String, String>> axes = r.axisValues().entrySet().stream().filter(e -> !e.getKey().equals(SEED)).toList();
            String line = axes.isEmpty() ? "all runs" : label(axes.get(0));
            List<String> rest = new ArrayList<>();
            for (Map.Entry<String, String> e : axes.subList(Math.min(1, axes.size()), axes.size())) {
                rest.add(panelPart(e));
            }
            String panel = rest.isEmpty() ? "all runs" : String.join(", ", rest);
            panels.computeIfAbsent(panel, k -> new LinkedHashMap<>()).computeIfAbsent(line, k -> new ArrayList<>()).add(dir);
            String config = rest.isEmpty() ? line : line + ", " + panel;
            double seed = seedOf(r);
            if (!lowestSeed.containsKey(config) || seed < lowestSeed.get(config)) {
                lowestSeed.put(config, seed);
                firstSeed.put(config, dir);
            }
        }
        return new GridGroups(panels, firstSeed);
    }

    /** True when no grid point is complete. */
    public boolean isEmpty() {
        return panels.isEmpty();
    }

    private static String label(Map.Entry<String, String> axis) {
        String v = axis.getValue();
        return isNumber(v) ? axis.getKey() + " = " + v : v;
    }

    /**
     * A panel axis in a title's words: a budget as the report says it ({@link VariantLabel#budget}: "3060 steps", "lr
     * warm-up 128 steps" — the encoder study gives each encoder its own steps and warm-up, and the long key names crowded
     * its titles and legends), anything else as {@code key = value}.
     */
    static String panelPart(Map.Entry<String, String> axis) {
        String budget = VariantLabel.budget(axis.getKey(), axis.getValue());
        return budget != null ? budget : axis.getKey() + " = " + axis.getValue();
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double seedOf(SweepIndexFile.Row r) {
        String s = r.axisValues().get(SEED);
        return s != null && isNumber(s) ? Double.parseDouble(s) : Double.POSITIVE_INFINITY;
    }

    /** A panel label as a file-name part: "encoder.embedding = 64" → "encoder.embedding-64". */
    static String slug(String panel) {
        return panel.toLowerCase(Locale.ROOT).replace(" = ", "-").replace(", ", "_").replaceAll("[^a-z0-9._-]+", "-");
    }
}
