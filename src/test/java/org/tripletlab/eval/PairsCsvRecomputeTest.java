package org.tripletlab.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.data.FaceDataset;
import org.tripletlab.data.protocol.PairProtocol;
import org.tripletlab.model.Embedder;
import org.yaml.snakeyaml.Yaml;

/**
 * An evaluation's {@code <benchmark>-pairs.csv} alone reproduces its json: accuracy (10 folds, each
 * fold's threshold chosen on the other nine, ties to the smallest), AUC, EER and VAL@FAR are
 * recomputed here from the documented definitions (README, {@link FoldedVerification}'s Javadoc)
 * without calling the evaluator's code, and compared with what the json says.
 */
class PairsCsvRecomputeTest {
    private static final int PEOPLE = 24;
    private static final int IMAGES = 6;

    /** An LFW folder of 24 people × 6 images (similar grey stripes per person plus noise) and a View 2 pairs.txt of 10 folds × (n + n). */
    static Path fixtureLfwView2(Path root, int n, long seed) throws Exception {
        Path lfw = root.resolve("lfw");
        Random r = new Random(seed);
        for (int p = 0; p < PEOPLE; p++) {
            String name = "Person_" + (char) ('A' + p);
            Path dir = Files.createDirectories(lfw.resolve("images_deepfunneled").resolve(name));
            for (int k = 1; k <= IMAGES; k++) {
                BufferedImage img = new BufferedImage(250, 250, BufferedImage.TYPE_INT_RGB);
                int base = 110 + (p % 6) * 3; // people look alike, so same and different distances overlap (ties in the search)
                for (int y = 0; y < 250; y += 2) {
                    for (int x = 0; x < 250; x += 2) {
                        int v = Math.max(0, Math.min(255, base + ((x + (p % 4) * 10) / 30 % 2) * 25 + r.nextInt(80) - 40));
                        int rgb = (v << 16) | (v << 8) | v;
                        img.setRGB(x, y, rgb);
                        img.setRGB(x + 1, y, rgb);
                        img.setRGB(x, y + 1, rgb);
                        img.setRGB(x + 1, y + 1, rgb);
                    }
                }
                ImageIO.write(img, "jpg", dir.resolve(String.format("%s_%04d.jpg", name, k)).toFile());
            }
        }
        StringBuilder pairs = new StringBuilder("10\t" + n + "\n");
        for (int f = 0; f < 10; f++) {
            for (int k = 0; k < n; k++) {
                int p = r.nextInt(PEOPLE);
                int i = 1 + r.nextInt(IMAGES);
                int j = 1 + (i + r.nextInt(IMAGES - 1)) % IMAGES;
                pairs.append(name(p)).append('\t').append(i).append('\t').append(j).append('\n');
            }
            for (int k = 0; k < n; k++) {
                int p = r.nextInt(PEOPLE);
                int q = (p + 1 + r.nextInt(PEOPLE - 1)) % PEOPLE;
                pairs.append(name(p)).append('\t').append(1 + r.nextInt(IMAGES)).append('\t').append(name(q)).append('\t')
                        .append(1 + r.nextInt(IMAGES)).append('\n');
            }
        }
        Files.writeString(lfw.resolve("pairs.txt"), pairs.toString());
        return root;
    }

    private static String name(int p) {
        return "Person_" + (char) ('A' + p);
    }

    @Test
    void pairsCsvReproducesAccuracyAucEerAndValAtFar(@TempDir Path tmp) throws Exception {
        // 120 + 120 pairs a fold: nine folds hold 1,080 different pairs, enough to resolve FAR = 1e-3.
        checkRecomputation(tmp.resolve("resolved"), 120, true);
    }

    @Test
    void pairsCsvReproducesAnUnresolvableValAtFar(@TempDir Path tmp) throws Exception {
        // 4 + 4 pairs a fold: 36 different training pairs cannot express FAR 1e-3, so VAL is VAL@FAR=0.
        checkRecomputation(tmp.resolve("unresolved"), 4, false);
    }

    @Test
    void pairsCsvReproducesTheTieRules(@TempDir Path tmp) throws Exception {
        Path evalDir = tieFixtureEvaluation(tmp);
        List<String> distances = Files.readAllLines(evalDir.resolve("lfw-pairs.csv")).stream().skip(1)
                .map(l -> l.substring(l.lastIndexOf(',') + 1)).distinct().sorted().toList();
        assertEquals(List.of("0.0", "2.0", "4.0"), distances);
        assertTrue(Files.readString(evalDir.resolve("lfw.json")).contains("\"thresholds\": [1.0, 1.0"), "the tie goes to the smaller threshold");
        checkFiles(tmp.resolve("data"), evalDir, 60, false, false);
    }

