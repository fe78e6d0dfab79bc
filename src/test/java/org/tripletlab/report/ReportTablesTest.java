package org.tripletlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.config.Config;
import org.tripletlab.component.ConfigException;
import org.tripletlab.eval.MeanSe;
import org.tripletlab.eval.OneShot;
import org.tripletlab.run.RunDirectory;
import org.tripletlab.util.CsvReader;
import org.tripletlab.util.Json;

/**
 * The report's tables on hand-made run folders whose numbers are chosen so that every mean and
 * standard error is known by hand: the baselines' own block, the mining × margin pivot, the paired
 * comparison of a baseline with a named row, the architecture and embedding tables, and the published
 * numbers kept after the measured ones.
 */
class ReportTablesTest {
    static final String GRID = """
            name: grid
            data:
              source: synthetic
              image_size: 32
              synthetic: {identities: 40, images_per_identity: 4}
            sampler: {identities: 4, images: 2}
            encoder: {architecture: small-conv, embedding: 16, width: 8}
            train: {steps: 4, checkpoints: false}
            """;
    static final String PIXELS = """
            name: baseline-pixels
            data:
              source: synthetic
              image_size: 32
              synthetic: {identities: 40, images_per_identity: 4}
            sampler: {identities: 4, images: 2}
            baseline: {kind: pixels}
            """;

    /** What a run folder records; NaN: not written. */
    record Measured(double accuracy, double val, double bestVal, double lastShare, double parameters, double flops) {
    }

    /** A completed run folder {@code <root>/<experiment>/<run-id>} with the files the report reads. Returns its path relative to root. */
    static String run(Path root, String yaml, List<String> overrides, Measured m) throws Exception {
        Config c = Config.parse(yaml, "x.yaml", overrides);
        Path dir = root.resolve(c.getString("name")).resolve(RunDirectory.runId(c));
        Files.createDirectories(dir.resolve("eval"));
        Files.writeString(dir.resolve("config.yaml"), c.toYaml());
        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("best_val_accuracy", m.bestVal());
        if (!Double.isNaN(m.parameters())) {
            prov.put("encoder", Map.of("architecture", c.getString("encoder.architecture"), "parameters", (long) m.parameters(),
                    "forward_flops_per_image", (long) m.flops()));
        }
        Files.writeString(dir.resolve("provenance.json"), Json.write(prov));
        if (!Double.isNaN(m.lastShare())) {
            // Epoch 1 is all active; the report takes the mean over the last epoch only.
            Files.writeString(dir.resolve("steps.csv"), "step,epoch,loss,triplets,active_share\n1,1,0.3,8,1.0\n2,2,0.1,8," + m.lastShare()
                    + "\n3,2,0.1,8," + m.lastShare() + "\n");
        }
        Map<String, Object> verification = new LinkedHashMap<>();
        verification.put("accuracy", new MeanSe(m.accuracy(), 0, 0, 10).toMap());
        if (!Double.isNaN(m.val())) {
            verification.put("val_at_far", Map.of("target_far", 1e-3, "val", new MeanSe(m.val(), 0, 0, 10).toMap()));
        }
        Files.writeString(dir.resolve("eval/lfw.json"), Json.write(Map.of("benchmark", "lfw", "verification", verification)));
        Files.writeString(dir.resolve(RunDirectory.COMPLETE_MARKER), "");
        return c.getString("name") + "/" + RunDirectory.runId(c);
    }

    static Measured acc(double accuracy, double bestVal, double share) {
        return new Measured(accuracy, Double.NaN, bestVal, share, 1000, 2e6);
    }

