package org.tripletlab.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.tripletlab.data.FaceDataset;
import org.tripletlab.data.protocol.PairProtocol;
import org.tripletlab.distance.SquaredDistances;
import org.tripletlab.model.Embedder;
import org.tripletlab.run.RunFiles;
import org.tripletlab.util.AtomicFiles;
import org.tripletlab.util.CsvTable;
import org.tripletlab.util.Json;
import org.tripletlab.util.PhaseTimes;

/**
 * Everything measured on one benchmark from one set of embeddings (each distinct image embedded
 * once):
 * <ul>
 *   <li>verification on the protocol's pairs: 10-fold accuracy with out-of-fold thresholds (mean ±
 *       s.e.), ROC, AUC, EER and VAL@FAR ({@link FoldedVerification});</li>
 *   <li>over the benchmark's identities with ≥ 2 images: one-shot identification (closed set rank-1
 *       and rank-5; open set with the given threshold, or one calibrated on a separate draw when none
 *       is given), retrieval (precision@1, R-precision, MAP@R) and k-means clustering (NMI, AMI)
 *       — the latter on at most {@code clusteringIdentities} identities drawn by seed, for time.</li>
 * </ul>
 */
public final class BenchmarkReport {
    /** FaceNet's operating point. */
    public static final double TARGET_FAR = 1e-3;

    private final Map<String, Object> summary;
    private final FoldedVerification.Result verification;
    private final int testFold;
    private final OneShot.ClosedSet oneShot;
    private final Retrieval.Result retrieval;

    private final PairProtocol protocol;
    private final float[] distances;

    private BenchmarkReport(Map<String, Object> summary, FoldedVerification.Result verification, int testFold,
            OneShot.ClosedSet oneShot, Retrieval.Result retrieval, PairProtocol protocol, float[] distances) {
        this.summary = summary;
        this.verification = verification;
        this.testFold = testFold;
        this.oneShot = oneShot;
        this.retrieval = retrieval;
        this.protocol = protocol;
        this.distances = distances;
    }

    /** Header of {@code <benchmark>-pairs.csv}. */
    public static final List<String> PAIRS_HEADER = List.of("fold", "image_a", "image_b", "same", "distance");

    /** Evaluation settings: seed and draws for one-shot, the open-set threshold (null = calibrate), the clustering cap. */
    public record Options(long seed, int draws, Double openSetThreshold, String thresholdSource, int clusteringIdentities) {
    }

    /**
     * @param testFold the fold whose held-out numbers are the result (its thresholds chosen on the
     *     other fold), or -1 for the mean over all folds
     */
    public static BenchmarkReport evaluate(PairProtocol p, int testFold, FaceDataset images, Embedder.Result emb, Options o,
            Map<String, Object> context) {
        return evaluate(p, testFold, images, emb, o, context, new PhaseTimes());
    }

