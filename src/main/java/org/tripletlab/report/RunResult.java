package org.tripletlab.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tripletlab.loss.Losses;
import org.tripletlab.config.Config;
import org.tripletlab.run.RunFiles;
import org.tripletlab.util.CsvReader;
import org.tripletlab.util.FileReads;

/**
 * What the report needs from one completed run folder: its resolved config, seed and metrics,
 * read from {@code config.yaml}, {@code provenance.json}, {@code epochs.csv}, {@code steps.csv} and
 * {@code eval/<benchmark>.json}. A metric the run did not record is NaN.
 */
public record RunResult(Path dir, String runId, Map<String, Object> config, long seed, Map<Metric, Double> metrics) {

    public double metric(Metric m) {
        Double v = metrics.get(m);
        return v == null ? Double.NaN : v;
    }

    /**
     * Why this run's numbers on {@code benchmark} are not test numbers — e.g. it trained on identities of the
     * benchmark's test pairs — read from the {@code not_a_test_number} map of its {@code provenance.json}
     * ({@code {"<benchmark>": "<reason>"}}); null when the run is a test number for it (no such map, or no entry).
     * The one place the report, the plots and the notebooks read that field.
     */
    public String notTestNumberReason(String benchmark) {
        return notTestNumberReason(dir, benchmark);
    }

    /** As {@link #notTestNumberReason(String)}, for a run folder. */
    public static String notTestNumberReason(Path runDir, String benchmark) {
        if (benchmark == null) {
            return null;
        }
        Map<?, ?> prov = json(runDir.resolve(RunFiles.PROVENANCE));
        Object map = prov == null ? null : prov.get("not_a_test_number");
        if (!(map instanceof Map<?, ?> m)) {
            return null;
        }
        Object reason = m.get(benchmark);
        if (reason == null && benchmark.startsWith("lfw-view2")) {
            reason = m.get("lfw");
        }
        if (reason == null) {
            return null;
        }
        String s = String.valueOf(reason).trim();
        return s.isEmpty() ? "marked not a test number for " + benchmark + " in provenance.json" : s;
    }

    /**
     * The training budget, as a label ("train.epochs=10", "train.steps=500", with "train.steps_per_epoch=N"
     * when it is set); null for a fitted baseline ({@code baseline.kind} other than none), which trains nothing.
     * Runs whose budgets differ are never averaged together.
     */
    public String budget() {
        return budget(config);
    }

    /** As {@link #budget()}, from a flat resolved config. */
    public static String budget(Map<String, Object> config) {
        Object kind = config.get("baseline.kind");
        if (kind != null && !"none".equals(String.valueOf(kind)) && !"null".equals(String.valueOf(kind))) {
            return null;
        }
        Object steps = config.get("train.steps");
        Object epochs = config.get("train.epochs");
        Object perEpoch = config.get("train.steps_per_epoch");
        String b = steps != null && !"null".equals(String.valueOf(steps)) ? "train.steps=" + steps
                : epochs == null ? null : "train.epochs=" + epochs;
        if (b != null && perEpoch != null && !"null".equals(String.valueOf(perEpoch))) {
            b += ", train.steps_per_epoch=" + perEpoch;
        }
        return b;
    }

    /** Reads a run folder; {@code benchmark} names the eval/<benchmark>.json to take benchmark metrics from. */
    public static RunResult read(Path dir, String benchmark) {
        Config config = Config.ofRun(dir);
        Map<Metric, Double> m = new EnumMap<>(Metric.class);
        Map<?, ?> prov = json(dir.resolve(RunFiles.PROVENANCE));
        List<List<String>> epochs = CsvReader.readIfPresent(dir.resolve(RunFiles.EPOCHS));
        double bestVal = number(prov == null ? null : prov.get("best_val_accuracy"));
        if (Double.isNaN(bestVal) && epochs != null) {
            for (double v : column(epochs, "val_accuracy", null)) {
                bestVal = Double.isNaN(bestVal) ? v : Math.max(bestVal, v);
            }
        }
        m.put(Metric.BEST_VAL_ACCURACY, bestVal);
        double minutes = number(prov == null ? null : prov.get("minutes"));
        if (Double.isNaN(minutes) && epochs != null) {
            double[] col = column(epochs, "minutes", null);
            minutes = col.length == 0 ? Double.NaN : col[col.length - 1];
        }
        m.put(Metric.MINUTES, minutes);
        // A softmax run has no triplets or pairs: its steps.csv active_share column holds the batch's training
        // accuracy, which must not be reported as a share of active triplets (the loss declares which it records).
        boolean activeShare = Losses.kind(config.getString("loss.kind")).recordsActiveShare();
        m.put(Metric.FINAL_ACTIVE_SHARE, !activeShare ? Double.NaN : finalActiveShare(CsvReader.readIfPresent(dir.resolve(RunFiles.STEPS))));
        // Written by the trainer from model.ModelStats once the encoder is initialised; fitted baselines have no encoder.
        m.put(Metric.PARAMETERS, number(prov == null ? null : path(prov, "encoder", "parameters")));
        m.put(Metric.FLOPS_PER_IMAGE, number(prov == null ? null : path(prov, "encoder", "forward_flops_per_image")));
        putBenchmarkMetrics(m, benchmark == null ? null : json(RunFiles.evalResult(dir, benchmark)));
        Map<String, Object> flat = new LinkedHashMap<>(config.asMap());
        String id = dir.getFileName().toString();
        return new RunResult(dir, id, flat, config.getLong("seed"), m);
    }

