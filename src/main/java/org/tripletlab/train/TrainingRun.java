package org.tripletlab.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.BatchBuilder;
import org.tripletlab.data.DataSources;
import org.tripletlab.data.FaceDataset;
import org.tripletlab.data.IdentitySplit;
import org.tripletlab.data.PkSampler;
import org.tripletlab.eval.PairBenchmarks;
import org.tripletlab.eval.RunEvaluator;
import org.tripletlab.loss.Loss;
import org.tripletlab.loss.LossKind;
import org.tripletlab.loss.Losses;
import org.tripletlab.mining.Miners;
import org.tripletlab.mining.SemiHardMiner;
import org.tripletlab.mining.TripletMiner;
import org.tripletlab.model.Checkpoints;
import org.tripletlab.model.ClassifierBlock;
import org.tripletlab.model.Embedder;
import org.tripletlab.model.EncoderBlock;
import org.tripletlab.model.EncoderSpec;
import org.tripletlab.model.Encoders;
import org.tripletlab.model.ModelStats;
import org.tripletlab.model.Threads;
import org.tripletlab.run.Provenance;
import org.tripletlab.run.RunDirectory;
import org.tripletlab.run.RunFiles;
import org.tripletlab.run.SameDataRuns;
import org.tripletlab.util.RestorableRandom;

/**
 * Trains an encoder with the triplet loss as one experiment config says, and records the run.
 *
 * <p>One training step: draw a PK batch, augment it, embed it (forward in training mode), compute
 * the B×B squared distances D on the tensor side, copy D out and mine triplets on the copy in plain
 * Java, then take the loss over the mined triplets on the tensor side so gradients flow only through
 * the D entries of selected triplets, and step the optimizer. Every per-step array lives in a
 * sub-manager closed at the end of the step: arrays left in the trainer's manager make native
 * memory grow and slow training roughly tenfold.
 *
 * <p>{@code loss.kind} swaps the loss on the same batches: {@code contrastive} takes the contrastive
 * loss over all pairs of the batch instead of mining triplets, {@code softmax} trains the encoder with
 * a linear classification head ({@link ClassifierBlock}) and checkpoints the encoder alone (see
 * {@link Loss}: the loop is the same for every loss). A config with {@code baseline.kind} set is fitted
 * by {@link BaselineRun} instead of trained.
 *
 * <p>The run folder holds {@code config.yaml}, {@code provenance.json}, the tables of
 * {@link RunRecorder}, {@code checkpoints/last} and {@code checkpoints/best}, and {@code COMPLETE}
 * once everything was written.
 *
 * <h2>Resuming</h2>
 * While it trains, a run keeps a {@link ResumeState} in {@code checkpoints/resume}, saved at every epoch end
 * (after validation and checkpoints) and every {@code train.checkpoint_every} steps. Training the same config
 * again, when an attempt folder of it is neither trained nor complete, holds a resume state, recorded the data
 * manifest read now and is not locked by another training, continues that folder from the state's step S: the
 * tables are cut back to their rows at S, and model, optimiser state, generators, sampler queue and counters
 * are restored, so that every step after S computes what it would have computed without the stop (the
 * learning-rate schedule is a function of the update count, restored with the optimiser). Otherwise, or with
 * {@link Options#restart()}, a new attempt starts from step 0 as before. All training randomness comes from
 * {@link RestorableRandom}s (same streams as the {@code SplittableRandom}s they replace, so no number of an
 * existing config changes); the engine's generator only initialises the weights, which a resume overwrites.
 */
public final class TrainingRun {
    /** Images per identity in the fixed validation set, so no prolific identity dominates it. */

    /**
     * Where to write and read, and where to print.
     *
     * @param rerun train again into a new attempt folder even when this config already completed
     * @param restart ignore an unfinished attempt's resume state: train a new attempt from step 0
     */
    public record Options(Path outRoot, Path dataRoot, boolean rerun, PrintStream console, boolean restart) {
        public Options(Path outRoot, Path dataRoot, boolean rerun, PrintStream console) {
            this(outRoot, dataRoot, rerun, console, false);
        }
    }

