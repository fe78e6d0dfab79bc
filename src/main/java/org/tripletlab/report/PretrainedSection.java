package org.tripletlab.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tripletlab.eval.MeanSe;
import org.tripletlab.util.BadFileException;
import org.tripletlab.util.FileReads;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Pretrained encoders measured with tripletlab's own evaluation but trained elsewhere ({@code tripletlab eval --pretrained},
 * written to {@code <results root>/pretrained/<name>/eval/<benchmark>.json}, the results root being the reported
 * folder's parent): a ceiling and an external check of the evaluation, shown in their own block, never ranked or
 * marked best with the runs trained here (their training data, e.g. dlib's ~3M faces, probably holds the benchmark's
 * people).
 */
final class PretrainedSection {
    /** The folder under the results root that holds the pretrained encoders' evaluations. */
    static final String FOLDER = "pretrained";

    /** How a pretrained network is named in the tables (its {@code encoder.architecture} otherwise). */
    private static final Map<String, String> DISPLAY = Map.of("dlib-resnet", "dlib ResNet");

    /** One pretrained encoder's numbers on the benchmark (rates as fractions; a MeanSe over folds or draws). */
    record Row(String label, int imageSize, String crop, MeanSe accuracy, MeanSe val, double auc, MeanSe rank1, MeanSe dirAtFar1) {
    }

    private PretrainedSection() {
    }

    /** The pretrained evaluations of {@code benchmark} beside the reported folder {@code dir}, by folder name; empty when none. */
    static List<Row> find(Path dir, String benchmark) {
        Path root = dir.toAbsolutePath().normalize().getParent();
        return root == null ? List.of() : findIn(root, benchmark);
    }

    /** The pretrained evaluations of {@code benchmark} in {@code <resultsRoot>/pretrained/}, by folder name; empty when none. */
    static List<Row> findIn(Path resultsRoot, String benchmark) {
        List<Row> rows = new ArrayList<>();
        Path folder = resultsRoot.resolve(FOLDER);
        if (benchmark == null || !Files.isDirectory(folder)) {
            return rows;
        }
        List<Path> folders;
        try (Stream<Path> s = Files.list(folder)) {
            folders = s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new BadFileException(folder, "cannot be listed (" + e.getMessage() + ")", "check that the folder is readable", e);
        }
        for (Path f : folders) {
            Path json = f.resolve("eval").resolve(benchmark + ".json");
            if (Files.isRegularFile(json)) {
                rows.add(read(json));
            }
        }
        return rows;
    }

    static Row read(Path json) {
        String fix = "evaluate the pretrained encoder again (tripletlab eval --pretrained …), or move its folder out of the results folder";
        Map<?, ?> doc = FileReads.jsonObject(json, fix);
        Object name = doc.get("pretrained");
        if (name == null) {
            throw new BadFileException(json, "is not a pretrained encoder's evaluation (no \"pretrained\" key)", fix);
        }
        String label = DISPLAY.getOrDefault(String.valueOf(name), String.valueOf(name)) + " (pretrained, not trained here)";
        Map<?, ?> verification = map(doc.get("verification"));
        Map<?, ?> held = map(doc.get("test_fold"));
        MeanSe accuracy = held != null ? single(held.get("accuracy")) : meanSe(verification == null ? null : verification.get("accuracy"));
        Map<?, ?> valAtFar = verification == null ? null : map(verification.get("val_at_far"));
        MeanSe val = held != null ? single(held.get("val_at_far")) : meanSe(valAtFar == null ? null : valAtFar.get("val"));
        double auc = verification != null && verification.get("auc") instanceof Number n ? n.doubleValue() : Double.NaN;
        Map<?, ?> identification = map(doc.get("identification"));
        Map<?, ?> oneShot = identification == null ? null : map(identification.get("one_shot_closed_set"));
        MeanSe rank1 = meanSe(oneShot == null ? null : oneShot.get("rank1"));
        int size = doc.get("image_size") instanceof Number n ? n.intValue() : 0;
        // open-set DIR at FAR = 1 %; n = 0 for an evaluation written before it existed
        Map<?, ?> dirPoint = RunResult.dirAtFarPoint(doc, RunResult.OPEN_SET_TARGET_FAR);
        return new Row(label, size, String.valueOf(doc.get("crop")), accuracy, val, auc, rank1, meanSe(dirPoint == null ? null : dirPoint.get("dir")));
    }