    /** As {@link #evaluate(PairProtocol, int, FaceDataset, Embedder.Result, Options, Map)}, each metric's time added to {@code times}. */
    public static BenchmarkReport evaluate(PairProtocol p, int testFold, FaceDataset images, Embedder.Result emb, Options o,
            Map<String, Object> context, PhaseTimes times) {
        long start = System.nanoTime();
        List<PairProtocol.Pair> pairs = p.pairs();
        float[] d = new float[pairs.size()];
        boolean[] same = new boolean[pairs.size()];
        int[] fold = new int[pairs.size()];
        SquaredDistances all = SquaredDistances.of(emb.embeddings(), emb.n(), emb.dim());
        for (int i = 0; i < pairs.size(); i++) {
            PairProtocol.Pair pr = pairs.get(i);
            d[i] = all.at(pr.first(), pr.second());
            same[i] = pr.same();
            fold[i] = pr.fold();
        }
        FoldedVerification.Result v = FoldedVerification.evaluate(d, same, fold, p.foldCount(), TARGET_FAR);
        times.add("metrics: pair distances, verification", System.nanoTime() - start);

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("benchmark", p.name());
        m.putAll(context);
        m.put("distinct_images", images.size());
        m.put("verification", v.toMap());
        if (testFold >= 0) {
            Map<String, Object> held = new LinkedHashMap<>();
            held.put("fold", testFold);
            held.put("accuracy", v.foldAccuracy()[testFold]);
            held.put("threshold", v.thresholds()[testFold]);
            held.put("val_at_far", v.valAtFar().foldVal()[testFold]);
            held.put("far", v.valAtFar().foldFar()[testFold]);
            held.put("note", "the result: thresholds chosen on the other fold only; the 'verification' means average both directions");
            m.put("test_fold", held);
        }

        // Identification, retrieval and clustering over identities with at least two images.
        int[] keep = multiImageSubset(images);
        Embedder.Result sub = subset(emb, keep);
        int[] labels = new int[keep.length];
        for (int i = 0; i < keep.length; i++) {
            labels[i] = images.label(keep[i]);
        }
        Map<String, Object> ident = new LinkedHashMap<>();
        ident.put("images", keep.length);
        // Clustering reads only the embeddings of its subset, the other metrics only the distance matrix; each is a
        // deterministic function of what it reads, so clustering runs on a second core meanwhile (same numbers).
        int[] clusterImages = clusteringSubset(labels, o.clusteringIdentities(), o.seed());
        Embedder.Result cs = subset(sub, clusterImages);
        int[] cl = new int[clusterImages.length];
        for (int i = 0; i < cl.length; i++) {
            cl[i] = labels[clusterImages[i]];
        }
        ExecutorService side = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "eval-clustering");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<Clustering.Result> clustering = side.submit(() -> times.time("metrics: clustering (on a second thread)",
                    () -> Clustering.evaluate(cs.embeddings(), cs.n(), cs.dim(), cl, o.seed())));
            SquaredDistances dist = times.time("metrics: distance matrix", () -> SquaredDistances.precompute(sub.embeddings(), sub.n(), sub.dim()));
            OneShot.ClosedSet closed = times.time("metrics: one-shot closed set", () -> OneShot.closedSet(dist, labels, o.draws(), o.seed()));
            ident.put("one_shot_closed_set", closed.toMap());
            OneShot.OpenSet open = times.time("metrics: one-shot open set", () -> o.openSetThreshold() != null
                    ? OneShot.openSet(dist, labels, o.draws(), o.seed(), 0.5, o.openSetThreshold())
                    : OneShot.openSetCalibrated(dist, labels, o.draws(), o.seed(), 0.5));
            Map<String, Object> openMap = new LinkedHashMap<>(open.toMap());
            openMap.put("threshold_from", o.openSetThreshold() != null ? o.thresholdSource()
                    : "calibrated on a separate draw of these test images (optimistic)");
            ident.put("one_shot_open_set", openMap);
            Retrieval.Result retrieval = times.time("metrics: retrieval", () -> Retrieval.evaluate(dist, labels));
            ident.put("retrieval", retrieval.toMap());
            ident.put("clustering", times.time("metrics: waiting for clustering", () -> result(clustering)).toMap());
            m.put("identification", ident);
            return new BenchmarkReport(m, v, testFold, closed, retrieval, p, d);
        } finally {
            side.shutdownNow();
        }
    }

    /** The task's value; its own exception (e.g. a clustering precondition) rethrown as it was. */
    private static <T> T result(Future<T> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while clustering", e);
        }
    }

    public Map<String, Object> summary() {
        return summary;
    }

    public FoldedVerification.Result verification() {
        return verification;
    }

    /** The benchmark's accuracy: the test fold's held-out accuracy, or the mean over folds. */
    public double accuracy() {
        return testFold >= 0 ? verification.foldAccuracy()[testFold] : verification.accuracy().mean();
    }

    public OneShot.ClosedSet oneShot() {
        return oneShot;
    }

    public Retrieval.Result retrieval() {
        return retrieval;
    }

    /**
     * Writes, each atomically, {@code <dir>/<benchmark>.json}, {@code <dir>/<benchmark>-roc.csv}
     * (threshold, FPR, TPR) and {@code <dir>/<benchmark>-pairs.csv} ({@link #pairsCsv}).
     *
     * @param dataRoot the data root the pairs' image paths are written relative to
     */
    public void write(Path dir, String benchmark, Path dataRoot) {
        AtomicFiles.write(RunFiles.pairsIn(dir, benchmark), pairsCsv(dataRoot));
        AtomicFiles.write(RunFiles.evalResultIn(dir, benchmark), Json.write(summary));
        CsvTable t = new CsvTable(RunFiles.rocIn(dir, benchmark), List.of("threshold", "fpr", "tpr"));
        FoldedVerification.Roc roc = verification.roc();
        for (int i = 0; i < roc.fpr().length; i++) {
            t.add(roc.thresholds()[i], roc.fpr()[i], roc.tpr()[i]);
        }
        t.flush();
    }

    /**
     * Every pair the verification numbers were computed from, in protocol order, one a line:
     * {@code fold} (0-based, as in the json), {@code image_a}, {@code image_b} (paths relative to
     * {@code dataRoot}, '/'-separated), {@code same} (1 same person, 0 different) and {@code distance}:
     * the squared distance exactly as the threshold search used it: a float, widened to double and
     * written with {@link Double#toString}, which reads back (e.g. Python's {@code float()}) as exactly
     * that value — thresholds are midpoints computed in double from these values. With this file alone the json's accuracy, AUC, EER and VAL@FAR can be recomputed
     * ({@code scripts/verify_eval.py}).
     */
    public String pairsCsv(Path dataRoot) {
        Path root = dataRoot.toAbsolutePath().normalize();
        String[] rel = new String[protocol.images().size()];
        for (int i = 0; i < rel.length; i++) {
            Path f = protocol.file(i).toAbsolutePath().normalize();
            rel[i] = (f.startsWith(root) ? root.relativize(f) : f).toString().replace('\\', '/');
        }
        StringBuilder sb = new StringBuilder(String.join(",", PAIRS_HEADER)).append('\n');
        List<PairProtocol.Pair> pairs = protocol.pairs();
        for (int i = 0; i < pairs.size(); i++) {
            PairProtocol.Pair p = pairs.get(i);
            sb.append(p.fold()).append(',').append(csvCell(rel[p.first()])).append(',').append(csvCell(rel[p.second()]))
                    .append(',').append(p.same() ? '1' : '0').append(',').append(Double.toString(distances[i])).append('\n');
        }
        return sb.toString();
    }

    private static String csvCell(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /** One line for the console. */
    public String headline() {
        FoldedVerification.ValAtFar val = verification.valAtFar();
        if (testFold >= 0) {
            return String.format(Locale.ROOT, "%s: test-fold accuracy %.4f (threshold from the other fold), AUC %.4f, EER %.4f, VAL@FAR=1e-3 %.4f; one-shot rank-1 %.4f; MAP@R %.4f",
                    summary.get("benchmark"), accuracy(), verification.roc().auc(), verification.roc().eer(),
                    val.foldVal()[testFold], oneShot.rank1().mean(), retrieval.mapAtR());
        }
        return String.format(Locale.ROOT, "%s: accuracy %.4f ± %.4f (s.e.), AUC %.4f, EER %.4f, VAL@FAR=1e-3 %.4f%s; one-shot rank-1 %.4f; MAP@R %.4f",
                summary.get("benchmark"), verification.accuracy().mean(), verification.accuracy().standardError(),
                verification.roc().auc(), verification.roc().eer(), val.val().mean(),
                val.resolved() ? "" : " (FAR 1e-3 not resolvable: " + val.message() + ")", oneShot.rank1().mean(), retrieval.mapAtR());
    }

    private static int[] multiImageSubset(FaceDataset ds) {
        int[] count = new int[ds.identityCount()];
        for (int i = 0; i < ds.size(); i++) {
            count[ds.label(i)]++;
        }
        return java.util.stream.IntStream.range(0, ds.size()).filter(i -> count[ds.label(i)] >= 2).toArray();
    }

    /** Indices (into {@code labels}) of all images of at most {@code maxIdentities} identities chosen by seed. */
    private static int[] clusteringSubset(int[] labels, int maxIdentities, long seed) {
        List<Integer> ids = new ArrayList<>();
        for (int l : labels) {
            if (!ids.contains(l)) {
                ids.add(l);
            }
        }
        if (ids.size() > maxIdentities) {
            SplittableRandom r = new SplittableRandom(seed ^ 0xC1057E5L);
            for (int i = ids.size() - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                Integer t = ids.get(i);
                ids.set(i, ids.get(j));
                ids.set(j, t);
            }
            ids = ids.subList(0, maxIdentities);
        }
        java.util.Set<Integer> chosen = new java.util.HashSet<>(ids);
        return java.util.stream.IntStream.range(0, labels.length).filter(i -> chosen.contains(labels[i])).toArray();
    }

    private static Embedder.Result subset(Embedder.Result e, int[] idx) {
        int dim = e.dim();
        float[] out = new float[idx.length * dim];
        float[] norms = new float[idx.length];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(e.embeddings(), idx[i] * dim, out, i * dim, dim);
            norms[i] = e.rawNorms()[idx[i]];
        }
        return new Embedder.Result(out, norms, idx.length, dim);
    }
}