    /** What a finished (or skipped) run reports back; {@code validations.get(0)} is the untrained encoder. */
    public record Outcome(Path runDir, String runId, boolean skipped, List<ValidationResult> validations,
            double bestAccuracy, int steps, double minutes) {
        public ValidationResult last() {
            return validations.isEmpty() ? null : validations.get(validations.size() - 1);
        }
    }

    private TrainingRun() {
    }

    public static Outcome run(ExperimentConfig cfg, Options opt) {
        return run(cfg, opt, UnaryOperator.identity());
    }

    /**
     * As {@link #run(ExperimentConfig, Options)}, with the configured loss passed through {@code lossHook}
     * first: tests use it to make chosen steps non-finite and watch {@code train.nonfinite} act.
     */
    static Outcome run(ExperimentConfig cfg, Options opt, UnaryOperator<Loss> lossHook) {
        PrintStream console = opt.console();
        String id = RunDirectory.runId(cfg.raw());
        List<Path> doneFolders = opt.rerun() ? List.of() : RunDirectory.completeAttempts(opt.outRoot(), cfg.raw(), cfg.name());
        if (!doneFolders.isEmpty()) {
            Path done = completeOnSameData(doneFolders, cfg, opt.dataRoot(), console);
            if (done != null) {
                console.println("Run " + id + " of this exact config is already complete in " + done
                        + "; nothing to do (use --rerun to train it again into a new folder).");
                return new Outcome(done, id, true, List.of(), Double.NaN, 0, 0);
            }
        }
        List<Path> trainedFolders = opt.rerun() ? List.of() : RunDirectory.trainedAttempts(opt.outRoot(), cfg.raw(), cfg.name());
        if (!trainedFolders.isEmpty()) {
            Path trained = completeOnSameData(trainedFolders, cfg, opt.dataRoot(), console);
            if (trained != null) {
                console.println("Run " + id + " in " + trained + " finished training but not its benchmark evaluation; "
                        + "evaluating it again (no retraining).");
                RunDirectory run = RunDirectory.at(trained);
                Provenance prov = Provenance.read(run.file(RunFiles.PROVENANCE)).put("status", "trained");
                evaluateAndComplete(run, prov.writeOnShutdown(run.file(RunFiles.PROVENANCE)), cfg, opt.dataRoot(), console);
                return new Outcome(trained, id, false, List.of(), Double.NaN, 0, 0);
            }
        }
        if (!doneFolders.isEmpty() || !trainedFolders.isEmpty()) {
            // Same config, other data: a new attempt folder beside the earlier one(s), which stay as they are.
            console.println("Training a new attempt on the current data (the folder(s) above are kept as they are).");
            opt = new Options(opt.outRoot(), opt.dataRoot(), true, console, opt.restart());
        }
        if (cfg.baseline().fitted()) {
            return BaselineRun.run(cfg, opt);
        }
        long t0 = System.nanoTime();
        int threads = Threads.configure(cfg.train().threads());

        // An unfinished attempt with a resume state, locked so no other process trains in it meanwhile.
        Resumable resumable = opt.rerun() ? null : resumable(cfg, opt, console);
        RunData data;
        try {
            data = RunData.prepare(cfg, opt.dataRoot());
        } catch (RuntimeException | Error e) {
            if (resumable != null) {
                resumable.release();
            }
            throw e;
        }
        if (resumable != null) {
            String recorded = RunDirectory.recordedManifest(resumable.dir());
            String current = data.dataset().manifestHash();
            if (recorded == null || !recorded.equals(current)) {
                console.println("Not resuming " + resumable.dir() + ": it was trained on other data (data manifest " + recorded
                        + ", the data now read has " + current + "); training a new attempt from step 0 (the folder is kept as it is).");
                resumable.release();
                resumable = null;
            }
        }
        if (resumable == null) {
            return train(cfg, opt, lossHook, data, threads, t0, null);
        }
        try {
            return train(cfg, opt, lossHook, data, threads, t0, resumable);
        } finally {
            resumable.release();
        }
    }

    /** An unfinished attempt folder to resume, its resume state, and the lock held on the folder meanwhile. */
    private record Resumable(Path dir, Path stateDir, ResumeState state, java.io.Closeable lock) {
        void release() {
            try {
                lock.close();
            } catch (java.io.IOException e) {
                // the lock goes with the process anyway
            }
        }
    }

