package org.tripletlab.experiment;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.tripletlab.baseline.BaselineKind;
import org.tripletlab.config.BaselineSettings;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.BatchBuilder;
import org.tripletlab.data.FaceDataset;
import org.tripletlab.data.IdentitySplit;
import org.tripletlab.eval.PixelEmbedding;
import org.tripletlab.eval.ProjectionEmbedding;
import org.tripletlab.eval.RunEvaluator;
import org.tripletlab.model.Embedder;
import org.tripletlab.model.Threads;
import org.tripletlab.projection.LinearProjection;
import org.tripletlab.run.Provenance;
import org.tripletlab.run.RunDirectory;
import org.tripletlab.run.RunFiles;
import org.tripletlab.train.EarlierAttempts;
import org.tripletlab.train.RunData;
import org.tripletlab.train.RunRecorder;
import org.tripletlab.train.TrainingRun;
import org.tripletlab.train.ValidationResult;

/**
 * {@code tripletlab train} for a config with {@code baseline.kind} set: fits a classical baseline
 * on the training side of the identity split instead of training an encoder, and writes the run
 * folder as a training run does — {@code config.yaml}, {@code provenance.json}, {@code epochs.csv}
 * and {@code distances.csv} with one validation (epoch 1) on the held-out identities, the fitted
 * {@link LinearProjection#FILE}, {@code TRAINED} once fitted and validated, and {@code COMPLETE} after
 * {@code eval.benchmarks} were evaluated by {@link RunEvaluator} (which recognises a baseline run by its
 * config) through {@link RunEvaluator#evaluateAndComplete}: exactly the states of a trained run, so a failed
 * evaluation leaves the run {@code TRAINED} and a rerun only evaluates it, and SIGTERM/SIGINT records
 * {@code interrupted: …} ({@link Provenance#writeOnShutdown}).
 *
 * <p>Kinds: {@code eigenfaces} ({@link Eigenfaces}), {@code fisherfaces} ({@link Fisherfaces}) and
 * {@code pixels} (nothing to fit: {@link PixelEmbedding}). Only training identities' images are
 * used for fitting (a seeded subset of at most {@code baseline.max_images}), never the held-out ones.
 */
public final class BaselineRun {

    private BaselineRun() {
    }

    /**
     * Fits {@code cfg}'s baseline into a new attempt folder, unless an earlier attempt on the same data is
     * complete (nothing to do) or only lacks its evaluation (evaluated again): the same rules as a training
     * ({@link EarlierAttempts}).
     */
    public static TrainingRun.Outcome run(ExperimentConfig cfg, TrainingRun.Options opt) {
        EarlierAttempts.Verdict earlier = EarlierAttempts.check(cfg, opt);
        if (earlier.finished() != null) {
            return earlier.finished();
        }
        return fit(cfg, earlier.options(), () -> { });
    }