    /**
     * Grid miner × margin × seed with LFW accuracies (seed 1, seed 2) and last-epoch active shares:
     * random 0.1: 0.70, 0.74 → 72.00 ± 2.00 (s = 0.0283, s.e. = s/√2 = 0.02); shares 0.4, 0.2 → 30.0
     * random 0.3: 0.80, 0.82 → 81.00 ± 1.00; shares 0.1, 0.1 → 10.0 (best accuracy of all rows)
     * hardest 0.1: 0.60, 0.66 → 63.00 ± 3.00; shares 0.9, 0.7 → 80.0
     * hardest 0.3: 0.75, 0.75 → 75.00 ± 0.00; shares 0.5, 0.6 → 55.0
     * baseline-pixels: 0.65, 0.69 → 67.00 ± 2.00, best val. accuracy 0.9 (the best of all rows; the grid's are 0.5).
     */
    static Path miningSweep(Path root) throws Exception {
        Map<String, double[]> accs = new LinkedHashMap<>();
        accs.put("random 0.1", new double[] {0.70, 0.74, 0.4, 0.2});
        accs.put("random 0.3", new double[] {0.80, 0.82, 0.1, 0.1});
        accs.put("hardest 0.1", new double[] {0.60, 0.66, 0.9, 0.7});
        accs.put("hardest 0.3", new double[] {0.75, 0.75, 0.5, 0.6});
        StringBuilder index = new StringBuilder("point,baseline,miner.strategy,loss.margin,seed,experiment,run_id,status,run_dir,error\n");
        int point = 1;
        for (Map.Entry<String, double[]> e : accs.entrySet()) {
            String[] k = e.getKey().split(" ");
            for (int seed = 1; seed <= 2; seed++) {
                double[] v = e.getValue();
                String dir = run(root, GRID, List.of("miner.strategy=" + k[0], "loss.margin=" + k[1], "seed=" + seed),
                        acc(v[seed - 1], 0.5, v[seed + 1]));
                index.append(point++).append(",,").append(k[0]).append(',').append(k[1]).append(',').append(seed).append(",grid,")
                        .append(dir.substring(5)).append(",complete,").append(dir).append(",\n");
            }
        }
        double[] pixels = {0.65, 0.69};
        for (int seed = 1; seed <= 2; seed++) {
            String dir = run(root, PIXELS, List.of("seed=" + seed), new Measured(pixels[seed - 1], Double.NaN, 0.9, Double.NaN, Double.NaN, 0));
            index.append(point++).append(",../baselines/pixels.yaml,,,").append(seed).append(",baseline-pixels,")
                    .append(dir.substring(dir.indexOf('/') + 1)).append(",complete,").append(dir).append(",\n");
        }
        // A baseline run that is still pending is not in the report.
        index.append(point).append(",../baselines/pixels.yaml,,,3,baseline-pixels,abc,pending,,\n");
        Path sweep = root.resolve("mm");
        Files.createDirectories(sweep);
        Files.writeString(sweep.resolve("sweep-index.csv"), index.toString());
        return sweep;
    }