    /**
     * scripts/verify_eval.py (CI runs it on a committed evaluation) agrees with the evaluator on the tie fixture,
     * and notices a changed distance. Skipped where Python 3 with numpy is missing.
     */
    @Test
    void verifyEvalScriptAgreesAndCatchesATamperedPairsFile(@TempDir Path tmp) throws Exception {
        Path script = Path.of("scripts/verify_eval.py");
        assumeTrue(Files.isRegularFile(script) && run(List.of("/usr/bin/python3", "-c", "import numpy")).code() == 0,
                "/usr/bin/python3 with numpy (Debian: python3-numpy) not available");
        Path evalDir = tieFixtureEvaluation(tmp);
        Path json = evalDir.resolve("lfw.json");
        Result ok = run(List.of("/usr/bin/python3", script.toString(), json.toString()));
        assertEquals(0, ok.code(), ok.output());
        assertTrue(ok.output().contains("OK: "), ok.output());
        // One different pair moved from distance 4 to 2: AUC and the thresholds change, and the script must say so.
        Path csv = evalDir.resolve("lfw-pairs.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        int k = 1;
        while (!(lines.get(k).endsWith(",0,4.0"))) {
            k++;
        }
        lines.set(k, lines.get(k).replace(",0,4.0", ",0,2.0"));
        Path tampered = evalDir.resolve("tampered-pairs.csv");
        Files.write(tampered, lines);
        Result bad = run(List.of("/usr/bin/python3", script.toString(), json.toString(), tampered.toString()));
        assertEquals(1, bad.code(), bad.output());
        assertTrue(bad.output().contains("MISMATCH") && bad.output().contains("auc"), bad.output());
    }

    private record Result(int code, String output) {
    }

    private static Result run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    /** Writes the tie fixture's evaluation (see {@link #pairsCsvReproducesTheTieRules}) to {@code <tmp>/out/eval}. */
    private static Path tieFixtureEvaluation(Path tmp) throws Exception {
        // Embeddings ±e_i give squared distances exactly 0, 2 and 4. Each fold: n/2 same pairs at 0 and n/2 at 2,
        // n/2 different pairs at 2 and n/2 at 4 — so accepting "≤ 0" and "≤ 2" are equally accurate on any
        // nine folds (a tie; the smaller threshold, 1, must win) and the distance 2 mixes same and different pairs.
        int n = 60;
        int people = 12;
        int dim = people + 4;
        int images = people * 4;
        Random r = new Random(3);
        List<PairProtocol.Image> list = new ArrayList<>();
        int[] labels = new int[images];
        List<String> ids = new ArrayList<>();
        float[] emb = new float[images * dim];
        for (int p = 0; p < people; p++) {
            ids.add("lfw:" + name(p));
            for (int k = 0; k < 4; k++) {
                int i = 4 * p + k;
                labels[i] = p;
                list.add(new PairProtocol.Image(String.format("images_deepfunneled/%s/%s_%04d.jpg", name(p), name(p), k + 1), "lfw:" + name(p)));
            }
            emb[(4 * p) * dim + p] = 1;                         // image 1: +e_p
            emb[(4 * p + 1) * dim + p] = 1;                     // image 2: +e_p (same pair at 0)
            emb[(4 * p + 2) * dim + people + p % 4] = 1;        // image 3: another axis (same pair at 2)
            emb[(4 * p + 3) * dim + (p + 1) % people] = -1;     // image 4: −e_{p+1} (different pair at 4 with person p+1)
        }
        List<PairProtocol.Pair> pairs = new ArrayList<>();
        for (int f = 0; f < 10; f++) {
            for (int k = 0; k < n; k++) {
                int p = r.nextInt(people);
                pairs.add(new PairProtocol.Pair(4 * p, 4 * p + (k % 2 == 0 ? 1 : 2), true, f));
            }
            for (int k = 0; k < n; k++) {
                int p = r.nextInt(people);
                int q = (p + 1 + r.nextInt(people - 1)) % people;
                pairs.add(k % 2 == 0 ? new PairProtocol.Pair(4 * p, 4 * q, false, f)
                        : new PairProtocol.Pair(4 * ((p + 1) % people), 4 * p + 3, false, f));
            }
        }
        Path root = tmp.resolve("data");
        PairProtocol protocol = new PairProtocol("lfw-view2", "lfw", root.resolve("lfw"), list, pairs, 10);
        FaceDataset ds = new FaceDataset(4, 1, new byte[images * 16], labels, ids,
                list.stream().map(PairProtocol.Image::path).toList(), "fixture", "fixture");
        float[] norms = new float[images];
        Arrays.fill(norms, 1f);
        BenchmarkReport report = BenchmarkReport.evaluate(protocol, -1, ds, new Embedder.Result(emb, norms, images, dim),
                new BenchmarkReport.Options(1, 2, null, null, 10), new java.util.LinkedHashMap<>());
        Path evalDir = tmp.resolve("out/eval");
        report.write(evalDir, "lfw", root);
        return evalDir;
    }

    private static void checkRecomputation(Path tmp, int n, boolean resolvable) throws Exception {
        Path root = fixtureLfwView2(tmp.resolve("data"), n, 7 + n);
        RunEvaluator.evaluatePixels(List.of("lfw"), root, tmp.resolve("out"), 16, 1,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        checkFiles(root, tmp.resolve("out/eval"), n, resolvable, true);
    }

    /** Recomputes the metrics from {@code <evalDir>/lfw-pairs.csv} and compares them with {@code lfw.json}. */
    private static void checkFiles(Path root, Path evalDir, int n, boolean resolvable, boolean imagesOnDisk) throws Exception {
        Path csv = evalDir.resolve("lfw-pairs.csv");
        List<String> lines = Files.readAllLines(csv);
        assertEquals("fold,image_a,image_b,same,distance", lines.get(0));
        assertEquals(1 + 20 * n, lines.size(), "one line a pair");
        int m = lines.size() - 1;
        int[] fold = new int[m];
        boolean[] same = new boolean[m];
        double[] d = new double[m];
        for (int i = 0; i < m; i++) {
            String[] c = lines.get(i + 1).split(",");
            assertEquals(5, c.length, lines.get(i + 1));
            fold[i] = Integer.parseInt(c[0]);
            assertTrue(c[1].startsWith("lfw/images_deepfunneled/") && c[2].startsWith("lfw/images_deepfunneled/"), "relative to the data root: " + c[1]);
            assertTrue(!imagesOnDisk || Files.isRegularFile(root.resolve(c[1])) && Files.isRegularFile(root.resolve(c[2])), c[1] + " " + c[2]);
            same[i] = c[3].equals("1");
            d[i] = Double.parseDouble(c[4]);
            assertEquals(d[i], (double) (float) d[i], "the distance is a float's exact value");
            assertEquals(i / n % 2 == 0, same[i], "protocol order: n same then n different per fold");
            assertEquals(i / (2 * n), fold[i]);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) new Yaml().load(Files.readString(evalDir.resolve("lfw.json")));
        @SuppressWarnings("unchecked")
        Map<String, Object> v = (Map<String, Object>) json.get("verification");
        @SuppressWarnings("unchecked")
        Map<String, Object> acc = (Map<String, Object>) v.get("accuracy");
        @SuppressWarnings("unchecked")
        Map<String, Object> vaf = (Map<String, Object>) v.get("val_at_far");
        @SuppressWarnings("unchecked")
        Map<String, Object> val = (Map<String, Object>) vaf.get("val");
        double target = num(vaf.get("target_far"));
        assertEquals(resolvable, vaf.get("resolved"));

        // Accuracy: per fold, the candidate threshold with the most correct pairs on the other folds (ties: smallest).
        double[] foldAcc = new double[10];
        double[] foldVal = new double[10];
        double[] foldFar = new double[10];
        double[] thresholds = new double[10];
        for (int f = 0; f < 10; f++) {
            List<Integer> train = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                (fold[i] == f ? test : train).add(i);
            }
            double[] cands = candidates(train, d);
            double bestT = cands[0];
            int bestCorrect = -1;
            double valT = cands[0];
            int trainDiff = 0;
            for (int i : train) {
                trainDiff += same[i] ? 0 : 1;
            }
            for (double t : cands) {
                int correct = 0;
                int fa = 0;
                for (int i : train) {
                    boolean accept = d[i] <= t;
                    correct += accept == same[i] ? 1 : 0;
                    fa += accept && !same[i] ? 1 : 0;
                }
                if (correct > bestCorrect) {
                    bestCorrect = correct;
                    bestT = t;
                }
                if ((double) fa / trainDiff <= target) {
                    valT = t; // candidates ascend, so the last that qualifies is the largest
                }
            }
            thresholds[f] = bestT;
            int correct = 0;
            int ta = 0;
            int fa = 0;
            int s = 0;
            for (int i : test) {
                correct += (d[i] <= bestT) == same[i] ? 1 : 0;
                if (same[i]) {
                    s++;
                    ta += d[i] <= valT ? 1 : 0;
                } else {
                    fa += d[i] <= valT ? 1 : 0;
                }
            }
            foldAcc[f] = (double) correct / test.size();
            foldVal[f] = (double) ta / s;
            foldFar[f] = (double) fa / (test.size() - s);
        }
        double mean = Arrays.stream(foldAcc).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(foldAcc).map(x -> (x - mean) * (x - mean)).sum() / 9);
        assertEquals(num(acc.get("mean")), mean, 1e-12, "accuracy");
        assertEquals(num(acc.get("se")), sd / Math.sqrt(10), 1e-12, "accuracy s.e.");
        @SuppressWarnings("unchecked")
        List<Object> jsonThresholds = (List<Object>) v.get("thresholds");
        for (int f = 0; f < 10; f++) {
            assertEquals(num(jsonThresholds.get(f)), thresholds[f], 0.0, "fold " + f + " threshold");
        }
        assertEquals(num(val.get("mean")), Arrays.stream(foldVal).average().orElseThrow(), 1e-12, "VAL@FAR");
        assertEquals(num(vaf.get("mean_far")), Arrays.stream(foldFar).average().orElseThrow(), 1e-12, "mean FAR");

        // AUC as the Mann–Whitney statistic P(d_diff > d_same) + ½ P(d_diff = d_same).
        double wins = 0;
        long sameN = 0;
        long diffN = 0;
        for (int i = 0; i < m; i++) {
            if (!same[i]) {
                diffN++;
                continue;
            }
            sameN++;
            for (int j = 0; j < m; j++) {
                if (!same[j]) {
                    wins += d[j] > d[i] ? 1 : d[j] == d[i] ? 0.5 : 0;
                }
            }
        }
        assertEquals(num(v.get("auc")), wins / (sameN * diffN), 1e-12, "AUC");

        // EER: ROC points (0,0) then (FPR, TPR) at each distinct distance; first segment where FPR + TPR − 1 turns ≥ 0.
        TreeSet<Double> distinct = new TreeSet<>();
        for (double x : d) {
            distinct.add(x);
        }
        List<double[]> roc = new ArrayList<>();
        roc.add(new double[] {0, 0});
        for (double t : distinct) {
            int ta = 0;
            int fa = 0;
            for (int i = 0; i < m; i++) {
                if (d[i] <= t) {
                    ta += same[i] ? 1 : 0;
                    fa += same[i] ? 0 : 1;
                }
            }
            roc.add(new double[] {(double) fa / diffN, (double) ta / sameN});
        }
        double eer = Double.NaN;
        for (int k = 0; k + 1 < roc.size(); k++) {
            double g0 = roc.get(k)[0] + roc.get(k)[1] - 1;
            double g1 = roc.get(k + 1)[0] + roc.get(k + 1)[1] - 1;
            if (g0 <= 0 && g1 >= 0) {
                double lam = g1 == g0 ? 0 : -g0 / (g1 - g0);
                eer = roc.get(k)[0] + lam * (roc.get(k + 1)[0] - roc.get(k)[0]);
                break;
            }
        }
        assertFalse(Double.isNaN(eer));
        assertEquals(num(v.get("eer")), eer, 1e-12, "EER");
    }

    /** nextDown(smallest), midpoints of consecutive distinct values, nextUp(largest), ascending. */
    private static double[] candidates(List<Integer> idx, double[] d) {
        double[] v = idx.stream().mapToDouble(i -> d[i]).sorted().distinct().toArray();
        double[] c = new double[v.length + 1];
        c[0] = Math.nextDown(v[0]);
        for (int k = 0; k + 1 < v.length; k++) {
            c[k + 1] = 0.5 * (v[k] + v[k + 1]);
        }
        c[v.length] = Math.nextUp(v[v.length - 1]);
        return c;
    }

    private static double num(Object o) {
        return ((Number) o).doubleValue();
    }
}