    private static Map<?, ?> map(Object o) {
        return o instanceof Map<?, ?> m ? m : null;
    }

    private static MeanSe meanSe(Object o) {
        if (!(o instanceof Map<?, ?> m) || !(m.get("mean") instanceof Number mean)) {
            return new MeanSe(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double se = m.get("se") instanceof Number s ? s.doubleValue() : Double.NaN;
        double std = m.get("std") instanceof Number s ? s.doubleValue() : Double.NaN;
        int n = m.get("n") instanceof Number k ? k.intValue() : 1;
        return new MeanSe(mean.doubleValue(), std, se, n);
    }

    private static MeanSe single(Object o) {
        return o instanceof Number x ? new MeanSe(x.doubleValue(), Double.NaN, Double.NaN, 1) : new MeanSe(Double.NaN, Double.NaN, Double.NaN, 0);
    }

    /** Text (rates in %, mean ± s.e.) or numbers (fractions, {@code <metric> mean} / {@code se}) for CSV. */
    static Table table(List<Row> rows, boolean text) {
        Table t = Table.create("pretrained");
        StringColumn encoder = StringColumn.create("encoder");
        if (text) {
            StringColumn acc = StringColumn.create("accuracy (%)");
            StringColumn val = StringColumn.create("VAL@FAR=1e-3 (%)");
            StringColumn auc = StringColumn.create("AUC (%)");
            StringColumn rank1 = StringColumn.create("one-shot rank-1 (%)");
            StringColumn dir = StringColumn.create("open-set DIR@FAR=1% (%)");
            for (Row r : rows) {
                encoder.append(r.label());
                acc.append(TableText.meanSe(r.accuracy(), Metric.ACCURACY, false));
                val.append(TableText.meanSe(r.val(), Metric.VAL_AT_FAR, false));
                auc.append(TableText.meanSe(new MeanSe(r.auc(), Double.NaN, Double.NaN, Double.isNaN(r.auc()) ? 0 : 1), Metric.AUC, false));
                rank1.append(TableText.meanSe(r.rank1(), Metric.ONE_SHOT_RANK1, false));
                dir.append(TableText.meanSe(r.dirAtFar1(), Metric.OPEN_SET_DIR_AT_FAR1, false));
            }
            t.addColumns(encoder, acc, val, auc, rank1);
            // as in the measured tables, the column is there only when an evaluation has it
            return hasDir(rows) ? t.addColumns(dir) : t;
        }
        DoubleColumn size = DoubleColumn.create("image size");
        StringColumn crop = StringColumn.create("crop");
        t.addColumns(encoder, size, crop);
        List<DoubleColumn> numbers = new ArrayList<>();
        List<String> names = new ArrayList<>(List.of("accuracy mean", "accuracy se", "VAL at FAR 1e-3 mean", "VAL at FAR 1e-3 se", "AUC",
                "one-shot rank-1 mean", "one-shot rank-1 se"));
        boolean dir = hasDir(rows);
        if (dir) {
            names.addAll(List.of("open-set DIR at FAR 1% mean", "open-set DIR at FAR 1% se"));
        }
        for (String name : names) {
            numbers.add(DoubleColumn.create(name));
        }
        for (Row r : rows) {
            encoder.append(r.label());
            size.append(r.imageSize());
            crop.append(r.crop());
            double[] v = {r.accuracy().mean(), r.accuracy().standardError(), r.val().mean(), r.val().standardError(), r.auc(),
                r.rank1().mean(), r.rank1().standardError(), r.dirAtFar1().mean(), r.dirAtFar1().standardError()};
            for (int i = 0; i < numbers.size(); i++) {
                numbers.get(i).append(v[i]);
            }
        }
        numbers.forEach(t::addColumns);
        return t;
    }

    private static boolean hasDir(List<Row> rows) {
        return rows.stream().anyMatch(r -> r.dirAtFar1().n() > 0);
    }
}