    /**
     * Fits, validates and evaluates into a new attempt folder, calling {@code afterFit} once the baseline is
     * fitted, before its validation: tests use it to change the world between fitting and evaluating (take a
     * benchmark file away, or hold the run there to signal it).
     */
    static TrainingRun.Outcome fit(ExperimentConfig cfg, TrainingRun.Options opt, Runnable afterFit) {
        PrintStream console = opt.console();
        BaselineSettings b = cfg.baseline();
        long t0 = System.nanoTime();
        int threads = Threads.configure(cfg.train().threads());
        RunData data = RunData.prepare(cfg, opt.dataRoot());
        FaceDataset ds = data.dataset();
        IdentitySplit split = data.split();
        int[] valImages = data.valImages();
        int[] train = fittingImages(ds, split, b.maxImages(), cfg.seed());

        RunDirectory run = RunDirectory.open(opt.outRoot(), cfg.raw(), cfg.name(), opt.rerun());
        // As a trained run: SIGTERM/SIGINT during the fit or the evaluation is recorded, not left as "running".
        Provenance prov = data.startRecord(cfg, run, threads, opt.dataRoot(), console).writeOnShutdown(run.file(RunFiles.PROVENANCE));
        console.printf(Locale.ROOT, "Baseline %s: fitting on %d images of %d training identities (%d pixels each); "
                        + "validation %d identities, %d fixed images%n",
                b.kind(), train.length, split.trainIdentities().length, ds.imageBytes(), split.valIdentities().length,
                valImages.length);
        RunRecorder rec = new RunRecorder(run, prov, console);
        Map<String, Object> fitted = new LinkedHashMap<>();
        fitted.put("kind", b.kind());
        fitted.put("fit_images", train.length);
        ValidationResult v;
        try {
            Embedder.Result val;
            LinearProjection projection = fitProjection(cfg, b, ds, train, fitted, console);
            if (projection != null) {
                projection.save(run.file(LinearProjection.FILE));
            }
            afterFit.run();
            val = projection != null ? ProjectionEmbedding.of(projection, ds, valImages, false) : PixelEmbedding.of(ds, valImages);
            fitted.put("fit_seconds", (System.nanoTime() - t0) / 1e9);
            prov.put("baseline", fitted);
            v = ValidationResult.of(val, data.valLabels());
            rec.validation(1, 0, v, Double.NaN, Double.NaN, TrainingRun.minutesSince(t0));
        } catch (RuntimeException | Error e) {
            rec.flush();
            prov.finish("failed: " + e);
            prov.write(run.file(RunFiles.PROVENANCE));
            throw e;
        }
        rec.flush();
        double minutes = TrainingRun.minutesSince(t0);
        prov.put("steps", 0).put("best_val_accuracy", v.accuracy()).put("minutes", minutes);
        // The states of a trained run: TRAINED once fitted and validated, COMPLETE after eval.benchmarks; a failed
        // evaluation leaves TRAINED, and the same command then only evaluates (run, through EarlierAttempts).
        prov.finish("trained");
        prov.write(run.file(RunFiles.PROVENANCE));
        run.markTrained();
        RunEvaluator.evaluateAndComplete(run, prov, cfg, opt.dataRoot(), console);
        console.printf(Locale.ROOT, "Done in %.1f min: %s validation accuracy %.4f. Results in %s%n", minutes, b.kind(),
                v.accuracy(), run.dir());
        return new TrainingRun.Outcome(run.dir(), run.runId(), false, List.of(v), v.accuracy(), 0, minutes);
    }

    /** The fitted projection, or null when the kind compares pixels as they are; records what was fitted in {@code fitted}. */
    private static LinearProjection fitProjection(ExperimentConfig cfg, BaselineSettings b, FaceDataset ds, int[] train,
            Map<String, Object> fitted, PrintStream console) {
        BaselineKind kind = b.baselineKind();
        if (!kind.fitsProjection()) {
            return null;
        }
        float[][] x = rows(ds, train);
        // Several passes over the n × d pixels; the fisherfaces PCA stage keeps up to 512 directions (minutes on 2 cores).
        console.printf(Locale.ROOT, "fitting %s: PCA of %d × %d pixels%s …%n", b.kind(), x.length, ds.imageBytes(), kind.afterPca());
        int[] labels = Arrays.stream(train).map(ds::label).toArray();
        return kind.fit(cfg.raw(), x, labels, cfg.seed(), fitted);
    }

    /** Images of the training identities; a seeded subset when there are more than {@code max}. */
    static int[] fittingImages(FaceDataset ds, IdentitySplit split, int max, long seed) {
        int[] all = IdentitySplit.imagesOf(ds, split.trainIdentities());
        if (all.length <= max) {
            return all;
        }
        SplittableRandom rng = new SplittableRandom(seed ^ 0xBA5E11AEL);
        int[] a = all.clone();
        for (int i = 0; i < max; i++) {
            int j = i + rng.nextInt(a.length - i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        int[] out = Arrays.copyOf(a, max);
        Arrays.sort(out);
        return out;
    }

    /** Pixel rows scaled as the encoder's input (x/127.5 − 1, HWC). */
    private static float[][] rows(FaceDataset ds, int[] images) {
        BatchBuilder builder = new BatchBuilder(ds);
        int d = ds.imageBytes();
        float[][] x = new float[images.length][];
        for (int from = 0; from < images.length; from += 256) {
            int[] chunk = Arrays.copyOfRange(images, from, Math.min(images.length, from + 256));
            float[] px = builder.build(chunk);
            for (int i = 0; i < chunk.length; i++) {
                x[from + i] = Arrays.copyOfRange(px, i * d, (i + 1) * d);
            }
        }
        return x;
    }
}