    @Test
    void baselinesGetTheirOwnBlockAndThePivotShowsAccuracyAndActiveShare(@TempDir Path root) throws Exception {
        Path sweep = miningSweep(root);
        Report r = Report.of(sweep, "lfw", List.of("miner.strategy=hardest", "loss.margin=0.1"));
        assertEquals(List.of("miner.strategy", "loss.margin"), r.results().varyingKeys(), "named by the grid's keys only");
        assertEquals(4, r.results().groups().size());
        assertEquals(1, r.results().others().size());
        String md = r.write(sweep, Report.Format.MD).text();

        assertTrue(md.contains("10 completed runs in 5 configurations (10 of 11 runs of the sweep (8 grid points, 3 baseline runs) complete"), md);
        String measured = md.substring(md.indexOf("## Measured"), md.indexOf("### Other experiments of the sweep (baselines)"));
        assertTrue(measured.contains("| miner.strategy | loss.margin | seeds | lfw accuracy (%) | best val. accuracy (%) | final active share (%) |"), measured);
        assertTrue(measured.contains("| random | 0.1 | 2 | 72.00 ± 2.00 | 50.00 ± 0.00 | 30.0 ± 10.0 |"), measured);
        assertTrue(measured.contains("| random | 0.3 | 2 | **81.00 ± 1.00** | 50.00 ± 0.00 | 10.0 ± 0.0 |"), "best accuracy of all rows: " + measured);
        assertFalse(measured.contains("baseline-pixels"), "the baselines are not among the grid's rows");
        String others = md.substring(md.indexOf("### Other experiments"), md.indexOf("## Pivot"));
        assertTrue(others.contains("| experiment | seeds | lfw accuracy (%) | best val. accuracy (%) | final active share (%) |"), others);
        assertTrue(others.contains("| baseline-pixels | 2 | 67.00 ± 2.00 | **90.00 ± 0.00** | – |"), "best val. accuracy of all rows; no triplets: " + others);

        String pivot = md.substring(md.indexOf("## Pivot: miner.strategy × loss.margin"), md.indexOf("## Paired differences"));
        assertTrue(pivot.contains("| miner.strategy | loss.margin=0.1 | loss.margin=0.3 |\n|---|---:|---:|\n"
                + "| random | 72.00 ± 2.00 · 30.0 active | **81.00 ± 1.00** · 10.0 active |\n"
                + "| hardest | 63.00 ± 3.00 · 80.0 active | 75.00 ± 0.00 · 55.0 active |\n"), pivot);

        // Paired against the named row hardest/0.1: random 0.3 − it = (0.20, 0.16) → +18.00 ± 2.00; pixels − it = (0.05, 0.03) → +4.00 ± 1.00.
        String paired = md.substring(md.indexOf("## Paired differences"), md.indexOf("## Published results"));
        assertTrue(paired.contains("| grid | random | 0.3 | +18.00 ± 2.00 (n=2) |"), paired);
        assertTrue(paired.contains("| grid | hardest | 0.1 | reference |"), paired);
        assertTrue(paired.contains("| baseline-pixels |  |  | +4.00 ± 1.00 (n=2) |"), paired);
        assertTrue(paired.contains(PairedSection.MARK_MEANING), "the caption says what * means: " + paired);
        // Two seeds with t = 9 and t = 4 are not marked (p = 0.07, 0.16); +40 on both seeds (s.e. 0) is.
        assertTrue(paired.contains("| grid | random | 0.3 | +18.00 ± 2.00 (n=2) | +0.00 ± 0.00 (n=2) |"), paired);
        assertTrue(paired.contains("| baseline-pixels |  |  | +4.00 ± 1.00 (n=2) | +40.00 ± 0.00 (n=2) " + PairedSection.MARK + " |"), paired);

        String published = md.substring(md.indexOf("## Published results (not measured here)"));
        assertTrue(published.contains("99.63 ± 0.09"));
        assertFalse(md.substring(0, md.indexOf("## Published results")).contains("99.63"), "published numbers only in their section");
        assertFalse(md.contains("FaceNet's architectures"), "no architecture table when the encoder does not vary");

        // CSV: one measured table, the blocks told apart; the pivot in its own file.
        Report.Written csv = r.write(sweep, Report.Format.CSV);
        List<List<String>> rows = CsvReader.parse(Files.readString(sweep.resolve("report.csv")));
        assertEquals(List.of("block", "experiment", "miner.strategy", "loss.margin", "seeds", "lfw accuracy mean", "lfw accuracy se"),
                rows.get(0).subList(0, 7));
        assertEquals(List.of("other", "baseline-pixels", "", "", "2"), rows.get(5).subList(0, 5));
        assertEquals(0.67, Double.parseDouble(rows.get(5).get(5)), 1e-12);
        assertEquals(0.02, Double.parseDouble(rows.get(5).get(6)), 1e-12);
        assertEquals("best val. accuracy", rows.get(5).get(rows.get(0).indexOf("best")));
        List<List<String>> p = CsvReader.parse(Files.readString(sweep.resolve("report-pivot.csv")));
        assertEquals(List.of("miner.strategy", "loss.margin=0.1 lfw accuracy mean", "loss.margin=0.1 lfw accuracy se",
                "loss.margin=0.1 lfw accuracy n", "loss.margin=0.1 final active share mean"), p.get(0).subList(0, 5));
        assertEquals("hardest", p.get(2).get(0));
        assertEquals(0.03, Double.parseDouble(p.get(2).get(2)), 1e-12);
        assertEquals(0.8, Double.parseDouble(p.get(2).get(4)), 1e-12);
        assertTrue(csv.files().contains(sweep.resolve("report-paired.csv")) && csv.files().contains(sweep.resolve("report-pivot.csv")));
        // The paired CSV carries each difference's p-value: random 0.3 − hardest 0.1 has t = 18/2 = 9 on 1 degree of freedom.
        List<List<String>> pr = CsvReader.parse(Files.readString(sweep.resolve("report-paired.csv")));
        int pCol = pr.get(0).indexOf("diff lfw accuracy p");
        List<String> random03 = pr.stream().filter(l -> l.contains("random") && l.contains("0.3")).findFirst().orElseThrow();
        assertEquals(1 - 2 * Math.atan(9) / Math.PI, Double.parseDouble(random03.get(pCol)), 1e-9);

        String tex = r.write(sweep, Report.Format.LATEX).text();
        // LaTeX: the pivot's " active" after each cell's share is said once in the caption (the columns then fit the page)
        assertTrue(tex.contains("random & 72.00 $\\pm$ 2.00 $\\cdot$ 30.0 & \\textbf{81.00 $\\pm$ 1.00} $\\cdot$ 10.0 \\\\"), tex);
        assertTrue(tex.contains("In each cell the number after $\\cdot$ is the active share."), tex);
        assertTrue(tex.contains("\\caption{Other experiments of the sweep (baselines). Measured like the rows above"), tex);
        assertTrue(tex.contains("\\label{tab:mm-others}") && tex.contains("\\label{tab:mm-pivot}") && tex.contains("\\label{tab:mm-measured}"), tex);
    }

