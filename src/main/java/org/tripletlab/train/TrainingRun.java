package org.tripletlab.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.BatchBuilder;
import org.tripletlab.data.DataSources;
import org.tripletlab.data.FaceDataset;
import org.tripletlab.data.IdentitySplit;
import org.tripletlab.data.PkSampler;
import org.tripletlab.eval.DistanceSummary;
import org.tripletlab.loss.PairwiseDistances;
import org.tripletlab.loss.Reduction;
import org.tripletlab.loss.TripletLoss;
import org.tripletlab.loss.TripletStats;
import org.tripletlab.mining.DistanceMatrix;
import org.tripletlab.mining.Miners;
import org.tripletlab.mining.SemiHardMiner;
import org.tripletlab.mining.TripletMiner;
import org.tripletlab.mining.Triplets;
import org.tripletlab.model.Embedder;
import org.tripletlab.model.EncoderBlock;
import org.tripletlab.model.EncoderSpec;
import org.tripletlab.model.Encoders;
import org.tripletlab.model.ModelStats;
import org.tripletlab.util.AtomicFiles;
import org.tripletlab.util.CsvTable;

/**
 * Trains an encoder with the triplet loss as one experiment config says, and records the run.
 *
 * <p>One training step: draw a PK batch, augment it, embed it (forward in training mode), compute
 * the B×B squared distances D on the tensor side, copy D out and mine triplets on the copy in plain
 * Java, then take the loss over the mined triplets on the tensor side so gradients flow only through
 * D entries of selected triplets, and step the optimizer. Every per-step array lives in a
 * sub-manager that is closed at the end of the step: leaving them in the trainer's manager makes
 * native memory grow and slows training roughly tenfold.
 *
 * <p>Files in the run folder: {@code config.yaml}, {@code provenance.json}, {@code steps.csv},
 * {@code distances.csv}, {@code epochs.csv}, {@code events.csv}, {@code checkpoints/}, and
 * {@code COMPLETE} when everything was written.
 */
public final class TrainingRun {
    private static final int STEPS_FLUSH_EVERY = 50;

    /** Where to write and read, and where to print. */
    public record Options(Path outRoot, Path dataRoot, boolean rerun, PrintStream console) {
    }

    /** What a finished (or skipped) run reports back. */
    public record Outcome(Path runDir, String runId, boolean skipped, List<ValidationResult> validations,
            double bestAccuracy, int steps, double minutes) {
        public ValidationResult last() {
            return validations.isEmpty() ? null : validations.get(validations.size() - 1);
        }
    }

    private TrainingRun() {
    }

    /** Sets intra-op threads (0 = all cores) for the PyTorch engine; returns the number in force. */
    public static int configureThreads(int requested) {
        int threads = requested > 0 ? requested : Runtime.getRuntime().availableProcessors();
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Engine.getInstance();
        JniUtils.setNumThreads(threads);
        return JniUtils.getNumThreads();
    }