    /**
     * A result that is only a benchmark evaluation, without a run folder around it — e.g. what
     * {@code tripletlab eval --baseline pixels} writes into {@code <dir>/eval/}. Its config is the one
     * given (describing what was evaluated), its seed 0, and it has only the benchmark metrics.
     *
     * @throws IllegalArgumentException when {@code <dir>/eval/<benchmark>.json} does not exist
     */
    public static RunResult evaluationOnly(Path dir, String benchmark, Map<String, Object> config) {
        Path file = RunFiles.evalResult(dir, benchmark);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such evaluation; write it with tripletlab eval");
        }
        Map<Metric, Double> m = new EnumMap<>(Metric.class);
        putBenchmarkMetrics(m, json(file));
        return new RunResult(dir, dir.getFileName().toString(), new LinkedHashMap<>(config), 0, m);
    }

    /** Benchmark metrics from an eval/<benchmark>.json (10-fold, or a held-out test fold such as lfw-dev's); nothing for null. */
    private static void putBenchmarkMetrics(Map<Metric, Double> m, Map<?, ?> eval) {
        if (eval == null) {
            return;
        }
        Object held = eval.get("test_fold");
        m.put(Metric.ACCURACY, held != null ? number(path(eval, "test_fold", "accuracy")) : number(path(eval, "verification", "accuracy", "mean")));
        m.put(Metric.VAL_AT_FAR, held != null ? number(path(eval, "test_fold", "val_at_far"))
                : number(path(eval, "verification", "val_at_far", "val", "mean")));
        m.put(Metric.AUC, number(path(eval, "verification", "auc")));
        m.put(Metric.ONE_SHOT_RANK1, number(path(eval, "identification", "one_shot_closed_set", "rank1", "mean")));
        m.put(Metric.OPEN_SET_DIR_AT_FAR1, dirAtFar(eval, OPEN_SET_TARGET_FAR));
    }

    /** Mean active share over the steps of the last epoch in steps.csv. */
    static double finalActiveShare(List<List<String>> steps) {
        if (steps == null || steps.size() < 2) {
            return Double.NaN;
        }
        double[] epoch = column(steps, "epoch", null);
        double last = Double.NEGATIVE_INFINITY;
        for (double e : epoch) {
            last = Math.max(last, e);
        }
        double[] share = column(steps, "active_share", null);
        double sum = 0;
        int n = 0;
        for (int i = 0; i < share.length; i++) {
            if (epoch[i] == last && !Double.isNaN(share[i])) {
                sum += share[i];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static double[] column(List<List<String>> table, String name, Double missing) {
        int c = table.get(0).indexOf(name);
        double[] out = new double[table.size() - 1];
        for (int i = 1; i < table.size(); i++) {
            List<String> row = table.get(i);
            out[i - 1] = c < 0 || c >= row.size() ? Double.NaN : number(row.get(c));
        }
        return out;
    }

    private static Object path(Map<?, ?> m, String... keys) {
        Object o = m;
        for (String k : keys) {
            if (!(o instanceof Map<?, ?> map)) {
                return null;
            }
            o = map.get(k);
        }
        return o;
    }

    /** A JSON number (or a number YAML read as a string, e.g. 1e-3), NaN for null or anything else. */
    /** The false-alarm rate of {@link Metric#OPEN_SET_DIR_AT_FAR1}. */
    static final double OPEN_SET_TARGET_FAR = 0.01;

    /** Mean DIR at the target false-alarm rate from the open set's {@code dir_at_far} list; NaN when it has none. */
    private static double dirAtFar(Map<?, ?> eval, double targetFar) {
        Map<?, ?> point = dirAtFarPoint(eval, targetFar);
        return point == null ? Double.NaN : number(path(point, "dir", "mean"));
    }

    /**
     * The entry of an {@code eval/<benchmark>.json}'s {@code identification.one_shot_open_set.dir_at_far} list for the
     * target false-alarm rate; null when the evaluation has none (written before DIR at FAR existed).
     */
    static Map<?, ?> dirAtFarPoint(Map<?, ?> eval, double targetFar) {
        if (path(eval, "identification", "one_shot_open_set", "dir_at_far") instanceof List<?> points) {
            for (Object p : points) {
                if (p instanceof Map<?, ?> point && number(point.get("target_far")) == targetFar) {
                    return point;
                }
            }
        }
        return null;
    }

    static double number(Object o) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        if (o instanceof String s && !s.isBlank()) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    private static Map<?, ?> json(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        return FileReads.jsonObject(file, FileReads.RUN_FILE_FIX);
    }

}
