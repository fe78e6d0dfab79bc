package org.tripletlab.plot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tripletlab.config.Config;
import org.tripletlab.report.Recipe;

/**
 * What a run is, in words, from its {@code config.yaml}: the method (e.g. "triplet, semi-hard, α = 0.2"), the
 * encoder, the seed and the training budget. Figures name runs this way, never by their folder hash, which says
 * nothing to a reader of the paper.
 */
final class RunLabel {
    private RunLabel() {
    }

    /**
     * The method alone, as the results tables name it ({@link Recipe#method}); the folder name only when the
     * config cannot be read.
     */
    static String method(Path run) {
        Map<String, Object> c = config(run);
        return c == null ? folder(run) : Recipe.of(c).method();
    }

    /** Method, encoder, seed and epochs, e.g. "triplet, semi-hard, α = 0.2 · small-conv 128-D · seed 42 · 10 epochs". */
    static String full(Path run) {
        Map<String, Object> c = config(run);
        if (c == null) {
            return folder(run);
        }
        List<String> parts = new ArrayList<>();
        parts.add(Recipe.of(c).method());
        Object arch = c.get("encoder.architecture");
        Object dim = c.get("encoder.embedding");
        boolean fitted = c.get("baseline.kind") != null && !"none".equals(String.valueOf(c.get("baseline.kind")));
        if (!fitted && arch != null) {
            parts.add(arch + (dim == null ? "" : " " + dim + "-D"));
        }
        if (c.get("seed") != null) {
            parts.add("seed " + c.get("seed"));
        }
        Object epochs = c.get("train.epochs");
        if (!fitted && epochs != null && !"null".equals(String.valueOf(epochs))) {
            parts.add(epochs + " epochs");
        }
        return String.join(" · ", parts);
    }

    private static Map<String, Object> config(Path run) {
        try {
            return Config.ofRun(run).asMap();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String folder(Path run) {
        Path name = run.toAbsolutePath().normalize().getFileName();
        return name == null ? run.toString() : name.toString();
    }
}