    public static Outcome run(ExperimentConfig cfg, Options opt) {
        PrintStream console = opt.console();
        if (RunDirectory.isComplete(opt.outRoot(), cfg.raw(), cfg.name()) && !opt.rerun()) {
            Path done = opt.outRoot().resolve(cfg.name()).resolve(RunDirectory.runId(cfg.raw()));
            console.println("Run " + RunDirectory.runId(cfg.raw()) + " of this exact config is already complete in " + done
                    + "; nothing to do (use --rerun to train it again into a new folder).");
            return new Outcome(done, RunDirectory.runId(cfg.raw()), true, List.of(), Double.NaN, 0, 0);
        }
        long t0 = System.nanoTime();
        int threads = configureThreads(cfg.train().threads());
        // Data problems (missing folder, corrupt image, a split with too few identities) surface here, before a run folder exists.
        DataSources.Loaded loaded = DataSources.load(cfg.data(), opt.dataRoot());
        FaceDataset ds = loaded.dataset();
        IdentitySplit split = IdentitySplit.of(ds, cfg.data().valFraction(), cfg.seed());
        PkSampler sampler = new PkSampler(ds, split.trainIdentities(), cfg.sampler().identities(), cfg.sampler().images(),
                cfg.sampler().replaceSmall(), cfg.seed());
        int[] valImages = split.validationImages(ds, cfg.data().valImages(), 10, cfg.seed());
        int[] valLabels = new int[valImages.length];
        for (int i = 0; i < valImages.length; i++) {
            valLabels[i] = ds.label(valImages[i]);
        }
        RunDirectory run = RunDirectory.open(opt.outRoot(), cfg.raw(), cfg.name(), opt.rerun());
        AtomicFiles.write(run.file("config.yaml"), cfg.raw().toYaml());
        Provenance prov = new Provenance();
        prov.put("run_id", run.runId()).put("experiment", cfg.name()).put("seed", cfg.seed()).put("threads", threads)
                .put("data_root", opt.dataRoot() == null ? null : opt.dataRoot().toAbsolutePath().normalize().toString());
        prov.write(run.file("provenance.json"));
        console.println("Run " + run.runId() + " → " + run.dir());
        int batch = cfg.sampler().batchSize();
        int stepsPerEpoch = cfg.train().stepsPerEpoch() != null ? cfg.train().stepsPerEpoch()
                : Math.max(1, sampler.usableImages() / batch);
        int totalSteps = cfg.train().steps() != null ? cfg.train().steps() : cfg.train().epochs() * stepsPerEpoch;
        int epochs = (totalSteps + stepsPerEpoch - 1) / stepsPerEpoch;
        String dataLine = String.format(Locale.ROOT,
                "Data: %s — %d images of %d identities (%d identities with fewer than %d images left out); "
                        + "train %d identities (%d usable, %d excluded, %d with < K=%d images sampled with replacement), "
                        + "validation %d identities, %d fixed validation images",
                ds.description(), ds.size(), ds.identityCount(), loaded.identitiesExcluded(), cfg.data().minImages(),
                split.trainIdentities().length, sampler.usableIdentities(), sampler.excludedIdentities(),
                sampler.replacedIdentities(), cfg.sampler().images(), split.valIdentities().length, valImages.length);
        console.println(dataLine);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("description", ds.description());
        data.put("manifest_sha256", ds.manifestHash());
        data.put("images", ds.size());
        data.put("identities", ds.identityCount());
        data.put("identities_below_min_images", loaded.identitiesExcluded());
        data.put("train_identities", split.trainIdentities().length);
        data.put("train_identities_excluded_by_sampler", sampler.excludedIdentities());
        data.put("train_identities_sampled_with_replacement", sampler.replacedIdentities());
        data.put("val_identities", split.valIdentities().length);
        data.put("val_images", valImages.length);
        prov.put("data", data);

        Engine.getInstance().setRandomSeed((int) cfg.seed());
        EncoderSpec spec = new EncoderSpec(cfg.encoder().architecture(), cfg.encoder().embedding(), cfg.encoder().width(),
                cfg.data().channels(), cfg.data().imageSize());
        EncoderBlock encoder = Encoders.create(spec);
        LearningRateSchedule schedule = new LearningRateSchedule(cfg.optimizer(), totalSteps);
        float margin = (float) cfg.loss().margin();
        Reduction reduction = Reduction.fromConfig(cfg.loss().reduction());
        TripletLoss tripletLoss = new TripletLoss(margin, reduction);
        TripletMiner miner = Miners.create(cfg.miner().strategy(), (float) cfg.miner().margin(),
                SemiHardMiner.Pick.fromConfig(cfg.miner().pick()), SemiHardMiner.Fallback.fromConfig(cfg.miner().fallback()));
        CollapseWatch collapse = new CollapseWatch(margin, cfg.train().collapsePatience());
        Shape inputShape = new Shape(batch, cfg.data().channels(), cfg.data().imageSize(), cfg.data().imageSize());

        CsvTable steps = new CsvTable(run.file("steps.csv"), List.of("step", "epoch", "loss", "triplets", "active_share",
                "mean_d_ap", "mean_d_an", "fallbacks", "skipped", "lr", "img_per_s"));
        CsvTable epochsCsv = new CsvTable(run.file("epochs.csv"), List.of("epoch", "step", "val_accuracy", "val_threshold",
                "val_auc", "val_mean_d_ap", "val_mean_d_an", "train_loss", "train_active_share", "minutes"));
        List<String> distHeader = new ArrayList<>(List.of("epoch", "step", "pairs", "n", "mean", "p5", "p25", "p50", "p75", "p95"));
        for (int b = 0; b < ValidationResult.BINS; b++) {
            distHeader.add(String.format(Locale.ROOT, "bin_%.1f", b * DistanceSummary.RANGE / ValidationResult.BINS));
        }
        CsvTable distances = new CsvTable(run.file("distances.csv"), distHeader);
        CsvTable events = new CsvTable(run.file("events.csv"), List.of("step", "epoch", "kind", "message"));

        List<ValidationResult> validations = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        int emptyBatches = 0;
        try (Model model = Model.newInstance(cfg.name())) {
            model.setBlock(encoder);
            DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(optimizer(cfg.optimizer(), schedule));
            try (Trainer trainer = model.newTrainer(tc)) {
                trainer.initialize(inputShape);
                ModelStats stats = ModelStats.of(encoder, new Shape(1, cfg.data().channels(), cfg.data().imageSize(), cfg.data().imageSize()));
                prov.put("encoder", Map.of("architecture", spec.architecture(), "parameters", stats.parameters(),
                        "forward_flops_per_image", stats.flops()));
                console.printf(Locale.ROOT, "Encoder %s: %,d parameters, %.1f MFLOPs per image; %d steps (%d epochs × %d), batch %d = P %d × K %d, miner %s, α = %s, %d threads%n",
                        spec.architecture(), stats.parameters(), stats.flops() / 1e6, totalSteps, epochs, stepsPerEpoch, batch,
                        cfg.sampler().identities(), cfg.sampler().images(), miner.name(), cfg.loss().margin(), threads);
                prov.write(run.file("provenance.json"));

                BatchBuilder builder = new BatchBuilder(ds);
                SplittableRandom rng = new SplittableRandom(cfg.seed() ^ 0xA11CE5L);
                Embedder embedder = new Embedder(encoder, trainer.getParameterStore(), trainer.getManager());
                ProgressBar bar = new ProgressBar(console, totalSteps);
                int[] labels = new int[batch];
                double epochLoss = 0;
                double epochActive = 0;
                int epochSteps = 0;
                for (int step = 0; step < totalSteps; step++) {
                    int epoch = step / stepsPerEpoch + 1;
                    long s0 = System.nanoTime();
                    int[] images = sampler.next();
                    for (int i = 0; i < batch; i++) {
                        labels[i] = ds.label(images[i]);
                    }
                    float[] x = builder.build(images, cfg.data().flip(), cfg.data().shift(), rng);
                    Triplets triplets;
                    TripletStats ts;
                    try (NDManager sm = trainer.getManager().newSubManager()) {
                        NDArray input = Embedder.channelsLast(sm, x, batch, ds.imageSize(), ds.channels());
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDList out = trainer.forward(new NDList(input));
                            NDArray d = PairwiseDistances.squared(out.get(0));
                            DistanceMatrix dm = new DistanceMatrix(d.stopGradient().toFloatArray(), batch);
                            triplets = miner.mine(dm, labels, rng);
                            ts = TripletStats.of(dm, triplets, margin, reduction);
                            if (!triplets.isEmpty()) {
                                gc.backward(tripletLoss.loss(d, triplets));
                            }
                        }
                        if (!triplets.isEmpty()) {
                            trainer.step();
                        }
                    }
                    double imgPerSec = batch / ((System.nanoTime() - s0) / 1e9);
                    if (triplets.isEmpty()) {
                        emptyBatches++;
                        events.add(step + 1, epoch, "empty-batch", "no valid triplet in this batch: loss 0, no update");
                    }
                    steps.add(step + 1, epoch, ts.loss(), ts.count(), ts.activeShare(), ts.meanAp(), ts.meanAn(),
                            triplets.fallbacks(), triplets.skipped(), schedule.at(step), imgPerSec);
                    epochLoss += ts.loss();
                    epochActive += ts.activeShare();
                    epochSteps++;
                    String warning = collapse.observe(step + 1, ts.count(), ts.meanAp(), ts.meanAn());
                    if (warning != null) {
                        bar.message("WARNING: " + warning);
                        prov.warn(warning);
                        events.add(step + 1, epoch, "collapse", warning);
                    }
                    bar.update(step + 1, epoch, epochs, ts.loss(), ts.activeShare(), imgPerSec);
                    if ((step + 1) % STEPS_FLUSH_EVERY == 0) {
                        steps.flush();
                    }
                    boolean endOfEpoch = (step + 1) % stepsPerEpoch == 0 || step + 1 == totalSteps;
                    if (endOfEpoch && (epoch % cfg.eval().everyEpochs() == 0 || step + 1 == totalSteps)) {
                        ValidationResult v = ValidationResult.of(embedder.embed(ds, valImages, cfg.eval().batch()), valLabels);
                        validations.add(v);
                        double minutes = (System.nanoTime() - t0) / 6e10;
                        epochsCsv.add(epoch, step + 1, v.accuracy(), v.threshold(), v.auc(), v.positives().mean(),
                                v.negatives().mean(), epochLoss / epochSteps, epochActive / epochSteps, minutes);
                        addDistances(distances, epoch, step + 1, "ap", v.positives());
                        addDistances(distances, epoch, step + 1, "an", v.negatives());
                        addNorms(distances, epoch, step + 1, v, valImages.length);
                        bar.message(String.format(Locale.ROOT,
                                "epoch %d: validation accuracy %.4f (threshold %.3f), AUC %.4f, mean d(A,P) %.3f, d(A,N) %.3f, train loss %.4f, active %.0f%%",
                                epoch, v.accuracy(), v.threshold(), v.auc(), v.positives().mean(), v.negatives().mean(),
                                epochLoss / epochSteps, 100 * epochActive / epochSteps));
                        if (v.collapsed()) {
                            String w = String.format(Locale.ROOT, "collapse at epoch %d: validation embeddings of different identities are nearly identical (mean d(A,N) = %.5f)", epoch, v.negatives().mean());
                            bar.message("WARNING: " + w);
                            prov.warn(w);
                            events.add(step + 1, epoch, "collapse", w);
                        }
                        if (cfg.train().checkpoints()) {
                            saveCheckpoint(model, run.dir(), "last", epoch);
                            if (v.accuracy() > best) {
                                saveCheckpoint(model, run.dir(), "best", epoch);
                            }
                        }
                        best = Math.max(best, v.accuracy());
                        steps.flush();
                        epochsCsv.flush();
                        distances.flush();
                        events.flush();
                    }
                    if (endOfEpoch) {
                        epochLoss = 0;
                        epochActive = 0;
                        epochSteps = 0;
                    }
                }
            }
        } catch (RuntimeException e) {
            steps.flush();
            events.flush();
            prov.finish("failed: " + e.getMessage());
            prov.write(run.file("provenance.json"));
            throw e;
        }
        steps.flush();
        epochsCsv.flush();
        distances.flush();
        events.flush();
        double minutes = (System.nanoTime() - t0) / 6e10;
        prov.put("steps", totalSteps).put("empty_batches", emptyBatches).put("best_val_accuracy", best)
                .put("minutes", minutes);
        prov.finish("complete");
        prov.write(run.file("provenance.json"));
        run.markComplete();
        console.printf(Locale.ROOT, "Done in %.1f min: best validation accuracy %.4f. Results in %s%n", minutes, best, run.dir());
        return new Outcome(run.dir(), run.runId(), false, validations, best, totalSteps, minutes);
    }

    private static void addDistances(CsvTable t, int epoch, int step, String kind, DistanceSummary s) {
        Object[] row = new Object[10 + ValidationResult.BINS];
        row[0] = epoch;
        row[1] = step;
        row[2] = kind;
        row[3] = s.n();
        row[4] = s.mean();
        for (int i = 0; i < 5; i++) {
            row[5 + i] = s.percentiles()[i];
        }
        for (int b = 0; b < ValidationResult.BINS; b++) {
            row[10 + b] = s.counts()[b];
        }
        t.add(row);
    }

    private static void addNorms(CsvTable t, int epoch, int step, ValidationResult v, int n) {
        Object[] row = new Object[10 + ValidationResult.BINS];
        row[0] = epoch;
        row[1] = step;
        row[2] = "raw_norm";
        row[3] = n;
        row[4] = v.normMean();
        for (int i = 0; i < 5; i++) {
            row[5 + i] = v.normPercentiles()[i];
        }
        t.add(row);
    }

    private static void saveCheckpoint(Model model, Path runDir, String name, int epoch) {
        Path dir = runDir.resolve("checkpoints").resolve(name);
        try {
            Files.createDirectories(dir);
            model.setProperty("Epoch", String.valueOf(epoch));
            // DJL writes <name>-NNNN.params; write into a fresh temp folder and swap it in so a crash never leaves half a checkpoint.
            Path tmp = Files.createTempDirectory(runDir.resolve("checkpoints"), "." + name);
            model.save(tmp, "encoder");
            deleteTree(dir);
            Files.move(tmp, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static Optimizer optimizer(ExperimentConfig.Optimizer o, LearningRateSchedule schedule) {
        float wd = (float) o.weightDecay();
        return switch (o.name()) {
            case "adam" -> Optimizer.adam().optLearningRateTracker(schedule).optWeightDecays(wd).build();
            case "sgd" -> Optimizer.sgd().setLearningRateTracker(schedule).optMomentum((float) o.momentum()).optWeightDecays(wd).build();
            case "adagrad" -> Optimizer.adagrad().optLearningRateTracker(schedule).optWeightDecays(wd).build();
            default -> throw new IllegalArgumentException("optimizer.name " + o.name());
        };
    }
}