    /**
     * The latest unfinished attempt of this config that holds a readable resume state of the same length of
     * training, locked for this process; or null, saying why on the console when there are unfinished attempts.
     */
    private static Resumable resumable(ExperimentConfig cfg, Options opt, PrintStream console) {
        List<Path> unfinished = RunDirectory.unfinishedAttempts(opt.outRoot(), cfg.raw(), cfg.name());
        if (unfinished.isEmpty()) {
            return null;
        }
        if (opt.restart()) {
            console.println("--restart: not resuming the unfinished attempt" + (unfinished.size() > 1 ? "s " : " ") + unfinished
                    + " (kept as " + (unfinished.size() > 1 ? "they are" : "it is") + "); training a new attempt from step 0.");
            return null;
        }
        boolean anyState = false;
        for (int i = unfinished.size() - 1; i >= 0; i--) {
            Path dir = unfinished.get(i);
            Path stateDir = ResumeState.find(dir);
            if (stateDir == null) {
                continue;
            }
            anyState = true;
            java.io.Closeable lock = RunDirectory.at(dir).lockForTraining();
            if (lock == null) {
                console.println("Not resuming " + dir + ": another training is running in it.");
                continue;
            }
            try {
                ResumeState state = ResumeState.read(stateDir);
                return new Resumable(dir, stateDir, state, lock);
            } catch (RuntimeException e) {
                console.println("Not resuming " + dir + ": its resume state cannot be read (" + e.getMessage() + ").");
                new Resumable(dir, stateDir, null, lock).release();
            }
        }
        if (!anyState) {
            console.println("Run " + RunDirectory.runId(cfg.raw()) + " has an unfinished attempt in " + unfinished.get(unfinished.size() - 1)
                    + " without a resume state to continue from (killed before its first one was saved, or written by an older "
                    + "tripletlab); training a new attempt from step 0 (the folder is kept as it is).");
        } else {
            console.println("Training a new attempt from step 0 (the unfinished folders are kept as they are).");
        }
        return null;
    }