    @Test
    void pivotIsOptionalAndItsKeysAreChecked(@TempDir Path root) throws Exception {
        Path sweep = miningSweep(root);
        assertFalse(Report.of(sweep, "lfw", List.of(), List.of()).markdown().contains("## Pivot"), "--pivot none");
        String swapped = Report.of(sweep, "lfw", List.of(), List.of("loss.margin")).markdown();
        assertTrue(swapped.contains("| loss.margin | miner.strategy=random | miner.strategy=hardest |\n|---|---:|---:|\n"
                + "| 0.1 | 72.00 ± 2.00 · 30.0 active | 63.00 ± 3.00 · 80.0 active |\n"), "the unnamed varying key becomes the columns: " + swapped);
        ConfigException e = assertThrows(ConfigException.class, () -> Report.of(sweep, "lfw", List.of(), List.of("encoder.width")));
        assertTrue(e.getMessage().contains("'encoder.width' does not vary") && e.getMessage().contains("miner.strategy, loss.margin"), e.getMessage());
        // The results root without the index: the experiment with most runs is the grid, the other one its own block.
        String folder = Report.of(root, "lfw", List.of()).markdown();
        assertTrue(folder.contains("### Other experiments in this folder") && folder.contains("| baseline-pixels | 2 | 67.00 ± 2.00 |"), folder);
        assertTrue(folder.contains("| 0.1 | hardest | 2 | 63.00 ± 3.00 |") && folder.indexOf("| 0.1 | hardest") < folder.indexOf("| 0.1 | random")
                && folder.indexOf("| 0.1 | random") < folder.indexOf("| 0.3 | hardest"), "grid rows sorted by config, keys in config order: " + folder);
        ResultsTable t = Report.of(sweep, "lfw", List.of()).results();
        e = assertThrows(ConfigException.class, () -> PivotTable.of(t.groups(), t.varyingKeys(), "miner.strategy", List.of(), false));
        assertTrue(e.getMessage().contains("loss.margin also vary"), e.getMessage());
    }

