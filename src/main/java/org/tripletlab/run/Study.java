package org.tripletlab.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tripletlab.config.Config;
import org.tripletlab.component.ConfigException;

/**
 * The declared run set of a results folder that is not a sweep: {@code <dir>/study.yaml}. An experiment
 * folder collects runs of every sweep and command that trained that experiment (e.g. a study's 10-epoch runs
 * beside the 3-epoch runs of two sweeps that used the same experiment file); its committed report and figures
 * describe one study among them, and this file says which:
 *
 * <pre>
 * where:                 # runs whose resolved config has these values (all of them)
 *   train.epochs: 10
 * runs: [b719fb108c1b]   # optional: only these run folders (names in the folder)
 * </pre>
 *
 * {@code tripletlab report} and {@code tripletlab plot} on the folder, and the notebooks, then take exactly
 * these runs, so the documented command regenerates the committed report. A folder without the file is
 * taken whole. (A sweep folder's run set is its {@code sweep-index.csv}.)
 */
public record Study(Path file, Map<String, String> where, List<String> runs) {
    public static final String FILE = "study.yaml";

    /** The folder's study file, or null when it has none. */
    public static Study of(Path dir) {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        Object o = org.tripletlab.util.FileReads.document(f, "YAML",
                "fix the file (a mapping with 'where' and/or 'runs', see README), or delete it to report every run of the folder");
        if (!(o instanceof Map<?, ?> m)) {
            throw new ConfigException(f + ": expected a mapping with 'where' and/or 'runs'");
        }
        Map<String, String> where = new LinkedHashMap<>();
        List<String> runs = null;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String k = String.valueOf(e.getKey());
            if (k.equals("where")) {
                if (!(e.getValue() instanceof Map<?, ?> w)) {
                    throw new ConfigException(f + ": 'where' must map config keys to values, e.g. {train.epochs: 10}");
                }
                w.forEach((key, v) -> where.put(String.valueOf(key), String.valueOf(v)));
            } else if (k.equals("runs")) {
                if (!(e.getValue() instanceof List<?> l)) {
                    throw new ConfigException(f + ": 'runs' must be a list of run folder names");
                }
                runs = l.stream().map(String::valueOf).toList();
            } else if (!k.equals("description")) {
                throw new ConfigException(f + ": unknown key '" + k + "' (known: where, runs, description)");
            }
        }
        return new Study(f, Map.copyOf(where), runs);
    }

    /** {@code runs} of the folder, filtered by its study file when it has one (order kept). */
    public static List<Path> select(Path dir, List<Path> runs) {
        Study s = of(dir);
        return s == null ? runs : s.filter(runs);
    }

    /** The runs this study declares, in the given order; a run the study names that is not among them is an error. */
    public List<Path> filter(List<Path> candidates) {
        List<Path> out = new ArrayList<>();
        for (Path run : candidates) {
            if (runs != null && !runs.contains(run.getFileName().toString())) {
                continue;
            }
            if (matches(run)) {
                out.add(run);
            }
        }
        if (runs != null) {
            List<String> found = out.stream().map(p -> p.getFileName().toString()).toList();
            List<String> missing = runs.stream().filter(r -> !found.contains(r)).toList();
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException(file + ": runs " + missing + " are not complete runs of this folder matching " + where);
            }
        }
        return out;
    }

    private boolean matches(Path run) {
        if (where.isEmpty()) {
            return true;
        }
        Map<String, Object> config = Config.ofRun(run).asMap();
        for (Map.Entry<String, String> e : where.entrySet()) {
            if (!config.containsKey(e.getKey())) {
                throw new ConfigException(file + ": where." + e.getKey() + ": no such config key in " + run.resolve(RunFiles.CONFIG));
            }
            if (!valueMatches(config.get(e.getKey()), e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a run's config value is the value a file gives as text: "0.2" matches 0.2, "semi-hard" matches
     * semi-hard, "[celeba, cfp]" matches the list. A study's {@code where} and the report's reference runs use it.
     */
    public static boolean valueMatches(Object configValue, String given) {
        String s = String.valueOf(configValue);
        if (s.equals(given)) {
            return true;
        }
        if (configValue instanceof Number n) {
            try {
                return n.doubleValue() == Double.parseDouble(given);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return s.replace(" ", "").equals(given.replace(" ", ""));
    }
}