    /** Trains into a new attempt folder, or continues {@code resume}'s folder from its state. */
    private static Outcome train(ExperimentConfig cfg, Options opt, UnaryOperator<Loss> lossHook, RunData data,
            int threads, long t0, Resumable resume) {
        PrintStream console = opt.console();
        PkSampler sampler = data.sampler();
        int batch = cfg.sampler().batchSize();
        int stepsPerEpoch = cfg.train().stepsPerEpoch() != null ? cfg.train().stepsPerEpoch()
                : Math.max(1, sampler.usableImages() / batch);
        int totalSteps = cfg.train().steps() != null ? cfg.train().steps() : cfg.train().epochs() * stepsPerEpoch;
        if (resume != null && resume.state().totalSteps() != totalSteps) {
            // Cannot happen for the same config on the same data; a state from elsewhere is not trusted.
            console.println("Not resuming " + resume.dir() + ": its resume state is of a run of " + resume.state().totalSteps()
                    + " steps, this config on this data has " + totalSteps + "; training a new attempt from step 0.");
            resume = null;
        }
        // Before any folder is written: a batch larger than the training set, or a training that cannot fit in memory, stops here.
        RunLimits.Checked memory = RunLimits.check(cfg, data);
        RunDirectory run;
        java.io.Closeable lock = null;
        Provenance prov;
        if (resume == null) {
            run = RunDirectory.open(opt.outRoot(), cfg.raw(), cfg.name(), opt.rerun());
            lock = run.lockForTraining();
            prov = data.startRecord(cfg, run, threads, opt.dataRoot(), console);
        } else {
            run = RunDirectory.at(resume.dir());
            ResumeState st = resume.state();
            console.printf(Locale.ROOT, "Resuming run %s in %s from step %d of %d (epoch %d)%n", run.runId(), run.dir(), st.step(),
                    totalSteps, st.epoch());
            prov = Provenance.read(run.file(RunFiles.PROVENANCE));
            if (prov.get("threads") instanceof Number started && started.intValue() != threads) {
                console.printf(Locale.ROOT, "Note: the run started with %d threads and continues with %d: its numbers will agree "
                        + "statistically with an uninterrupted run's, not to the last digit (set train.threads to %d for that).%n",
                        started.intValue(), threads, started.intValue());
            }
            List<Object> resumed = new ArrayList<>();
            if (prov.get("resumed") instanceof List<?> earlier) {
                resumed.addAll(earlier);
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("from_step", st.step());
            entry.put("at", java.time.Instant.now().toString());
            entry.put("threads", threads);
            resumed.add(entry);
            prov.put("status", "running").remove("finished").put("resumed", resumed);
            prov.keepWarnings(st.provenanceWarnings());
            prov.write(run.file(RunFiles.PROVENANCE));
        }
        prov.writeOnShutdown(run.file(RunFiles.PROVENANCE));
        try {
            return trainIn(cfg, opt, lossHook, data, t0, resume, run, prov, threads, memory);
        } finally {
            if (lock != null) {
                try {
                    lock.close();
                } catch (java.io.IOException e) {
                    // released with the process anyway
                }
            }
        }
    }

    private static Outcome trainIn(ExperimentConfig cfg, Options opt, UnaryOperator<Loss> lossHook, RunData data,
            long t0, Resumable resume, RunDirectory run, Provenance prov, int threads, RunLimits.Checked memory) {
        PrintStream console = opt.console();
        DataSources.Loaded loaded = data.loaded();
        FaceDataset ds = data.dataset();
        IdentitySplit split = data.split();
        PkSampler sampler = data.sampler();
        int[] valImages = data.valImages();
        int[] valLabels = data.valLabels();
        int batch = cfg.sampler().batchSize();
        int stepsPerEpoch = cfg.train().stepsPerEpoch() != null ? cfg.train().stepsPerEpoch()
                : Math.max(1, sampler.usableImages() / batch);
        int totalSteps = cfg.train().steps() != null ? cfg.train().steps() : cfg.train().epochs() * stepsPerEpoch;
        int epochs = (totalSteps + stepsPerEpoch - 1) / stepsPerEpoch;
        if (loaded.hiddenEntriesSkipped() > 0) {
            console.printf(Locale.ROOT, "Data: %d hidden files/folders (name starting with '.') skipped%n", loaded.hiddenEntriesSkipped());
        }
        console.printf(Locale.ROOT, "Data: %s — %d images of %d identities (%d identities with fewer than %d images left out); "
                        + "train %d identities (%d usable, %d excluded, %d with < K=%d images sampled with replacement); "
                        + "validation %d identities, %d fixed images%n",
                ds.description(), ds.size(), ds.identityCount(), loaded.identitiesExcluded(), cfg.data().minImages(),
                split.trainIdentities().length, sampler.usableIdentities(), sampler.excludedIdentities(),
                sampler.replacedIdentities(), cfg.sampler().images(), split.valIdentities().length, valImages.length);
        console.println(memory.line());
        memory.putInto(prov);

        RunRecorder rec = new RunRecorder(run, prov, console);
        List<ValidationResult> validations = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        Engine.getInstance().setRandomSeed((int) cfg.seed());
        EncoderSpec spec = new EncoderSpec(cfg.encoder().architecture(), cfg.encoder().embedding(), cfg.encoder().width(),
                cfg.data().channels(), cfg.data().imageSize());
        EncoderBlock encoder = Encoders.create(spec);
        LearningRateSchedule schedule = new LearningRateSchedule(cfg.optimizer(), totalSteps);
        float margin = (float) cfg.loss().margin();
        TripletMiner miner = Miners.create(cfg.raw());
        String lossKind = cfg.baseline().lossKind();
        LossKind kind = Losses.kind(lossKind);
        CollapseWatch collapse = new CollapseWatch(kind, margin, cfg.train().collapsePatience());
        boolean classifier = kind.classifierHead();
        int[] classOf = classIndex(ds.identityCount(), split.trainIdentities());
        Loss configured = kind.create(cfg.raw(), miner, classOf);
        Loss loss = lossHook.apply(configured);
        NonFiniteGuard guard = null;
        int checkpointEvery = cfg.train().checkpointEvery();

        try (Model model = Model.newInstance(cfg.name()); Model encoderOnly = Model.newInstance(cfg.name())) {
            // A loss with a classification head (softmax) trains encoder + head; checkpoints hold the encoder alone,
            // so eval loads them like any other run.
            model.setBlock(classifier ? new ClassifierBlock(encoder, split.trainIdentities().length) : encoder);
            encoderOnly.setBlock(encoder);
            Model checkpointed = classifier ? encoderOnly : model;
            Optimizer optimizer = optimizer(cfg.optimizer(), schedule);
            // DJL's Loss (not ours, hence the full name) only fills the config: steps back-propagate Loss.Step#loss.
            DefaultTrainingConfig tc = new DefaultTrainingConfig(ai.djl.training.loss.Loss.l2Loss()).optOptimizer(optimizer);
            try (Trainer trainer = model.newTrainer(tc)) {
                trainer.initialize(spec.inputShape(batch));
                List<NDArray> trainable = new ArrayList<>();
                for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                    if (p.getValue().requiresGradient()) {
                        trainable.add(p.getValue().getArray());
                    }
                }
                guard = new NonFiniteGuard(NonFiniteGuard.Mode.fromConfig(cfg.train().nonFinite()), trainable);
                ModelStats stats = ModelStats.of(encoder, spec.inputShape(1));
                Map<String, Object> enc = new LinkedHashMap<>();
                enc.put("architecture", spec.architecture());
                enc.put("parameters", stats.parameters());
                enc.put("forward_flops_per_image", stats.flopsPerImage());
                prov.put("encoder", enc);
                prov.write(run.file(RunFiles.PROVENANCE));
                console.printf(Locale.ROOT, "Encoder %s: %,d parameters, %.1f MFLOPs per image; %d steps (%d epochs × %d), "
                                + "batch %d = P %d × K %d, miner %s, α = %s, %s, %d threads%n",
                        spec.architecture(), stats.parameters(), stats.flopsPerImage() / 1e6, totalSteps, epochs, stepsPerEpoch,
                        batch, cfg.sampler().identities(), cfg.sampler().images(),
                        kind.usesMiner() ? miner.name() : "none (" + lossKind + " loss)",
                        kind.usesMargin() ? String.valueOf(cfg.loss().margin()) : "unused",
                        cfg.optimizer().name(), threads);

                Embedder embedder = new Embedder(trainer::evaluate, trainer.getManager());
                BatchBuilder builder = new BatchBuilder(ds);
                RestorableRandom rng = new RestorableRandom(cfg.seed() ^ 0xA11CE5L);
                int[] labels = new int[batch];
                double epochLoss = 0;
                double epochActive = 0;
                int epochSteps = 0;
                int firstStep = 1;
                if (resume == null) {
                    ValidationResult untrained = ValidationResult.of(embedder.embed(ds, valImages, cfg.eval().batch()), valLabels);
                    validations.add(untrained);
                    rec.validation(0, 0, untrained, Double.NaN, Double.NaN, minutesSince(t0));
                } else {
                    // Everything the steps after S depend on, as it was at the end of step S.
                    ResumeState st = resume.state();
                    TrainingArrays.read(resume.stateDir().resolve("arrays.bin"))
                            .restore(model.getBlock(), optimizer, st.updateCounts(), st.numUpdate());
                    rng.restore(st.rng());
                    sampler.restore(st.sampler());
                    collapse.restore(st.collapse());
                    guard.restoreSkipped(st.nonFiniteSkipped());
                    rec.resume(st.recorder());
                    validations.addAll(ResumeState.readValidations(resume.stateDir()));
                    best = st.best();
                    epochLoss = st.epochLoss();
                    epochActive = st.epochActive();
                    epochSteps = st.epochSteps();
                    firstStep = st.step() + 1;
                    // minutes in epochs.csv keep counting the time the run has trained so far
                    t0 = System.nanoTime() - (long) (st.minutes() * 6e10);
                }
                rec.startProgress(totalSteps);
                for (int step = firstStep; step <= totalSteps; step++) {
                    int epoch = (step - 1) / stepsPerEpoch + 1;
                    long s0 = System.nanoTime();
                    int[] images = sampler.next();
                    for (int i = 0; i < batch; i++) {
                        labels[i] = ds.label(images[i]);
                    }
                    float[] x = builder.build(images, cfg.data().flip(), cfg.data().shift(), rng);
                    Loss.Step result;
                    try (NDManager sm = trainer.getManager().newSubManager()) {
                        NDArray input = Embedder.channelsLast(sm, x, batch, ds.imageSize(), ds.channels());
                        result = forwardBackward(trainer, loss, input, labels, rng, sm);
                        // A batch without anything to learn (no valid triplet) has loss 0 and no gradient: record it, do not step.
                        if (result.loss() != null) {
                            String nonFinite;
                            try {
                                nonFinite = guard.check(step, epoch, result.loss(), sm);
                            } catch (NonFiniteGuard.NonFiniteStepException e) {
                                rec.nonFinite(step, epoch, e.getMessage());
                                throw e;
                            }
                            if (nonFinite == null) {
                                trainer.step();
                            } else {
                                rec.nonFinite(step, epoch, nonFinite);
                            }
                        }
                    }
                    double imgPerSec = batch / ((System.nanoTime() - s0) / 1e9);
                    RunRecorder.StepRecord record = new RunRecorder.StepRecord(result.value(), result.count(),
                            result.activeShare(), result.meanAp(), result.meanAn(), result.fallbacks(), result.skipped(),
                            schedule.at(step - 1), imgPerSec);
                    rec.step(step, epoch, epochs, record);
                    epochLoss += record.loss();
                    epochActive += record.activeShare();
                    epochSteps++;
                    String warning = collapse.observe(step, record.triplets(), record.meanAp(), record.meanAn());
                    if (warning != null) {
                        rec.warn(step, epoch, warning);
                    }
                    boolean endOfEpoch = step % stepsPerEpoch == 0 || step == totalSteps;
                    if (endOfEpoch && (epoch % cfg.eval().everyEpochs() == 0 || step == totalSteps)) {
                        ValidationResult v = ValidationResult.of(embedder.embed(ds, valImages, cfg.eval().batch()), valLabels);
                        validations.add(v);
                        rec.validation(epoch, step, v, epochLoss / epochSteps, epochActive / epochSteps, minutesSince(t0));
                        if (cfg.train().checkpoints()) {
                            Checkpoints.save(checkpointed, run.dir(), Checkpoints.LAST, epoch);
                            if (v.accuracy() > best) {
                                Checkpoints.save(checkpointed, run.dir(), Checkpoints.BEST, epoch);
                            }
                        }
                        best = Math.max(best, v.accuracy());
                    }
                    if (endOfEpoch) {
                        epochLoss = 0;
                        epochActive = 0;
                        epochSteps = 0;
                    }
                    if (step < totalSteps && (endOfEpoch || checkpointEvery > 0 && step % checkpointEvery == 0)) {
                        // The tables on disk must hold every row the state counts.
                        rec.flush();
                        ResumeState st = new ResumeState(step, epoch, totalSteps, minutesSince(t0), rng.state(), sampler.state(),
                                epochLoss, epochActive, epochSteps, best, collapse.state(), guard.skipped(),
                                TrainingArrays.numUpdate(optimizer), TrainingArrays.updateCounts(model.getBlock(), optimizer),
                                rec.marks(), prov.warningCount());
                        ResumeState.save(run.dir(), st, TrainingArrays.capture(model.getBlock(), optimizer), validations);
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            rec.flushAfterFailure(e);
            if (guard != null) {
                prov.put("nonfinite_skipped_steps", guard.skipped());
            }
            prov.finish("failed: " + e);
            prov.writeAfterFailure(run.file(RunFiles.PROVENANCE), e);
            throw e;
        }
        rec.flush();
        double minutes = minutesSince(t0);
        prov.put("steps", totalSteps).put("empty_batches", rec.emptyBatches())
                .put("nonfinite_skipped_steps", guard.skipped()).put("untrained_val_accuracy", validations.get(0).accuracy())
                .put("best_val_accuracy", best).put("minutes", minutes);
        prov.finish("trained");
        prov.write(run.file(RunFiles.PROVENANCE));
        run.markTrained();
        // Trained: nothing left to resume (checkpoints/last and best stay).
        ResumeState.delete(run.dir());
        evaluateAndComplete(run, prov, cfg, opt.dataRoot(), console);
        console.printf(Locale.ROOT, "Done in %.1f min: best validation accuracy %.4f (untrained %.4f). Results in %s%n",
                minutes, best, validations.get(0).accuracy(), run.dir());
        return new Outcome(run.dir(), run.runId(), false, validations, best, totalSteps, minutes);
    }

    /**
     * The end of a trained run: its {@code eval.benchmarks} evaluations, then status {@code complete} and the
     * {@code COMPLETE} marker. A failing evaluation leaves the run {@code TRAINED} with status
     * {@code trained; evaluation failed: …}, so a rerun evaluates it again without training it again.
     */
    static void evaluateAndComplete(RunDirectory run, Provenance prov, ExperimentConfig cfg, Path dataRoot, PrintStream console) {
        if (!cfg.eval().benchmarks().isEmpty()) {
            try {
                prov.put("benchmark_accuracy", RunEvaluator.evaluateConfiguredBenchmarks(run.dir(), cfg, dataRoot, console));
            } catch (RuntimeException | Error e) {
                prov.put("status", "trained; evaluation failed: " + e);
                prov.write(run.file(RunFiles.PROVENANCE));
                prov.stopWritingOnShutdown();
                console.println("Training finished, but its benchmark evaluation failed (" + e.getMessage()
                        + "); rerun the same command to evaluate it again without training.");
                throw e;
            }
        }
        prov.finish("complete");
        prov.write(run.file(RunFiles.PROVENANCE));
        run.markComplete();
    }

    /**
     * The first of {@code done} (completed folders of this config) that was trained on the data the config
     * reads now, or null when every one recorded another data manifest (another {@code --data-root}, or
     * images added, removed or changed in size since). The run id hashes only the config, so this is what
     * keeps "already complete" from skipping a run on new data. Synthetic data is a function of the config
     * and is not reloaded; a folder that recorded no manifest is taken as it is. The rule lives in
     * {@link SameDataRuns}, which the sweep asks too.
     */
    static Path completeOnSameData(List<Path> done, ExperimentConfig cfg, Path dataRoot, PrintStream console) {
        return new SameDataRuns(dataRoot).firstOnSameData(done, cfg, console);
    }

    /**
     * The differentiated part of one training step: forward in training mode, the loss, and the
     * backward pass of its loss into the parameters' gradients (none when the loss is null). Every array
     * it creates lives in {@code sm}, which the caller closes only after the optimiser step, so nothing
     * the autograd graph saved for the backward pass is freed before it runs.
     */
    static Loss.Step forwardBackward(Trainer trainer, Loss loss, NDArray input, int[] labels,
            RandomGenerator rng, NDManager sm) {
        try (GradientCollector gc = trainer.newGradientCollector()) {
            Loss.Step result = loss.compute(trainer.forward(new NDList(input)), labels, rng, sm);
            if (result.loss() != null) {
                gc.backward(result.loss());
            }
            return result;
        }
    }

    /** Each training identity's class index 0..c−1 for the softmax head (−1 for held-out identities). */
    static int[] classIndex(int identities, int[] trainIdentities) {
        int[] classOf = new int[identities];
        java.util.Arrays.fill(classOf, -1);
        for (int c = 0; c < trainIdentities.length; c++) {
            classOf[trainIdentities[c]] = c;
        }
        return classOf;
    }

    static double minutesSince(long t0) {
        return (System.nanoTime() - t0) / 6e10;
    }

    static Optimizer optimizer(ExperimentConfig.Optimizer o, LearningRateSchedule schedule) {
        float wd = (float) o.weightDecay();
        return switch (o.name()) {
            case "adam" -> Optimizer.adam().optLearningRateTracker(schedule).optWeightDecays(wd).build();
            case "sgd" -> Optimizer.sgd().setLearningRateTracker(schedule).optMomentum((float) o.momentum()).optWeightDecays(wd).build();
            case "adagrad" -> DenseAdagrad.builder().optLearningRateTracker(schedule).optWeightDecays(wd).build();
            default -> throw new IllegalArgumentException("optimizer.name " + o.name());
        };
    }
}