    @Test
    void architectureAndEmbeddingTables(@TempDir Path root) throws Exception {
        // encoder.architecture × encoder.embedding × 2 seeds; VAL (seed 1, seed 2):
        // resnet 16: 0.30, 0.34 → 32.00 ± 2.00   resnet 32: 0.40, 0.40 → 40.00 ± 0.00 (best VAL)
        // small-conv 16: 0.20, 0.22 → 21.00 ± 1.00   small-conv 32: 0.25, 0.31 → 28.00 ± 3.00
        Object[][] grid = {
            {"resnet", 16, 0.30, 0.34, 1_234_567.0, 45.6e6}, {"resnet", 32, 0.40, 0.40, 1_236_000.0, 45.7e6},
            {"small-conv", 16, 0.20, 0.22, 421_216.0, 115.67e6}, {"small-conv", 32, 0.25, 0.31, 423_000.0, 115.68e6}};
        List<String> dirs = new ArrayList<>();
        for (Object[] g : grid) {
            for (int seed = 1; seed <= 2; seed++) {
                double val = (double) g[1 + seed];
                dirs.add(run(root, GRID, List.of("encoder.architecture=" + g[0], "encoder.embedding=" + g[1], "seed=" + seed),
                        new Measured(0.5 + val, val, 0.5, Double.NaN, (double) g[4], (double) g[5])));
            }
        }
        Report r = Report.of(root.resolve("grid"), "lfw", List.of());
        assertEquals(List.of("encoder.architecture", "encoder.embedding"), r.results().varyingKeys());
        String md = r.markdown();
        String arch = md.substring(md.indexOf("## Architectures"), md.indexOf("## Embedding dimension vs VAL"));
        assertTrue(arch.contains("| encoder.architecture | encoder.embedding | parameters | MFLOPs / image | lfw VAL@FAR=1e-3 (%) | lfw accuracy (%) |"), arch);
        assertTrue(arch.contains("| resnet | 16 | 1.23M | 45.6 | 32.00 ± 2.00 | 82.00 ± 2.00 |"), arch);
        assertTrue(arch.contains("| resnet | 32 | 1.24M | 45.7 | **40.00 ± 0.00** | **90.00 ± 0.00** |"), arch);
        assertTrue(arch.contains("| small-conv | 16 | 421k | 115.7 | 21.00 ± 1.00 | 71.00 ± 1.00 |"), arch);
        String emb = md.substring(md.indexOf("## Embedding dimension vs VAL"), md.indexOf("## Published results"));
        assertTrue(emb.contains("| encoder.embedding | encoder.architecture=resnet | encoder.architecture=small-conv |\n|---|---:|---:|\n"
                + "| 16 | 32.00 ± 2.00 | 21.00 ± 1.00 |\n| 32 | **40.00 ± 0.00** | 28.00 ± 3.00 |\n"), emb);
        String published = md.substring(md.indexOf("## Published results (not measured here)"));
        assertTrue(published.contains("### FaceNet's architectures (published)") && published.contains("| NN2 (Inception) | 224×224 | 7.5M | 1,600 | 89.4 |"),
                published);
        assertTrue(published.contains("### FaceNet's embedding dimensions (published)") && published.contains("| 128 | 87.9 |"), published);
        assertFalse(md.substring(0, md.indexOf("## Published results")).contains("NN2"), "published models only in their section");

        r.write(root.resolve("grid"), Report.Format.CSV);
        List<List<String>> a = CsvReader.parse(Files.readString(root.resolve("grid/report-architectures.csv")));
        assertEquals(List.of("encoder.architecture", "encoder.embedding", "parameters", "flops per image"), a.get(0).subList(0, 4));
        assertEquals(1_234_567, Double.parseDouble(a.get(1).get(2)), 0);
        List<List<String>> e = CsvReader.parse(Files.readString(root.resolve("grid/report-embedding.csv")));
        assertEquals("encoder.architecture=small-conv lfw VAL@FAR=1e-3 se", e.get(0).get(5));
        assertEquals(0.03, Double.parseDouble(e.get(2).get(5)), 1e-12);
    }

    @Test
    void parameterCounts() {
        assertEquals("140M", TableText.parameters(140e6));
        assertEquals("7.5M", TableText.parameters(7.5e6));
        assertEquals("1.23M", TableText.parameters(1_234_567));
        assertEquals("421k", TableText.parameters(421_216));
        assertEquals("12.3k", TableText.parameters(12_345));
        assertEquals("950", TableText.parameters(950));
    }

