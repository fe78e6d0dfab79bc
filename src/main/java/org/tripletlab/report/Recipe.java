package org.tripletlab.report;

import java.util.Locale;
import java.util.Map;
import org.tripletlab.baseline.BaselineKind;
import org.tripletlab.baseline.Baselines;
import org.tripletlab.baseline.NoBaseline;
import org.tripletlab.loss.LossKind;
import org.tripletlab.loss.Losses;

/**
 * What a run's configuration is, in the words of a paper's results table: the method's name and the
 * family it belongs to, read from the keys that select a baseline ({@code baseline.kind},
 * {@code loss.kind}, the baseline presets' {@code name}) — so a table can put the project's triplet
 * runs and the baselines side by side without anyone labelling runs by hand.
 *
 * @param method  row label, e.g. "Eigenfaces (PCA, 128 components)" or "triplet, semi-hard, α = 0.2"
 * @param family  the section the row belongs to
 * @param miner   {@code miner.strategy} for the project's triplet runs, null for baselines
 * @param order   position within its family in a table: from the simplest method to the strongest recipe
 *                (pixels, Eigenfaces, Fisherfaces; softmax, contrastive, FaceNet-style)
 */
public record Recipe(String method, Family family, String miner, int order) {

    /** Sections of the table, in the order they are shown. */
    public enum Family {
        CLASSICAL("classical baseline"),
        DEEP("deep baseline"),
        TRIPLET("triplet loss (this project)");

        private final String label;

        Family(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Reads the recipe from a run's flat resolved config (keys as in {@code config.yaml}, dotted). */
    public static Recipe of(Map<String, Object> config) {
        String baseline = text(config.get("baseline.kind"), "none");
        String loss = text(config.get("loss.kind"), Losses.defaultName());
        String name = text(config.get("name"), "");
        if (!baseline.equals(NoBaseline.NAME)) {
            if (!Baselines.REGISTRY.names().contains(baseline)) {
                return new Recipe("baseline " + baseline, Family.CLASSICAL, null, 3);
            }
            // The classical baseline declares how its row reads and where it goes (Baselines.REGISTRY).
            BaselineKind kind = Baselines.kind(baseline);
            return new Recipe(kind.label(key -> text(config.get(key), "?")), Family.CLASSICAL, null, kind.reportOrder());
        }
        // The loss declares whether its runs are a deep baseline and how that row reads.
        LossKind kind = Losses.kind(loss);
        String deep = kind.baselineLabel(key -> text(config.get(key), "?"));
        if (deep != null) {
            return new Recipe(deep, Family.DEEP, null, kind.baselineOrder());
        }
        String miner = minerLabel(config);
        String margin = text(config.get("loss.margin"), "?");
        if (name.startsWith("baseline-")) {
            // a triplet preset from experiments/baselines (facenet-style.yaml): a recipe to compare against, not a grid point
            String recipe = preset(name);
            String label = recipe.equals("facenet-style") ? "FaceNet-style" : recipe;
            return new Recipe(label + " (" + miner + ", α = " + margin + ", " + text(config.get("encoder.architecture"), "?")
                    + ", " + text(config.get("optimizer.name"), "?") + ")", Family.DEEP, null, recipe.equals("facenet-style") ? 2 : 3);
        }
        return new Recipe("triplet, " + miner + ", α = " + margin, Family.TRIPLET, miner, 0);
    }

    /**
     * The baseline preset a run's {@code name} stands for: "baseline-facenet-style" and a study's re-run of it on other
     * data, "baseline-facenet-style-v2", are both "facenet-style"; null when the name is not a baseline preset's.
     */
    public static String preset(String name) {
        if (name == null || !name.startsWith("baseline-")) {
            return null;
        }
        return name.substring("baseline-".length()).replaceFirst("-v[0-9]+$", "");
    }

    /**
     * The miner of a run's flat resolved config as tables and figures name it: {@code miner.strategy}, or with a warm-up
     * ({@code miner.warmup.strategy}, written in config.yaml only when set) "semi-hard (2 epochs) → hardest", so
     * warm-started runs are rows and lines of their own, never merged with runs of their main miner.
     */
    public static String minerLabel(Map<String, Object> config) {
        String miner = text(config.get("miner.strategy"), "?");
        Object warm = config.get("miner.warmup.strategy");
        if (warm == null || "none".equals(warm)) {
            return miner;
        }
        String epochs = text(config.get("miner.warmup.epochs"), "?");
        return warm + " (" + epochs + ("1".equals(epochs) ? " epoch" : " epochs") + ") → " + miner;
    }

    private static String text(Object o, String missing) {
        if (o == null) {
            return missing;
        }
        if (o instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e9) {
            return String.format(Locale.ROOT, "%.1f", d);
        }
        return String.valueOf(o);
    }
}