    /**
     * A pretrained encoder's evaluation beside the study ({@code <root>/pretrained/dlib-resnet/eval/lfw.json}, numbers by
     * hand: accuracy 0.9910 ± 0.0020, VAL 0.9500 ± 0.0100, AUC 0.9987, rank-1 0.9000 ± 0.0050) is its own block after the
     * measured tables, labelled "not trained here", and takes no part in the measured rows or their best marks (its
     * accuracy is above every run's; the grid's best, 81.00, stays bold).
     */
    @Test
    void aPretrainedEncoderIsItsOwnBlockNeverRankedWithTheRuns(@TempDir Path root) throws Exception {
        Path sweep = miningSweep(root);
        Path eval = root.resolve("pretrained/dlib-resnet/eval");
        Files.createDirectories(eval);
        Map<String, Object> verification = new LinkedHashMap<>();
        verification.put("accuracy", new MeanSe(0.991, 0.0063, 0.002, 10).toMap());
        verification.put("auc", 0.9987);
        verification.put("val_at_far", Map.of("target_far", 1e-3, "val", new MeanSe(0.95, 0.0316, 0.01, 10).toMap()));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("benchmark", "lfw");
        doc.put("pretrained", "dlib-resnet");
        doc.put("pretrained_not_trained_here", true);
        doc.put("image_size", 150);
        doc.put("crop", List.of(51, 56, 148, 148));
        doc.put("verification", verification);
        doc.put("identification", Map.of("one_shot_closed_set", Map.of("rank1", new MeanSe(0.9, 0.0158, 0.005, 10).toMap())));
        Files.writeString(eval.resolve("lfw.json"), Json.write(doc));

        Report r = Report.of(sweep, "lfw", List.of("miner.strategy=hardest", "loss.margin=0.1"));
        String md = r.write(sweep, Report.Format.MD).text();
        int block = md.indexOf("## Pretrained reference (measured here, not trained here)");
        assertTrue(block > md.indexOf("## Paired differences"), "after the measured tables: " + md);
        assertTrue(block < md.indexOf("## Published results (not measured here)"), md);
        String section = md.substring(block, md.indexOf("## Published results"));
        assertTrue(section.contains("150 px RGB, LFW crop [51, 56, 148, 148]"), section);
        assertTrue(section.contains("| encoder | accuracy (%) | VAL@FAR=1e-3 (%) | AUC (%) | one-shot rank-1 (%) |"), section);
        assertTrue(section.contains("| dlib ResNet (pretrained, not trained here) | 99.10 ± 0.20 | 95.00 ± 1.00 | 99.87 | 90.00 ± 0.50 |"), section);
        String measured = md.substring(md.indexOf("## Measured"), block);
        assertFalse(measured.contains("dlib"), measured);
        assertTrue(measured.contains("| random | 0.3 | 2 | **81.00 ± 1.00** |"), "the runs' best is still theirs: " + measured);

        String csv = r.write(sweep, Report.Format.CSV).text();
        assertTrue(csv.contains("\"dlib ResNet (pretrained, not trained here)\",150.0,\"[51, 56, 148, 148]\",0.991,0.002,0.95,0.01,0.9987,0.9,0.005"), csv);
        // Another benchmark's report has no such row: the pretrained folder holds no cfp-fp.json.
        assertFalse(Report.of(sweep, "cfp-fp", List.of()).write(sweep, Report.Format.MD).text().contains("Pretrained reference"));
        // An evaluation without open-set DIR (written before it existed) has no such column; one with it adds it, 1 % point
        // found by its target (listed second here), in the table and the CSV.
        assertFalse(section.contains("DIR"), section);
        doc.put("identification", Map.of("one_shot_closed_set", Map.of("rank1", new MeanSe(0.9, 0.0158, 0.005, 10).toMap()),
                "one_shot_open_set", Map.of("dir_at_far", List.of(
                        new OneShot.DirAtFar(0.1, new MeanSe(0.8, 0.01, 0.003, 10), new MeanSe(0.099, 0, 0, 10), new double[] {0.3}).toMap(),
                        new OneShot.DirAtFar(0.01, new MeanSe(0.58, 0.022, 0.007, 10), new MeanSe(0.0098, 0, 0, 10), new double[] {0.1}).toMap()))));
        Files.writeString(eval.resolve("lfw.json"), Json.write(doc));
        Report withDir = Report.of(sweep, "lfw", List.of("miner.strategy=hardest", "loss.margin=0.1"));
        String dirMd = withDir.write(sweep, Report.Format.MD).text();
        assertTrue(dirMd.contains("| encoder | accuracy (%) | VAL@FAR=1e-3 (%) | AUC (%) | one-shot rank-1 (%) | open-set DIR@FAR=1% (%) |"), dirMd);
        assertTrue(dirMd.contains("| dlib ResNet (pretrained, not trained here) | 99.10 ± 0.20 | 95.00 ± 1.00 | 99.87 | 90.00 ± 0.50 | 58.00 ± 0.70 |"), dirMd);
        assertTrue(withDir.write(sweep, Report.Format.CSV).text().contains(",0.9987,0.9,0.005,0.58,0.007"), "CSV");
    }
}
